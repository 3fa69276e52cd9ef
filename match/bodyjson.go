package match

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// placeholder is a JSON string of an example body holding unresolved
// {{...}} tokens. In subset mode a whole token matches any value and a
// mixed one strings of its shape; in exact mode it is its text, as in
// Postman.
type placeholder struct {
	text  string
	whole string  // the name of a whole-string token; "" for a mixed one
	elems []pelem // mixed: literal texts and tokens in order
}

// compilePlaceholders replaces, in a decoded example value, the strings
// holding a complete {{name}} token by placeholders. The value comes from
// encoding/json, so it nests at most 10,000 deep.
func compilePlaceholders(v any) any {
	switch x := v.(type) {
	case string:
		if p := newPlaceholder(x); p != nil {
			return p
		}
	case []any:
		for i := range x {
			x[i] = compilePlaceholders(x[i])
		}
	case map[string]any:
		for k, e := range x {
			x[k] = compilePlaceholders(e)
		}
	}
	return v
}

func newPlaceholder(s string) *placeholder {
	p := compilePattern(s)
	if p == nil {
		return nil
	}
	// A token needs a name ({{}} is text).
	if p.whole == "" && len(p.elems) == 0 {
		return nil
	}
	for _, e := range p.elems {
		if e.tok && e.name == "" {
			return nil
		}
	}
	return &placeholder{text: s, whole: p.whole, elems: p.elems}
}

// matchString reports whether s has the placeholder's shape: its literal
// parts in order, case-sensitive, each token at least one character. The
// first token takes as little as it can (so "{{a}}-{{b}}" splits "x-y-z"
// as "x" and "y-z"), which a single left-to-right pass finds: a literal
// placed earliest never prevents a later one from matching. With caps
// non-nil the tokens' values are stored (first name wins; $ names are
// dynamic variables and not stored).
func (p *placeholder) matchString(s string, caps map[string]string) bool {
	type span struct{ name, val string }
	var got []span
	pos := 0
	els := p.elems
	for i := 0; i < len(els); i++ {
		e := els[i]
		if !e.tok {
			if !strings.HasPrefix(s[pos:], e.lit) {
				return false
			}
			pos += len(e.lit)
			continue
		}
		// A run of adjacent tokens: each takes one rune, the last the rest
		// up to where the next literal is found.
		start := pos
		var names []string
		var ends []int
		for ; i < len(els) && els[i].tok; i++ {
			if pos >= len(s) {
				return false
			}
			_, size := utf8.DecodeRuneInString(s[pos:])
			pos += size
			names = append(names, els[i].name)
			ends = append(ends, pos)
		}
		i--                  // the loop's i++ moves to the literal, if any
		if i+1 == len(els) { // tokens end the pattern: the last takes the rest
			pos = len(s)
		} else {
			lit := els[i+1].lit
			if i+2 == len(els) { // the final literal sits at the end
				if len(s)-len(lit) < pos || !strings.HasSuffix(s, lit) {
					return false
				}
				pos = len(s) - len(lit)
			} else {
				k := strings.Index(s[pos:], lit)
				if k < 0 {
					return false
				}
				pos += k
			}
		}
		ends[len(ends)-1] = pos
		from := start
		for j, n := range names {
			got = append(got, span{n, s[from:ends[j]]})
			from = ends[j]
		}
	}
	if pos != len(s) {
		return false
	}
	if caps != nil {
		for _, g := range got {
			capture(caps, g.name, g.val)
		}
	}
	return true
}

func capture(caps map[string]string, name, val string) {
	if strings.HasPrefix(name, "$") {
		return
	}
	if _, ok := caps[name]; !ok {
		caps[name] = val
	}
}

// jsonCmp compares an example's decoded JSON value with a request's: in
// exact mode equal (key order ignored, numbers by value), in subset mode
// every member of the example's objects present and matching, arrays
// element by element of the same length, placeholders matching. Paths of
// ign are left out on both sides. With explain set, the first difference
// is kept in why, as a path; with caps non-nil, placeholder values are
// captured.
type jsonCmp struct {
	subset  bool
	ign     *ignoreSet
	caps    map[string]string
	explain bool
	path    []any // explain: the keys (string) and indexes (int) to here
	why     string
}

