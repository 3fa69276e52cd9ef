package match_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/match"
)

// TestCorpusOwnRequestScoresExact sends every corpus example's own request
// (method, resolved path and query, no selection header): some example must
// win with a perfect score (exact path +10 query), and the winner must be
// one whose request side equals the request — the example itself or one it
// ties with (same method, same resolved path, same query parameters in any
// order).
func TestCorpusOwnRequestScoresExact(t *testing.T) {
	examples, ties := 0, 0
	corpus.EachCollection(t, func(t *testing.T, c *collection.Collection) {
		ix, err := match.Compile(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := collection.NewResolver(c, nil)
		routes := ix.Routes()
		// What each example's request side is, to compare a winner with.
		type side struct{ method, path, query string }
		sides := map[*collection.Example]side{}
		for i, ex := range c.Examples() {
			u := r.ResolveURL(&ex.Request.URL)
			sides[ex] = side{strings.ToUpper(ex.Request.MethodOrGet()), "/" + strings.Join(u.Path, "/"), sortedQuery(routes[i].Query)}
		}
		for i, ex := range c.Examples() {
			examples++
			own := sides[ex]
			req := &match.Request{Method: ex.Request.MethodOrGet(), Path: own.path, RawQuery: routes[i].Query, Header: http.Header{}}
			res := ix.Match(req, match.Config{})
			if res.Example == nil {
				t.Errorf("%s: own request %s %s?%s matched nothing (%v)", ex.JSONPath, req.Method, req.Path, req.RawQuery, res.Err)
				continue
			}
			if res.Step != match.StepExact || res.Score != 110 {
				t.Errorf("%s: own request %s %s?%s won by %s at %s/%d, want an exact 110", ex.JSONPath, req.Method, req.Path, req.RawQuery, res.Example.ID, res.Step, res.Score)
			}
			if res.Example == ex {
				continue
			}
			ties++
			if won, ok := sides[res.Example]; !ok || won != own {
				t.Errorf("%s: own request %s %s?%s won by %s (%s), whose request is %+v: not the example nor a tie",
					ex.JSONPath, req.Method, req.Path, req.RawQuery, res.Example.ID, res.Example.JSONPath, won)
			}
		}
	})
	t.Logf("%d examples, %d won by an example they tie with", examples, ties)
}

// sortedQuery is a raw query with its parameters sorted, so that two
// queries with the same parameters in another order compare equal.
func sortedQuery(q string) string {
	if q == "" {
		return ""
	}
	ps := strings.Split(q, "&")
	slices.Sort(ps)
	return strings.Join(ps, "&")
}
