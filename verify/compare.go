package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"mime"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/postmock/postmock/collection"
)

// maxDifferences is how many differences one example reports; the rest
// are counted.
const maxDifferences = 20

// Difference is one way a response differs from its example: where (Path:
// "status", "header Content-Type", "body", or a JSON path such as
// "$.data[0].id") and what (Message: "example number, got string").
type Difference struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// String is "path: message", as the text report shows it.
func (d Difference) String() string { return d.Path + ": " + d.Message }

// diffs collects differences up to maxDifferences.
type diffs struct {
	list []Difference
	more int
	// work is what is left of the example's budget of values visited
	// while probing array elements (nil: none spent yet).
	work *int
}

// maxProbeWork bounds the values shape visits to pick, for each element of
// a response array, the example element it is compared with: nested arrays
// would otherwise multiply the work.
const maxProbeWork = 1 << 20

func (d *diffs) add(path, format string, args ...any) {
	if len(d.list) >= maxDifferences {
		d.more++
		return
	}
	d.list = append(d.list, Difference{Path: path, Message: fmt.Sprintf(format, args...)})
}

func (d *diffs) n() int { return len(d.list) + d.more }

// mediaType is the lower-case media type of a Content-Type value.
func mediaType(v string) string {
	if t, _, err := mime.ParseMediaType(v); err == nil {
		return t
	}
	t, _, _ := strings.Cut(v, ";")
	return strings.ToLower(strings.TrimSpace(t))
}

// exampleContentType is the example's last enabled Content-Type header.
func exampleContentType(ex *collection.Example) string {
	ct := ""
	for _, h := range ex.Header {
		if !h.Disabled && strings.EqualFold(h.Key, "Content-Type") {
			ct = h.Value
		}
	}
	return ct
}

// decodeJSON decodes one JSON value (numbers kept as json.Number), or
// reports false when data is not exactly one JSON value.
func decodeJSON(data []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err == nil {
		return nil, false // more than one value
	}
	return v, true
}

// isJSONDocument reports whether text is a JSON object or array: the
// example bodies compared as JSON.
func isJSONDocument(text string) (any, bool) {
	t := strings.TrimSpace(text)
	if t == "" || (t[0] != '{' && t[0] != '[') {
		return nil, false
	}
	return decodeJSON([]byte(t))
}

// compareBody compares a response body with the example's body text (its
// variables resolved) under mode, adding differences to d, and returns a
// go-cmp diff for exact mode.
func compareBody(mode BodyMode, example string, got []byte, d *diffs) string {
	if mode == BodyNone {
		return ""
	}
	exv, isJSON := isJSONDocument(example)
	if !isJSON {
		switch mode {
		case BodyExact:
			if example != string(got) {
				d.add("body", "differs from the example's text")
				return cmp.Diff(example, string(got))
			}
		case BodySubset:
			if !bytes.Contains(got, []byte(strings.TrimSpace(example))) {
				d.add("body", "does not contain the example's text %s", quote(example))
			}
		}
		return "" // shape: a text example has no shape to check
	}
	gotv, ok := decodeJSON(got)
	if !ok {
		d.add("$", "example JSON, got a body that is not JSON: %s", quote(string(got)))
		return ""
	}
	switch mode {
	case BodyShape:
		shape("$", exv, gotv, d)
	case BodySubset:
		values("$", exv, gotv, false, d)
	case BodyExact:
		values("$", exv, gotv, true, d)
		if d.n() > 0 {
			return cmp.Diff(plain(exv), plain(gotv))
		}
	}
	return ""
}

// quote shows at most 80 bytes of s, quoted.
func quote(s string) string {
	const most = 80
	if len(s) > most {
		cut := most
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		return strconv.Quote(s[:cut]) + "…"
	}
	return strconv.Quote(s)
}

// kind names the JSON type of a decoded value.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return fmt.Sprintf("%T", v)
}

// article puts "a" or "an" before a kind.
func article(k string) string {
	if k == "array" || k == "object" {
		return "an " + k
	}
	return "a " + k
}

// member is the JSON path of key k under path.
func member(path, k string) string {
	simple := k != ""
	for i, r := range k {
		if !(r == '_' || r == '$' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			simple = false
			break
		}
	}
	if simple {
		return path + "." + k
	}
	return path + "[" + strconv.Quote(k) + "]"
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// shape checks that got has ex's JSON types at ex's paths
// (docs/verify.md#body-modes).
func shape(path string, ex, got any, d *diffs) {
	if d.work == nil {
		w := maxProbeWork
		d.work = &w
	}
	*d.work--
	if ex == nil || got == nil {
		// A null has no type to compare: an example's null does not show
		// the field's type, and a response's null is a nullable field
		// without a value, not a changed type (docs/verify.md#body-modes).
		return
	}
	if kind(ex) != kind(got) {
		d.add(path, "example %s, got %s", kind(ex), kind(got))
		return
	}
	switch ex := ex.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for _, k := range sortedKeys(ex) {
			gv, ok := g[k]
			if !ok {
				d.add(member(path, k), "missing; the example has %s", article(kind(ex[k])))
				continue
			}
			shape(member(path, k), ex[k], gv, d)
		}
	case []any:
		g := got.([]any)
		if len(ex) == 0 {
			return
		}
		for i, gv := range g {
			if d.n() >= maxDifferences {
				return
			}
			p := path + "[" + strconv.Itoa(i) + "]"
			shape(p, nearest(p, ex, i, gv, d.work), gv, d)
		}
	}
}

