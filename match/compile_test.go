package match_test

import (
	"math"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/internal/testsupport/gen"
	"github.com/postmock/postmock/match"
)

// checkParallelCompile compiles c serially and spread over goroutines and
// requires the same routes, warnings and answers to every request in reqs
// (and to one request per route, plus a near miss of each).
func checkParallelCompile(t *testing.T, c *collection.Collection, reqs []*match.Request) {
	t.Helper()
	serial, err := match.Compile(c, nil, match.ParallelFrom(math.MaxInt))
	if err != nil {
		t.Fatal(err)
	}
	parallel, err := match.Compile(c, nil, match.ParallelFrom(0))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(serial.Routes(), parallel.Routes()); diff != "" {
		t.Fatalf("routes differ (-serial +parallel):\n%s", diff)
	}
	if diff := cmp.Diff(serial.Warnings(), parallel.Warnings()); diff != "" {
		t.Fatalf("warnings differ (-serial +parallel):\n%s", diff)
	}
	for _, r := range serial.Routes() {
		reqs = append(reqs,
			&match.Request{Method: r.Method, Path: r.Path, RawQuery: r.Query, Header: http.Header{}},
			&match.Request{Method: r.Method, Path: strings.ToUpper(r.Path) + "x/", RawQuery: r.Query, Header: http.Header{}})
	}
	cfgs := []match.Config{{}, {IgnoreQueryParams: true, IgnoreWildcards: true}}
	for _, cfg := range cfgs {
		for _, r := range reqs {
			want, got := serial.Match(r, cfg), parallel.Match(r, cfg)
			if exampleOf(got) != exampleOf(want) || got.Step != want.Step || got.Distance != want.Distance {
				t.Fatalf("%s %s?%s: parallel compile answers %s at %v (distance %d), serial %s at %v (distance %d)",
					r.Method, r.Path, r.RawQuery, exampleOf(got), got.Step, got.Distance, exampleOf(want), want.Step, want.Distance)
			}
		}
	}
}

func TestParallelCompileEqualsSerial(t *testing.T) {
	for _, n := range []int{10, 700, 3000} {
		c, err := collection.Parse(gen.Collection(n, 5))
		if err != nil {
			t.Fatal(err)
		}
		var reqs []*match.Request
		for _, kind := range gen.Kinds() {
			for _, call := range gen.Calls(c, kind, 20, 3) {
				reqs = append(reqs, call.Request())
			}
		}
		checkParallelCompile(t, c, reqs)
	}
}

func TestCorpusParallelCompileEqualsSerial(t *testing.T) {
	corpus.EachCollection(t, func(t *testing.T, c *collection.Collection) {
		checkParallelCompile(t, c, nil)
	})
}
