package record_test

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/record"
)

// Secret values the upstream and the client exchange; none may reach a file.
const (
	bearer    = "Bearer s3cr3t-bearer"
	apiKey    = "k3y-value-123"
	qToken    = "qtok-456"
	password  = "hunter2-pw"
	sessionID = "sess-789"
	respToken = "resp-tok-abc"
)

var pngBytes = []byte{0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0x0d, 0xff, 0xfe}

// upstream is a local API with the cases the recorder must handle.
func upstream(t *testing.T) *httptest.Server {
	t.Helper()
	gz := func(s string) []byte {
		var b bytes.Buffer
		z := gzip.NewWriter(&b)
		z.Write([]byte(s))
		z.Close()
		return b.Bytes()
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "req-"+r.URL.Query().Get("n"))
		if r.PathValue("id") == "404404" {
			w.WriteHeader(404)
			fmt.Fprint(w, `{"error":"no such user"}`)
			return
		}
		fmt.Fprintf(w, `{"id":%s, "name":"user %s"}`, r.PathValue("id"), r.PathValue("id"))
	})
	mux.HandleFunc("GET /users", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"page":%q,"items":[]}`, r.URL.Query().Get("page"))
	})
	mux.HandleFunc("POST /login", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if !strings.Contains(string(b), password) || r.Header.Get("Authorization") != bearer {
			w.WriteHeader(400)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "session", Value: sessionID})
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(201)
		fmt.Fprintf(w, `{"user":"ann","access_token":%q,"nested":{"apiKey":%q}}`, respToken, apiKey)
	})
	mux.HandleFunc("GET /search", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("token") != qToken || r.Header.Get("X-Api-Key") != apiKey {
			w.WriteHeader(401)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "found "+r.URL.Query().Get("q"))
	})
	mux.HandleFunc("GET /old", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/users/42", http.StatusFound)
	})
	mux.HandleFunc("GET /zipped", func(w http.ResponseWriter, r *http.Request) {
		// Always gzip, whatever the client accepts, as some servers do.
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz("<p>zipped & fine</p>"))
	})
	mux.HandleFunc("GET /logo.png", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngBytes)
	})
	mux.HandleFunc("DELETE /users/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
	})
	mux.HandleFunc("GET /orders/9f1c2e3a-0000-4000-8000-000000000001/lines/7", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"line":7}`)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

type reqSpec struct {
	method, path, body string
	header             map[string]string
}

var calls = []reqSpec{
	{method: "GET", path: "/users/42?n=1"},
	{method: "GET", path: "/users/43?n=2"},
	{method: "GET", path: "/users/404404"},
	{method: "GET", path: "/users?page=2"},
	{method: "POST", path: "/login", body: `{"user":"ann","password":"` + password + `"}`,
		header: map[string]string{"Content-Type": "application/json", "Authorization": bearer}},
	{method: "GET", path: "/search?q=shoes&token=" + qToken, header: map[string]string{"X-Api-Key": apiKey, "Cookie": "session=" + sessionID}},
	{method: "GET", path: "/old"},
	{method: "GET", path: "/zipped"},
	{method: "GET", path: "/logo.png"},
	{method: "DELETE", path: "/users/42"},
	{method: "GET", path: "/orders/9f1c2e3a-0000-4000-8000-000000000001/lines/7"},
}

type answer struct {
	status int
	body   string
}

// do sends one call to base and returns the answer, redirects not followed.
func do(t *testing.T, client *http.Client, base string, c reqSpec) answer {
	t.Helper()
	var body io.Reader
	if c.body != "" {
		body = strings.NewReader(c.body)
	}
	req, err := http.NewRequest(c.method, base+c.path, body)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range c.header {
		req.Header.Set(k, v)
	}
	cl := *client
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := cl.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", c.method, c.path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, string(b)}
}

// recordAll sends every call through a Recorder and writes file; it returns
// what the callers got.
func recordAll(t *testing.T, target, file string, specs []reqSpec, opts ...record.Option) []answer {
	t.Helper()
	rec, err := record.New(target, opts...)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	proxy := httptest.NewServer(rec)
	defer proxy.Close()
	var got []answer
	for _, c := range specs {
		got = append(got, do(t, proxy.Client(), proxy.URL, c))
	}
	if err := rec.WriteFile(file); err != nil {
		t.Fatal(err)
	}
	return got
}

