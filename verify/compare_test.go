package verify_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/postmock/postmock/verify"
)

func TestBodyComparison(t *testing.T) {
	const (
		shape  = verify.BodyShape
		subset = verify.BodySubset
		exact  = verify.BodyExact
	)
	tests := []struct {
		name     string
		mode     verify.BodyMode
		example  string
		got      string
		want     []string
		wantDiff bool
	}{
		{"shape: same types, other values, extra members", shape, `{"id":1,"name":"a"}`, `{"id":2,"name":"b","x":true}`, nil, false},
		{"shape: changed type", shape, `{"data":[{"id":1}]}`, `{"data":[{"id":"1"}]}`, []string{"$.data[0].id: example number, got string"}, false},
		{"shape: missing member", shape, `{"a":{"b":[1]}}`, `{"a":{}}`, []string{"$.a.b: missing; the example has an array"}, false},
		{"shape: every response element checked against the example's", shape, `[{"id":1}]`, `[{"id":1},{"id":2},{"id":"x"}]`, []string{"$[2].id: example number, got string"}, false},
		{"shape: an element may fit any example element", shape, `[{"n":1},{"s":"a"}]`, `[{"s":"b"},{"n":2}]`, nil, false},
		{"shape: empty arrays fit", shape, `{"a":[]}`, `{"a":[1,"x"]}`, nil, false},
		{"shape: null in the example accepts any type", shape, `{"a":null}`, `{"a":{"b":1}}`, nil, false},
		{"shape: null in the response fits any example type", shape, `{"a":"x","o":{"b":1},"l":[1]}`, `{"a":null,"o":null,"l":null}`, nil, false},
		{"shape: null in a response array fits", shape, `{"l":[{"id":1}]}`, `{"l":[null,{"id":2},{"id":"x"}]}`, []string{"$.l[2].id: example number, got string"}, false},
		{"shape: a member null on both sides fits", shape, `{"a":null}`, `{"a":null}`, nil, false},
		{"shape: a null member must still be present", shape, `{"a":null}`, `{}`, []string{"$.a: missing; the example has a null"}, false},
		{"shape: odd keys are quoted", shape, `{"a b":1,"x.y":2}`, `{}`, []string{`$["a b"]: missing; the example has a number`, `$["x.y"]: missing; the example has a number`}, false},
		{"shape: root type", shape, `{"a":1}`, `[1]`, []string{"$: example object, got array"}, false},
		{"shape: response not JSON", shape, `{"a":1}`, `<html>`, []string{`$: example JSON, got a body that is not JSON: "<html>"`}, false},
		{"shape: text example checks nothing", shape, `hello`, `bye`, nil, false},
		{"subset: values present", subset, `{"a":1,"b":{"c":"x"}}`, `{"a":1.0,"b":{"c":"x","d":2},"e":3}`, nil, false},
		{"subset: other value", subset, `{"a":1,"s":"x","t":true}`, `{"a":2,"s":"y","t":false}`, []string{"$.a: example 1, got 2", `$.s: example "x", got "y"`, "$.t: example true, got false"}, false},
		{"subset: arrays element by element and as long", subset, `[1,2]`, `[1,3,4]`, []string{"$: example has 2 elements, got 3", "$[1]: example 2, got 3"}, false},
		{"subset: placeholders", subset, `{"id":"{{$guid}}","ref":"user-{{id}}"}`, `{"id":7,"ref":"user-9"}`, nil, false},
		{"subset: a token inside text wants a string", subset, `{"ref":"user-{{id}}"}`, `{"ref":9}`, []string{`$.ref: example a string like "user-{{id}}", got a number`}, false},
		{"subset: null is a value", subset, `{"a":null}`, `{"a":0}`, []string{"$.a: example null, got number"}, false},
		{"subset: null in the response is a value", subset, `{"a":0}`, `{"a":null}`, []string{"$.a: example number, got null"}, false},
		{"subset: text contained", subset, `ok`, `all ok`, nil, false},
		{"subset: text missing", subset, `ok`, `fail`, []string{`body: does not contain the example's text "ok"`}, false},
		{"exact: equal, numbers by value", exact, `{"a":[1,2],"b":100}`, `{"b":1e2,"a":[1.0,2]}`, nil, false},
		{"exact: extra member", exact, `{"a":1}`, `{"a":1,"b":2}`, []string{"$.b: not in the example; got a number"}, true},
		{"exact: text", exact, "a\nb\n", "a\nc\n", []string{"body: differs from the example's text"}, true},
		{"exact: large exponents compare as floats", exact, `[1e400000000]`, `[2e400000000]`, []string{"$[0]: example 1e400000000, got 2e400000000"}, true},
		{"none", verify.BodyNone, `{"a":1}`, `nonsense`, nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, diff := verify.CompareBody(tt.mode, tt.example, tt.got)
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("differences (-want +got):\n%s", d)
			}
			if (diff != "") != tt.wantDiff {
				t.Errorf("diff %q, want one: %v", diff, tt.wantDiff)
			}
		})
	}
}

func TestDifferencesAreBounded(t *testing.T) {
	var ex, got strings.Builder
	ex.WriteString("{")
	got.WriteString("{")
	for i := range 100 {
		if i > 0 {
			ex.WriteString(",")
			got.WriteString(",")
		}
		ex.WriteString(`"k` + strings.Repeat("x", i) + `":1`)
		got.WriteString(`"k` + strings.Repeat("x", i) + `":"1"`)
	}
	ex.WriteString("}")
	got.WriteString("}")
	d, _ := verify.CompareBody(verify.BodyShape, ex.String(), got.String())
	if len(d) != 20 {
		t.Errorf("%d differences reported, want 20", len(d))
	}
}

func TestRedactJSON(t *testing.T) {
	got, ok := verify.RedactJSON([]byte(`{"token":"t","list":[{"apiKey":{"a":1}}],"name":"n"}`))
	want := `{"list":[{"apiKey":"[redacted]"}],"name":"n","token":"[redacted]"}`
	if !ok || got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestLongHeterogeneousArrayFitsItself(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"data":[`)
	for i := range 30 {
		if i > 0 {
			b.WriteString(",")
		}
		switch {
		case i == 11:
			b.WriteString(`{"id":11,"concepts":[null]}`)
		case i == 15:
			b.WriteString(`{"id":15}`)
		default:
			b.WriteString(`{"id":1,"concepts":["a"],"pdf":"x"}`)
		}
	}
	b.WriteString(`]}`)
	if d, _ := verify.CompareBody(verify.BodyShape, b.String(), b.String()); len(d) != 0 {
		t.Errorf("a body compared with itself: %v", d)
	}
	// An element that fits no example element is compared with the one it
	// differs least from.
	d, _ := verify.CompareBody(verify.BodyShape, b.String(), `{"data":[{"id":"x"}]}`)
	if want := []string{"$.data[0].id: example number, got string"}; !cmp.Equal(d, want) {
		t.Errorf("got %v, want %v", d, want)
	}
}
