package match

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// maxExplained bounds how many rejections Explain returns, and
// maxExplainScan how many examples it looks at.
const (
	maxExplained   = 5
	maxExplainScan = 20000
)

// Explain says why the nearest candidates were not served for req: a
// method that differs, a path no ladder step matched (nearest by edit
// distance), an x-mock-response-code that filtered it, header or body
// matching that dropped it, or a higher-scoring winner. It is meant for
// unmatched calls and debugging, not for the hot path: it looks at up to
// 20,000 examples and returns at most 5 rejections, nearest first.
func (ix *Index) Explain(req *Request, cfg Config) []Rejection {
	method := strings.ToUpper(req.Method)
	if method == "" {
		method = "GET"
	}
	c := &call{ix: ix, req: req, cfg: cfg}
	// A path of more segments than any example is near none of them; it is
	// neither split in full nor shown in full in each rejection.
	fits, cut := c.splitRequest(nil, req.Path)
	shown := "/" + strings.Join(c.segs, "/")
	if !fits || cut {
		shown = abbreviate(req.Path)
	}
	// The folded trimmed request path, for pathDistance, when not too long.
	var reqRunes []rune
	reqOK := false
	if b := strings.Join(c.tsegs, "/"); fits && len(b) <= maxLevRunes {
		reqRunes, reqOK = []rune(foldKey(b)), true
	}
	if !cfg.IgnoreQueryParams {
		c.query = parseRequestQuery(req.RawQuery)
	}
	c.headers = headerNames(req, cfg)
	c.setBody()
	code, hasCode, validCode := parseCode(req)
	winner := ix.Match(req, cfg)

	type ranked struct {
		r    Rejection
		rank int // lower is nearer
	}
	var out []ranked
	for i, cd := range ix.all {
		if i >= maxExplainScan {
			break
		}
		if winner.Example == cd.ex {
			continue
		}
		step := Step(0)
		if fits {
			step = c.stepOf(cd)
		}
		near := step != 0
		if !near && fits {
			_, near = c.distance(cd)
			if near {
				step = StepDistance
			}
		}
		rej := Rejection{Example: cd.ex}
		rank := 0
		switch {
		case !near:
			rej.Reason = ReasonPath
			d := pathDistance(cd, reqRunes, reqOK)
			rej.Detail = fmt.Sprintf("path %s does not match %s", cd.route.Path, shown)
			rank = 1000 + d
			if cd.method != method {
				rank += 1000
			}
		case cd.method != method:
			rej.Reason = ReasonMethod
			rej.Detail = fmt.Sprintf("method: the example is %s, the request is %s", cd.method, method)
			rank = 100 + int(step)
		case hasCode && !validCode:
			rej.Reason = ReasonCode
			rej.Detail = "x-mock-response-code is not an integer 100-599"
		case hasCode && cd.ex.Code != code:
			rej.Reason = ReasonCode
			rej.Detail = fmt.Sprintf("code: the example answers %d, x-mock-response-code wants %d", cd.ex.Code, code)
			rank = int(step)
		case c.headers != nil && !headersMatch(ix.headersOf(cd), req, c.headers):
			rej.Reason = ReasonHeader
			rej.Detail = headerDetail(ix.headersOf(cd), req, c.headers)
			rank = int(step)
		case c.body:
			if ok, why := c.bodyMatches(cd, nil, true); !ok {
				rej.Reason = ReasonBody
				rej.Detail = "body: " + why
				rank = int(step)
				break
			}
			fallthrough
		default:
			rej.Reason = ReasonScore
			score := step.Base()
			if !cfg.IgnoreQueryParams {
				score += queryAdjust(cd.query, c.query, !cfg.IgnoreWildcards)
			}
			rej.Detail = fmt.Sprintf("score %d (%s) lost to %d", score, step, winner.Score)
			if winner.Example == nil {
				rej.Detail = fmt.Sprintf("score %d (%s)", score, step)
			}
			rank = 50 + (110 - score)
		}
		out = append(out, ranked{rej, rank})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].rank < out[j].rank })
	if len(out) > maxExplained {
		out = out[:maxExplained]
	}
	rs := make([]Rejection, len(out))
	for i, r := range out {
		rs[i] = r.r
	}
	return rs
}

// pathDistance is a rough nearness of two paths for ranking rejections:
// the candidate's and the request's folded trimmed path (ok false when
// that is too long to compare).
func pathDistance(cd *candidate, req []rune, ok bool) int {
	a := strings.Join(cd.tsegs, "/")
	if len(a) > maxLevRunes || !ok {
		return maxLevRunes
	}
	return levenshtein([]rune(foldKey(a)), req)
}

// maxShownPath is how much of a request path too long for any example a
// rejection quotes.
const maxShownPath = 256

// abbreviate returns the start of a long request path with its length.
func abbreviate(path string) string {
	if len(path) <= maxShownPath {
		return path
	}
	cut := maxShownPath
	for cut > 0 && !utf8.RuneStart(path[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", path[:cut], len(path))
}

func headerDetail(headers map[string]string, r *Request, names []string) string {
	for _, n := range names {
		want, wok := headers[n]
		got, gok := requestHeader(r, n)
		switch {
		case wok && !gok:
			return fmt.Sprintf("header %s: the example has %q, the request has none", n, want)
		case !wok && gok:
			return fmt.Sprintf("header %s: the example has none, the request has %q", n, got)
		case wok && want != got:
			return fmt.Sprintf("header %s: the example has %q, the request has %q", n, want, got)
		}
	}
	return "headers differ"
}
