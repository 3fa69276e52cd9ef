package inproc

import (
	"fmt"
	"net/http"
	"runtime"
	"testing"

	"github.com/h2non/gock"
)

// sample is how many calls the correctness check sends before timing.
const sample = 64

// TestSameAnswers proves that every library answers the generated calls
// alike: each route's 200 with its own body and Content-Type, and misses
// with a 404 or an error (the bare transport, which routes nothing, only
// with a 200-byte JSON 200 for exact calls).
func TestSameAnswers(t *testing.T) {
	for _, kind := range []Kind{Exact, ID, Miss} {
		for _, n := range []int{10, 1000} {
			for _, lib := range Libraries {
				if lib == Bare && kind != Exact {
					continue
				}
				t.Run(fmt.Sprintf("%s/N=%d/%s", kind, n, lib), func(t *testing.T) {
					rt, done, err := Setup(lib, kind, n)
					if err != nil {
						t.Fatal(err)
					}
					defer done()
					if err := Check(rt, Calls(kind, n, sample), lib != Bare); err != nil {
						t.Fatal(err)
					}
				})
			}
		}
	}
}

// TestCheckCatchesWrongAnswers proves the check can fail: a transport
// answering every call with route 0's body is caught on the other routes,
// and one answering misses with 200 is caught too.
func TestCheckCatchesWrongAnswers(t *testing.T) {
	if err := Check(BareTransport{}, Calls(Exact, 10, 10), true); err == nil {
		t.Error("bare transport passed the body check of 10 routes")
	}
	if err := Check(BareTransport{}, Calls(Miss, 10, 10), true); err == nil {
		t.Error("bare transport passed the miss check")
	}
}

// TestBodySize proves every answer body is BodySize bytes of JSON.
func TestBodySize(t *testing.T) {
	for _, i := range []int{0, 9, 12345} {
		if b := Body(i); len(b) != BodySize || b[0] != '{' || b[len(b)-1] != '}' {
			t.Errorf("Body(%d) = %q (%d bytes)", i, b, len(b))
		}
	}
}

// cases are the benchmarked kinds and route counts (issue 17's table).
var cases = []struct {
	kind Kind
	n    int
}{
	{Exact, 10}, {Exact, 10000}, {ID, 1000}, {Miss, 1000},
}

// BenchmarkCall measures one call through each library's RoundTripper: an
// http.Client's Do, reading the body to its end and closing it. Each
// sub-benchmark checks a sample of its calls first.
func BenchmarkCall(b *testing.B) {
	for _, cs := range cases {
		for _, lib := range Libraries {
			if lib == Bare && cs.kind != Exact {
				continue
			}
			b.Run(fmt.Sprintf("%s/N=%d/%s", cs.kind, cs.n, lib), func(b *testing.B) {
				rt, done, err := Setup(lib, cs.kind, cs.n)
				if err != nil {
					b.Fatal(err)
				}
				defer done()
				calls := Calls(cs.kind, cs.n, 1024)
				if err := Check(rt, calls[:sample], lib != Bare); err != nil {
					b.Fatal(err)
				}
				client := &http.Client{Transport: rt}
				// Steady state: postmock's call log (10,000 entries by
				// default) full, as after a test's first calls; every
				// library gets the same warm-up. Gock's slowest cases
				// warm up on fewer calls.
				for i := range warmup(cs.n, lib) {
					_, _ = Do(client, calls[i%len(calls)].Req)
				}
				// Setup's garbage (the generated routes) is not the call's.
				runtime.GC()
				b.ReportAllocs()
				i := 0
				for b.Loop() {
					_, _ = Do(client, calls[i].Req)
					if i++; i == len(calls) {
						i = 0
					}
				}
			})
		}
	}
}

// warmup is how many calls a sub-benchmark makes before timing: enough to
// fill postmock's call log, but few for gock at 1,000 routes and more,
// where one call takes milliseconds.
func warmup(n int, lib Library) int {
	if lib == Gock && n >= 1000 {
		return 10
	}
	return 12000
}

// BenchmarkBuild measures building each library's mock of n exact routes:
// postmock from an already parsed collection (mock.New), httpmock's and
// gock's registration.
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("build/N=%d/%s", n, Postmock), func(b *testing.B) {
			c, err := ParsedCollection(Exact, n)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if _, err := BuildPostmock(c); err != nil {
					b.Fatal(err)
				}
			}
		})
		rs := NewRoutes(Exact, n)
		b.Run(fmt.Sprintf("build/N=%d/%s", n, Httpmock), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				BuildHttpmock(rs)
			}
		})
		b.Run(fmt.Sprintf("build/N=%d/%s", n, Gock), func(b *testing.B) {
			gock.Off()
			defer gock.Off()
			b.ReportAllocs()
			for b.Loop() {
				BuildGock(rs)
				b.StopTimer()
				gock.Off()
				b.StartTimer()
			}
		})
	}
}
