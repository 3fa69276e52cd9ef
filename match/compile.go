package match

import (
	"fmt"
	"sort"
	"strings"

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
	byID     map[string]*candidate   // ASCII-lower id and uid
	byName   map[string][]*candidate // sorted by id ascending
	routes   []Route
	warnings []Warning
	distCap  int
}

// DefaultDistanceCap is how many edit distances the document-distance step
// computes at most per call. The step walks the trie of distinct example
// paths in document order, descending only into segments close enough to
// the request's (cheap length and letter-set bounds first), so the cap
// bounds its time whatever the collection's size.
const DefaultDistanceCap = 4096

type methodIndex struct {
	exact  map[string][]*candidate // segments joined by "/"
	folded map[string][]*candidate // foldKey of trimmed segments joined by "/"
	trieW  *node                   // folded literals + wildcards (step 5)
	trieI  *node                   // folded literals, IDs as a class, wildcards (steps 6–7)
	all    []*candidate
}

type node struct {
	lit   map[string]*node
	kids  []*node         // literal children in document order (distance walk)
	byLen map[int][]*node // kids by segment length in code points, for nodes with many kids
	wild  []*node         // children whose segment is a pattern
	id    *node           // trieI: the child for ID segments
	pat   *pattern
	cands []*candidate
	seg   foldedSeg // the folded segment this node stands for
}

func (n *node) child(key string) *node {
	if n.lit == nil {
		n.lit = map[string]*node{}
	}
	c, ok := n.lit[key]
	if !ok {
		c = &node{seg: newFoldedSeg(key)}
		n.lit[key] = c
		n.kids = append(n.kids, c)
		if n.byLen == nil {
			n.byLen = map[int][]*node{}
		}
		l := len(c.seg.runes)
		n.byLen[l] = append(n.byLen[l], c)
	}
	return c
}

