package match

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/postmock/postmock/collection"
)

// Index is a collection compiled for matching: every example's request side
// resolved once (environment over collection variables) and indexed by
// method, exact path, case-folded path and two segment tries, so that the
// common ladder steps never scan every example. An Index is immutable and
// safe for concurrent use.
type Index struct {
	coll     *collection.Collection
	resolver *collection.Resolver
	methods  map[string]*methodIndex
	all      []*candidate
	byID     map[string]*candidate // ASCII-lower id and uid
	byName   map[string]*candList  // linked by linkName, sorted by id ascending
	routes   []Route
	warnings []Warning
	distCap  int
	// maxSegs and maxTSegs are the most path segments of any example, with
	// and without trailing empties: a request with more can match no
	// example at any ladder step (segment counts must be equal), so Match
	// answers it without splitting or folding its path.
	maxSegs, maxTSegs int
	// parallelMin is the number of examples from which Compile spreads
	// the per-example work over goroutines.
	parallelMin int
	// byEx maps examples to their position in all, built on first use by
	// RouteOf (reports only, so not at compile time).
	byEx *examplePositions
}

// examplePositions is RouteOf's lazily built map.
type examplePositions struct {
	once sync.Once
	m    map[*collection.Example]int
}

// DefaultDistanceCap bounds the document-distance step per call. The step
// walks the trie of distinct example paths in document order; each path
// segment that passes the cheap length and letter-set bounds against the
// request's segment (a candidate for an edit distance) costs one unit, and
// the walk stops where this many are spent, so the cap bounds its time
// whatever the collection's size. Segments found through posting lists
// are charged as the plain walk would charge them, so fewer edit distances
// may be computed than units spent, but the answer is the plain walk's.
const DefaultDistanceCap = 4096

type methodIndex struct {
	exact map[string]*candList // segments joined by "/"; linked by linkExact
	// tlens has bit n set when an example of the method has n segments
	// without trailing empties; the distance step needs one of the
	// request's count.
	tlens []uint64
	// cands are the method's candidates in document order, for the
	// ladder's lookups, which are built on the first call that needs them
	// (see ladder): an exact hit needs none, and building them is most of
	// compiling.
	cands []*candidate
	once  sync.Once
	lad   ladderIndex
}

// ladderIndex holds the lookups of ladder steps 2–8.
type ladderIndex struct {
	folded map[string]*candList // foldKey of trimmed segments joined by "/"; linked by linkFolded
	trieW  *node                // folded literals + wildcards (step 5); leaves linked by linkW
	trieI  *node                // folded literals, IDs as a class, wildcards (steps 6–7); linkI
}

// ladder returns the method's ladder lookups, building them on first use.
// Building writes only the new nodes and lists and the candidates' own
// links of those lookups (next[linkFolded], next[linkW], next[linkI]),
// which nothing reads before this returns.
func (mi *methodIndex) ladder() *ladderIndex {
	mi.once.Do(func() {
		n := len(mi.cands)
		chunk := min(max(n, 16), 1024)
		cp := &compiler{nodes: slab[node]{chunk: chunk}, lists: slab[candList]{chunk: 2 * chunk}}
		mi.lad = ladderIndex{folded: make(map[string]*candList, n), trieW: cp.nodes.one(), trieI: cp.nodes.one()}
		for _, cd := range mi.cands {
			cp.addLadder(&mi.lad, cd)
		}
		mi.cands = nil // the lookups hold them now
	})
	return &mi.lad
}

// hasTLen reports whether an example of the method has n trimmed segments.
func (mi *methodIndex) hasTLen(n int) bool {
	return n>>6 < len(mi.tlens) && mi.tlens[n>>6]&(1<<(n&63)) != 0
}

// The lists a candidate belongs to. Each list is threaded through the
// candidates themselves (candidate.next), so that indexing an example
// allocates no slice per map key or trie leaf.
const (
	linkExact = iota
	linkFolded
	linkW
	linkI
	linkName
	numLinks
)

// candList is a list of candidates in insertion order, threaded through
// candidate.next[link].
type candList struct{ first, last *candidate }

// head returns the first candidate of a list that may be nil.
func (l *candList) head() *candidate {
	if l == nil {
		return nil
	}
	return l.first
}

func (l *candList) push(cd *candidate, link int) {
	if l.first == nil {
		l.first = cd
	} else {
		l.last.next[link] = cd
	}
	l.last = cd
}