func TestProxyAnswersWhatTheTargetAnswers(t *testing.T) {
	up := upstream(t)
	direct := make([]answer, len(calls))
	for i, c := range calls {
		direct[i] = do(t, up.Client(), up.URL, c)
	}
	got := recordAll(t, up.URL, filepath.Join(t.TempDir(), "c.json"), calls)
	for i, c := range calls {
		if got[i] != direct[i] {
			t.Errorf("%s %s through the recorder = %v, the target answers %v", c.method, c.path, got[i], direct[i])
		}
	}
	if got[6].status != http.StatusFound {
		t.Errorf("redirect answered %d, want 302 as the target answered it", got[6].status)
	}
}

// TestRoundTrip serves the recorded file with a mock and replays the calls:
// each gets the status and body recorded, which is the target's own unless
// a secret was redacted or the body was binary.
func TestRoundTrip(t *testing.T) {
	up := upstream(t)
	file := filepath.Join(t.TempDir(), "api.postman_collection.json")
	got := recordAll(t, up.URL, file, calls)

	c, err := collection.LoadFile(file, collection.Strict())
	if err != nil {
		t.Fatalf("the recorded file does not load strictly: %v", err)
	}
	if len(c.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", c.Diagnostics)
	}
	m, err := mock.New(c)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()
	for i, call := range calls {
		want := got[i]
		switch call.path {
		case "/login":
			want.body = `{"user":"ann","access_token":"{{redacted}}","nested":{"apiKey":"{{redacted}}"}}`
		case "/logo.png":
			want.body = ""
		}
		if a := do(t, srv.Client(), srv.URL, call); a != want {
			t.Errorf("replayed %s %s = %v, recorded %v", call.method, call.path, a, want)
		}
	}
}

