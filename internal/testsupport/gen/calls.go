package gen

import (
	"math/bits"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
)

// Kind names a mix of calls: the ladder step they hit, or no match.
type Kind string

// The kinds of calls Calls produces.
const (
	Exact         Kind = "exact"          // an example's own path and query (step 1)
	TrailingSlash Kind = "trailing-slash" // the path with a trailing '/' (step 2)
	Case          Kind = "case"           // the path upper-cased (step 3)
	Wildcard      Kind = "wildcard"       // {{var}} segments replaced by words (step 5)
	ID            Kind = "id"             // literal numeric or UUID segments replaced by other IDs (step 6)
	Distance      Kind = "distance"       // one letter of a segment changed (step 8)
	NoMatch       Kind = "no-match"       // a path no example matches
)

// Kinds returns every Kind in ladder order, NoMatch last.
func Kinds() []Kind {
	return []Kind{Exact, TrailingSlash, Case, Wildcard, ID, Distance, NoMatch}
}

// Step returns the ladder step calls of the kind match on; 0 for NoMatch
// (and for an unknown kind).
func (k Kind) Step() match.Step {
	switch k {
	case Exact:
		return match.StepExact
	case TrailingSlash:
		return match.StepTrailingSlash
	case Case:
		return match.StepCase
	case Wildcard:
		return match.StepWildcard
	case ID:
		return match.StepID
	case Distance:
		return match.StepDistance
	}
	return 0
}

// Call is one generated request and the outcome the matcher must give it
// under match.Config{} with no selection headers.
type Call struct {
	// Kind is the mix the call belongs to.
	Kind Kind
	// Method is the HTTP method.
	Method string
	// Path is the request path, percent-encoded, without the query.
	Path string
	// RawQuery is the query string without '?'.
	RawQuery string
	// Step is the ladder step the winner matches on (Kind.Step()).
	Step match.Step
	// WantID is the id of the example that must win; "" for NoMatch.
	WantID string
}

// Target returns the request-target: the path and, if any, '?' and the
// query.
func (c Call) Target() string {
	if c.RawQuery == "" {
		return c.Path
	}
	return c.Path + "?" + c.RawQuery
}

// Request returns the call as a match.Request with an empty header and no
// body.
func (c Call) Request() *match.Request {
	return &match.Request{Method: c.Method, Path: c.Path, RawQuery: c.RawQuery, Header: http.Header{}}
}

