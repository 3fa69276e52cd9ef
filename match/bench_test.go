package match_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/gen"
	"github.com/postmock/postmock/match"
)

// benchSeed seeds the generated collections and request mixes.
const benchSeed = 1

// benchCalls is how many distinct requests each mix cycles through.
const benchCalls = 1024

// benchCollection generates and parses a collection of about n examples.
// The loader's size cap is raised to the generated size: 100,000 examples
// of indented JSON are some 150 MB, over the default 64 MiB.
func benchCollection(b *testing.B, n int) *collection.Collection {
	b.Helper()
	data := gen.Collection(n, benchSeed)
	c, err := collection.Parse(data, collection.MaxBytes(int64(len(data))))
	if err != nil {
		b.Fatal(err)
	}
	return c
}

// benchSink keeps results alive so that the compiler cannot drop the calls.
var benchSink match.Result

// BenchmarkMatch measures Index.Match per ladder step on generated
// collections of 100, 1,000, 10,000 and 100,000 examples. Each
// sub-benchmark cycles through benchCalls precomputed requests of one kind
// (internal/testsupport/gen), all checked once beforehand to win on that step. Besides ns/op (the mean) it
// reports p50-ns and p99-ns from a second pass that times each call alone
// (clock overhead, some 20–40 ns, included).
//
// Targets (issues): p50 ≤ 2 µs at 10k examples for exact and wildcard hits;
// 10× examples → < 2× time for every step but distance; ≤ 10 allocations
// per matched call.
func BenchmarkMatch(b *testing.B) {
	for _, size := range []int{100, 1000, 10000, 100000} {
		b.Run(fmt.Sprintf("size=%d", size), func(b *testing.B) {
			c := benchCollection(b, size)
			ix, err := match.Compile(c, nil)
			if err != nil {
				b.Fatal(err)
			}
			cfg := match.Config{}
			for _, kind := range gen.Kinds() {
				b.Run("step="+string(kind), func(b *testing.B) {
					calls := gen.Calls(c, kind, benchCalls, benchSeed)
					if len(calls) == 0 {
						b.Fatalf("no %s calls for %d examples", kind, size)
					}
					reqs := make([]*match.Request, len(calls))
					for i, call := range calls {
						reqs[i] = call.Request()
						checkResult(b, call, ix.Match(reqs[i], cfg))
					}
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						benchSink = ix.Match(reqs[i], cfg)
						if i++; i == len(reqs) {
							i = 0
						}
					}
					reportPercentiles(b, len(reqs), func(i int) { benchSink = ix.Match(reqs[i], cfg) })
				})
			}
		})
	}
}

// checkResult fails the benchmark when a request does not hit its step.
func checkResult(b *testing.B, call gen.Call, res match.Result) {
	b.Helper()
	if call.Kind == gen.NoMatch {
		if res.Example != nil || !errors.Is(res.Err, match.ErrNoMatch) {
			b.Fatalf("%s %s: matched step %v, want no match", call.Method, call.Target(), res.Step)
		}
		return
	}
	if res.Example == nil {
		b.Fatalf("%s %s: no match (%v), want step %v", call.Method, call.Target(), res.Err, call.Step)
	}
	if res.Step != call.Step || res.Example.ID != call.WantID {
		b.Fatalf("%s %s: %s at step %v, want %s at step %v", call.Method, call.Target(),
			res.Example.ID, res.Step, call.WantID, call.Step)
	}
}

// reportPercentiles times single calls of fn, cycling through 0..n-1, for
// up to 20,000 calls or one second, and reports their median and 99th
// percentile.
func reportPercentiles(b *testing.B, n int, fn func(i int)) {
	const maxSamples = 20000
	d := make([]time.Duration, 0, maxSamples)
	start := time.Now()
	for k := 0; k < maxSamples && (k < 100 || time.Since(start) < time.Second); k++ {
		t := time.Now()
		fn(k % n)
		d = append(d, time.Since(t))
	}
	slices.Sort(d)
	b.ReportMetric(float64(d[len(d)/2]), "p50-ns")
	b.ReportMetric(float64(d[len(d)*99/100]), "p99-ns")
}

// BenchmarkCompile measures match.Compile on generated collections of 1,000,
// 10,000 and 100,000 examples (parsing excluded).
func BenchmarkCompile(b *testing.B) {
	for _, size := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("size=%d", size), func(b *testing.B) {
			c := benchCollection(b, size)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := match.Compile(c, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