// litMapKids is how many children a trie node finds by a linear scan of its
// child list; past it, a map. Most nodes have one child.
const litMapKids = 8

type node struct {
	seg   foldedSeg        // the folded segment this node stands for
	lit   map[string]*node // children by folded segment, once there are more than litMapKids
	first *node            // first literal child in document order
	last  *node            // last literal child
	next  *node            // next sibling in document order
	nkids int32            // number of literal children
	ord   int32            // position among the parent's children
	wild  []*node          // children whose segment is a pattern
	id    *node            // trieI: the child for ID segments
	pat   *pattern
	cands candList  // candidates ending here (linked by linkW or linkI)
	kx    *kidIndex // distance-walk index, for nodes with more than manyKids children
}

// find returns the child for a folded segment, or nil.
func (n *node) find(key string) *node {
	if n.lit != nil {
		return n.lit[key]
	}
	for k := n.first; k != nil; k = k.next {
		if k.seg.text == key {
			return k
		}
	}
	return nil
}

// candidate is one example's compiled request side.
type candidate struct {
	ex     *collection.Example
	method string
	segs   []string   // decoded path segments
	tsegs  []string   // segs without trailing empties (a prefix of segs)
	pats   []*pattern // per segment, nil for plain text; nil when no segment is a pattern
	ids    []bool     // per segment: is it an alphanumeric ID
	query  []qpair
	body   *bodyMatcher
	route  Route
	idx    int // position in document order
	next   [numLinks]*candidate

	// headers (lower-case name → enabled values joined by ", ") is built on
	// first use: most mocks never match headers.
	hdrOnce sync.Once
	headers map[string]string
}

// pat returns the pattern of segment i, or nil.
func (cd *candidate) pat(i int) *pattern {
	if cd.pats == nil {
		return nil
	}
	return cd.pats[i]
}

type qpair struct {
	key, value string
	pat        *pattern // value is a wildcard
}

// Option changes how Compile builds an Index.
type Option func(*Index)

// DistanceCap sets how many examples the document-distance step compares at
// most per call (default DefaultDistanceCap).
func DistanceCap(n int) Option { return func(ix *Index) { ix.distCap = n } }

// Compile builds the matching index of a collection under an optional
// environment (nil for none). It never fails on a loaded collection; the
// error is kept for future limits.
//
// It runs in phases: the per-example work (resolving URLs, building
// segments, bodies and routes) first, in parallel for a large collection;
// then, serially, what depends on document order or on every example
// (lists, maps, tries, ids, name order, warnings).
func Compile(c *collection.Collection, env *collection.Environment, opts ...Option) (*Index, error) {
	if c == nil {
		return nil, fmt.Errorf("match: nil collection")
	}
	exs := c.Examples()
	ix := newIndex(c, env, len(exs), opts)
	cp := newCompiler(ix.resolver, len(exs))
	// One block for all candidates; their small slices come from slabs.
	cands := make([]candidate, len(exs))
	names := cp.compileExamples(cands, exs, ix.parallelMin)
	// indexIDs writes only byID, which nothing else here reads: on a large
	// collection it runs beside fill and the passes after it, serial
	// passes that leave the other cores idle.
	ids := func() {}
	if len(exs) >= ix.parallelMin && runtime.GOMAXPROCS(0) > 1 {
		done := make(chan struct{})
		go func() {
			defer close(done)
			ix.indexIDs(cands)
		}()
		ids = func() { <-done }
	} else {
		ix.indexIDs(cands)
	}
	ix.fill(cp, cands)
	ix.orderNames()
	ix.warnUnresolved(cands, names)
	ids()
	// Warnings by example path (as text); the sort is stable, so on one
	// example they stay in the order the phases above added them.
	slices.SortStableFunc(ix.warnings, func(a, b Warning) int { return strings.Compare(a.Path, b.Path) })
	return ix, nil
}

// newIndex returns an empty index sized for n examples, with opts applied:
// a phase of its own because the options (parallelMin) steer the phases
// that follow.
func newIndex(c *collection.Collection, env *collection.Environment, n int, opts []Option) *Index {
	ix := &Index{
		coll:     c,
		resolver: collection.NewResolver(c, env),
		methods:  map[string]*methodIndex{},
		all:      make([]*candidate, n),
		byID:     make(map[string]*candidate, 2*n),
		byName:   make(map[string]*candList, n),
		routes:   make([]Route, n),
		byEx:     &examplePositions{},
		distCap:  DefaultDistanceCap,

		parallelMin: defaultParallelMin,
	}
	for _, o := range opts {
		o(ix)
	}
	return ix
}