func (x *jsonCmp) fail(format string, args ...any) bool {
	if x.explain && x.why == "" {
		x.why = jsonPath(x.path) + ": " + fmt.Sprintf(format, args...)
	}
	return false
}

func (x *jsonCmp) failAt(k any, format string, args ...any) bool {
	if x.explain {
		x.path = append(x.path, k)
		x.fail(format, args...)
		x.path = x.path[:len(x.path)-1]
	}
	return false
}

// value compares want (example side: nil, bool, json.Number, string,
// *placeholder, []any, map[string]any) with got (request side, the same
// without placeholders). st are the ignore states at this place.
func (x *jsonCmp) value(want, got any, st []ignState) bool {
	switch w := want.(type) {
	case nil:
		if got == nil {
			return true
		}
	case bool:
		if g, ok := got.(bool); ok && g == w {
			return true
		}
	case json.Number:
		if g, ok := got.(json.Number); ok && numEqual(string(w), string(g)) {
			return true
		}
	case string:
		if g, ok := got.(string); ok && g == w {
			return true
		}
	case *placeholder:
		if !x.subset {
			if g, ok := got.(string); ok && g == w.text {
				return true
			}
			break
		}
		if w.whole != "" {
			if x.caps != nil {
				capture(x.caps, w.whole, captureText(got))
			}
			return true
		}
		if g, ok := got.(string); ok && w.matchString(g, x.caps) {
			return true
		}
	case []any:
		if g, ok := got.([]any); ok {
			return x.array(w, g, st)
		}
	case map[string]any:
		if g, ok := got.(map[string]any); ok {
			return x.object(w, g, st)
		}
	}
	if x.explain {
		x.fail("example %s, request %s", describe(want), describe(got))
	}
	return false
}

func (x *jsonCmp) array(w, g []any, st []ignState) bool {
	if x.ign == nil || len(st) == 0 {
		if len(w) != len(g) {
			if x.explain {
				x.fail("example has %d elements, request %d", len(w), len(g))
			}
			return false
		}
		for i := range w {
			if !x.elem(i, w[i], g[i], nil) {
				return false
			}
		}
		return true
	}
	// Ignored elements are taken out of both sides before comparing.
	type el struct {
		i  int
		st []ignState
	}
	keep := func(n int) []el {
		var out []el
		for i := range n {
			if next, ignored := x.ign.index(st, i); !ignored {
				out = append(out, el{i, next})
			}
		}
		return out
	}
	wk, gk := keep(len(w)), keep(len(g))
	if len(wk) != len(gk) {
		if !x.explain {
			return false
		}
		return x.fail("example has %d elements, request %d (ignored paths left out)", len(wk), len(gk))
	}
	for j := range wk {
		if !x.elem(wk[j].i, w[wk[j].i], g[gk[j].i], wk[j].st) {
			return false
		}
	}
	return true
}

func (x *jsonCmp) elem(i int, w, g any, st []ignState) bool {
	if x.explain {
		x.path = append(x.path, i)
		defer func() { x.path = x.path[:len(x.path)-1] }()
	}
	return x.value(w, g, st)
}

