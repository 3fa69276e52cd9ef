package match

import (
	"strings"
)

// maxQueryPairs bounds how many request query pairs are compared; a request
// with more never scores as equal (it gets −10), which keeps hostile queries
// cheap.
const maxQueryPairs = 256

// parseRequestQuery splits a raw query the way the spec says (matching.md
// §5): on '&', then on the first '='; each side percent-decoded with '+'
// kept; empty parts skipped; a bare "k" is k="".
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
		out = append(out, qpair{key: decode(k), value: decode(v)})
	}
	return out
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

// pairsEqual reports whether every example pair can be paired with a
// distinct request pair; plain values are paired before wildcard ones.
func pairsEqual(ex, rq []qpair, wild, fold bool) bool {
	var small [16]bool
	var used []bool
	if len(rq) <= len(small) {
		used = small[:len(rq)]
	} else {
		used = make([]bool, len(rq))
	}
	eq := func(a, b string) bool {
		if fold {
			return strings.EqualFold(a, b)
		}
		return a == b
	}
	for pass := 0; pass < 2; pass++ {
		for _, e := range ex {
			isWild := wild && e.pat != nil
			if isWild != (pass == 1) {
				continue
			}
			found := false
			for j, r := range rq {
				if used[j] || !eq(e.key, r.key) {
					continue
				}
				if (isWild && (e.pat.whole != "" || e.pat.match(r.value, nil))) || (!isWild && eq(e.value, r.value)) {
					used[j] = true
					found = true
					break
				}
			}
			if !found {
				return false
			}
		}
	}
	return true
}
