package record

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/collection"
)

// TestMemoryBudgetBoundsTheCallsHeld records calls of a 10,000-byte body
// under a 25,000-byte budget: two are held, later ones are answered in
// full but not recorded, with one warning per interval however many
// there are; once written, the calls stop counting and new ones are held.
func TestMemoryBudgetBoundsTheCallsHeld(t *testing.T) {
	const bodySize = 10000
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, strings.Repeat("x", bodySize))
	}))
	defer up.Close()
	var logs bytes.Buffer
	r, err := New(up.URL, WithMaxBytes(25000), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r.now = func() time.Time { return clock }
	// The in-process transport returns once ServeHTTP has: the call is
	// recorded (or not) by then.
	client := &http.Client{Transport: r.Transport()}
	get := func(path string) {
		t.Helper()
		resp, err := client.Get("http://proxy.test" + path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || len(b) != bodySize {
			t.Fatalf("GET %s answered %d with %d bytes; want 200 and the whole body", path, resp.StatusCode, len(b))
		}
	}
	warnings := func() int { return strings.Count(logs.String(), "level=WARN") }

	for _, p := range []string{"/a/1", "/a/2", "/a/3", "/a/4", "/a/5"} {
		get(p)
	}
	if n := r.Len(); n != 2 {
		t.Errorf("%d calls held, want 2 (the budget takes two bodies)", n)
	}
	if n := warnings(); n != 1 {
		t.Errorf("%d warnings for 3 calls not kept in one interval, want 1:\n%s", n, logs.String())
	}
	for _, want := range []string{"25000 bytes budget", "-max-bytes", "WithMaxBytes", "not_kept=1"} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("the warning lacks %q:\n%s", want, logs.String())
		}
	}
	clock = clock.Add(warnEvery)
	get("/a/6")
	if n := warnings(); n != 2 || !strings.Contains(logs.String(), "not_kept=3") {
		t.Errorf("after an interval: %d warnings, want 2, the second counting the 3 calls not kept since:\n%s", n, logs.String())
	}

	file := filepath.Join(t.TempDir(), "c.json")
	if err := r.WriteFile(file); err != nil {
		t.Fatal(err)
	}
	if r.bytes != 0 || len(r.calls) != 0 {
		t.Errorf("after the write %d calls (%d bytes) are still held, want none", len(r.calls), r.bytes)
	}
	get("/a/7")
	get("/a/8")
	if n := r.Len(); n != 4 {
		t.Errorf("Len %d after two more calls, want 4 (2 written, 2 held)", n)
	}
	if err := r.WriteFile(file); err != nil {
		t.Fatal(err)
	}
	c, err := collection.LoadFile(file, collection.Strict())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ex := range c.Examples() {
		names = append(names, ex.Name)
	}
	if got := strings.Join(names, ","); got != "200 GET /a/1,200 GET /a/2,200 GET /a/7,200 GET /a/8" {
		t.Errorf("examples %s; want the calls kept, in both writes", got)
	}
}

// TestMemoryBudgetCountsHeaders records a call without a body whose
// header alone is past the budget: it is not kept.
func TestMemoryBudgetCountsHeaders(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer up.Close()
	r, err := New(up.URL, WithMaxBytes(20000))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	req, _ := http.NewRequest("GET", "http://proxy.test/big", nil)
	req.Header.Set("X-Trace-Blob", strings.Repeat("h", 30000))
	resp, err := r.Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n := r.Len(); n != 0 {
		t.Errorf("a call with a 30,000-byte header was kept under a 20,000-byte budget")
	}
	req.Header.Set("X-Trace-Blob", "small")
	resp, err = r.Transport().RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if n := r.Len(); n != 1 {
		t.Errorf("a call with a small header was not kept")
	}
}
