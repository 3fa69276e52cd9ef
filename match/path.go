package match

import (
	"math/bits"
	"net/url"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// splitPath turns a request-target path (still escaped, no query) into
// segments: the leading '/' dropped, split on '/', each segment
// percent-decoded (raw text kept when decoding fails). "" and "/" give [""].
func splitPath(p string) []string { return appendSegs(nil, p) }

// appendSegs is splitPath appending to dst (Match splits into a buffer of
// its call state, saving an allocation for short paths).
func appendSegs(dst []string, p string) []string {
	return appendSplit(dst, strings.TrimPrefix(p, "/"))
}

// appendSplit is appendSegs of a path whose leading '/' is already gone.
func appendSplit(dst []string, p string) []string {
	escaped := strings.IndexByte(p, '%') >= 0
	start := len(dst)
	for {
		i := strings.IndexByte(p, '/')
		if i < 0 {
			break
		}
		dst = append(dst, p[:i])
		p = p[i+1:]
	}
	dst = append(dst, p)
	if escaped {
		segs := dst[start:]
		for i, s := range segs {
			segs[i] = decode(s)
		}
	}
	return dst
}

// decode percent-decodes a path segment ('+' stays '+'), keeping s when it
// is malformed.
func decode(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	d, err := url.PathUnescape(s)
	if err != nil {
		return s
	}
	return d
}

// trimTrailing drops trailing empty segments (the T switch).
func trimTrailing(segs []string) []string {
	n := len(segs)
	for n > 0 && segs[n-1] == "" {
		n--
	}
	return segs[:n]
}

// canonRune maps r to one representative of its simple case-folding orbit,
// so that two strings are strings.EqualFold-equal exactly when their foldKeys
// are equal. ASCII letters map to lower case, which keeps lower-case paths
// allocation-free.
func canonRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	best := r
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		if f < utf8.RuneSelf {
			return canonRune(f)
		}
		if f < best {
			best = f
		}
	}
	return best
}

// foldKey returns the case-folding key of s (see canonRune).
func foldKey(s string) string {
	i := 0
	for ; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') {
			break
		}
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(s[:i])
	for _, r := range s[i:] {
		b.WriteRune(canonRune(r))
	}
	return b.String()
}

// IsID reports whether a path segment is an alphanumeric ID (our rule,
// docs/matching.md#alphanumeric-ids): all digits; a UUID (8-4-4-4-12 hex, any version and
// case); 24 or 32 hex characters with at least one digit; 8+ characters of
// [A-Za-z0-9_-] with at least one letter and one digit; or 256+ characters.
// The matcher's id step compares such segments as equal; the record package
// turns them into :name path variables. s is one raw segment, without '/'.
func IsID(s string) bool {
	n := len(s)
	if n == 0 {
		return false
	}
	if n >= 256 {
		return true
	}
	digits, letters, hex, word := 0, 0, 0, 0
	for i := 0; i < n; i++ {
		c := s[i]
		switch {
		case '0' <= c && c <= '9':
			digits++
			hex++
			word++
		case 'a' <= c && c <= 'f', 'A' <= c && c <= 'F':
			letters++
			hex++
			word++
		case 'g' <= c && c <= 'z', 'G' <= c && c <= 'Z':
			letters++
			word++
		case c == '_' || c == '-':
			word++
		}
	}
	if digits == n {
		return true
	}
	if n == 36 && isUUID(s) {
		return true
	}
	if (n == 24 || n == 32) && hex == n && digits > 0 {
		return true
	}
	return n >= 8 && word == n && letters > 0 && digits > 0
}

func isUUID(s string) bool {
	for i := 0; i < 36; i++ {
		c := s[i]
		switch i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
				return false
			}
		}
	}
	return true
}

// pattern is an example path segment (or query value) holding unresolved
// {{...}} tokens: a wildcard when wildcard matching is on.
type pattern struct {
	whole string  // name of a whole-segment token; "" for a mixed pattern
	elems []pelem // mixed pattern: literal texts and tokens in order
	text  string  // the segment as written
}

