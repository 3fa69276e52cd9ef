package collection

import (
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/tidwall/gjson"
)

// FuzzWalkMatchesGJSON checks the loader's walk (doc.each, doc.member)
// against gjson's ForEach on valid JSON: same members, keys and values.
func FuzzWalkMatchesGJSON(f *testing.F) {
	for _, s := range []string{
		`{"a":1,"b":[true,false,null,-1.5e3],"c":{"d":"e\"f\\g\u00e9\ud83d\ude00\ud800x"}}`,
		`[{"k":"v"},[],{},"",0]`,
		` { "a" : [ 1 , 2 ] , "a" : "dup" } `,
		`{"big":"` + strings.Repeat(`\"x\\`, 100) + `","after":[` + strings.Repeat(`{"q":"]}"},`, 40) + `1]}`,
		`"\/\b\f\n\r\t"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !gjson.Valid(s) {
			return
		}
		d, ok := index(s)
		if !ok {
			return
		}
		ours, theirs := d.root(), gjson.Parse(s)
		theirs.Raw = strings.TrimRight(theirs.Raw, " \t\r\n")
		compareWalk(t, d, ours, theirs, 0)
	})
}

func compareWalk(t *testing.T, d *doc, ours, theirs gjson.Result, depth int) {
	t.Helper()
	if ours.Type != theirs.Type || ours.Raw != theirs.Raw || ours.Str != theirs.Str || ours.Num != theirs.Num {
		t.Fatalf("value differs:\n ours   %v %q %q %v\n gjson  %v %q %q %v", ours.Type, ours.Raw, ours.Str, ours.Num,
			theirs.Type, theirs.Raw, theirs.Str, theirs.Num)
	}
	if ours.Type != gjson.JSON || depth > 50 {
		return
	}
	type kv struct{ k, v gjson.Result }
	var a, b []kv
	d.each(ours, func(k, v gjson.Result) bool { a = append(a, kv{k, v}); return true })
	theirs.ForEach(func(k, v gjson.Result) bool { b = append(b, kv{k, v}); return true })
	if len(a) != len(b) {
		t.Fatalf("%q: %d members, gjson %d", ours.Raw, len(a), len(b))
	}
	obj := ours.IsObject()
	for i := range a {
		if obj {
			if a[i].k.Str != b[i].k.Str || a[i].k.Raw != b[i].k.Raw {
				t.Fatalf("key %d: %q (%q), gjson %q (%q)", i, a[i].k.Str, a[i].k.Raw, b[i].k.Str, b[i].k.Raw)
			}
			// member returns the first member of that name.
			first := -1
			for j := range b {
				if b[j].k.Str == b[i].k.Str {
					first = j
					break
				}
			}
			if m := d.member(ours, a[i].k.Str); m.Raw != b[first].v.Raw {
				t.Fatalf("member(%q) = %q, want %q", a[i].k.Str, m.Raw, b[first].v.Raw)
			}
		}
		compareWalk(t, d, a[i].v, b[i].v, depth+1)
	}
}

func TestIndexSkipsLargeContainers(t *testing.T) {
	big := `{"a":[` + strings.Repeat(`"0123456789",`, 50) + `1],"b":{"c":"]}"}}`
	d, ok := index(big)
	if !ok {
		t.Fatal("index failed")
	}
	// The root and the large array are indexed; {"c":...} is small.
	if len(d.opens) != 2 || d.end(0) != len(big) || d.end(5) != strings.Index(big, `,"b"`) {
		t.Errorf("opens %v closes %v", d.opens, d.closes)
	}
	if d.end(strings.Index(big, `{"c"`)) != -1 {
		t.Error("small container indexed")
	}
	if _, ok := index(strings.Repeat("[", maxNesting) + strings.Repeat("]", maxNesting)); !ok {
		t.Error("maxNesting levels rejected")
	}
	if _, ok := index(strings.Repeat("[", maxNesting+1)); ok {
		t.Error("maxNesting+1 levels accepted")
	}
	// Brackets inside strings do not count.
	if _, ok := index(`"` + strings.Repeat("[", maxNesting+1) + `"`); !ok {
		t.Error("brackets inside a string counted")
	}
}

// TestDocEndInAnyOrder checks that end finds every indexed container
// whatever the order of the lookups (the walk asks mostly in document
// order; member lookups go back), and no end for other offsets.
func TestDocEndInAnyOrder(t *testing.T) {
	s := `{"a":[{"k":"v1","w":"x1"},{"k":"v2","w":"x2"}],"b":{"c":[1,2,3,4,5,6,7],"d":{"e":"0123456789"}},"f":[[],{},[{"g":"hhhhhhhhhhhhh"}]]}`
	d, ok := index(s)
	if !ok || len(d.opens) < 6 {
		t.Fatalf("index: ok %v, %d containers", ok, len(d.opens))
	}
	want := func(off int) int {
		if k, found := slices.BinarySearch(d.opens, off); found {
			return d.closes[k]
		}
		return -1
	}
	n := len(d.opens)
	orders := [][]int{}
	fwd, back, zigzag := make([]int, n), make([]int, n), []int{}
	for k := range n {
		fwd[k], back[k] = k, n-1-k
		zigzag = append(zigzag, k, k/2, k)
	}
	orders = append(orders, fwd, back, zigzag)
	for _, order := range orders {
		v := d.view()
		for _, k := range order {
			off := d.opens[k]
			if got := v.end(off); got != d.closes[k] {
				t.Fatalf("end(%d) = %d, want %d", off, got, d.closes[k])
			}
			if got := v.end(off + 1); got != want(off+1) {
				t.Fatalf("end(%d) = %d, want %d", off+1, got, want(off+1))
			}
		}
	}
	if got := (*doc)(nil).end(0); got != -1 {
		t.Errorf("nil doc: end = %d", got)
	}
	empty, _ := index(`"no containers"`)
	if got := empty.end(0); got != -1 {
		t.Errorf("no containers: end = %d", got)
	}
}

// TestWorkerStateEndsWithACacheLineGap guards the padding of the state each
// load worker writes on every step (a doc view's cursor, a parser's scratch
// lists): two workers' copies are allocated side by side, and without a
// cache line between one's written fields and the next one's fields the
// cores keep taking the line from each other.
func TestWorkerStateEndsWithACacheLineGap(t *testing.T) {
	var d doc
	var p parser
	for _, tc := range []struct {
		name       string
		size, tail uintptr // the struct's size; the end of its last field before the gap
	}{
		{"doc", unsafe.Sizeof(d), unsafe.Offsetof(d.last) + unsafe.Sizeof(d.last)},
		{"parser", unsafe.Sizeof(p), unsafe.Offsetof(p.hdrs) + unsafe.Sizeof(p.hdrs)},
	} {
		if gap := tc.size - tc.tail; gap < cacheLine {
			t.Errorf("%s: %d bytes after its last field, want at least %d", tc.name, gap, cacheLine)
		}
	}
}

// stringEndByPairs is the oracle of stringEnd, by another rule than its
// own (which counts the backslashes before each quote): reading forward,
// a backslash escapes the byte after it, and the first unescaped quote ends
// the string.
func stringEndByPairs(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			return j + 1
		}
	}
	return len(s)
}

func FuzzStringEnd(f *testing.F) {
	for _, s := range []string{
		`"plain"`, `"a\"b"`, `"a\\"b"`, `"a\\\"b\\\\"`, `"unterminated\`, `"\u00e9\n\t\/"`,
		`"{\"id\": 1, \"name\": \"x\"}" "next"`, `"` + strings.Repeat(`\\`, 9) + `"`, `""`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for i := 0; i < len(s); i++ {
			if s[i] == '"' {
				if got, want := stringEnd(s, i), stringEndByPairs(s, i); got != want {
					t.Fatalf("stringEnd(%q, %d) = %d, want %d", s, i, got, want)
				}
			}
		}
	})
}
