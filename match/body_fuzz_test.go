package match_test

import (
	"bytes"
	"encoding/json"
	"io"
	"math/big"
	"regexp"
	"testing"
)

// FuzzBodySubset compares subset body matching (Index.Match with
// SubsetBody) with refSubset, a reading of issue 18 written from its text
// alone, on an example body and a request body that are both JSON.
func FuzzBodySubset(f *testing.F) {
	f.Add(`{"a":1}`, `{"a":1.0,"b":2}`)
	f.Add(`{"items":[{"sku":"A"},{"sku":"B"}]}`, `{"items":[{"sku":"A","n":1},{"sku":"B"}]}`)
	f.Add(`{"id":"{{id}}","u":"user-{{n}}"}`, `{"id":[1],"u":"user-7"}`)
	f.Add(`{"r":"{{a}}..{{b}}"}`, `{"r":"1...2"}`)
	f.Add(`[1,{"x":null}]`, `[1,{"x":null,"y":"{{z}}"}]`)
	f.Add(`{"n":9007199254740993}`, `{"n":9007199254740992}`)
	f.Fuzz(func(t *testing.T, example, body string) {
		want, ok1 := refDecodeJSON(example)
		got, ok2 := refDecodeJSON(body)
		if !ok1 || !ok2 || hugeExponent.MatchString(example) || hugeExponent.MatchString(body) {
			return
		}
		ix := bodyIndex(t, bodyEx{"e", "/f", rawJSON(example)})
		res := ix.Match(postJSON("/f", body), subsetCfg)
		if ref := refSubset(want, got); (res.Example != nil) != ref {
			t.Fatalf("example %s, request %s: Match says %v, the reference %v; %v", example, body, res.Example != nil, ref,
				ix.Explain(postJSON("/f", body), subsetCfg))
		}
	})
}

// hugeExponent keeps out numbers whose exact value is costly to build.
var hugeExponent = regexp.MustCompile(`[eE][+-]?0*[0-9]{4,}`)

func refDecodeJSON(s string) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

var (
	refWhole = regexp.MustCompile(`^\{\{[^{}]+\}\}$`)
	refToken = regexp.MustCompile(`\{\{[^{}]+\}\}`)
)

// refSubset is issue 18's subset rule: every key of the example's object
// in the request's with a matching value, recursively; arrays element by
// element with the same length; scalars by value, numbers by value; a
// string that is a {{name}} token matches any value, one with tokens
// inside matches strings of that shape (each token one character or more).
func refSubset(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !refSubset(wv, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !refSubset(w[i], g[i]) {
				return false
			}
		}
		return true
	case string:
		if refWhole.MatchString(w) {
			return true
		}
		g, ok := got.(string)
		if !ok {
			return false
		}
		if refToken.MatchString(w) {
			lits := refToken.Split(w, -1)
			re := "(?s)^"
			for i, l := range lits {
				if i > 0 {
					re += "(.+)"
				}
				re += regexp.QuoteMeta(l)
			}
			return regexp.MustCompile(re + "$").MatchString(g)
		}
		return g == w
	case json.Number:
		g, ok := got.(json.Number)
		if !ok {
			return false
		}
		a, ok1 := new(big.Rat).SetString(string(w))
		b, ok2 := new(big.Rat).SetString(string(g))
		return ok1 && ok2 && a.Cmp(b) == 0
	default: // nil, bool
		return want == got
	}
}