// nearest returns the element of an example array that got's element
// (the i-th of its array) fits in shape, else the one it differs least
// from. The example's i-th element is tried first, so a body compared with
// itself costs one pass; the others are tried while the example's work
// budget lasts, which bounds what a long response array can cost.
func nearest(path string, ex []any, i int, got any, work *int) any {
	first := min(i, len(ex)-1)
	if len(ex) == 1 {
		return ex[0]
	}
	best, bestN := first, -1
	for k := range ex {
		j := (first + k) % len(ex)
		if k > 0 && *work <= 0 {
			break
		}
		probe := diffs{work: work}
		shape(path, ex[j], got, &probe)
		if probe.n() == 0 {
			return ex[j]
		}
		if bestN < 0 || probe.n() < bestN {
			best, bestN = j, probe.n()
		}
	}
	return ex[best]
}

// placeholder reports whether an example string is (or holds) a {{name}}
// token: a value the mock renders, so any value (a whole token) or any
// string (a token inside text) stands for it.
func placeholder(s string) (whole, inside bool) {
	toks := collection.Tokens(s)
	if len(toks) == 0 {
		return false, false
	}
	t := strings.TrimSpace(s)
	return len(toks) == 1 && t == "{{"+toks[0]+"}}", true
}

// values checks that got holds ex's values: members of ex's objects
// present, arrays element by element and as long, numbers by value; with
// exact, got's objects may have no other members.
func values(path string, ex, got any, exact bool, d *diffs) {
	if s, ok := ex.(string); ok {
		if whole, inside := placeholder(s); whole {
			return
		} else if inside {
			if _, ok := got.(string); !ok {
				d.add(path, "example a string like %s, got %s", quote(s), article(kind(got)))
			}
			return
		}
	}
	if kind(ex) != kind(got) {
		d.add(path, "example %s, got %s", kind(ex), kind(got))
		return
	}
	switch ex := ex.(type) {
	case map[string]any:
		g := got.(map[string]any)
		for _, k := range sortedKeys(ex) {
			gv, ok := g[k]
			if !ok {
				d.add(member(path, k), "missing; the example has %s", article(kind(ex[k])))
				continue
			}
			values(member(path, k), ex[k], gv, exact, d)
		}
		if exact {
			for _, k := range sortedKeys(g) {
				if _, ok := ex[k]; !ok {
					d.add(member(path, k), "not in the example; got %s", article(kind(g[k])))
				}
			}
		}
	case []any:
		g := got.([]any)
		if len(ex) != len(g) {
			d.add(path, "example has %d elements, got %d", len(ex), len(g))
		}
		for i := range min(len(ex), len(g)) {
			values(path+"["+strconv.Itoa(i)+"]", ex[i], g[i], exact, d)
		}
	case json.Number:
		if !sameNumber(ex, got.(json.Number)) {
			d.add(path, "example %s, got %s", ex, got)
		}
	case string:
		if ex != got.(string) {
			d.add(path, "example %s, got %s", quote(ex), quote(got.(string)))
		}
	case bool:
		if ex != got.(bool) {
			d.add(path, "example %v, got %v", ex, got)
		}
	}
}

// sameNumber compares JSON numbers by value (1.0 equals 1, 1e2 equals 100).
func sameNumber(a, b json.Number) bool {
	if a == b {
		return true
	}
	if strings.ContainsAny(string(a)+string(b), "eE") {
		// An exponent may be huge: compare as floats, not exactly.
		x, err1 := strconv.ParseFloat(string(a), 64)
		y, err2 := strconv.ParseFloat(string(b), 64)
		return err1 == nil && err2 == nil && x == y
	}
	x, ok1 := new(big.Rat).SetString(string(a))
	y, ok2 := new(big.Rat).SetString(string(b))
	return ok1 && ok2 && x.Cmp(y) == 0
}

// plain turns json.Number into float64 for the go-cmp diff, which would
// otherwise print numbers as s"1".
func plain(v any) any {
	switch v := v.(type) {
	case json.Number:
		if f, err := v.Float64(); err == nil {
			return f
		}
		return string(v)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = plain(e)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = plain(e)
		}
		return out
	}
	return v
}
