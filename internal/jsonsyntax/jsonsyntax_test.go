package jsonsyntax_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tidwall/gjson"

	"github.com/postmock/postmock/internal/jsonsyntax"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/internal/testsupport/gen"
)

// valid runs both instantiations and requires the same answer.
func valid(t testing.TB, s string) bool {
	t.Helper()
	a, b := jsonsyntax.Valid(s), jsonsyntax.Valid([]byte(s))
	if a != b {
		t.Fatalf("Valid(%.80q): string %v, []byte %v", s, a, b)
	}
	return a
}

// cases are inputs with the answer of encoding/json.Valid.
var cases = []struct {
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
	{"\"\xff\xfe not UTF-8\"", true},
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

func TestValidAgreesWithEncodingJSON(t *testing.T) {
	for _, tc := range cases {
		if got := valid(t, tc.in); got != tc.want {
			t.Errorf("Valid(%q) = %v, want %v", tc.in, got, tc.want)
		}
		if std := json.Valid([]byte(tc.in)); std != tc.want {
			t.Errorf("test case wrong: json.Valid(%q) = %v", tc.in, std)
		}
	}
}

func TestValidBoundsNestingAsEncodingJSONDoes(t *testing.T) {
	for _, depth := range []int{jsonsyntax.MaxNesting - 1, jsonsyntax.MaxNesting, jsonsyntax.MaxNesting + 1} {
		for _, open := range []string{"[", `{"a":`} {
			closing := "]"
			if open != "[" {
				closing = "}"
			}
			in := strings.Repeat(open, depth) + "1" + strings.Repeat(closing, depth)
			got, want := valid(t, in), json.Valid([]byte(in))
			if got != want || got != (depth <= jsonsyntax.MaxNesting) {
				t.Errorf("depth %d of %q: Valid = %v, json.Valid = %v", depth, open, got, want)
			}
		}
	}
}

// TestValidSurvivesHostileNesting feeds what overflows a recursive checker's
// stack (gjson.Valid dies on these: a fatal error, not a panic).
func TestValidSurvivesHostileNesting(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("[", 8<<20),
		strings.Repeat(`{"a":`, 2<<20),
		strings.Repeat("[", 8<<20) + strings.Repeat("]", 8<<20),
	} {
		if valid(t, in) {
			t.Errorf("%d bytes of nesting reported valid", len(in))
		}
	}
}

// TestValidOnGeneratedCollectionAndPrefixes checks a generated collection
// and every prefix of a small one against encoding/json.
func TestValidOnGeneratedCollectionAndPrefixes(t *testing.T) {
	if !valid(t, string(gen.Collection(300, 1))) {
		t.Error("generated collection reported invalid")
	}
	s := string(gen.Collection(3, 2))
	for n := range len(s) + 1 {
		if got, want := valid(t, s[:n]), json.Valid([]byte(s[:n])); got != want {
			t.Fatalf("cut at %d: Valid = %v, json.Valid = %v", n, got, want)
		}
	}
}

func TestCorpusValid(t *testing.T) {
	dir := corpus.Dir(t)
	for _, e := range corpus.Manifest(t, dir) {
		data, err := os.ReadFile(e.Path(dir))
		if err != nil {
			t.Fatal(err)
		}
		s := strings.TrimPrefix(string(data), "\xef\xbb\xbf")
		if !valid(t, s) {
			t.Errorf("%s: reported invalid (json.Valid: %v)", e.File, json.Valid([]byte(s)))
		}
	}
}

func FuzzValid(f *testing.F) {
	for _, tc := range cases {
		f.Add(tc.in)
	}
	f.Add(`{"a":[1,-2.5e+3,true,false,null,"\u00e9\n",{}],"b":{"c":[]}}`)
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := valid(t, s), json.Valid([]byte(s)); got != want {
			t.Fatalf("Valid(%q) = %v, json.Valid = %v", s, got, want)
		}
	})
}

func BenchmarkValid(b *testing.B) {
	s := string(gen.Collection(3000, 1))
	b.Run("string", func(b *testing.B) {
		b.SetBytes(int64(len(s)))
		for b.Loop() {
			if !jsonsyntax.Valid(s) {
				b.Fatal("invalid")
			}
		}
	})
	data := []byte(s)
	b.Run("bytes", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if !jsonsyntax.Valid(data) {
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

func ExampleValid() {
	fmt.Println(jsonsyntax.Valid(`{"id": 7, "tags": ["a", "b"]}`))
	fmt.Println(jsonsyntax.Valid([]byte(`{"id": 7,}`)))
	fmt.Println(jsonsyntax.Valid(strings.Repeat("[", 1<<20)))
	// Output:
	// true
	// false
	// false
}

// wordEdgeBytes are bytes the eight-at-a-time string scan must not take
// for a stop (neighbours of '"', '\\' and 0x20, and bytes whose borrow could
// mark a neighbour) and the stops themselves.
var wordEdgeBytes = []byte{0x00, 0x01, 0x1f, 0x20, 0x21, '"', '#', '[', '\\', ']', 0x7f, 0x80, 0xa2, 0xdc, 0xff}

// TestValidStringsWithEdgeBytesAtEveryOffset checks strings holding each
// edge byte, and each escape, at every offset against encoding/json.
func TestValidStringsWithEdgeBytesAtEveryOffset(t *testing.T) {
	var specials []string
	for _, c := range wordEdgeBytes {
		specials = append(specials, string(c))
	}
	specials = append(specials, `\"`, `\\`, `\n`, `\u00e9`, `\x`, `\u12`, "\\")
	for n := 0; n <= 20; n++ {
		for p := 0; p <= n; p++ {
			for _, sp := range specials {
				s := `"` + strings.Repeat("a", p) + sp + strings.Repeat("a", n-p) + `"`
				if got, want := valid(t, s), json.Valid([]byte(s)); got != want {
					t.Fatalf("Valid(%q) = %v, json.Valid = %v", s, got, want)
				}
			}
		}
	}
}