type pelem struct {
	lit  string // literal text (when tok is false)
	tok  bool   // a token
	name string // the token's name
}

// compilePattern returns the pattern of a segment, or nil when it holds no
// complete {{...}} token.
func compilePattern(seg string) *pattern {
	if !strings.Contains(seg, "{{") {
		return nil
	}
	var elems []pelem
	last := 0
	for i := 0; i+1 < len(seg); {
		if seg[i] != '{' || seg[i+1] != '{' {
			i++
			continue
		}
		j := i + 2
		for j < len(seg) && seg[j] != '{' && seg[j] != '}' {
			j++
		}
		if j+1 >= len(seg) || seg[j] != '}' || seg[j+1] != '}' {
			i++
			continue
		}
		if i > last {
			elems = append(elems, pelem{lit: seg[last:i]})
		}
		elems = append(elems, pelem{tok: true, name: seg[i+2 : j]})
		last = j + 2
		i = j + 2
	}
	if len(elems) == 0 || (len(elems) == 1 && !elems[0].tok) {
		return nil
	}
	if last < len(seg) {
		elems = append(elems, pelem{lit: seg[last:]})
	}
	p := &pattern{text: seg}
	if len(elems) == 1 {
		p.whole = elems[0].name
		return p
	}
	p.elems = elems
	return p
}

// matchBudget bounds the backtracking of one mixed-pattern match, so that a
// hostile pattern cannot make matching slow.
const matchBudget = 4096

// match reports whether s matches the pattern: a whole token matches any
// non-empty text; a mixed pattern needs its literal parts to match ignoring
// case and gives each token at least one character, shortest first. With
// caps non-nil, the captured values are stored (first name wins).
func (p *pattern) match(s string, caps map[string]string) bool { return p.matchAs(s, caps, true) }

// matchAs is match with the literal parts compared under case folding
// (fold) or byte for byte (exact mode's steps 5–7).
func (p *pattern) matchAs(s string, caps map[string]string, fold bool) bool {
	if p.whole != "" || len(p.elems) == 0 {
		if s == "" {
			return false
		}
		if caps != nil {
			if _, ok := caps[p.whole]; !ok {
				caps[p.whole] = s
			}
		}
		return true
	}
	budget := matchBudget
	var vals []string
	if caps != nil {
		vals = make([]string, len(p.elems))
	}
	if !matchElems(p.elems, s, vals, fold, &budget) {
		return false
	}
	if caps != nil {
		for i, e := range p.elems {
			if e.tok {
				if _, ok := caps[e.name]; !ok {
					caps[e.name] = vals[i]
				}
			}
		}
	}
	return true
}

func matchElems(elems []pelem, s string, vals []string, fold bool, budget *int) bool {
	*budget--
	if *budget < 0 {
		return false
	}
	if len(elems) == 0 {
		return s == ""
	}
	e := elems[0]
	if !e.tok {
		n, ok := len(e.lit), strings.HasPrefix(s, e.lit)
		if fold {
			n, ok = foldPrefix(s, e.lit)
		}
		if !ok {
			return false
		}
		return matchElems(elems[1:], s[n:], advance(vals), fold, budget)
	}
	// Token ends fall on rune boundaries as Go decodes them (an invalid
	// byte is a rune of its own), shortest first.
	for k := 0; k < len(s); {
		_, size := utf8.DecodeRuneInString(s[k:])
		k += size
		if matchElems(elems[1:], s[k:], advance(vals), fold, budget) {
			if vals != nil {
				vals[0] = s[:k]
			}
			return true
		}
		if *budget < 0 {
			return false
		}
	}
	return false
}

// foldPrefix reports whether s starts with lit under simple case folding,
// comparing rune by rune (folded forms may differ in byte length, as the
// Kelvin sign and 'k' do), and returns how many bytes of s it spans.
func foldPrefix(s, lit string) (int, bool) {
	n := 0
	for _, lr := range lit {
		if n >= len(s) {
			return 0, false
		}
		sr, size := utf8.DecodeRuneInString(s[n:])
		if sr != lr && canonRune(sr) != canonRune(lr) {
			return 0, false
		}
		n += size
	}
	return n, true
}