func TestRecordedFileShape(t *testing.T) {
	up := upstream(t)
	file := filepath.Join(t.TempDir(), "c.json")
	recordAll(t, up.URL, file, calls)
	raw, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{bearer, apiKey, qToken, password, sessionID, respToken, "s3cr3t"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the file holds the secret %q", secret)
		}
	}
	for _, volatile := range []string{`"Date"`, "X-Request-Id", "req-1", `"Content-Encoding"`, `"Content-Length"`} {
		if bytes.Contains(raw, []byte(volatile)) {
			t.Errorf("the file holds the volatile header %s", volatile)
		}
	}
	var doc struct {
		Info     struct{ Schema, Name string }
		Variable []struct{ Key, Value string }
		Item     []struct {
			Name string
			Item []struct {
				ID, Name string
				Request  struct {
					Method string
					URL    struct {
						Raw      string
						Path     []string
						Variable []struct{ Key, Value string }
					}
				}
				Response []struct {
					ID, Name        string
					Code            int
					Preview         string `json:"_postman_previewlanguage"`
					Body            string
					Description     string
					OriginalRequest struct {
						URL struct {
							Raw   string
							Query []struct{ Key, Value string }
						}
						Header []struct{ Key, Value string }
					}
					Header []struct{ Key, Value string }
				}
			}
		}
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Info.Schema != "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" {
		t.Errorf("schema %q", doc.Info.Schema)
	}
	if len(doc.Variable) != 1 || doc.Variable[0].Key != "baseUrl" || doc.Variable[0].Value != up.URL {
		t.Errorf("variables %+v, want baseUrl = %s", doc.Variable, up.URL)
	}
	folders := map[string][]string{}
	type exInfo struct {
		item, raw, preview, body, desc string
		code                           int
	}
	examples := map[string]exInfo{}
	ids := map[string]bool{}
	for _, f := range doc.Item {
		for _, it := range f.Item {
			folders[f.Name] = append(folders[f.Name], it.Name)
			if it.Name == "GET /users/:userId" {
				if got := strings.Join(it.Request.URL.Path, "/"); got != "users/:userId" {
					t.Errorf("item path %q", got)
				}
				if len(it.Request.URL.Variable) != 1 || it.Request.URL.Variable[0].Key != "userId" {
					t.Errorf("item variables %+v", it.Request.URL.Variable)
				}
			}
			for _, ex := range it.Response {
				if ids[ex.ID] || ex.ID == "" {
					t.Errorf("example id %q empty or repeated", ex.ID)
				}
				ids[ex.ID] = true
				examples[ex.Name] = exInfo{it.Name, ex.OriginalRequest.URL.Raw, ex.Preview, ex.Body, ex.Description, ex.Code}
				for _, h := range append(ex.Header, ex.OriginalRequest.Header...) {
					switch strings.ToLower(h.Key) {
					case "authorization", "set-cookie", "cookie", "x-api-key":
						if h.Value != "{{redacted}}" {
							t.Errorf("%s: header %s = %q, want {{redacted}}", ex.Name, h.Key, h.Value)
						}
					}
				}
			}
		}
	}
	wantFolders := map[string][]string{
		"users":    {"GET /users/:userId", "GET /users", "DELETE /users/:userId"},
		"login":    {"POST /login"},
		"search":   {"GET /search"},
		"old":      {"GET /old"},
		"zipped":   {"GET /zipped"},
		"logo.png": {"GET /logo.png"},
		"orders":   {"GET /orders/:orderId/lines/:lineId"},
	}
	if fmt.Sprint(folders) != fmt.Sprint(wantFolders) {
		t.Errorf("folders\n got %v\nwant %v", folders, wantFolders)
	}
	for name, want := range map[string]exInfo{
		"200 GET /users/42?n=1":                      {item: "GET /users/:userId", raw: "{{baseUrl}}/users/42?n=1", preview: "json", body: `{"id":42, "name":"user 42"}`, code: 200},
		"404 GET /users/404404":                      {item: "GET /users/:userId", raw: "{{baseUrl}}/users/404404", preview: "json", body: `{"error":"no such user"}`, code: 404},
		"302 GET /old":                               {item: "GET /old", raw: "{{baseUrl}}/old", preview: "html", body: "<a href=\"/users/42\">Found</a>.\n\n", code: 302},
		"200 GET /zipped":                            {item: "GET /zipped", raw: "{{baseUrl}}/zipped", preview: "html", body: "<p>zipped & fine</p>", code: 200},
		"204 DELETE /users/42":                       {item: "DELETE /users/:userId", raw: "{{baseUrl}}/users/42", preview: "text", code: 204},
		"200 GET /search?q=shoes&token={{redacted}}": {item: "GET /search", raw: "{{baseUrl}}/search?q=shoes&token={{redacted}}", preview: "text", body: "found shoes", code: 200},
		"200 GET /logo.png": {item: "GET /logo.png", raw: "{{baseUrl}}/logo.png", preview: "text", code: 200,
			desc: "Recorded by postmock: response body (14 bytes, image/png) not recorded: binary."},
	} {
		if got, ok := examples[name]; !ok {
			t.Errorf("no example %q; have %v", name, keys(examples))
		} else if got != want {
			t.Errorf("example %q\n got %+v\nwant %+v", name, got, want)
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestSameCallsWriteTheSameFile(t *testing.T) {
	up := upstream(t)
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a.json"), filepath.Join(dir, "b.json")
	recordAll(t, up.URL, a, calls)
	recordAll(t, up.URL, b, calls)
	da, _ := os.ReadFile(a)
	db, _ := os.ReadFile(b)
	if !bytes.Equal(da, db) {
		t.Errorf("two recordings of the same calls differ:\n%s\n---\n%s", da, db)
	}
}

func TestExtendingAFile(t *testing.T) {
	version := "v1"
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "%s %s %s", version, r.Method, r.URL.Path)
	}))
	defer up.Close()
	file := filepath.Join(t.TempDir(), "c.json")
	recordAll(t, up.URL, file, []reqSpec{{method: "GET", path: "/items/1"}, {method: "GET", path: "/items/2"}})

	// The user adds a field postmock does not know: it must survive.
	raw, _ := os.ReadFile(file)
	raw = bytes.Replace(raw, []byte(`"item": [`), []byte(`"event": [{"listen":"test","script":{"exec":["pm.test()"]}}], "item": [`), 1)
	os.WriteFile(file, raw, 0o644)

	version = "v2"
	recordAll(t, up.URL, file, []reqSpec{{method: "GET", path: "/items/2"}, {method: "GET", path: "/items/3"}, {method: "POST", path: "/items"}})

	c, err := collection.LoadFile(file, collection.Strict())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range c.Requests() {
		for _, ex := range it.Examples {
			got = append(got, it.FullName()+" | "+ex.Name+" | "+ex.Body)
		}
	}
	want := []string{
		"items / GET /items/:itemId | 200 GET /items/1 | v1 GET /items/1",
		"items / GET /items/:itemId | 200 GET /items/2 | v2 GET /items/2",
		"items / GET /items/:itemId | 200 GET /items/3 | v2 GET /items/3",
		"items / POST /items | 200 POST /items | v2 POST /items",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("extended file\n got %s\nwant %s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	raw, _ = os.ReadFile(file)
	if !bytes.Contains(raw, []byte("pm.test()")) {
		t.Error("the field the user added was lost")
	}
}

func TestUnreachableTarget(t *testing.T) {
	dead := httptest.NewServer(http.NotFoundHandler())
	url := dead.URL
	dead.Close()
	rec, err := record.New(url)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	proxy := httptest.NewServer(rec)
	defer proxy.Close()
	a := do(t, proxy.Client(), proxy.URL, reqSpec{method: "GET", path: "/x"})
	var body struct {
		Error struct{ Name, Message string }
	}
	if a.status != http.StatusBadGateway || json.Unmarshal([]byte(a.body), &body) != nil || body.Error.Name != "upstreamError" ||
		!strings.Contains(body.Error.Message, url) {
		t.Errorf("unreachable target answered %d %s, want 502 with a JSON error naming %s", a.status, a.body, url)
	}
	if rec.Len() != 0 {
		t.Errorf("%d calls recorded, want none", rec.Len())
	}
}

func TestBadTargets(t *testing.T) {
	for _, target := range []string{"", "api.example.com", "ftp://x", "http://", "http://x/?q=1", "::"} {
		if _, err := record.New(target); !errors.Is(err, record.ErrTarget) {
			t.Errorf("New(%q) = %v, want ErrTarget", target, err)
		}
	}
}

func TestCheckFile(t *testing.T) {
	dir := t.TempDir()
	notColl := filepath.Join(dir, "not.json")
	os.WriteFile(notColl, []byte(`{"hello":1}`), 0o644)
	for name, tc := range map[string]struct {
		path string
		ok   bool
	}{
		"new file":          {filepath.Join(dir, "new.json"), true},
		"missing folder":    {filepath.Join(dir, "nope", "c.json"), false},
		"not a collection":  {notColl, false},
		"folder not a file": {dir, false},
	} {
		err := record.CheckFile(tc.path)
		if tc.ok != (err == nil) || (err != nil && !errors.Is(err, record.ErrFile)) {
			t.Errorf("%s: CheckFile = %v, want ok=%v (errors wrapping ErrFile)", name, err, tc.ok)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "new.json")); err == nil {
		t.Error("CheckFile left a file behind")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("CheckFile left files: %v", ents)
	}
}

func TestBodiesAreBounded(t *testing.T) {
	big := strings.Repeat("é", 40) // 80 bytes, cut inside a character at 25
	var zbomb bytes.Buffer
	z := gzip.NewWriter(&zbomb)
	z.Write(bytes.Repeat([]byte("a"), 10<<20))
	z.Close()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/bomb" {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(zbomb.Bytes())
			return
		}
		io.Copy(io.Discard, r.Body)
		fmt.Fprint(w, big)
	}))
	defer up.Close()
	file := filepath.Join(t.TempDir(), "c.json")
	got := recordAll(t, up.URL, file, []reqSpec{{method: "POST", path: "/big", body: big}, {method: "GET", path: "/bomb", header: map[string]string{"Accept-Encoding": "gzip"}}}, record.WithMaxBody(25))
	if got[0].body != big {
		t.Errorf("the caller got %d bytes, want all %d", len(got[0].body), len(big))
	}
	c, err := collection.LoadFile(file, collection.Strict())
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range c.Examples() {
		if len(ex.Body) > 25 {
			t.Errorf("%s: body of %d bytes kept, want at most 25", ex.Name, len(ex.Body))
		}
		if ex.Request.Body != nil && len(ex.Request.Body.Raw) > 25 {
			t.Errorf("%s: request body of %d bytes kept, want at most 25", ex.Name, len(ex.Request.Body.Raw))
		}
	}
	raw, _ := os.ReadFile(file)
	for _, want := range []string{"response body cut to its first 24 bytes (of 80 received)", "request body cut to its first 24 bytes (of 80 received)", "response body cut to its first 25 bytes"} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("no note %q in\n%s", want, raw)
		}
	}
}

