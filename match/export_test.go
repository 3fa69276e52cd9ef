package match

import (
	"fmt"
	"math"
	"slices"

	"github.com/postmock/postmock/collection"
)

// Test hooks for the external tests, which may use internal/testsupport/gen (it imports
// match, so internal tests cannot).

// newTestWalker prepares a call and distance walker for req as Match does,
// with the distance cap given (≤ 0 for the index's).
func newTestWalker(ix *Index, req *Request, cfg Config, distCap int) (*distWalker, *methodIndex) {
	method := upper(req.Method)
	if method == "" {
		method = "GET"
	}
	mi := ix.methods[method]
	if mi == nil {
		return nil, nil
	}
	ixc := *ix
	if distCap > 0 {
		ixc.distCap = distCap
	}
	c := &call{ix: &ixc, req: req, cfg: cfg}
	c.tied = c.tiedBuf[:0]
	c.best = -1 << 30
	c.segs = splitPath(req.Path)
	c.tsegs = trimTrailing(c.segs)
	if !cfg.IgnoreQueryParams {
		c.maxQ = 10
		c.query = parseRequestQuery(req.RawQuery)
	}
	w := &distWalker{c: c}
	for _, s := range c.tsegs {
		f := newFoldedSeg(foldKey(s))
		w.dsegs = append(w.dsegs, f)
		w.runes = appendRunes(w.runes, f.text)
		w.ends = append(w.ends, len(w.runes))
	}
	return w, mi
}

// CheckDistanceLookups compares, at every node with more than manyKids
// children on req's path through the wildcard trie (the root, then each
// child equal to a request segment), the distance step's look-ups with a
// brute-force scan of the children: the posting-list look-up must return
// every child the walk can descend into, and the budget bounds must be at
// least the number of children passing mayBeSimilar. It returns the first
// disagreement, or "" (also for requests of no indexed method).
func CheckDistanceLookups(ix *Index, req *Request, cfg Config) string {
	w, mi := newTestWalker(ix, req, cfg, 0)
	if w == nil {
		return ""
	}
	n := mi.ladder().trieW
	for depth := range w.dsegs {
		if n.nkids > manyKids {
			if msg := w.checkNode(n, depth); msg != "" {
				return fmt.Sprintf("depth %d: %s", depth, msg)
			}
		}
		if n = n.find(w.dsegs[depth].text); n == nil {
			break
		}
	}
	return ""
}

func (w *distWalker) checkNode(n *node, depth int) string {
	kx := n.index()
	r := &w.dsegs[depth]
	lo, hi := lengthRange(r.n)
	i, j := kx.runsFor(lo, hi)
	s, e := kx.runs[i].start, kx.runs[j].start
	// Brute force over the children in document order.
	var must []int32
	passers := 0
	inRange := 0
	for k := n.first; k != nil; k = k.next {
		if k.seg.n < lo || k.seg.n > hi {
			continue
		}
		inRange++
		p := kx.rank[k.ord]
		if p < int32(s) || p >= int32(e) || kx.sorted[p] != k {
			return fmt.Sprintf("child %q of length %d sorted at %d, outside [%d, %d)", k.seg.text, k.seg.n, p, s, e)
		}
		if k.seg.mayBeSimilar(r) {
			passers++
		}
		_, sim := k.seg.similarTo(r, w.segRunes(depth))
		if d, ok := w.similar(k, depth); ok != sim || (ok && d != levenshtein([]rune(k.seg.text), w.segRunes(depth))) {
			return fmt.Sprintf("similar(%q, %q) = %d, %v; similarTo says %v", k.seg.text, r.text, d, ok, sim)
		}
		wild := !w.c.cfg.IgnoreWildcards && k.pat != nil
		if k.seg.text == r.text || wild || (k.seg.mayBeSimilar(r) && sim) {
			must = append(must, p)
		}
	}
	if inRange != e-s {
		return fmt.Sprintf("%d children in the length range, the runs hold %d", inRange, e-s)
	}
	h := i
	for h < j && kx.runs[h].n <= maxLevRunes {
		h++
	}
	if kx.runBit != nil {
		for ri := i; ri < h; ri++ {
			exact := 0
			for _, p := range kx.sorted[kx.runs[ri].start:kx.runs[ri+1].start] {
				if p.seg.mayBeSimilar(r) {
					exact++
				}
			}
			if b := kx.runBound(r, ri); b < exact {
				return fmt.Sprintf("runBound %d < %d children of length %d passing mayBeSimilar", b, exact, kx.runs[ri].n)
			}
			if c := kx.countRun(r, ri); c != exact {
				return fmt.Sprintf("countRun %d, want %d children of length %d passing mayBeSimilar", c, exact, kx.runs[ri].n)
			}
		}
	}
	w.used = 0
	if b, ok := w.bound(kx, depth, i, j); ok && b < passers {
		return fmt.Sprintf("bound %d < %d children passing mayBeSimilar", b, passers)
	}
	ev, ok := w.lookupKids(n, kx, depth, i, j, nil)
	if !ok {
		return ""
	}
	if !slices.IsSorted(ev) || len(slices.Compact(slices.Clone(ev))) != len(ev) {
		return fmt.Sprintf("look-up positions not strictly increasing: %v", ev)
	}
	for _, p := range must {
		if _, found := slices.BinarySearch(ev, p); !found {
			return fmt.Sprintf("look-up for %q misses child %q", r.text, kx.sorted[p].seg.text)
		}
	}
	return ""
}

