package record_test

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/record"
)

// TestConcurrentCallsWriteAStableFile records the same calls to one route
// twice, concurrently and then one by one in reverse: the files must be
// byte for byte the same, since calls end in any order.
func TestConcurrentCallsWriteAStableFile(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/13") {
			w.WriteHeader(http.StatusNotFound)
		}
		fmt.Fprint(w, r.URL.Path)
	}))
	defer up.Close()
	dir := t.TempDir()
	const n = 20
	var files [][]byte
	for run := range 2 {
		rec, err := record.New(up.URL)
		if err != nil {
			t.Fatal(err)
		}
		proxy := httptest.NewServer(rec)
		var wg sync.WaitGroup
		for i := range n {
			id := i
			if run == 1 {
				id = n - 1 - i
			}
			wg.Go(func() { do(t, proxy.Client(), proxy.URL, reqSpec{method: "GET", path: fmt.Sprintf("/items/%d", id)}) })
			if run == 1 {
				wg.Wait()
			}
		}
		wg.Wait()
		proxy.Close()
		rec.Close()
		f := filepath.Join(dir, fmt.Sprint(run))
		if err := rec.WriteFile(f); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, b)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Fatalf("the same calls in another order write another file:\n%s\n---\n%s", files[0], files[1])
	}
	c, err := collection.LoadFile(filepath.Join(dir, "0"), collection.Strict())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, it := range c.Requests() {
		for _, ex := range it.Examples {
			names = append(names, ex.Name)
		}
	}
	// Names sort as text: the 200s (in text order), then the 404.
	if len(names) != n || names[0] != "200 GET /items/0" || names[1] != "200 GET /items/1" || names[2] != "200 GET /items/10" || names[n-1] != "404 GET /items/13" {
		t.Errorf("examples in the order %q; want the order of their names", names)
	}
}

// TestEdgeCallsRoundTrip records calls at the edges of HTTP (a trailing
// slash, repeated and bracketed query parameters, HEAD, a 304, a body
// streamed without a length, a 5000-byte path, an escaped slash) and
// replays them from the file: each gets what was recorded.
func TestEdgeCallsRoundTrip(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.Header().Set("ETag", `"v1"`)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprintf(w, "%s %s ", r.Method, r.URL.EscapedPath())
		w.(http.Flusher).Flush() // chunked: no Content-Length
		fmt.Fprintf(w, "q=%s", r.URL.RawQuery)
	}))
	defer up.Close()
	specs := []reqSpec{
		{method: "GET", path: "/users/"},
		{method: "GET", path: "/users"},
		{method: "GET", path: "/list?a=1&a=2"},
		{method: "GET", path: "/arr?ids[]=1&ids[]=2"},
		{method: "GET", path: "/arr2?ids%5B%5D=1&ids%5B%5D=3"},
		{method: "HEAD", path: "/head/1"},
		{method: "GET", path: "/etag", header: map[string]string{"If-None-Match": `"v1"`}},
		{method: "GET", path: "/long/" + strings.Repeat("a", 5000)},
		{method: "GET", path: "/"},
		{method: "GET", path: "/a%2Fb/c"},
	}
	file := filepath.Join(t.TempDir(), "c.json")
	got := recordAll(t, up.URL, file, specs)
	c, err := collection.LoadFile(file, collection.Strict())
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Diagnostics) != 0 {
		t.Errorf("diagnostics: %v", c.Diagnostics)
	}
	m, err := mock.New(c)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()
	for i, s := range specs {
		if a := do(t, srv.Client(), srv.URL, s); a != got[i] {
			t.Errorf("replayed %s %.60s = %.100v, recorded %.100v", s.method, s.path, a, got[i])
		}
	}
}
