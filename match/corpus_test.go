package match_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/corpus"
	"github.com/postmock/postmock/match"
)

// TestCorpusOwnRequestScoresExact sends every corpus example's own request
// (method, resolved path and query, no selection header): some example must
// win with a perfect score (exact path +10 query), and the winner must be
// one whose request side equals the request — the example itself or one it
// ties with.
func TestCorpusOwnRequestScoresExact(t *testing.T) {
	corpus.EachCollection(t, func(t *testing.T, c *collection.Collection) {
		ix, err := match.Compile(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := collection.NewResolver(c, nil)
		routes := ix.Routes()
		for i, ex := range c.Examples() {
			u := r.ResolveURL(&ex.Request.URL)
			req := &match.Request{Method: ex.Request.MethodOrGet(), Path: "/" + strings.Join(u.Path, "/"),
				RawQuery: routes[i].Query, Header: http.Header{}}
			res := ix.Match(req, match.DefaultConfig())
			if res.Example == nil {
				t.Errorf("%s: own request %s %s?%s matched nothing (%v)", ex.JSONPath, req.Method, req.Path, req.RawQuery, res.Err)
				continue
			}
			if res.Step != match.StepExact || res.Score != 110 {
				t.Errorf("%s: own request %s %s?%s won by %s at %s/%d, want an exact 110", ex.JSONPath, req.Method, req.Path, req.RawQuery, res.Example.ID, res.Step, res.Score)
			}
		}
	})
}
