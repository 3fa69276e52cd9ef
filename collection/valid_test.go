package collection_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/corpus"
	"github.com/postmock/postmock/internal/gen"
)

// validJSONCases are inputs with the answer of encoding/json.Valid.
var validJSONCases = []struct {
	in   string
	want bool
}{
	{``, false},
	{`   `, false},
	{`0`, true},
	{` -0 `, true},
	{`-`, false},
	{`01`, false},
	{`1.`, false},
	{`1.5e`, false},
	{`1.5e+`, false},
	{`1.5E-07`, true},
	{`-12.0e3`, true},
	{`+1`, false},
	{`.5`, false},
	{`0x10`, false},
	{`1 2`, false},
	{`true`, true},
	{`tru`, false},
	{`truex`, false},
	{`false`, true},
	{`null`, true},
	{`nul`, false},
	{`"a"`, true},
	{`"a`, false},
	{`"\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00"`, true},
	{`"\x"`, false},
	{`"\u12"`, false},
	{`"\u12g4"`, false},
	{"\"tab\there\"", false},
	{"\"nl\nhere\"", false},
	{"\"del\x7fok\"", true},
	{`"é and 😀"`, true},
	{`"\`, false},
	{`{}`, true},
	{`[]`, true},
	{` { } `, true},
	{`[ ]`, true},
	{`{]`, false},
	{`[}`, false},
	{`{"a":1}`, true},
	{`{"a" : [1, {"b": null}], "c": "d"}`, true},
	{`{"a":1,}`, false},
	{`[1,]`, false},
	{`[,1]`, false},
	{`{,"a":1}`, false},
	{`{"a"}`, false},
	{`{"a":}`, false},
	{`{a:1}`, false},
	{`{1:1}`, false},
	{`{"a" 1}`, false},
	{`[1 2]`, false},
	{`[1,,2]`, false},
	{`[[[]]]`, true},
	{`[[[]]`, false},
	{`[[]]]`, false},
	{`{"a":{"b":{"c":[]}}}`, true},
	{`{"a":1}}`, false},
	{`{"a":1} x`, false},
	{"\t\r\n[1]\n", true},
	{"\f[1]", false},
	{"[1]\x00", false},
	{"\xef\xbb\xbf[1]", false},
}

func TestValidJSONAgreesWithEncodingJSON(t *testing.T) {
	for _, tc := range validJSONCases {
		if got := collection.ValidJSON(tc.in); got != tc.want {
			t.Errorf("ValidJSON(%q) = %v, want %v", tc.in, got, tc.want)
		}
		if std := json.Valid([]byte(tc.in)); std != tc.want {
			t.Errorf("test case wrong: json.Valid(%q) = %v", tc.in, std)
		}
	}
}

func TestValidJSONBoundsNestingAsEncodingJSONDoes(t *testing.T) {
	for _, depth := range []int{collection.MaxNesting - 1, collection.MaxNesting, collection.MaxNesting + 1} {
		for _, open := range []string{"[", `{"a":`} {
			close := "]"
			if open != "[" {
				close = "}"
			}
			in := strings.Repeat(open, depth) + "1" + strings.Repeat(close, depth)
			got, want := collection.ValidJSON(in), json.Valid([]byte(in))
			if got != want || got != (depth <= collection.MaxNesting) {
				t.Errorf("depth %d of %q: ValidJSON = %v, json.Valid = %v", depth, open, got, want)
			}
		}
	}
	// Far deeper than the bound: refused without growing a stack per level.
	if collection.ValidJSON(strings.Repeat("[", 1<<22)) {
		t.Error("4 Mi of '[' reported valid")
	}
}

// TestValidJSONAcceptsEveryFile checks the syntax check on every collection
// and environment the tests load, and on every prefix-truncated copy of a
// small one.
func TestValidJSONAcceptsEveryFile(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		s := strings.TrimPrefix(string(data), "\xef\xbb\xbf")
		if got, want := collection.ValidJSON(s), json.Valid([]byte(s)); got != want {
			t.Errorf("%s: ValidJSON = %v, json.Valid = %v", name, got, want)
		}
		for n := range len(s) {
			if got, want := collection.ValidJSON(s[:n]), json.Valid([]byte(s[:n])); got != want {
				t.Fatalf("%s cut at %d: ValidJSON = %v, json.Valid = %v", name, n, got, want)
			}
		}
	}
	if !collection.ValidJSON(string(gen.Collection(300, 1))) {
		t.Error("generated collection reported invalid")
	}
}

func TestCorpusValidJSON(t *testing.T) {
	dir := corpus.Dir(t)
	for _, e := range corpus.Manifest(t, dir) {
		data, err := os.ReadFile(e.Path(dir))
		if err != nil {
			t.Fatal(err)
		}
		s := strings.TrimPrefix(string(data), "\xef\xbb\xbf")
		if !collection.ValidJSON(s) {
			t.Errorf("%s: reported invalid (json.Valid: %v)", e.File, json.Valid([]byte(s)))
		}
	}
}

func FuzzValidJSON(f *testing.F) {
	for _, tc := range validJSONCases {
		f.Add(tc.in)
	}
	f.Add(`{"a":[1,-2.5e+3,true,false,null,"\u00e9\n",{}],"b":{"c":[]}}`)
	f.Fuzz(func(t *testing.T, s string) {
		got, want := collection.ValidJSON(s), json.Valid([]byte(s))
		if got != want {
			t.Fatalf("ValidJSON(%q) = %v, json.Valid = %v", s, got, want)
		}
	})
}

func BenchmarkValidJSON(b *testing.B) {
	s := string(gen.Collection(3000, 1))
	b.Run("postmock", func(b *testing.B) {
		b.SetBytes(int64(len(s)))
		for b.Loop() {
			if !collection.ValidJSON(s) {
				b.Fatal("invalid")
			}
		}
	})
	b.Run("gjson", func(b *testing.B) {
		b.SetBytes(int64(len(s)))
		for b.Loop() {
			if !gjson.Valid(s) {
				b.Fatal("invalid")
			}
		}
	})
}
