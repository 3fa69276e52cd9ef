package match

import (
	"strings"
)

// maxQueryPairs bounds how many request query pairs are compared; a request
// with more never scores as equal (it gets −10), which keeps hostile queries
// cheap.
const maxQueryPairs = 256

// parseRequestQuery splits a raw query the way docs/matching.md#query-scoring
// says: on '&', then on the first '='; each side decoded as a server does
// (decodeQuery); empty parts skipped; a bare "k" is k="".
func parseRequestQuery(raw string) []qpair {
	if raw == "" {
		return nil
	}
	n := strings.Count(raw, "&") + 1
	if n > maxQueryPairs {
		n = maxQueryPairs + 1
	}
	out := make([]qpair, 0, n)
	for part := range strings.SplitSeq(raw, "&") {
		if part == "" {
			continue
		}
		if len(out) > maxQueryPairs {
			break
		}
		k, v, _ := strings.Cut(part, "=")
		out = append(out, qpair{key: decodeQuery(k), value: decodeQuery(v)})
	}
	return out
}

// decodeQuery decodes a query key or value as a server does: '+' is a
// space, then percent-decoding (the text is kept when that fails). Example
// pairs are decoded the same way, so a Go client's q=a+b equals an example's
// q=a%20b.
func decodeQuery(s string) string {
	if strings.IndexByte(s, '+') >= 0 {
		s = strings.ReplaceAll(s, "+", " ")
	}
	return decode(s)
}

// queryAdjust scores the request's query pairs against the example's: +10
// when the multisets are equal (both empty included), +5 when equal ignoring
// the case of keys and values, −10 otherwise. A wildcard example value
// matches any value of its key.
func queryAdjust(ex, rq []qpair, wild bool) int {
	if len(ex) != len(rq) || len(rq) > maxQueryPairs {
		return -10
	}
	if len(ex) == 0 {
		return 10
	}
	if pairsEqual(ex, rq, wild, false) {
		return 10
	}
	if pairsEqual(ex, rq, wild, true) {
		return 5
	}
	return -10
}

// pairsEqual reports whether the example pairs and the request pairs can be
// paired one to one. Plain example pairs take an equal request pair first
// (equal pairs are interchangeable, so this never costs a wildcard its
// partner); wildcard values are then paired by maximum bipartite matching, so
// the order of the request's parameters never matters.
func pairsEqual(ex, rq []qpair, wild, fold bool) bool {
	var small [16]int
	var owner []int // request pair → index of the example pair holding it, or -1
	if len(rq) <= len(small) {
		owner = small[:len(rq)]
	} else {
		owner = make([]int, len(rq))
	}
	for j := range owner {
		owner[j] = -1
	}
	eq := func(a, b string) bool {
		if fold {
			return strings.EqualFold(a, b)
		}
		return a == b
	}
	var wilds []int
	for i, e := range ex {
		if wild && e.pat != nil {
			wilds = append(wilds, i)
			continue
		}
		found := false
		for j, r := range rq {
			if owner[j] < 0 && eq(e.key, r.key) && eq(e.value, r.value) {
				owner[j] = i
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	if len(wilds) == 0 {
		return true
	}
	fits := func(i, j int) bool {
		e, r := ex[i], rq[j]
		return eq(e.key, r.key) && (e.pat.whole != "" || e.pat.match(r.value, nil))
	}
	// Kuhn's augmenting paths; plain pairs keep their partners.
	plain := make([]bool, len(rq))
	for j, o := range owner {
		plain[j] = o >= 0
	}
	var seen []bool
	var augment func(i int) bool
	augment = func(i int) bool {
		for j := range rq {
			if plain[j] || seen[j] || !fits(i, j) {
				continue
			}
			seen[j] = true
			if owner[j] < 0 || augment(owner[j]) {
				owner[j] = i
				return true
			}
		}
		return false
	}
	for _, i := range wilds {
		seen = make([]bool, len(rq))
		if !augment(i) {
			return false
		}
	}
	return true
}