func advance(vals []string) []string {
	if vals == nil {
		return nil
	}
	return vals[1:]
}

// maxLevRunes bounds the segments compared by edit distance; longer pairs are
// never "close" (our rule, keeps the distance step bounded).
const maxLevRunes = 512

// foldedSeg is a case-folded segment prepared for the distance step: its
// length in code points, a 64-bit set of them (rune mod 64) and a 256-bit
// set of its bigrams (hashed) for cheap lower bounds. Its runes are decoded only for
// the few pairs that pass the bounds, so trie nodes hold no rune slices.
type foldedSeg struct {
	text  string
	n     int // code points, as []rune(text) counts them
	mask  uint64
	gmask gramSet
}

// gramSet is a set of hashed bigrams.
type gramSet [4]uint64

func (g *gramSet) add(a, b rune) {
	x := gramSlot(a, b) & 255
	g[x>>6] |= 1 << (x & 63)
}

// missing returns how many of g's elements h lacks.
func (g *gramSet) missing(h *gramSet) int {
	return bits.OnesCount64(g[0]&^h[0]) + bits.OnesCount64(g[1]&^h[1]) +
		bits.OnesCount64(g[2]&^h[2]) + bits.OnesCount64(g[3]&^h[3])
}

// gramsApart reports whether two segments of bigram sets a and b are more
// than k edits apart for sure: an edit spoils at most two bigrams of either
// side, so a pair within k edits lacks at most 2k of each other's bigrams
// (and a missing hashed slot implies a missing bigram).
func gramsApart(a, b *gramSet, k int) bool {
	return a.missing(b) > 2*k || b.missing(a) > 2*k
}

func newFoldedSeg(folded string) foldedSeg {
	f := foldedSeg{text: folded}
	var prev rune
	for _, r := range folded {
		if f.n > 0 {
			f.gmask.add(prev, r)
		}
		f.n++
		f.mask |= 1 << (uint(r) & 63)
		prev = r
	}
	return f
}

// mayBeSimilar applies the bounds that need no edit distance: lengths
// within a quarter of the longer one, and no more than a quarter of it in
// code points one side has and the other lacks.
func (a *foldedSeg) mayBeSimilar(b *foldedSeg) bool {
	la, lb := a.n, b.n
	m := max(la, lb)
	if m == 0 || m > maxLevRunes || 4*abs(la-lb) > m {
		return m == 0
	}
	k := m / 4
	return bits.OnesCount64(a.mask&^b.mask) <= k && bits.OnesCount64(b.mask&^a.mask) <= k
}

// similar reports whether two folded segments are close enough for the
// distance step: 1 − lev(a,b)/max(len) ≥ 0.75 over code points, i.e. lev ≤
// max/4; it returns the Levenshtein distance.
func (a *foldedSeg) similar(b *foldedSeg) (int, bool) {
	var buf [64]rune
	return a.similarTo(b, appendRunes(buf[:0], b.text))
}

// similarTo is similar with b's runes already decoded (the request side
// decodes its segments once per call).
func (a *foldedSeg) similarTo(b *foldedSeg, rb []rune) (int, bool) {
	m := max(a.n, b.n)
	if m == 0 {
		return 0, true
	}
	if m > maxLevRunes {
		return 0, false
	}
	k := m / 4
	if gramsApart(&a.gmask, &b.gmask, k) {
		return 0, false
	}
	var buf [64]rune
	return levenshteinWithin(appendRunes(buf[:0], a.text), rb, k)
}

// appendRunes appends the code points of s as []rune(s) decodes them.
func appendRunes(dst []rune, s string) []rune {
	for _, r := range s {
		dst = append(dst, r)
	}
	return dst
}