// Calls returns n calls of the given kind against c, generated from seed:
// every call is checked against a model of the matching rules (docs/matching.md
// path ladder, query scoring, winner and ties) to win on kind.Step() with WantID, or to match nothing for
// NoMatch. A call whose outcome rests on the distance step is left out when
// the index's match.DefaultDistanceCap might cut that step short (large
// collections), since the model does not follow the matcher's walk order.
// Calls are made from the examples' own paths, so the mix follows
// the collection; when the collection has no example a kind can be made
// from (say, no literal ids for ID) the result is nil. Calls repeat when the
// collection has fewer candidates than n.
//
// The model covers what Collection generates: whole-segment {{var}}
// wildcards, literal paths and plain query parameters. Variables resolve
// through the collection's own variables (no environment).
func Calls(c *collection.Collection, kind Kind, n int, seed uint64) []Call {
	if n <= 0 || (kind.Step() == 0 && kind != NoMatch) {
		return nil
	}
	m := newModel(c)
	rng := rand.New(rand.NewPCG(seed, seed^0x6a09e667f3bcc909))
	var pool []*group
	for _, g := range m.order {
		if g.eligible(kind) {
			pool = append(pool, g)
		}
	}
	if len(pool) == 0 {
		return nil
	}
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	out := make([]Call, 0, n)
	// Each attempt takes the next candidate; give up on a kind that keeps
	// failing (a collection where the model's checks reject most variants).
	for attempt := 0; len(out) < n && attempt < 8*n+16*len(pool); attempt++ {
		g := pool[attempt%len(pool)]
		call, ok := g.variant(kind, rng)
		if !ok {
			continue
		}
		id, step, matched, certain := m.predict(call.Method, call.Path, call.RawQuery)
		if !certain {
			continue
		}
		if kind == NoMatch {
			if matched {
				continue
			}
		} else if !matched || step != kind.Step() {
			continue
		} else {
			call.WantID = id
		}
		call.Kind, call.Step = kind, kind.Step()
		out = append(out, call)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// model is a compiled view of a collection for predicting Match results:
// examples grouped by method, resolved path and query.
type model struct {
	order []*group
	// byShape holds the groups of each method and trimmed segment count in
	// document order: only those can match a request (an empty segment
	// equals only an empty one on every step, so paths that match trim to
	// the same count), which keeps predict from scanning every group.
	byShape map[shape][]*group
	// levels counts, per method and depth d, the distinct path prefixes of
	// d+1 segments by the code-point length of their last segment: the trie
	// children the matcher's distance step may compare (see distBound).
	levels map[string][]level
	// rows and steps are scratch for predict.
	rows  []int
	steps []match.Step
}

// level is the prefixes of one method and depth: counts by segment length,
// and how many have a segment whose length the matcher may see otherwise
// (escapes or tokens), which count at every length.
type level struct {
	byLen map[int]int
	any   int
}

// shape is a method and a trimmed segment count.
type shape struct {
	method string
	n      int
}

// group is the examples that share a method, a resolved path and a query;
// they tie on every request, so the one with the greatest id answers.
type group struct {
	method string
	segs   []string // decoded segments (wildcard segments as written)
	tsegs  []string // segs without trailing empty segments
	wild   []bool   // whole-segment {{var}} wildcard
	mixed  bool     // a segment mixes a token with text (not modelled as a target)
	ids    []bool   // alphanumeric ID segment
	query  [][2]string
	rawQ   string   // the query as a request would send it
	maxID  string   // greatest id among the group's examples
	lower  [][]rune // tsegs lower-cased, for the distance rule
	runes  []int    // code points of each of tsegs
	masks  []uint64 // runeMask of each of lower
}

func newModel(c *collection.Collection) *model {
	m := &model{byShape: map[shape][]*group{}}
	res := collection.NewResolver(c, nil)
	byKey := map[string]*group{}
	for _, ex := range c.Examples() {
		method := strings.ToUpper(ex.Request.MethodOrGet())
		ru := res.ResolveURL(&ex.Request.URL)
		g := &group{method: method}
		for _, s := range ru.Path {
			w := isWholeToken(s)
			if !w && strings.Contains(s, "{{") && len(collection.Tokens(s)) > 0 {
				g.mixed = true
			}
			if !w && !g.mixed {
				s = pathDecode(s)
			}
			g.segs = append(g.segs, s)
			g.wild = append(g.wild, w)
			g.ids = append(g.ids, isID(s))
		}
		g.tsegs = trimTrailing(g.segs)
		var raw []string
		for _, q := range ru.Query {
			k, v := pathDecode(q.Key), pathDecode(q.Value)
			g.query = append(g.query, [2]string{k, v})
			raw = append(raw, escape(k)+"="+escape(v))
		}
		g.rawQ = strings.Join(raw, "&")
		key := method + " " + strings.Join(g.segs, "/") + "?" + g.rawQ
		if old := byKey[key]; old != nil {
			g = old
		} else {
			byKey[key] = g
			m.order = append(m.order, g)
			for _, s := range g.tsegs {
				g.lower = append(g.lower, []rune(strings.ToLower(s)))
				g.masks = append(g.masks, runeMask(g.lower[len(g.lower)-1]))
				g.runes = append(g.runes, utf8.RuneCountInString(s))
			}
			k := shape{method, len(g.tsegs)}
			m.byShape[k] = append(m.byShape[k], g)
		}
		g.maxID = max(g.maxID, ex.ID)
	}
	m.countLevels()
	return m
}

// countLevels fills m.levels from the groups' trimmed paths.
func (m *model) countLevels() {
	type key struct {
		parent int
		seg    string
	}
	m.levels = map[string][]level{}
	nodes := map[key]int{}
	roots := map[string]int{}
	for _, g := range m.order {
		parent, ok := roots[g.method]
		if !ok {
			parent = -1 - len(roots)
			roots[g.method] = parent
		}
		lv := m.levels[g.method]
		for d, s := range g.tsegs {
			k := key{parent, s}
			id, seen := nodes[k]
			if !seen {
				id = len(nodes)
				nodes[k] = id
				for len(lv) <= d {
					lv = append(lv, level{byLen: map[int]int{}})
				}
				if strings.ContainsAny(s, "%{") {
					lv[d].any++
				} else {
					lv[d].byLen[utf8.RuneCountInString(s)]++
				}
			}
			parent = id
		}
		m.levels[g.method] = lv
	}
}

// distBound bounds how many edit distances the matcher's distance step
// computes for a request: it only compares a trie child whose segment
// length is within a quarter of the request segment's, so the prefixes of
// such lengths at each depth bound it, whatever order the walk takes.
// (Prefixes are counted case-sensitively, which only over-counts.)
func (m *model) distBound(method string, tsegs []string) int {
	lv := m.levels[method]
	n := 0
	for d, s := range tsegs {
		if d >= len(lv) {
			break
		}
		l := utf8.RuneCountInString(s)
		n += lv[d].any
		for x := (3*l + 3) / 4; x <= 4*l/3; x++ {
			n += lv[d].byLen[x]
		}
	}
	return n
}

// eligible reports whether calls of the kind can be made from g.
func (g *group) eligible(kind Kind) bool {
	if g.mixed || len(g.tsegs) == 0 {
		return false
	}
	anyWild := slices.Contains(g.wild, true)
	switch kind {
	case Exact, TrailingSlash, Case:
		return !anyWild
	case Distance:
		return !anyWild
	case Wildcard:
		return anyWild
	case ID:
		return !anyWild && slices.Contains(g.ids, true)
	case NoMatch:
		return true
	}
	return false
}

// variant makes one call of the kind from g (not yet checked).
func (g *group) variant(kind Kind, rng *rand.Rand) (Call, bool) {
	segs := slices.Clone(g.tsegs)
	query := g.rawQ
	switch kind {
	case Exact, TrailingSlash, Case:
	case Wildcard:
		for i, w := range g.wild[:len(segs)] {
			if w {
				segs[i] = word(rng, 4+rng.IntN(7))
			}
		}
	case ID:
		for i, id := range g.ids[:len(segs)] {
			if id {
				segs[i] = otherID(rng, segs[i])
			}
		}
	case Distance:
		// One letter of a non-ID segment of 4+ letters becomes another.
		var cands []int
		for i, s := range segs {
			if !g.ids[i] && len(s) >= 4 {
				cands = append(cands, i)
			}
		}
		if len(cands) == 0 {
			return Call{}, false
		}
		i := cands[rng.IntN(len(cands))]
		b := []byte(segs[i])
		var pos []int
		for j, c := range b {
			if 'a' <= c && c <= 'z' {
				pos = append(pos, j)
			}
		}
		if len(pos) == 0 {
			return Call{}, false
		}
		j := pos[rng.IntN(len(pos))]
		c := byte('a' + rng.IntN(25))
		if c >= b[j] {
			c++
		}
		b[j] = c
		segs[i] = string(b)
	case NoMatch:
		for i := range segs {
			segs[i] = word(rng, 8+rng.IntN(7))
		}
		query = ""
	}
	for i, s := range segs {
		segs[i] = escape(s)
	}
	path := "/" + strings.Join(segs, "/")
	switch kind {
	case TrailingSlash:
		path += "/"
	case Case:
		up := strings.ToUpper(path)
		if up == path {
			return Call{}, false
		}
		path = up
	}
	return Call{Method: g.method, Path: path, RawQuery: query}, true
}

// predict returns the id and step of the example Match would serve for the
// request under match.Config{}, and whether any matches. certain is
// false when the outcome rests on the distance step and the matcher's cap
// (match.DefaultDistanceCap) might stop that step before it sees every
// candidate.
func (m *model) predict(method, path, rawQuery string) (id string, step match.Step, matched, certain bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	for i, s := range segs {
		segs[i] = pathDecode(s)
	}
	tsegs := trimTrailing(segs)
	rq := requestQuery(rawQuery)
	rlower := make([][]rune, len(tsegs))
	rmasks := make([]uint64, len(tsegs))
	for i, s := range tsegs {
		rlower[i] = []rune(strings.ToLower(s))
		rmasks[i] = runeMask(rlower[i])
	}

	type hit struct {
		id   string
		step match.Step
		dist int
	}
	best := -1 << 30
	var tied []hit
	add := func(g *group, id string, step match.Step, dist int) {
		if id == "" {
			return
		}
		score := step.Base() + queryAdjust(g.query, rq)
		if score < best {
			return
		}
		if score > best {
			best, tied = score, tied[:0]
		}
		tied = append(tied, hit{id, step, dist})
	}
	cands := m.byShape[shape{method, len(tsegs)}]
	steps := m.steps[:0]
	for _, g := range cands {
		step := g.step(segs, tsegs)
		if step != 0 {
			add(g, g.maxID, step, 0)
		}
		steps = append(steps, step)
	}
	m.steps = steps
	// The distance step can only tie or win when nothing scored above it.
	if match.StepDistance.Base()+10 >= best {
		for i, g := range cands {
			if steps[i] != 0 {
				continue
			}
			if dist, ok := m.distance(g, tsegs, rlower, rmasks); ok {
				add(g, g.maxID, match.StepDistance, dist)
			}
		}
	}
	if len(tied) == 0 {
		// The cap can only drop candidates.
		return "", 0, false, true
	}
	allDist, anyDist := true, false
	for _, t := range tied {
		allDist = allDist && t.step == match.StepDistance
		anyDist = anyDist || t.step == match.StepDistance
	}
	certain = !anyDist || m.distBound(method, tsegs) <= match.DefaultDistanceCap
	win := tied[0]
	for _, t := range tied[1:] {
		if allDist && t.dist != win.dist {
			if t.dist < win.dist {
				win = t
			}
			continue
		}
		if t.id > win.id {
			win = t
		}
	}
	return win.id, win.step, true, certain
}

// step returns the first ladder step from 1 to 7 on which g's path matches
// the request's, or 0.
func (g *group) step(segs, tsegs []string) match.Step {
	full, tl := len(g.segs) == len(segs), len(g.tsegs) == len(tsegs)
	switch {
	case !tl || !g.equal(g.tsegs, tsegs, ids):
		// The loosest comparison fails, so every step does (an empty
		// segment equals only an empty one, so a full-length match is a
		// trimmed one too).
		return 0
	case full && g.equal(g.segs, segs, plain):
		return match.StepExact
	case tl && g.equal(g.tsegs, tsegs, plain):
		return match.StepTrailingSlash
	case full && g.equal(g.segs, segs, fold):
		return match.StepCase
	case tl && g.equal(g.tsegs, tsegs, fold):
		return match.StepSlashCase
	case tl && g.equal(g.tsegs, tsegs, wild):
		return match.StepWildcard
	case full && g.equal(g.segs, segs, ids):
		return match.StepID
	case tl && g.equal(g.tsegs, tsegs, ids):
		return match.StepSlashID
	}
	return 0
}

// distance applies the distance step (D+T+C+W) to g and returns the summed
// edit distance; rlower holds the request's trimmed segments lower-cased.
func (m *model) distance(g *group, tsegs []string, rlower [][]rune, rmasks []uint64) (int, bool) {
	if len(g.tsegs) != len(tsegs) {
		return 0, false
	}
	total := 0
	for i, e := range g.tsegs {
		r := tsegs[i]
		if strings.EqualFold(e, r) || g.wild[i] && r != "" {
			continue
		}
		d, ok := m.similar(g.lower[i], rlower[i], g.runes[i], len(rlower[i]), g.masks[i], rmasks[i])
		if !ok {
			return 0, false
		}
		total += d
	}
	return total, true
}

// Comparison levels of group.equal: each includes the ones before it.
const (
	plain = iota // byte-wise equal
	fold         // + case-insensitive (C)
	wild         // + wildcards (W)
	ids          // + alphanumeric IDs (I)
)

// equal compares aligned example and request segments at a level.
func (g *group) equal(ex, rq []string, level int) bool {
	for i, e := range ex {
		r := rq[i]
		switch {
		case e == r:
		case level >= fold && strings.EqualFold(e, r):
		case level >= wild && g.wild[i] && r != "":
		case level >= ids && g.ids[i] && isID(r):
		default:
			return false
		}
	}
	return true
}

// requestQuery splits a raw query as docs/matching.md#query-scoring says.
func requestQuery(raw string) [][2]string {
	var out [][2]string
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		out = append(out, [2]string{pathDecode(k), pathDecode(v)})
	}
	return out
}

// queryAdjust scores query pairs: +10 equal multisets, +5 equal ignoring
// case, −10 otherwise.
func queryAdjust(ex, rq [][2]string) int {
	if len(ex) != len(rq) {
		return -10
	}
	if sameMultiset(ex, rq, false) {
		return 10
	}
	if sameMultiset(ex, rq, true) {
		return 5
	}
	return -10
}

func sameMultiset(ex, rq [][2]string, fold bool) bool {
	used := make([]bool, len(rq))
	eq := func(a, b string) bool { return a == b || fold && strings.EqualFold(a, b) }
	for _, e := range ex {
		found := false
		for j, r := range rq {
			if !used[j] && eq(e[0], r[0]) && eq(e[1], r[1]) {
				used[j], found = true, true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// similar applies the distance rule to the lower-cased code points of two
// segments of la and lb code points: 1 − lev/max ≥ 0.75; it returns the
// edit distance.
func (m *model) similar(a, b []rune, la, lb int, ma, mb uint64) (int, bool) {
	n := max(la, lb)
	if n == 0 {
		return 0, true
	}
	if 4*(n-min(la, lb)) > n {
		return 0, false // the length gap alone is too large
	}
	// Each code point one side has and the other lacks costs an edit.
	if 4*max(bits.OnesCount64(ma&^mb), bits.OnesCount64(mb&^ma)) > n {
		return 0, false
	}
	d := m.levenshtein(a, b)
	return d, 4*d <= n
}

// runeMask is the set of code points of s, modulo 64.
func runeMask(s []rune) uint64 {
	var m uint64
	for _, r := range s {
		m |= 1 << (uint(r) & 63)
	}
	return m
}

// levenshtein is the plain edit distance, reusing m.rows.
func (m *model) levenshtein(a, b []rune) int {
	if cap(m.rows) < 2*(len(b)+1) {
		m.rows = make([]int, 2*(len(b)+1))
	}
	prev, cur := m.rows[:len(b)+1], m.rows[len(b)+1:2*(len(b)+1)]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// isID applies the alphanumeric-ID rule of docs/matching.md#alphanumeric-ids.
func isID(s string) bool {
	n := len(s)
	if n == 0 {
		return false
	}
	if n >= 256 {
		return true
	}
	digits, letters, hex, wordc := 0, 0, 0, 0
	for i := 0; i < n; i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			digits++
			hex++
			wordc++
		case 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
			letters++
			hex++
			wordc++
		case 'g' <= c && c <= 'z', 'G' <= c && c <= 'Z':
			letters++
			wordc++
		case c == '_' || c == '-':
			wordc++
		}
	}
	switch {
	case digits == n:
		return true
	case n == 36 && isUUID(s):
		return true
	case (n == 24 || n == 32) && hex == n && digits > 0:
		return true
	}
	return n >= 8 && wordc == n && letters > 0 && digits > 0
}

func isUUID(s string) bool {
	for i := 0; i < 36; i++ {
		c := s[i]
		if i == 8 || i == 13 || i == 18 || i == 23 {
			if c != '-' {
				return false
			}
		} else if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// otherID returns an ID of another form than id (a UUID for a number, a
// number for a UUID), different from id.
func otherID(rng *rand.Rand, id string) string {
	if isUUID36(id) || rng.IntN(2) == 0 {
		for {
			if n := strconv.Itoa(1 + rng.IntN(9999999)); n != id {
				return n
			}
		}
	}
	for {
		u := uuidFrom(rng)
		if u != id {
			return u
		}
	}
}

func isUUID36(s string) bool { return len(s) == 36 && isUUID(s) }

// word returns n random lower-case letters (never an ID: no digits).
func word(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + rng.IntN(26))
	}
	return string(b)
}

// isWholeToken reports whether a segment is one {{name}} token.
func isWholeToken(s string) bool {
	if len(s) < 5 || !strings.HasPrefix(s, "{{") || !strings.HasSuffix(s, "}}") {
		return false
	}
	inner := s[2 : len(s)-2]
	return inner != "" && !strings.ContainsAny(inner, "{}")
}

// pathDecode percent-decodes s ('+' stays '+'), keeping s when malformed.
func pathDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	d, err := url.PathUnescape(s)
	if err != nil {
		return s
	}
	return d
}

// escape percent-encodes every byte outside [A-Za-z0-9-._~].
func escape(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

func trimTrailing(segs []string) []string {
	n := len(segs)
	for n > 0 && segs[n-1] == "" {
		n--
	}
	return segs[:n]
}
