package record_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/record"
)

// TestEditsMadeWhileRecordingAreKept writes the file, edits an example by
// hand (as a user does in an editor or Postman while the CLI records),
// then records more and writes again: the edit stays, until the edited
// example's own call is recorded again, which replaces it. A file removed
// meanwhile gets the calls recorded since, with a warning.
func TestEditsMadeWhileRecordingAreKept(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "real "+r.URL.Path)
	}))
	defer up.Close()
	var logs bytes.Buffer
	rec, err := record.New(up.URL, record.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	proxy := httptest.NewServer(rec)
	defer proxy.Close()
	file := filepath.Join(t.TempDir(), "c.json")
	bodies := func() map[string]string {
		t.Helper()
		c, err := collection.LoadFile(file, collection.Strict())
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, it := range c.Requests() {
			for _, ex := range it.Examples {
				out[ex.Name] = ex.Body
			}
		}
		return out
	}
	write := func() {
		t.Helper()
		if err := rec.WriteFile(file); err != nil {
			t.Fatal(err)
		}
	}

	do(t, proxy.Client(), proxy.URL, reqSpec{method: "GET", path: "/items/1"})
	write()
	raw, _ := os.ReadFile(file)
	os.WriteFile(file, bytes.Replace(raw, []byte(`"real /items/1"`), []byte(`"edited by hand"`), 1), 0o644)

	do(t, proxy.Client(), proxy.URL, reqSpec{method: "GET", path: "/items/2"})
	write()
	if got := bodies(); got["200 GET /items/1"] != "edited by hand" || got["200 GET /items/2"] != "real /items/2" {
		t.Errorf("after recording another call: %q; want the edit kept and the new call added", got)
	}

	do(t, proxy.Client(), proxy.URL, reqSpec{method: "GET", path: "/items/1"})
	write()
	if got := bodies(); got["200 GET /items/1"] != "real /items/1" {
		t.Errorf("after recording the edited call again: %q; want it replaced", got)
	}

	// A file removed meanwhile is made anew with the calls recorded
	// since: those written before were released from memory.
	os.Remove(file)
	do(t, proxy.Client(), proxy.URL, reqSpec{method: "GET", path: "/items/3"})
	write()
	if got := bodies(); len(got) != 1 || got["200 GET /items/3"] != "real /items/3" {
		t.Errorf("rewritten after removal: %q; want the call recorded since the last write", got)
	}
	if w := logs.String(); !strings.Contains(w, "the collection file is gone") || !strings.Contains(w, "written_before=3") {
		t.Errorf("no warning that the earlier calls are gone: %q", w)
	}
}