func (x *jsonCmp) object(w, g map[string]any, st []ignState) bool {
	keys := func(m map[string]any) []string {
		ks := make([]string, 0, len(m))
		for k := range m {
			ks = append(ks, k)
		}
		slices.Sort(ks) // the first difference is the first key in order
		return ks
	}
	member := func(k string, wv any) bool {
		var next []ignState
		if len(st) > 0 {
			var ignored bool
			if next, ignored = x.ign.key(st, k); ignored {
				return true
			}
		}
		gv, ok := g[k]
		if !ok {
			return x.failAt(k, "missing in request")
		}
		if x.explain {
			x.path = append(x.path, k)
			defer func() { x.path = x.path[:len(x.path)-1] }()
		}
		return x.value(wv, gv, next)
	}
	if x.explain {
		for _, k := range keys(w) {
			if !member(k, w[k]) {
				return false
			}
		}
	} else {
		// Scalars first: most candidates differ in some id or kind, which
		// is cheaper to find than a difference deep in a container.
		for k, wv := range w {
			if !isContainer(wv) && !member(k, wv) {
				return false
			}
		}
		for k, wv := range w {
			if isContainer(wv) && !member(k, wv) {
				return false
			}
		}
	}
	if x.subset {
		return true
	}
	// Exact: the request may have no member the example lacks (ignored
	// ones aside). With every example member present, equal sizes say so.
	if len(st) == 0 && len(g) == len(w) {
		return true
	}
	extra := func(k string) bool {
		if _, ok := w[k]; ok {
			return false
		}
		_, ignored := x.ign.key(st, k)
		return !ignored
	}
	if x.explain {
		for _, k := range keys(g) {
			if extra(k) {
				return x.failAt(k, "not in example, request %s", describe(g[k])) // explain only
			}
		}
		return true
	}
	for k := range g {
		if extra(k) {
			return false
		}
	}
	return true
}

func isContainer(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// captureText is what a whole placeholder captures: a string's text, or
// the JSON text of any other value.
func captureText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// jsonPath formats a path as $.key[2]["odd key"].
func jsonPath(p []any) string {
	var b strings.Builder
	b.WriteString("$")
	for _, e := range p {
		switch k := e.(type) {
		case int:
			b.WriteString("[" + strconv.Itoa(k) + "]")
		case string:
			if isIdent(k) {
				b.WriteString("." + k)
			} else {
				b.WriteString("[" + strconv.Quote(k) + "]")
			}
		}
	}
	return b.String()
}

func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (i > 0 && (c >= '0' && c <= '9' || c == '-')) {
			continue
		}
		return false
	}
	return true
}

// maxDescribed bounds how much of a string a difference quotes.
const maxDescribed = 60

// describe shows a value in a difference: strings quoted (long ones cut),
// numbers, true, false, null, and containers by size.
func describe(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return strconv.FormatBool(x)
	case json.Number:
		return cut(string(x))
	case string:
		return strconv.Quote(cut(x))
	case *placeholder:
		return strconv.Quote(cut(x.text))
	case []any:
		return fmt.Sprintf("an array of %d", len(x))
	case map[string]any:
		return fmt.Sprintf("an object of %d members", len(x))
	}
	return "?"
}

func cut(s string) string {
	if len(s) <= maxDescribed {
		return s
	}
	n := maxDescribed
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// numEqual compares two JSON numbers by value, exactly: 1, 1.0 and 1e0
// are equal, 9007199254740993 and 9007199254740992 are not.
func numEqual(a, b string) bool {
	if a == b {
		return true
	}
	na, ok := normNum(a)
	if !ok {
		return false
	}
	nb, ok := normNum(b)
	return ok && na == nb
}

// normNum returns a canonical form of a JSON number: sign, significant
// digits and decimal exponent. ok is false for an exponent too large to
// read, which then equals only the same text.
func normNum(s string) (string, bool) {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	mant, expText, hasExp := strings.Cut(s, "e")
	if !hasExp {
		mant, expText, hasExp = strings.Cut(s, "E")
	}
	exp := 0
	if hasExp {
		e, err := strconv.Atoi(expText)
		if err != nil || e > 1e9 || e < -1e9 {
			return "", false
		}
		exp = e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	digits := intPart + frac
	exp += len(intPart)
	for len(digits) > 0 && digits[0] == '0' {
		digits = digits[1:]
		exp--
	}
	digits = strings.TrimRight(digits, "0")
	if digits == "" {
		return "0", true
	}
	sign := ""
	if neg {
		sign = "-"
	}
	return sign + digits + "e" + strconv.Itoa(exp), true
}
