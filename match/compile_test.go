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

// TestWarningsByPathThenKind pins the order of Index.Warnings: by example
// path, and on one example in the order Compile finds them (no
// originalRequest, duplicate name, undefined variables as first met),
// however often the collection is compiled (duplicate names are gathered
// from a map).
func TestWarningsByPathThenKind(t *testing.T) {
	c, err := collection.Parse([]byte(`{"info": {"name": "w", "schema": "v2.1.0"}, "item": [
	  {"name": "one", "request": "/a/{{x}}/{{y}}", "response": [
	    {"id": "b1", "name": "second", "originalRequest": "/a"},
	    {"id": "a1", "name": "first"}]},
	  {"name": "two", "request": "/b", "response": [
	    {"id": "a2", "name": "first", "originalRequest": "/b"},
	    {"id": "b0", "name": "second", "originalRequest": "/b"},
	    {"id": "c0", "name": "third", "originalRequest": "/b"},
	    {"id": "c1", "name": "third", "originalRequest": "/b"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []match.Warning{
		{Path: "item[0].response[1]", Message: `example "first" has no originalRequest; it is matched through its parent request`},
		{Path: "item[0].response[1]", Message: `2 examples are named "first"; x-mock-response-name serves the one with the first id (a1)`},
		{Path: "item[0].response[1]", Message: `variable {{x}} is defined nowhere; it is a wildcard in 1 example(s)`},
		{Path: "item[0].response[1]", Message: `variable {{y}} is defined nowhere; it is a wildcard in 1 example(s)`},
		{Path: "item[1].response[1]", Message: `2 examples are named "second"; x-mock-response-name serves the one with the first id (b0)`},
		{Path: "item[1].response[2]", Message: `2 examples are named "third"; x-mock-response-name serves the one with the first id (c0)`},
	}
	for range 20 {
		ix, err := match.Compile(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, ix.Warnings()); diff != "" {
			t.Fatalf("warnings (-want +got):\n%s", diff)
		}
	}
}

// TestValuelessPathVariableIsNotWarnedAbout: a valueless ":orderId" is a
// wildcard by declaration, so Compile does not say it is defined nowhere
// (it would be false beside a collection variable of that name); an
// undefined {{token}} still gets the warning.
func TestValuelessPathVariableIsNotWarnedAbout(t *testing.T) {
	c, err := collection.Parse([]byte(`{"info": {"name": "p", "schema": "v2.1.0"},
	  "variable": [{"key": "orderId", "value": "1001"}],
	  "item": [{"name": "order", "request": "/orders/:orderId/lines/:lineId/{{part}}", "response": [
	    {"id": "o1", "name": "OK", "originalRequest": "/orders/:orderId/lines/:lineId/{{part}}"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []match.Warning{{Path: "item[0].response[0]", Message: `variable {{part}} is defined nowhere; it is a wildcard in 1 example(s)`}}
	if diff := cmp.Diff(want, ix.Warnings()); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	if r := ix.Match(&match.Request{Method: "GET", Path: "/orders/7/lines/2/x"}, match.Config{}); r.Example == nil || r.Example.ID != "o1" {
		t.Errorf("GET /orders/7/lines/2/x: no example, want o1 through the wildcards")
	}
}
