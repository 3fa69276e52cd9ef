package mock_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/internal/testsupport/gen"
	"github.com/postmock/postmock/mock"
)

// benchWriter is a reusable http.ResponseWriter that keeps nothing but the
// status and the byte count, so that the benchmark measures the mock, not
// a recorder.
type benchWriter struct {
	h      http.Header
	status int
	n      int
}

func (w *benchWriter) Header() http.Header         { return w.h }
func (w *benchWriter) WriteHeader(status int)      { w.status = status }
func (w *benchWriter) Write(p []byte) (int, error) { w.n += len(p); return len(p), nil }

func (w *benchWriter) reset() {
	clear(w.h)
	w.status, w.n = 0, 0
}

// BenchmarkServeHTTP measures Mock.ServeHTTP in-process (no network) on
// generated collections of 100, 1,000 and 10,000 examples, for exact hits,
// wildcard hits and calls no example matches. Each sub-benchmark cycles
// through 1,024 precomputed requests, checked once beforehand to be served
// the example internal/testsupport/gen predicts (or the 404). The cost includes
// matching, rendering the example (variables, dynamic variables) and
// appending to the call log, which keeps its default 10,000 entries (older
// ones are evicted). Besides ns/op it reports p50-ns and p99-ns from a second
// pass that times each call alone.
//
// Targets (issues): ≤ 5 µs at 10k examples for exact and wildcard hits.
func BenchmarkServeHTTP(b *testing.B) {
	for _, size := range []int{100, 1000, 10000} {
		b.Run(fmt.Sprintf("size=%d", size), func(b *testing.B) {
			c, err := collection.Parse(gen.Collection(size, 1))
			if err != nil {
				b.Fatal(err)
			}
			codes := map[string]int{}
			for _, ex := range c.Examples() {
				codes[ex.ID] = ex.Code
			}
			for _, kind := range []gen.Kind{gen.Exact, gen.Wildcard, gen.NoMatch} {
				b.Run("step="+string(kind), func(b *testing.B) {
					m, err := mock.New(c, mock.WithSeed(1))
					if err != nil {
						b.Fatal(err)
					}
					calls := gen.Calls(c, kind, 1024, 1)
					if len(calls) == 0 {
						b.Fatalf("no %s calls for %d examples", kind, size)
					}
					reqs := make([]*http.Request, len(calls))
					w := &benchWriter{h: http.Header{}}
					for i, call := range calls {
						reqs[i] = httptest.NewRequest(call.Method, call.Target(), nil)
						w.reset()
						m.ServeHTTP(w, reqs[i])
						want := http.StatusNotFound
						if call.WantID != "" {
							want = codes[call.WantID]
						}
						if w.status != want {
							b.Fatalf("%s %s: status %d, want %d", call.Method, call.Target(), w.status, want)
						}
					}
					for i, e := range m.Calls().All() {
						if e.ExampleID != calls[i].WantID || e.Step != calls[i].Step {
							b.Fatalf("%s %s: served %q at step %d, want %q at step %d", calls[i].Method, calls[i].Target(),
								e.ExampleID, e.Step, calls[i].WantID, calls[i].Step)
						}
					}
					m.Calls().Reset()
					b.ReportAllocs()
					i := 0
					for b.Loop() {
						w.reset()
						m.ServeHTTP(w, reqs[i])
						if i++; i == len(reqs) {
							i = 0
						}
					}
					reportPercentiles(b, len(reqs), func(i int) {
						w.reset()
						m.ServeHTTP(w, reqs[i])
					})
				})
			}
		})
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

// BenchmarkStartup measures what a test pays before its first call: parse
// a collection of about 1 MB and build its mock (compile the index, prepare
// every response side). Target: ≤ 50 ms. The last case is the collection
// bench/compare.sh serves (3,000 examples, 4.6 MB), whose start-up to first
// answer, process start included, has the same target.
func BenchmarkStartup(b *testing.B) {
	for _, size := range []struct {
		name string
		data []byte
	}{
		{"generated-1MB", startupCollection(b)},
		{"corpus-twilio-1MB", corpusFile(b, "generated__twilio-api.json")},
		{"generated-bench-4.6MB", gen.Collection(3000, 1)},
	} {
		b.Run(size.name, func(b *testing.B) {
			b.SetBytes(int64(len(size.data)))
			b.ReportAllocs()
			for b.Loop() {
				c, err := collection.Parse(size.data)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := mock.New(c); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// startupCollection generates a collection of about 1 MB.
func startupCollection(b *testing.B) []byte {
	n := 500
	for {
		data := gen.Collection(n, 1)
		if len(data) >= 1<<20 || n > 100000 {
			return data
		}
		n = n * (1 << 20) / len(data)
		n += n / 20
	}
}

func corpusFile(b *testing.B, name string) []byte {
	dir := corpus.Dir(b)
	data, err := os.ReadFile(filepath.Join(dir, "collections", name))
	if err != nil {
		b.Fatal(err)
	}
	return data
}
