// Package corpus locates the shared corpus of real-world Postman collections
// that postmock's tests load, and reads its manifest.
//
// Tests find the corpus at ../shared/corpus from the module root. Where it is
// absent (a fresh clone on its own) tests skip with a message, except under
// CI=true, where its absence fails the test.
package corpus

import (
	"bufio"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
)

// Entry is one row of MANIFEST.tsv.
type Entry struct {
	File     string // file name under collections/, or "environments/<name>"
	Schema   string // schema_version column
	Bytes    int64  // file size
	Requests int    // request items in the file
	Examples int    // saved examples in the file
}

// Path returns the absolute path of the entry's file.
func (e Entry) Path(dir string) string {
	if strings.HasPrefix(e.File, "environments/") {
		return filepath.Join(dir, e.File)
	}
	return filepath.Join(dir, "collections", e.File)
}

// IsEnvironment reports whether the entry is an environment file.
func (e Entry) IsEnvironment() bool { return strings.HasPrefix(e.File, "environments/") }

// Dir returns the corpus directory, skipping the test (or failing it under
// CI=true) when the corpus is absent.
func Dir(tb testing.TB) string {
	tb.Helper()
	_, file, _, _ := runtime.Caller(0)
	// This file is internal/testsupport/corpus/corpus.go: three levels
	// below the module root.
	root := filepath.Join(filepath.Dir(file), "..", "..", "..")
	dir := filepath.Join(root, "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "MANIFEST.tsv")); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("corpus missing at %s (required under CI=true): %v", dir, err)
		}
		tb.Skipf("corpus not found at %s; clone the shared corpus beside the module to run this test", dir)
	}
	return dir
}

// Manifest reads MANIFEST.tsv from dir.
func Manifest(tb testing.TB, dir string) []Entry {
	tb.Helper()
	f, err := os.Open(filepath.Join(dir, "MANIFEST.tsv"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []Entry
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	var cols map[string]int
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if cols == nil {
			cols = map[string]int{}
			for i, c := range fields {
				cols[c] = i
			}
			continue
		}
		get := func(name string) string {
			if i, ok := cols[name]; ok && i < len(fields) {
				return fields[i]
			}
			return ""
		}
		n := func(name string) int {
			v, err := strconv.Atoi(get(name))
			if err != nil {
				tb.Fatalf("MANIFEST.tsv: %s: column %s: %v", get("file"), name, err)
			}
			return v
		}
		out = append(out, Entry{File: get("file"), Schema: get("schema_version"), Bytes: int64(n("bytes")), Requests: n("requests"), Examples: n("examples")})
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(out) == 0 {
		tb.Fatal("MANIFEST.tsv has no rows")
	}
	return out
}

// EachCollection loads every collection of the corpus and runs fn on it in
// a subtest named after its file. It skips or fails as Dir does.
func EachCollection(t *testing.T, fn func(t *testing.T, c *collection.Collection)) {
	t.Helper()
	dir := Dir(t)
	for _, e := range Manifest(t, dir) {
		if e.IsEnvironment() {
			continue
		}
		t.Run(e.File, func(t *testing.T) {
			c, err := collection.LoadFile(e.Path(dir))
			if err != nil {
				t.Fatal(err)
			}
			fn(t, c)
		})
	}
}
