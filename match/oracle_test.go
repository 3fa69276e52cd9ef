package match_test

import "testing"

// TestCanonicalJSONOracle pins the FuzzMatchBody oracle: another spelling
// of the same value (so the metamorphic check exercises the matcher's
// number and escape handling), and no answer where a re-encoding could
// change the meaning.
func TestCanonicalJSONOracle(t *testing.T) {
	tests := []struct {
		in, want string // want "" = not ok
	}{
		{`{"b":1.0,"a":[1e0,10E-1,-0.5e1]}`, `{"a":[1,1,-5],"b":1}`},
		{` { "x" : "<a&b>" , "y" : null , "z" : [ true , false ] } `, `{"x":"\u003ca\u0026b\u003e","y":null,"z":[true,false]}`},
		{`"\u00e9"`, `"é"`},
		{`1e400`, `1e400`}, // out of float64 range: kept as written
		{`123456789012345678901234567890`, `1.2345678901234568e+29`},
		{`{"a":{"c":1,"b":2}}`, `{"a":{"b":2,"c":1}}`},
		{`[]`, `[]`},
		{`{"a":1,"a":1}`, ""}, // duplicate keys
		{`{"a":{"b":1,"b":2}}`, ""},
		{`[1,2] 3`, ""}, // trailing data
		{`[1,2`, ""},
		{`{"a" 1}`, ""},
		{"\"\xff\"", ""}, // invalid UTF-8
		{``, ""},
	}
	for _, tt := range tests {
		got, ok := canonicalJSON([]byte(tt.in))
		if tt.want == "" {
			if ok {
				t.Errorf("canonicalJSON(%q) = %q, want not ok", tt.in, got)
			}
			continue
		}
		if !ok || string(got) != tt.want {
			t.Errorf("canonicalJSON(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}
