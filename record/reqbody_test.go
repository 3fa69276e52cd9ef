package record_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"testing/iotest"

	"github.com/postmock/postmock/record"
)

// TestRequestBodyKeptWhateverTheTargetReads records calls to a target that
// answers 401 without reading the request body. The callers send
// "Expect: 100-continue" (as curl does for larger bodies), which the
// recorder forwards, so the transport to the target waits for a 100 that
// never comes and sends none of the body: the target reads nothing, every
// time. The example must still keep the body the caller sent (up to the
// cut, noted), or, for a body sent without a length, say it kept only
// what the target read.
func TestRequestBodyKeptWhateverTheTargetReads(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":"unauthorized"}`)
	}))
	defer up.Close()
	for _, tc := range []struct {
		name     string
		body     string
		noLength bool
		maxBody  int64
		wantBody string
		wantDesc string
	}{
		{name: "length known", body: `{"name":"ann","tags":["a","b"]}`,
			wantBody: `{"name":"ann","tags":["a","b"]}`},
		{name: "length known, past the cut", body: strings.Repeat("z", 200), maxBody: 64,
			wantBody: strings.Repeat("z", 64), wantDesc: "Recorded by postmock: request body cut to its first 64 bytes (of 200 received)."},
		{name: "no length", body: "streamed", noLength: true,
			wantBody: "", wantDesc: "Recorded by postmock: request body (sent without a length) kept as far as the target read it, 0 bytes, before it answered."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []record.Option
			if tc.maxBody > 0 {
				opts = append(opts, record.WithMaxBody(tc.maxBody))
			}
			rec, err := record.New(up.URL, opts...)
			if err != nil {
				t.Fatal(err)
			}
			defer rec.Close()
			proxy := httptest.NewServer(rec)
			defer proxy.Close()
			var body io.Reader = strings.NewReader(tc.body)
			if tc.noLength {
				body = io.MultiReader(body) // hides the length: sent chunked
			}
			req, _ := http.NewRequest("POST", proxy.URL+"/login", body)
			req.Header.Set("Expect", "100-continue")
			req.Header.Set("Content-Type", "text/plain")
			resp, err := proxy.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized || string(b) != `{"error":"unauthorized"}` {
				t.Fatalf("caller got %d %s; want the target's 401", resp.StatusCode, b)
			}
			proxy.Close() // every call has ended
			file := filepath.Join(t.TempDir(), "c.json")
			if err := rec.WriteFile(file); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var doc struct {
				Item []struct {
					Item []struct {
						Response []struct {
							Description     string
							OriginalRequest struct {
								Body struct{ Raw string }
							}
						}
					}
				}
			}
			if err := json.Unmarshal(data, &doc); err != nil {
				t.Fatal(err)
			}
			if len(doc.Item) != 1 || len(doc.Item[0].Item) != 1 || len(doc.Item[0].Item[0].Response) != 1 {
				t.Fatalf("want one example in one item in one folder:\n%s", data)
			}
			ex := doc.Item[0].Item[0].Response[0]
			if ex.OriginalRequest.Body.Raw != tc.wantBody {
				t.Errorf("request body kept %q, want %q", ex.OriginalRequest.Body.Raw, tc.wantBody)
			}
			if ex.Description != tc.wantDesc {
				t.Errorf("description %q, want %q", ex.Description, tc.wantDesc)
			}
		})
	}
}

// TestUnreadableRequestBodyAnswers400 sends a body that fails before its
// declared length: the caller gets 400 saying so, the target is not
// called and nothing is recorded.
func TestUnreadableRequestBodyAnswers400(t *testing.T) {
	var called atomic.Bool
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { called.Store(true) }))
	defer up.Close()
	rec, err := record.New(up.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	broken := io.MultiReader(strings.NewReader("short"), iotest.ErrReader(io.ErrUnexpectedEOF))
	req, _ := http.NewRequest("POST", "http://proxy.test/upload", broken)
	req.ContentLength = 100
	resp, err := rec.Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(b), `"name":"badRequest"`) ||
		!strings.Contains(string(b), "cannot read the request body of POST /upload") {
		t.Errorf("answered %d %s; want 400 naming the body", resp.StatusCode, b)
	}
	if called.Load() || rec.Len() != 0 {
		t.Errorf("target called %v, %d calls recorded; want neither", called.Load(), rec.Len())
	}
}
