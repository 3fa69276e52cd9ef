package collection_test

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/internal/testsupport/gen"
)

// cmpCollection compares loaded collections field by field, unexported
// ones (the request and example lists, URL internals) included.
var cmpCollection = cmp.Exporter(func(t reflect.Type) bool {
	return t.PkgPath() == reflect.TypeFor[collection.Collection]().PkgPath()
})

// TestConcurrentLoadEqualsSequentialLoad loads the testdata collections and
// generated ones on one goroutine and spread over several: items, examples
// (numbers, ids, synthetic ids), the request and example lists and the
// diagnostics, in order, are the same.
func TestConcurrentLoadEqualsSequentialLoad(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata collections: %v", err)
	}
	for _, f := range files {
		checkConcurrentLoad(t, f, readFile(t, f))
	}
	for _, n := range []int{1, 10, 3000} {
		checkConcurrentLoad(t, fmt.Sprintf("generated-%d", n), gen.Collection(n, 1))
	}
}

// TestCorpusConcurrentLoadEqualsSequentialLoad does the same for every
// collection of the shared corpus.
func TestCorpusConcurrentLoadEqualsSequentialLoad(t *testing.T) {
	dir := corpus.Dir(t)
	for _, e := range corpus.Manifest(t, dir) {
		if !e.IsEnvironment() {
			checkConcurrentLoad(t, e.File, readFile(t, e.Path(dir)))
		}
	}
}

func readFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// checkConcurrentLoad parses data sequentially and concurrently and
// compares the results.
func checkConcurrentLoad(t *testing.T, name string, data []byte) {
	t.Run(filepath.Base(name), func(t *testing.T) {
		seq, err := collection.Parse(data, collection.ConcurrentFrom(len(data)+1))
		con, cerr := collection.Parse(data, collection.ConcurrentFrom(0))
		if (err == nil) != (cerr == nil) || (err != nil && err.Error() != cerr.Error()) {
			t.Fatalf("errors differ: sequential %v, concurrent %v", err, cerr)
		}
		if err != nil {
			return
		}
		if len(seq.Items) == 0 && len(seq.Variables) == 0 {
			t.Fatalf("nothing loaded: the comparison would prove nothing")
		}
		// DeepEqual first: it is much faster than cmp, which only explains.
		if reflect.DeepEqual(seq, con) {
			return
		}
		if diff := cmp.Diff(seq, con, cmpCollection); diff != "" {
			t.Errorf("concurrent load differs (-sequential +concurrent):\n%s", diff)
		}
	})
}
