package mock

import (
	"strings"
	"sync"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
)

// exactTable answers a mock's plain calls (match.PlainCall) to the routes
// the exact step decides alone (match.ExactRoutes) with one map lookup that
// reaches the prepared response, the example and its score together: on a
// large collection an exact hit otherwise touches the index's map, its
// candidate list, the candidate, the example and the prepared-response map
// one after the other, each a cache miss. It is built for an index on the
// first plain call (as the ladder's lookups are on the first call needing
// them: building it is not mock.New's work) and never changed.
type exactTable struct {
	ix     *match.Index
	sides  map[*collection.Example]*prepared
	once   sync.Once
	routes map[string]map[string]exactRoute // method → path (first '/' trimmed)
}

// exactRoute holds a route's answer for each of the four configurations
// that can change it (exactVariant); a nil p leaves the call to Match.
type exactRoute struct {
	p     [4]*prepared
	score [4]int16
}

// exactVariant numbers the configurations a plain call's answer depends
// on: IgnoreQueryParams and PreferSuccess.
func exactVariant(c *match.Config) int {
	v := 0
	if c.IgnoreQueryParams {
		v |= 1
	}
	if c.PreferSuccess {
		v |= 2
	}
	return v
}

// newExactTable returns ix's table over the prepared response sides, to
// be built on first use.
func newExactTable(ix *match.Index, sides map[*collection.Example]*prepared) *exactTable {
	return &exactTable{ix: ix, sides: sides}
}

// build fills the table.
func (t *exactTable) build() {
	ix, sides := t.ix, t.sides
	t.routes = map[string]map[string]exactRoute{}
	ix.ExactRoutes(func(method, path string, win func(match.Config) (match.Result, bool)) {
		var rt exactRoute
		some := false
		for v := range rt.p {
			res, ok := win(match.Config{IgnoreQueryParams: v&1 != 0, PreferSuccess: v&2 != 0})
			if !ok || sides[res.Example] == nil {
				continue
			}
			rt.p[v], rt.score[v], some = sides[res.Example], int16(res.Score), true
		}
		if !some {
			return
		}
		byPath := t.routes[method]
		if byPath == nil {
			byPath = map[string]exactRoute{}
			t.routes[method] = byPath
		}
		byPath[path] = rt
	})
}

// lookup returns the answer to req under cfg from the table, when req is a
// plain call to one of its routes; ok false sends the call to Match.
func (t *exactTable) lookup(req *match.Request, cfg *match.Config) (match.Result, *prepared, bool) {
	if !match.PlainCall(req, *cfg) {
		return match.Result{}, nil, false
	}
	t.once.Do(t.build)
	byPath := t.routes[req.Method]
	if byPath == nil {
		return match.Result{}, nil, false
	}
	rt, found := byPath[strings.TrimPrefix(req.Path, "/")]
	v := exactVariant(cfg)
	if !found || rt.p[v] == nil {
		return match.Result{}, nil, false
	}
	p := rt.p[v]
	return match.Result{Example: p.ex, Score: int(rt.score[v]), Step: match.StepExact}, p, true
}