// candidate is one example's compiled request side.
type candidate struct {
	ex      *collection.Example
	method  string
	segs    []string   // decoded path segments
	tsegs   []string   // segs without trailing empties (a prefix of segs)
	pats    []*pattern // per segment; nil for plain text
	ids     []bool     // per segment: is it an alphanumeric ID
	query   []qpair
	headers map[string]string // lower-case name → enabled values joined by ", "
	body    *bodyMatcher
	route   Route
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
func Compile(c *collection.Collection, env *collection.Environment, opts ...Option) (*Index, error) {
	if c == nil {
		return nil, fmt.Errorf("match: nil collection")
	}
	ix := &Index{
		coll:     c,
		resolver: collection.NewResolver(c, env),
		methods:  map[string]*methodIndex{},
		byID:     map[string]*candidate{},
		byName:   map[string][]*candidate{},
		distCap:  DefaultDistanceCap,
	}
	for _, o := range opts {
		o(ix)
	}
	unresolved := map[string][]string{}
	var unresolvedOrder []string
	for _, ex := range c.Examples() {
		cd, names := ix.compileExample(ex)
		ix.all = append(ix.all, cd)
		ix.routes = append(ix.routes, cd.route)
		mi := ix.methods[cd.method]
		if mi == nil {
			mi = &methodIndex{exact: map[string][]*candidate{}, folded: map[string][]*candidate{},
				trieW: &node{}, trieI: &node{}}
			ix.methods[cd.method] = mi
		}
		mi.add(cd)
		for _, k := range []string{asciiLower(ex.ID), asciiLower(ex.UID)} {
			if _, dup := ix.byID[k]; !dup && k != "" {
				ix.byID[k] = cd
			}
		}
		ix.byName[ex.Name] = append(ix.byName[ex.Name], cd)
		if ex.RequestFrom == collection.FromParent {
			ix.warnings = append(ix.warnings, Warning{Path: ex.JSONPath,
				Message: fmt.Sprintf("example %q has no originalRequest; it is matched through its parent request", ex.Name)})
		}
		for _, n := range names {
			if strings.HasPrefix(n, "$") {
				continue
			}
			if _, ok := unresolved[n]; !ok {
				unresolvedOrder = append(unresolvedOrder, n)
			}
			unresolved[n] = append(unresolved[n], ex.JSONPath)
		}
	}
	for name, list := range ix.byName {
		sort.SliceStable(list, func(i, j int) bool { return list[i].ex.ID < list[j].ex.ID })
		if len(list) > 1 && name != "" {
			ix.warnings = append(ix.warnings, Warning{Path: list[0].ex.JSONPath,
				Message: fmt.Sprintf("%d examples are named %q; x-mock-response-name serves the one with the first id (%s)", len(list), name, list[0].ex.ID)})
		}
	}
	for _, n := range unresolvedOrder {
		paths := unresolved[n]
		ix.warnings = append(ix.warnings, Warning{Path: paths[0],
			Message: fmt.Sprintf("variable {{%s}} is defined nowhere; it is a wildcard in %d example(s)", n, len(paths))})
	}
	sort.SliceStable(ix.warnings, func(i, j int) bool { return ix.warnings[i].Path < ix.warnings[j].Path })
	return ix, nil
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

func (ix *Index) compileExample(ex *collection.Example) (*candidate, []string) {
	req := ex.Request
	ru := ix.resolver.ResolveURL(&req.URL)
	cd := &candidate{ex: ex, method: strings.ToUpper(req.MethodOrGet())}
	cd.segs = make([]string, len(ru.Path))
	cd.pats = make([]*pattern, len(ru.Path))
	cd.ids = make([]bool, len(ru.Path))
	for i, s := range ru.Path {
		cd.pats[i] = compilePattern(s)
		if cd.pats[i] == nil {
			s = decode(s)
		}
		cd.segs[i] = s
		cd.ids[i] = isID(s)
	}
	cd.tsegs = trimTrailing(cd.segs)
	var qs []string
	for _, q := range ru.Query {
		p := qpair{key: decode(q.Key), value: decode(q.Value)}
		p.pat = compilePattern(q.Value)
		if p.pat != nil {
			p.value = q.Value
		}
		cd.query = append(cd.query, p)
		if q.ValueNull {
			qs = append(qs, q.Key)
		} else {
			qs = append(qs, q.Key+"="+q.Value)
		}
	}
	for _, h := range req.Header {
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
	cd.body = compileBody(req.Body, ix.resolver)
	cd.route = Route{Method: cd.method, Path: "/" + strings.Join(ru.Path, "/"), Query: strings.Join(qs, "&"),
		Code: ex.Code, Name: ex.Name, ID: ex.ID}
	return cd, ru.Unresolved
}

func (mi *methodIndex) add(cd *candidate) {
	mi.all = append(mi.all, cd)
	key := strings.Join(cd.segs, "/")
	mi.exact[key] = append(mi.exact[key], cd)
	fk := foldKey(strings.Join(cd.tsegs, "/"))
	mi.folded[fk] = append(mi.folded[fk], cd)

	n := mi.trieW
	for i, s := range cd.tsegs {
		c := n.child(foldKey(s))
		if cd.pats[i] != nil && c.pat == nil {
			c.pat = cd.pats[i]
			n.wild = append(n.wild, c)
		}
		n = c
	}
	n.cands = append(n.cands, cd)

	n = mi.trieI
	for i, s := range cd.tsegs {
		var c *node
		switch {
		case cd.ids[i]:
			// An id (even one holding a token, at 256+ characters) sits in
			// the id class: a request id reaches it; a wildcard match of a
			// non-id request segment is found by the wildcard trie.
			if n.id == nil {
				n.id = &node{}
			}
			c = n.id
		case cd.pats[i] != nil:
			c = n.child(foldKey(s))
			if c.pat == nil {
				c.pat = cd.pats[i]
				n.wild = append(n.wild, c)
			}
		default:
			c = n.child(foldKey(s))
		}
		n = c
	}
	n.cands = append(n.cands, cd)
}

// asciiLower lower-cases ASCII letters only (ids, uids and header names).
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
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
