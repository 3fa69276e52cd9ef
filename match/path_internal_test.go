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
		if got := isID(s); got != want {
			t.Errorf("isID(%q) = %v, want %v", s, got, want)
		}
	}
}
