package match_test

import (
	"errors"
	"runtime"
	"strings"
	"testing"

	"github.com/postmock/postmock/match"
)

// longPath is the hostile request path of issue 13: 1 MB of one-letter
// segments.
var longPath = strings.Repeat("/a", 1<<19)

// bytesPerCall returns the mean bytes allocated by one call of fn.
func bytesPerCall(fn func()) uint64 {
	const runs = 5
	fn() // warm up: pools, kid indexes built on first use
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		fn()
	}
	runtime.ReadMemStats(&after)
	return (after.TotalAlloc - before.TotalAlloc) / runs
}

// TestMatchLongPathDoesBoundedWork: a request path of far more segments
// than any example (the 1 MB path of one-letter segments, and a short path
// followed by 1 MB of slashes) is decided without splitting or folding all
// of it, so Match and Explain allocate a few KiB whatever the path's
// length, and the answer is the one the ladder gives.
func TestMatchLongPathDoesBoundedWork(t *testing.T) {
	ix := compileFile(t, "testdata/worked.postman_collection.json")
	cfg := match.Config{}
	slashes := "/users" + strings.Repeat("/", 1<<20)
	tests := []struct {
		name     string
		path     string
		want     string // example id; "none" = no match
		step     match.Step
		maxBytes uint64 // per Match call
	}{
		{"one-letter segments", longPath, "none", 0, 1 << 10},
		{"one-letter segments after an example path", "/users" + longPath, "none", 0, 1 << 10},
		{"trailing slashes", slashes, "a1", match.StepTrailingSlash, 4 << 10},
		{"upper case and trailing slashes", strings.ToUpper(slashes), "a1", match.StepSlashCase, 4 << 10},
		{"distance and trailing slashes", "/healthz" + strings.Repeat("/", 1<<20), "b1", match.StepDistance, 4 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest("GET", tt.path, nil, "")
			res := ix.Match(req, cfg)
			if got := exampleOf(res); got != tt.want || res.Step != tt.step {
				t.Fatalf("Match = %s step %v (%v), want %q step %v", got, res.Step, res.Err, tt.want, tt.step)
			}
			if tt.want == "none" && !errors.Is(res.Err, match.ErrNoMatch) {
				t.Errorf("Err = %v, want ErrNoMatch", res.Err)
			}
			if b := bytesPerCall(func() { ix.Match(req, cfg) }); b > tt.maxBytes {
				t.Errorf("Match allocates %d bytes per call for a %d-byte path, want ≤ %d", b, len(tt.path), tt.maxBytes)
			}
			// Explain looks at every example: its work must not grow with
			// the path either (it used to join and quote the path once per
			// example).
			if b := bytesPerCall(func() { ix.Explain(req, cfg) }); b > 64<<10 {
				t.Errorf("Explain allocates %d bytes per call for a %d-byte path, want ≤ 64 KiB", b, len(tt.path))
			}
			for _, r := range ix.Explain(req, cfg) {
				if len(r.Detail) > 1024 {
					t.Errorf("rejection of %s quotes %d bytes: %.80s…", r.Example.ID, len(r.Detail), r.Detail)
				}
			}
		})
	}
}

// TestMatchLongSegmentCountIsNoMatch: a request with one segment more than
// the longest example path matches nothing, while one of its length still
// reaches the distance step (so the count bound is not off by one).
func TestMatchLongSegmentCountIsNoMatch(t *testing.T) {
	ix := compileFile(t, "testdata/worked.postman_collection.json")
	cfg := match.Config{}
	// a8 is the longest example path: orders/<uuid>/items.
	if got := exampleOf(ix.Match(newRequest("GET", "/orderz/9f1c2e3a-0000-4000-8000-000000000001/items", nil, ""), cfg)); got != "a8" {
		t.Fatalf("three segments near a8 = %s, want a8", got)
	}
	res := ix.Match(newRequest("GET", "/orders/9f1c2e3a-0000-4000-8000-000000000001/items/x", nil, ""), cfg)
	if !errors.Is(res.Err, match.ErrNoMatch) {
		t.Fatalf("four segments = %s (%v), want ErrNoMatch", exampleOf(res), res.Err)
	}
}

// BenchmarkMatchLongPath measures Match on the 1 MB path of one-letter
// segments (issue 13: 1.5–1.9 s and 100–145 MB per call before the bound).
func BenchmarkMatchLongPath(b *testing.B) {
	ix := compileFile(b, "testdata/worked.postman_collection.json")
	cfg := match.Config{}
	req := newRequest("GET", longPath, nil, "")
	b.ReportAllocs()
	for b.Loop() {
		benchSink = ix.Match(req, cfg)
	}
}
