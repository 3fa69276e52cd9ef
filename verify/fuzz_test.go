package verify_test

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/postmock/postmock/verify"
)

// FuzzParseCodes: any text parses or fails without a panic, and a parsed
// set holds exactly codes listed or of a listed class.
func FuzzParseCodes(f *testing.F) {
	for _, s := range []string{"", "2xx", "200,404", " 5XX , 201 ", "2yy", "99", "1000", "+20", ",", "200,,"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cs, err := verify.ParseCodes(s)
		if err != nil {
			return
		}
		// Every listed code or class is in the set.
		for part := range strings.SplitSeq(s, ",") {
			p := strings.ToLower(strings.TrimSpace(part))
			code := 0
			if strings.HasSuffix(p, "xx") && len(p) == 3 {
				code = int(p[0]-'0')*100 + 42
			} else if n, err := strconv.Atoi(p); err == nil {
				code = n
			} else if strings.TrimSpace(s) != "" {
				t.Fatalf("%q parsed, but part %q is no code", s, part)
			}
			if code != 0 && !cs.Contains(code) {
				t.Fatalf("%q parsed without %d", s, code)
			}
		}
	})
}

// FuzzCompareBody: any pair of bodies compares without a panic, in every
// mode; a JSON document compared with itself has no differences.
func FuzzCompareBody(f *testing.F) {
	f.Add(`{"a":[1,{"b":null}],"c":"{{x}}"}`, `{"a":[1,{"b":2}]}`)
	f.Add(`[[[1]],[["x"]]]`, `[[[1],["y"]]]`)
	f.Add(`text`, `{"a":1}`)
	f.Add(`{"n":1e999}`, `{"n":1e999}`)
	f.Fuzz(func(t *testing.T, example, got string) {
		for _, mode := range []verify.BodyMode{verify.BodyShape, verify.BodySubset, verify.BodyExact, verify.BodyNone} {
			verify.CompareBody(mode, example, got)
		}
		var v any
		if json.Unmarshal([]byte(example), &v) != nil {
			return
		}
		if _, ok := v.([]any); !ok {
			if _, ok := v.(map[string]any); !ok {
				return
			}
		}
		for _, mode := range []verify.BodyMode{verify.BodyShape, verify.BodyExact} {
			if d, _ := verify.CompareBody(mode, example, example); len(d) != 0 {
				t.Errorf("%s: %s compared with itself: %v", mode, example, d)
			}
		}
	})
}