func TestTransportRecords(t *testing.T) {
	up := upstream(t)
	rec, err := record.New(up.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	client := &http.Client{Transport: rec.Transport()}
	a := do(t, client, "http://anything.invalid", reqSpec{method: "GET", path: "/users/7"})
	if a.status != 200 || a.body != `{"id":7, "name":"user 7"}` {
		t.Errorf("through Transport: %v", a)
	}
	if rec.Len() != 1 || rec.Count() != 1 {
		t.Errorf("Len %d Count %d, want 1 and 1", rec.Len(), rec.Count())
	}
	do(t, client, "http://anything.invalid", reqSpec{method: "GET", path: "/users/7"})
	if rec.Len() != 1 || rec.Count() != 2 {
		t.Errorf("a repeated call: Len %d Count %d, want 1 (replaced) and 2", rec.Len(), rec.Count())
	}
}

func TestRedactionNamesAreConfigurable(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Session", "sess-1")
		w.Header().Set("Date", "Mon, 01 Jan 2024 00:00:00 GMT")
		fmt.Fprint(w, `{"monkey":"banana","pin":"1234"}`)
	}))
	defer up.Close()
	file := filepath.Join(t.TempDir(), "c.json")
	recordAll(t, up.URL, file, []reqSpec{{method: "GET", path: "/x?api_key=k1&pin=p1", header: map[string]string{"X-Api-Key": "hdr-k"}}},
		record.WithRedact("pin", "session"), record.WithoutRedact("key", "x-api-key", "monkey"), record.WithKeepHeaders("Date"))
	raw, _ := os.ReadFile(file)
	for _, want := range []string{"api_key=k1", `"hdr-k"`, `\"monkey\":\"banana\"`, `\"pin\":\"{{redacted}}\"`, "pin={{redacted}}", `"X-Session"`, `"Mon, 01 Jan 2024 00:00:00 GMT"`} {
		if !bytes.Contains(raw, []byte(want)) {
			t.Errorf("no %s in the file", want)
		}
	}
	for _, gone := range []string{"sess-1", "p1", "1234"} {
		if bytes.Contains(raw, []byte(gone)) {
			t.Errorf("%s reached the file", gone)
		}
	}
}

// TestTargetWithAPath forwards under the target's path, and the mock of the
// file serves the calls under it too, as {{baseUrl}} carries it.
func TestTargetWithAPath(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "at "+r.URL.RequestURI())
	}))
	defer up.Close()
	file := filepath.Join(t.TempDir(), "c.json")
	got := recordAll(t, up.URL+"/v1/", file, []reqSpec{{method: "GET", path: "/users/1?x=y"}})
	if got[0].body != "at /v1/users/1?x=y" {
		t.Fatalf("forwarded as %q, want under /v1", got[0].body)
	}
	c, err := collection.LoadFile(file, collection.Strict())
	if err != nil {
		t.Fatal(err)
	}
	m, err := mock.New(c)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()
	if a := do(t, srv.Client(), srv.URL, reqSpec{method: "GET", path: "/v1/users/1?x=y"}); a != (answer{200, "at /v1/users/1?x=y"}) {
		t.Errorf("the mock under /v1 answered %v", a)
	}
}
