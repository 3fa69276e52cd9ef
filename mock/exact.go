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
// one after the other, each a cache miss. A route's answer depends on two
// settings (exactVariant); the table for a variant is built on the first
// plain call made under it (as the ladder's lookups are on the first call
// needing them: building it is not mock.New's work), and never changed. A
// mock mostly runs under one variant, so its first call builds a quarter of
// what all four would cost. From exactAheadMin examples, New starts the
// build of its configuration's variant on a goroutine of its own.
type exactTable struct {
	ix       *match.Index
	sides    map[*collection.Example]*prepared
	once     [4]sync.Once
	variants [4]map[string]map[string]exactRoute // by exactVariant: method → path (first '/' trimmed)
}

// exactRoute is a route's answer under one variant.
type exactRoute struct {
	p     *prepared
	score int
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

// exactAheadMin is the number of examples from which New builds the exact
// table of its configuration ahead of the first call: on 3,000 examples
// the build takes about 1 ms of a fresh process, which the first call
// would otherwise wait for.
const exactAheadMin = 1024

// newExactTable returns ix's table over the prepared response sides, to
// be built on first use.
func newExactTable(ix *match.Index, sides map[*collection.Example]*prepared) *exactTable {
	return &exactTable{ix: ix, sides: sides}
}

// build fills the table of variant v.
func (t *exactTable) build(v int) {
	cfg := match.Config{IgnoreQueryParams: v&1 != 0, PreferSuccess: v&2 != 0}
	routes := map[string]map[string]exactRoute{}
	t.ix.ExactRoutes(func(method, path string, win func(match.Config) (match.Result, bool)) {
		res, ok := win(cfg)
		p := t.sides[res.Example]
		if !ok || p == nil {
			return // left to Match
		}
		byPath := routes[method]
		if byPath == nil {
			byPath = map[string]exactRoute{}
			routes[method] = byPath
		}
		byPath[path] = exactRoute{p: p, score: res.Score}
	})
	t.variants[v] = routes
}

// lookup returns the answer to req under cfg from the table, when req is a
// plain call to one of its routes; ok false sends the call to Match.
func (t *exactTable) lookup(req *match.Request, cfg *match.Config) (match.Result, *prepared, bool) {
	if !match.PlainCall(req, *cfg) {
		return match.Result{}, nil, false
	}
	v := exactVariant(cfg)
	t.once[v].Do(func() { t.build(v) })
	rt, found := t.variants[v][req.Method][strings.TrimPrefix(req.Path, "/")]
	if !found {
		return match.Result{}, nil, false
	}
	p := rt.p
	return match.Result{Example: p.ex, Score: rt.score, Step: match.StepExact}, p, true
}