// similar is the distance test on raw segments (used by Explain).
func similar(a, b string) (int, bool) {
	// Folding keeps the number of code points, of at most 4 bytes each: a
	// longer side is never close, and folding it would cost its length once
	// per candidate.
	if len(a) > 4*maxLevRunes || len(b) > 4*maxLevRunes {
		return 0, false
	}
	fa, fb := newFoldedSeg(foldKey(a)), newFoldedSeg(foldKey(b))
	if !fa.mayBeSimilar(&fb) {
		return 0, false
	}
	return fa.similar(&fb)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// levenshteinWithin returns lev(a, b) and true when it is at most k,
// computing only the diagonal band |i−j| ≤ k and stopping as soon as a row
// exceeds k.
func levenshteinWithin(a, b []rune, k int) (int, bool) {
	if abs(len(a)-len(b)) > k {
		return 0, false
	}
	const inf = 1 << 30
	var small [2][65]int
	var prev, cur []int
	if len(b) < 65 {
		prev, cur = small[0][:len(b)+1], small[1][:len(b)+1]
	} else {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		if j <= k {
			prev[j] = j
		} else {
			prev[j] = inf
		}
	}
	for i := 1; i <= len(a); i++ {
		lo, hi := max(1, i-k), min(len(b), i+k)
		if lo > 1 {
			cur[lo-1] = inf
		}
		if i <= k {
			cur[0] = i
		} else {
			cur[0] = inf
		}
		rowMin := cur[0]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if hi < len(b) {
			cur[hi+1] = inf
		}
		if rowMin > k {
			return 0, false
		}
		prev, cur = cur, prev
	}
	d := prev[len(b)]
	return d, d <= k
}

// myersPattern holds, for a pattern of 1 to 64 code points, the positions
// of each ASCII code point, for Myers' bit-parallel edit distance (G.
// Myers, JACM 1999, in H. Hyyrö's form for the global distance): one bit
// per pattern position, so each text code point costs a few word
// operations instead of a row of the table. Patterns come from a pool: a
// table on the stack would be cleared on every distance step, most of
// which never compute an edit distance.
type myersPattern struct {
	ascii [128]uint64
	set   []rune // the pattern whose positions ascii holds
}

var myersPool = sync.Pool{New: func() any { return new(myersPattern) }}

// use makes rs the pattern, clearing only the previous pattern's entries,
// which is cheaper than clearing the table.
func (p *myersPattern) use(rs []rune) {
	for _, r := range p.set {
		if r >= 0 && r < 128 {
			p.ascii[r] = 0
		}
	}
	p.set = append(p.set[:0], rs...)
	for i, r := range rs {
		if r >= 0 && r < 128 {
			p.ascii[r] |= 1 << i
		}
	}
}

// eq returns the positions of r in the pattern rs.
func (p *myersPattern) eq(rs []rune, r rune) uint64 {
	if r >= 0 && r < 128 {
		return p.ascii[r]
	}
	var b uint64
	for i, x := range rs {
		if x == r {
			b |= 1 << i
		}
	}
	return b
}

// within returns lev(rs, text), text having n code points, and whether it
// is at most k; it stops once the rest of text cannot bring the distance
// back within k (each code point moves it by at most one).
func (p *myersPattern) within(rs []rune, text string, n, k int) (int, bool) {
	pv, mv := ^uint64(0), uint64(0)
	last := uint64(1) << (len(rs) - 1)
	score, j := len(rs), 0
	for _, c := range text {
		eq := p.eq(rs, c)
		xv := eq | mv
		xh := (((eq & pv) + pv) ^ pv) | eq
		ph := mv | ^(xh | pv)
		mh := pv & xh
		if ph&last != 0 {
			score++
		} else if mh&last != 0 {
			score--
		}
		ph = ph<<1 | 1
		mh <<= 1
		pv = mh | ^(xv | ph)
		mv = ph & xv
		if j++; score-(n-j) > k {
			return 0, false
		}
	}
	if score > k {
		return 0, false
	}
	return score, true
}

// levenshtein is the plain edit distance (used to rank rejections).
func levenshtein(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
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
