package mock_test

import (
	"fmt"
	"net/http"
	"runtime"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/gen"
	"github.com/postmock/postmock/mock"
)

// heapPerExample returns the heap a mock of c holds once built and first
// called, beyond the
// parsed collection itself, per example: the compiled index and the
// prepared responses.
func heapPerExample(t *testing.T, c *collection.Collection) float64 {
	t.Helper()
	var before, after runtime.MemStats
	// Twice: what sync.Pools held at the first collection (their victim
	// caches) and what finalizers released are freed only by the second,
	// and would otherwise be counted against the build.
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&before)
	m, err := mock.New(c)
	if err != nil {
		t.Fatal(err)
	}
	// Lookups built on first use count too: a plain call builds the exact
	// table, a miss the ladder's lookups (case-folded map, tries).
	for _, path := range []string{"/no/such/path", "/No/Such/Path/"} {
		resp, err := (&http.Client{Transport: m.Transport()}).Get("http://mock.local" + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(m)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / float64(len(c.Examples()))
}

// parseGenerated parses a generated collection of n requests in a frame of
// its own, so that the JSON text is garbage (not a live stack slot) when
// heapPerExample takes its first reading.
//
//go:noinline
func parseGenerated(t *testing.T, n int) *collection.Collection {
	t.Helper()
	c, err := collection.Parse(gen.Collection(n, 1))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBuildHeapPerExample proves a built mock holds at most 2 KiB of heap
// per example besides its collection (issue 17's goal), on generated
// collections of 1,000 and 10,000 examples (paths, queries, ids,
// wildcards, JSON bodies and headers of the kinds real collections have).
func TestBuildHeapPerExample(t *testing.T) {
	for _, n := range []int{1000, 10000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			c := parseGenerated(t, n)
			per := heapPerExample(t, c)
			t.Logf("%d examples: %.0f bytes of heap per example", len(c.Examples()), per)
			if per <= 0 {
				t.Fatalf("%.0f bytes of heap per example: the reading is wrong (the heap before the build held garbage)", per)
			}
			if per > 2048 {
				t.Errorf("%.0f bytes of heap per example after build, want at most 2048", per)
			}
		})
	}
}
