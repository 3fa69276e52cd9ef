package match

import (
	"math/rand/v2"
	"testing"
)

// TestLevenshteinWithinAgreesWithPlainDP checks the banded, early-exit edit
// distance against the plain dynamic programme on random short strings.
func TestLevenshteinWithinAgreesWithPlainDP(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alpha := []rune("abcé")
	word := func() []rune {
		n := r.IntN(12)
		w := make([]rune, n)
		for i := range w {
			w[i] = alpha[r.IntN(len(alpha))]
		}
		return w
	}
	for range 20000 {
		a, b := word(), word()
		k := r.IntN(6)
		want := levenshtein(a, b)
		got, ok := levenshteinWithin(a, b, k)
		if ok != (want <= k) || (ok && got != want) {
			t.Fatalf("lev(%q, %q) within %d = %d, %v; plain = %d", string(a), string(b), k, got, ok, want)
		}
	}
}

func TestMayBeSimilarNeverRejectsASimilarPair(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		a := []rune("documents")[:1+r.IntN(9)]
		b := append([]rune(nil), a...)
		if len(b) > 0 && r.IntN(2) == 0 {
			b[r.IntN(len(b))] = 'x'
		}
		fa, fb := newFoldedSeg(string(a)), newFoldedSeg(string(b))
		if _, ok := fa.similar(&fb); ok && !fa.mayBeSimilar(&fb) {
			t.Fatalf("%q ~ %q rejected by the cheap bounds", string(a), string(b))
		}
	}
}

func TestIsID(t *testing.T) {
	for s, want := range map[string]bool{
		"42": true, "9f1c2e3a-0000-4000-8000-000000000001": true, "9F1C2E3A-0000-4000-8000-00000000000A": true,
		"507f1f77bcf86cd799439011": true, "a1b2c3d4": true, "cus_9f8e7d6c": true,
		"carol": false, "v1": false, "oauth2": false, "AA": false, "": false, "abcdefabcdefabcdefabcdef": false,
	} {
		if got := IsID(s); got != want {
			t.Errorf("IsID(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestMyersWithinAgreesWithPlainDP checks the bit-parallel edit distance
// against the plain dynamic programme, with ASCII and other code points and
// patterns up to the 64 it handles, reusing one table across patterns.
func TestMyersWithinAgreesWithPlainDP(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	alpha := []rune("abcdé\u212aK\uFFFD")
	word := func(lo, hi int) []rune {
		w := make([]rune, lo+r.IntN(hi-lo+1))
		for i := range w {
			w[i] = alpha[r.IntN(len(alpha))]
		}
		return w
	}
	var p myersPattern
	for range 20000 {
		pat, text := word(1, 64), word(0, 80)
		if r.IntN(4) == 0 {
			text = append([]rune(nil), pat...) // near matches too
			if len(text) > 0 {
				text[r.IntN(len(text))] = 'z'
			}
		}
		p.use(pat)
		k := r.IntN(20)
		want := levenshtein(pat, text)
		got, ok := p.within(pat, string(text), len(text), k)
		if ok != (want <= k) || (ok && got != want) {
			t.Fatalf("lev(%q, %q) within %d = %d, %v; plain = %d", string(pat), string(text), k, got, ok, want)
		}
	}
}

// TestGramBoundNeverRejectsASimilarPair checks the bigram bound used before
// edit distances: pairs within k edits are never ruled out.
func TestGramBoundNeverRejectsASimilarPair(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	alpha := []rune("abcdeé-")
	for range 50000 {
		a := make([]rune, 1+r.IntN(30))
		for i := range a {
			a[i] = alpha[r.IntN(len(alpha))]
		}
		b := append([]rune(nil), a...)
		for range r.IntN(6) {
			p := r.IntN(len(b) + 1)
			switch r.IntN(3) {
			case 0:
				b = append(b[:p], append([]rune{alpha[r.IntN(len(alpha))]}, b[p:]...)...)
			case 1:
				if p < len(b) {
					b = append(b[:p], b[p+1:]...)
				}
			default:
				if p < len(b) {
					b[p] = alpha[r.IntN(len(alpha))]
				}
			}
		}
		fa, fb := newFoldedSeg(string(a)), newFoldedSeg(string(b))
		d := levenshtein(a, b)
		if gramsApart(&fa.gmask, &fb.gmask, d) {
			t.Fatalf("%q and %q are %d edits apart, but the bigram bound says more", string(a), string(b), d)
		}
	}
}