// fill is the serial pass over the compiled examples, in document order,
// which every list, trie and map keeps: it fills ix.all and ix.routes,
// links the name lists, warns of examples matched through their parent
// request, and adds every candidate to its method's exact and folded maps
// and tries. The first loop also counts the examples of each method, so
// that the second makes those maps at their final size.
func (ix *Index) fill(cp *compiler, cands []candidate) {
	// Methods are few: a slice searched from the last hit beats a map.
	type methodCount struct {
		name string
		n    int
		mi   *methodIndex
	}
	var methods []methodCount
	last := 0
	method := func(m string) *methodCount {
		if last < len(methods) && methods[last].name == m {
			return &methods[last]
		}
		for i := range methods {
			if methods[i].name == m {
				last = i
				return &methods[i]
			}
		}
		methods = append(methods, methodCount{name: m})
		last = len(methods) - 1
		return &methods[last]
	}
	for i := range cands {
		cd := &cands[i]
		ex := cd.ex
		ix.all[i] = cd
		ix.routes[i] = cd.route
		method(cd.method).n++
		l := ix.byName[ex.Name]
		if l == nil {
			l = cp.lists.one()
			ix.byName[ex.Name] = l
		}
		l.push(cd, linkName)
		if ex.RequestFrom == collection.FromParent {
			ix.warnings = append(ix.warnings, Warning{Path: ex.JSONPath,
				Message: fmt.Sprintf("example %q has no originalRequest; it is matched through its parent request", ex.Name)})
		}
	}
	for i := range cands {
		cd := &cands[i]
		m := method(cd.method)
		if m.mi == nil {
			m.mi = &methodIndex{exact: make(map[string]*candList, m.n), cands: make([]*candidate, 0, m.n)}
			ix.methods[cd.method] = m.mi
		}
		cp.add(m.mi, cd)
		ix.maxSegs = max(ix.maxSegs, len(cd.segs))
		ix.maxTSegs = max(ix.maxTSegs, len(cd.tsegs))
	}
}

// indexIDs fills ix.byID. It is a pass of its own because it runs
// backwards: the first example with an id or uid keeps it, so the last
// assignment must be the first example's.
func (ix *Index) indexIDs(cands []candidate) {
	for i := len(cands) - 1; i >= 0; i-- {
		ex := cands[i].ex
		for _, k := range [2]string{asciiLower(ex.UID), asciiLower(ex.ID)} {
			if k != "" {
				ix.byID[k] = &cands[i]
			}
		}
	}
}

// orderNames sorts each name list shared by several examples into the order
// x-mock-response-name serves them, and warns of the duplicate names; it
// needs the lists complete, so it follows fill. The lists are taken in map
// order: each is sorted on its own, and Compile sorts the warnings (one
// per list, each at a different example) by path.
func (ix *Index) orderNames() {
	var list []*candidate
	for name, l := range ix.byName {
		if l.first == l.last {
			continue
		}
		list = list[:0]
		for cd := l.first; cd != nil; cd = cd.next[linkName] {
			list = append(list, cd)
		}
		// By id ascending (docs/matching.md#selection-headers); examples without an id of
		// their own after those with one, in document order.
		slices.SortFunc(list, func(a, b *candidate) int {
			switch as, bs := a.ex.IDSynthetic, b.ex.IDSynthetic; {
			case as != bs && as:
				return 1
			case as != bs:
				return -1
			case !as:
				if c := strings.Compare(a.ex.ID, b.ex.ID); c != 0 {
					return c
				}
			}
			return a.idx - b.idx
		})
		*l = candList{}
		for _, cd := range list {
			cd.next[linkName] = nil
			l.push(cd, linkName)
		}
		if name != "" {
			which := "the one with the first id"
			if l.first.ex.IDSynthetic {
				which = "the first in document order"
			}
			ix.warnings = append(ix.warnings, Warning{Path: l.first.ex.JSONPath,
				Message: fmt.Sprintf("%d examples are named %q; x-mock-response-name serves %s (%s)", len(list), name, which, l.first.ex.ID)})
		}
	}
}

