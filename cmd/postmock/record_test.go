package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/collection"
)

func recordUpstream(t *testing.T) *httptest.Server {
	t.Helper()
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/missing" {
			w.WriteHeader(http.StatusNotFound)
		}
		fmt.Fprintf(w, `{"method":%q,"path":%q,"q":%q}`, r.Method, r.URL.Path, r.URL.RawQuery)
	}))
	t.Cleanup(up.Close)
	return up
}

// TestRecordThenServe records calls through "postmock record", stops it
// (the file is written on the way out), serves the file with "postmock
// -collection" and replays the calls: each answers what was recorded.
func TestRecordThenServe(t *testing.T) {
	up := recordUpstream(t)
	file := filepath.Join(t.TempDir(), "api.postman_collection.json")
	rec := startServe(t, "record", "-target", up.URL, "-o", file, "-every", "1h")
	paths := []string{"/users/42", "/users/43?page=2", "/missing", "/orders/a1b2c3d4/items"}
	want := map[string]string{}
	for _, p := range paths {
		code, body := call(t, "GET", rec.base+p, nil)
		want[p] = fmt.Sprint(code, " ", body)
	}
	if code := rec.stop(t); code != 0 {
		t.Fatalf("record exited %d; stderr:\n%s", code, rec.stderr)
	}
	if !strings.Contains(rec.stdout.String(), "4 calls recorded in "+file) {
		t.Errorf("stdout %q does not report the 4 calls", rec.stdout)
	}
	c, err := collection.LoadFile(file, collection.Strict())
	if err != nil {
		t.Fatalf("recorded file: %v", err)
	}
	if n := len(c.Examples()); n != len(paths) {
		t.Fatalf("%d examples, want %d", n, len(paths))
	}
	srv := startServe(t, "-collection", file)
	for _, p := range paths {
		code, body := call(t, "GET", srv.base+p, nil)
		if got := fmt.Sprint(code, " ", body); got != want[p] {
			t.Errorf("served %s = %s, recorded %s", p, got, want[p])
		}
	}
	if e := srv.stderr.String(); e != "" {
		t.Errorf("serving the recorded file warned: %s", e)
	}
}

// TestRecordWritesPeriodically sees the file appear while record runs.
func TestRecordWritesPeriodically(t *testing.T) {
	up := recordUpstream(t)
	file := filepath.Join(t.TempDir(), "c.json")
	rec := startServe(t, "record", "-target", up.URL, "-o", file, "-every", "20ms")
	call(t, "GET", rec.base+"/ping", nil)
	deadline := time.Now().Add(hangGuard)
	for {
		if c, err := collection.LoadFile(file); err == nil && len(c.Examples()) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no file with the call within %v", hangGuard)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if _, err := os.Stat(file); err != nil {
		t.Fatal(err)
	}
}

func TestRecordFailsAtStart(t *testing.T) {
	dir := t.TempDir()
	notColl := filepath.Join(dir, "notes.json")
	os.WriteFile(notColl, []byte(`[1,2]`), 0o644)
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stderr string
	}{
		{"no target", []string{"record", "-o", filepath.Join(dir, "c.json")}, 2, "record needs -target URL"},
		{"no file", []string{"record", "-target", "http://127.0.0.1:1"}, 2, "record needs -o FILE"},
		{"bad target", []string{"record", "-target", "example.com", "-o", filepath.Join(dir, "c.json")}, 2, "bad target URL"},
		{"unwritable folder", []string{"record", "-target", "http://127.0.0.1:1", "-o", filepath.Join(dir, "missing", "c.json")}, 1, "cannot write in its folder"},
		{"not a collection", []string{"record", "-target", "http://127.0.0.1:1", "-o", notColl}, 1, "cannot extend it"},
		{"bad max-bytes", []string{"record", "-target", "http://127.0.0.1:1", "-o", filepath.Join(dir, "c.json"), "-max-bytes", "lots"}, 2, "invalid value \"lots\" for flag -max-bytes"},
		{"a serve flag", []string{"record", "-target", "http://127.0.0.1:1", "-o", filepath.Join(dir, "c.json"), "-exact"}, 2, "-exact is a flag of serve"},
	} {
		code, _, stderr := runCmd(t, tc.args...)
		if code != tc.code || !strings.Contains(stderr, tc.stderr) {
			t.Errorf("%s: exit %d, stderr %q; want %d and %q", tc.name, code, stderr, tc.code, tc.stderr)
		}
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("failed starts left files: %v", ents)
	}
}

// TestRecordWithoutCallsLeavesTheFileAlone stops a recording that saw no
// call: no file appears, and stdout says so.
func TestRecordWithoutCallsLeavesTheFileAlone(t *testing.T) {
	up := recordUpstream(t)
	file := filepath.Join(t.TempDir(), "c.json")
	rec := startServe(t, "record", "-target", up.URL, "-o", file)
	if code := rec.stop(t); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, rec.stderr)
	}
	if _, err := os.Stat(file); !os.IsNotExist(err) {
		t.Errorf("a file was written without calls: %v", err)
	}
	if !strings.Contains(rec.stdout.String(), "no calls recorded; "+file+" left as it was") {
		t.Errorf("stdout %q", rec.stdout)
	}
}

// TestRecordMaxBytes records with -max-bytes under one body: the call is
// answered in full, not recorded, and standard error names the flag.
func TestRecordMaxBytes(t *testing.T) {
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, strings.Repeat("y", 4096))
	}))
	t.Cleanup(up.Close)
	file := filepath.Join(t.TempDir(), "c.json")
	rec := startServe(t, "record", "-target", up.URL, "-o", file, "-max-bytes", "2KiB")
	if code, body := call(t, "GET", rec.base+"/big", nil); code != 200 || len(body) != 4096 {
		t.Errorf("answered %d with %d bytes, want 200 and 4096", code, len(body))
	}
	if code := rec.stop(t); code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, rec.stderr)
	}
	if e := rec.stderr.String(); !strings.Contains(e, "2KiB budget") || !strings.Contains(e, "-max-bytes SIZE") {
		t.Errorf("stderr does not name the budget and the flag: %q", e)
	}
	if !strings.Contains(rec.stdout.String(), "no calls recorded") {
		t.Errorf("stdout %q", rec.stdout)
	}
}