// CheckDistanceWalks runs the distance step for req alone (from an empty
// result) three ways and compares them: the uncapped fast walk against the
// capped walk with no effective cap (same candidates considered, and the
// fast walk's bound at least the capped walk's spend), and the step as
// Match runs it (fast walk, falling back to the capped walk) against the
// capped walk alone, under the cap given. It returns the first difference,
// or "".
func CheckDistanceWalks(ix *Index, req *Request, cfg Config, distCap int) string {
	fast, mi := newTestWalker(ix, req, cfg, math.MaxInt)
	if fast == nil {
		return ""
	}
	if !fast.distFast(mi.ladder().trieW, 0, 0) {
		return "uncapped fast walk gave up"
	}
	capped, _ := newTestWalker(ix, req, cfg, math.MaxInt)
	budget := math.MaxInt
	capped.distWalk(mi.ladder().trieW, 0, 0, &budget)
	if msg := sameResult(fast.c, capped.c); msg != "" {
		return "uncapped: " + msg
	}
	if spent := math.MaxInt - budget; fast.used < spent {
		return fmt.Sprintf("fast walk's bound %d < the capped walk's spend %d", fast.used, spent)
	}
	step, _ := newTestWalker(ix, req, cfg, distCap)
	distanceStep(step.c, mi.ladder().trieW)
	alone, _ := newTestWalker(ix, req, cfg, distCap)
	budget = alone.c.ix.distCap
	alone.distWalk(mi.ladder().trieW, 0, 0, &budget)
	if msg := sameResult(step.c, alone.c); msg != "" {
		return fmt.Sprintf("cap %d: %s", distCap, msg)
	}
	return ""
}

func sameResult(a, b *call) string {
	if a.best != b.best || len(a.tied) != len(b.tied) {
		return fmt.Sprintf("best %d with %d tied, want %d with %d", a.best, len(a.tied), b.best, len(b.tied))
	}
	for i := range a.tied {
		if a.tied[i] != b.tied[i] {
			return fmt.Sprintf("tied[%d] = %s/%d, want %s/%d", i, a.tied[i].c.ex.ID, a.tied[i].dist, b.tied[i].c.ex.ID, b.tied[i].dist)
		}
	}
	return ""
}

// ParallelFrom makes Compile spread the per-example work over goroutines
// from n examples on (0: always), so that tests can compare both ways.
func ParallelFrom(n int) Option { return func(ix *Index) { ix.parallelMin = n } }

// MatchLadder is Match without its exact-hit shortcut (exactHit): the
// ladder alone, for tests that hold the two to the same answers. It takes
// no selection headers (callers send none).
func (ix *Index) MatchLadder(req *Request, cfg Config) Result {
	method := upper(req.Method)
	if method == "" {
		method = "GET"
	}
	mi := ix.methods[method]
	if mi == nil {
		return Result{Err: ErrNoMatch}
	}
	c := &call{ix: ix, req: req, cfg: cfg}
	if !c.prepare() {
		return Result{Err: ErrNoMatch}
	}
	c.run(mi)
	return c.result()
}

// ExactHit reports whether Match answers req through its exact-hit
// shortcut, and with what.
func (ix *Index) ExactHit(req *Request, cfg Config) (Result, bool) {
	method := upper(req.Method)
	if method == "" {
		method = "GET"
	}
	return ix.exactHit(req, method, cfg)
}

// CandidateURL is the part of a candidate compiled from its URL, with
// patterns by their text ("-" for none).
type CandidateURL struct {
	Segs, TSegs []string
	IDs         []bool
	Pats        []string
	Query       [][3]string // key, value, pattern
	Route       Route
	Undefined   []string
}

// CompiledURLs compiles every example of c with env as Compile does, on
// one compiler that shares compiled URLs between examples, and each
// example's URL again from collection.Resolver.ResolveURL on a compiler of
// its own; it returns both, and how many examples reused the compiled URL
// of the example before them.
func CompiledURLs(c *collection.Collection, env *collection.Environment) (shared, alone []CandidateURL, reused int) {
	exs := c.Examples()
	r := collection.NewResolver(c, env)
	cp := newCompiler(r, len(exs))
	cands := make([]candidate, len(exs))
	for i, ex := range exs {
		names := cp.compileExample(&cands[i], ex)
		shared = append(shared, candidateURLOf(&cands[i], names))
		// The example's own: its URL resolved by ResolveURL, compiled by a
		// compiler of its own.
		u := newCompiler(r, 1).compileURL(r.ResolveURL(&ex.Request.URL))
		own := candidate{segs: u.segs, tsegs: u.tsegs, ids: u.ids, pats: u.pats, query: u.query,
			route: Route{Method: cands[i].method, Path: u.path, Query: u.queryText, Code: ex.Code, Name: ex.Name, ID: ex.ID}}
		alone = append(alone, candidateURLOf(&own, u.undefined))
		if i > 0 && len(cands[i].segs) > 0 && &cands[i].segs[0] == &cands[i-1].segs[0] {
			reused++
		}
	}
	return shared, alone, reused
}

func candidateURLOf(cd *candidate, undefined []string) CandidateURL {
	u := CandidateURL{Segs: cd.segs, TSegs: cd.tsegs, IDs: cd.ids, Route: cd.route, Undefined: undefined}
	for _, p := range cd.pats {
		text := "-"
		if p != nil {
			text = p.text
		}
		u.Pats = append(u.Pats, text)
	}
	for _, q := range cd.query {
		pat := "-"
		if q.pat != nil {
			pat = q.pat.text
		}
		u.Query = append(u.Query, [3]string{q.key, q.value, pat})
	}
	return u
}