// warnUnresolved warns once per variable defined nowhere (names holds each
// example's unresolved names), at its first use, with the number of
// examples where it is a wildcard: known only once every example was
// compiled.
func (ix *Index) warnUnresolved(cands []candidate, names [][]string) {
	unresolved := map[string][]string{}
	var order []string
	for i, ns := range names {
		for _, n := range ns {
			if strings.HasPrefix(n, "$") {
				continue
			}
			if _, ok := unresolved[n]; !ok {
				order = append(order, n)
			}
			unresolved[n] = append(unresolved[n], cands[i].ex.JSONPath)
		}
	}
	for _, n := range order {
		paths := unresolved[n]
		ix.warnings = append(ix.warnings, Warning{Path: paths[0],
			Message: fmt.Sprintf("variable {{%s}} is defined nowhere; it is a wildcard in %d example(s)", n, len(paths))})
	}
}

// Collection returns the compiled collection.
func (ix *Index) Collection() *collection.Collection { return ix.coll }

// Resolver returns the variable resolver the index was compiled with.
func (ix *Index) Resolver() *collection.Resolver { return ix.resolver }

// Routes lists what the index serves, one route per example in document
// order.
func (ix *Index) Routes() []Route { return ix.routes }

// Warnings lists what a user should know about the compiled collection.
func (ix *Index) Warnings() []Warning { return ix.warnings }

// Len returns the number of examples in the index.
func (ix *Index) Len() int { return len(ix.all) }

// slab hands out short slices carved from larger blocks, so that compiling
// an example does not cost one allocation per field. Slices are capped at
// their length, so appending to one never overwrites its neighbour.
type slab[T any] struct {
	buf   []T
	chunk int
}

func (s *slab[T]) take(n int) []T {
	if len(s.buf)+n > cap(s.buf) {
		s.buf = make([]T, 0, max(n, s.chunk))
	}
	i := len(s.buf)
	s.buf = s.buf[:i+n]
	return s.buf[i : i+n : i+n]
}

func (s *slab[T]) one() *T { return &s.take(1)[0] }

// compiler holds the scratch state of one Compile.
type compiler struct {
	resolver *collection.Resolver
	strs     slab[string]
	bools    slab[bool]
	pats     slab[*pattern]
	qpairs   slab[qpair]
	nodes    slab[node]
	bodies   slab[bodyMatcher]
	lists    slab[candList]
	// interned strings (route paths and queries repeat across the examples
	// of one request) and compiled patterns (immutable, so shared).
	interned map[string]string
	patterns map[string]*pattern
	buf      []byte
	// the URL compiled last, and its resolve key (url)
	last    compiledURL
	lastKey string
	lastOK  bool
}

func newCompiler(r *collection.Resolver, n int) *compiler {
	chunk := min(max(n, 16), 1024)
	return &compiler{
		resolver: r,
		strs:     slab[string]{chunk: 4 * chunk},
		bools:    slab[bool]{chunk: 4 * chunk},
		pats:     slab[*pattern]{chunk: chunk},
		qpairs:   slab[qpair]{chunk: chunk},
		nodes:    slab[node]{chunk: chunk},
		bodies:   slab[bodyMatcher]{chunk: min(chunk, 256)},
		lists:    slab[candList]{chunk: 2 * chunk},
		interned: make(map[string]string, n/2),
	}
}

// intern returns b as a string, sharing one copy among equal texts.
func (cp *compiler) intern(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if s, ok := cp.interned[string(b)]; ok {
		return s
	}
	s := string(b)
	cp.interned[s] = s
	return s
}

// pattern returns the shared compiled pattern of a segment or query value.
func (cp *compiler) pattern(s string) *pattern {
	if !strings.Contains(s, "{{") {
		return nil
	}
	if p, ok := cp.patterns[s]; ok {
		return p
	}
	p := compilePattern(s)
	if cp.patterns == nil {
		cp.patterns = map[string]*pattern{}
	}
	cp.patterns[s] = p
	return p
}

// defaultParallelMin is the number of examples from which Compile spreads
// the per-example work over goroutines: resolving URLs and building
// segments is most of compiling; filling the maps and tries stays serial.
const defaultParallelMin = 512

// compileExamples compiles every example into cands (same positions) and
// returns the unresolved variable names of each. From parallelMin examples
// on, the work is spread over up to GOMAXPROCS goroutines (at most 8), each
// with its own scratch state; the result is the same.
func (cp *compiler) compileExamples(cands []candidate, exs []*collection.Example, parallelMin int) [][]string {
	names := make([][]string, len(exs))
	workers := min(runtime.GOMAXPROCS(0), 8)
	if len(exs) < parallelMin || workers < 2 {
		for i, ex := range exs {
			cands[i].idx = i
			names[i] = cp.compileExample(&cands[i], ex)
		}
		return names
	}
	// Workers take batches from a shared counter, so that a slow batch
	// (long URLs, big bodies) does not hold the others up.
	const batch = 64
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range workers {
		wcp := cp
		if w > 0 {
			wcp = newCompiler(cp.resolver, len(exs)/workers)
		}
		wg.Go(func() {
			for {
				start := int(next.Add(batch)) - batch
				if start >= len(exs) {
					return
				}
				for i := start; i < min(start+batch, len(exs)); i++ {
					cands[i].idx = i
					names[i] = wcp.compileExample(&cands[i], exs[i])
				}
			}
		})
	}
	wg.Wait()
	return names
}

func (cp *compiler) compileExample(cd *candidate, ex *collection.Example) []string {
	req := ex.Request
	u := cp.url(&req.URL)
	cd.ex = ex
	cd.method = upper(req.MethodOrGet())
	cd.segs, cd.ids, cd.pats, cd.tsegs, cd.query = u.segs, u.ids, u.pats, u.tsegs, u.query
	cd.body = compileBody(req.Body, cp.resolver, &cp.bodies)
	cd.route = Route{Method: cd.method, Path: u.path, Query: u.queryText, Code: ex.Code, Name: ex.Name, ID: ex.ID}
	return u.undefined // valueless path variables are wildcards by design: no warning
}

// compiledURL is what an example's URL compiles to. It depends on the URL's
// resolve key alone (collection.URL.ResolveKey), and the examples of one
// request, which come one after the other, mostly share their URL (in the
// corpus, 2 of 3 examples have the URL of the example before them): a
// compiler keeps the last one and gives it to the next example whose key
// is the same, the candidates sharing it (nothing changes it after
// compiling). Keeping only the last costs nothing where every example has
// a URL of its own.
type compiledURL struct {
	segs, tsegs     []string
	ids             []bool
	pats            []*pattern
	query           []qpair
	path, queryText string
	undefined       []string
}

// url returns u compiled.
func (cp *compiler) url(u *collection.URL) *compiledURL {
	key := u.ResolveKey()
	if cp.lastOK && key == cp.lastKey {
		return &cp.last
	}
	cp.last, cp.lastKey, cp.lastOK = cp.compileURL(cp.resolver.ResolveURLKey(key)), key, true
	return &cp.last
}

// compileURL compiles a resolved example URL.
func (cp *compiler) compileURL(ru collection.ResolvedURL) compiledURL {
	c := compiledURL{undefined: ru.Undefined()}
	np := len(ru.Path)
	c.segs = cp.strs.take(np)
	c.ids = cp.bools.take(np)
	for i, s := range ru.Path {
		p := cp.pattern(s)
		if p != nil {
			if c.pats == nil {
				c.pats = cp.pats.take(np)
			}
			c.pats[i] = p
		} else {
			s = decode(s)
		}
		c.segs[i] = s
		c.ids[i] = IsID(s)
	}
	c.tsegs = trimTrailing(c.segs)

	b := append(cp.buf[:0], '/')
	for i, s := range ru.Path {
		if i > 0 {
			b = append(b, '/')
		}
		b = append(b, s...)
	}
	c.path = cp.intern(b)
	b = b[:0]
	if len(ru.Query) > 0 {
		c.query = cp.qpairs.take(len(ru.Query))
	}
	for i, q := range ru.Query {
		p := qpair{key: decodeQuery(q.Key), value: decodeQuery(q.Value)}
		p.pat = cp.pattern(q.Value)
		if p.pat != nil {
			p.value = q.Value
		}
		c.query[i] = p
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, q.Key...)
		if !q.ValueNull {
			b = append(b, '=')
			b = append(b, q.Value...)
		}
	}
	c.queryText = cp.intern(b)
	cp.buf = b
	return c
}

// headersOf returns the candidate's header map, building it on first use.
func (ix *Index) headersOf(cd *candidate) map[string]string {
	cd.hdrOnce.Do(func() {
		for _, h := range cd.ex.Request.Header {
			if h.Disabled || h.Key == "" {
				continue
			}
			if cd.headers == nil {
				cd.headers = map[string]string{}
			}
			k := asciiLower(strings.TrimSpace(h.Key))
			v := strings.TrimSpace(ix.resolver.Resolve(h.Value))
			if old, ok := cd.headers[k]; ok {
				v = old + ", " + v
			}
			cd.headers[k] = v
		}
	})
	return cd.headers
}

// keys returns the candidate's exact key (segments joined by "/") and
// folded key (foldKey of the trimmed segments joined by "/"). Without a '%'
// no segment was decoded, so the exact key is the route path without its
// leading '/', which saves building it.
func (cd *candidate) keys() (exact, folded string) {
	exact = cd.exactKey()
	n := 0
	for i, s := range cd.tsegs {
		if i > 0 {
			n++
		}
		n += len(s)
	}
	return exact, foldKey(exact[:n])
}

// exactKey returns the candidate's exact key (see keys).
func (cd *candidate) exactKey() string {
	if exact := cd.route.Path[1:]; strings.IndexByte(exact, '%') < 0 {
		return exact
	}
	return strings.Join(cd.segs, "/")
}

// add adds a candidate to the exact lookup, and to the method's list for
// the ladder's lookups.
func (cp *compiler) add(mi *methodIndex, cd *candidate) {
	t := len(cd.tsegs)
	for t>>6 >= len(mi.tlens) {
		mi.tlens = append(mi.tlens, 0)
	}
	mi.tlens[t>>6] |= 1 << (t & 63)
	cp.list(mi.exact, cd.exactKey()).push(cd, linkExact)
	mi.cands = append(mi.cands, cd)
}

// addLadder adds a candidate to the lookups of ladder steps 2–8.
func (cp *compiler) addLadder(mi *ladderIndex, cd *candidate) {
	_, fk := cd.keys()
	cp.list(mi.folded, fk).push(cd, linkFolded)

	n := mi.trieW
	for i, s := range cd.tsegs {
		c := cp.child(n, foldKey(s))
		if p := cd.pat(i); p != nil && c.pat == nil {
			c.pat = p
			n.wild = append(n.wild, c)
		}
		n = c
	}
	n.cands.push(cd, linkW)

	n = mi.trieI
	for i, s := range cd.tsegs {
		var c *node
		switch {
		case cd.ids[i]:
			// An id (even one holding a token, at 256+ characters) sits in
			// the id class: a request id reaches it; a wildcard match of a
			// non-id request segment is found by the wildcard trie.
			if n.id == nil {
				n.id = cp.nodes.one()
			}
			c = n.id
		case cd.pat(i) != nil:
			c = cp.child(n, foldKey(s))
			if c.pat == nil {
				c.pat = cd.pats[i]
				n.wild = append(n.wild, c)
			}
		default:
			c = cp.child(n, foldKey(s))
		}
		n = c
	}
	n.cands.push(cd, linkI)
}

// list returns the list of key in m, adding an empty one if needed.
func (cp *compiler) list(m map[string]*candList, key string) *candList {
	l := m[key]
	if l == nil {
		l = cp.lists.one()
		m[key] = l
	}
	return l
}

// child returns n's child for a folded segment, adding it if needed.
func (cp *compiler) child(n *node, key string) *node {
	if c := n.find(key); c != nil {
		return c
	}
	c := cp.nodes.one()
	c.seg = newFoldedSeg(key)
	c.ord = n.nkids
	if n.last == nil {
		n.first = c
	} else {
		n.last.next = c
	}
	n.last = c
	n.nkids++
	switch {
	case n.lit != nil:
		n.lit[key] = c
	case n.nkids > litMapKids:
		n.lit = make(map[string]*node, 2*n.nkids)
		for k := n.first; k != nil; k = k.next {
			n.lit[k.seg.text] = k
		}
	}
	if n.nkids == manyKids+1 {
		n.kx = &kidIndex{}
	}
	return c
}

// upper is strings.ToUpper with a quick return for upper-case ASCII, which
// methods nearly always are.
func upper(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i]-'A' >= 26 {
			return strings.ToUpper(s)
		}
	}
	return s
}

// asciiLower lower-cases ASCII letters only (ids, uids and header names).
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i]-'A' < 26 {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if 'A' <= b[j] && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
