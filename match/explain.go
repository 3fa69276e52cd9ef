package match

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/postmock/postmock/collection"
)

// maxExplained bounds how many rejections Explain returns, and
// maxExplainScan how many examples it looks at.
const (
	maxExplained   = 5
	maxExplainScan = 20000
)

// Explain says why the nearest candidates were not served for req: a
// method that differs, a path no ladder step matched (nearest by edit
// distance) or matched only through a step Config.SkipSteps turns off, an
// x-mock-response-code that filtered it, header or body
// matching that dropped it, or a higher-scoring winner (or, under
// Config.PreferSuccess, a 2xx winner of the same score). It is meant for
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
		// step is the rung serving the candidate; skipped the rung it first
		// matches when Config.SkipSteps turns that rung off.
		step, skipped := Step(0), Step(0)
		if fits {
			if step = c.stepOf(cd); step == 0 {
				skipped = c.firstRung(cd)
			}
		}
		near := step != 0 || skipped != 0
		if !near && fits {
			if _, near = c.distance(cd); near {
				step = StepDistance
				if cfg.SkipSteps.Has(StepDistance) {
					step, skipped = 0, StepDistance
				}
			}
		}
		rej := Rejection{Example: cd.ex, Route: cd.route}
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
			rank = 100 + int(step+skipped)
		case skipped != 0:
			rej.Reason = ReasonPath
			rej.Detail = fmt.Sprintf("path %s matches %s only through step %d (%s), which the mock skips (SkipSteps: %s)",
				cd.route.Path, shown, skipped, skipped, cfg.SkipSteps)
			rank = int(skipped)
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
			switch {
			case winner.Example == nil:
				rej.Detail = fmt.Sprintf("score %d (%s)", score, step)
			case score == winner.Score && cfg.PreferSuccess && !hasCode &&
				success(winner.Example.Code) && !success(cd.ex.Code):
				rej.Detail = fmt.Sprintf("score %d (%s) tied with the winner's; prefer-success serves its 2xx over this %d",
					score, step, cd.ex.Code)
			default:
				rej.Detail = fmt.Sprintf("score %d (%s) lost to %d", score, step, winner.Score)
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

// RouteOf returns the route of one of the index's examples (false for an
// example of another collection), for naming the example in reports.
func (ix *Index) RouteOf(ex *collection.Example) (Route, bool) {
	// Example.Index counts examples the loader skipped too, so it is only
	// a first guess at the position.
	if ex == nil {
		return Route{}, false
	}
	if i := ex.Index - 1; i >= 0 && i < len(ix.all) && ix.all[i].ex == ex {
		return ix.routes[i], true
	}
	p := ix.byEx
	p.once.Do(func() {
		p.m = make(map[*collection.Example]int, len(ix.all))
		for i, cd := range ix.all {
			p.m[cd.ex] = i
		}
	})
	i, ok := p.m[ex]
	if !ok {
		return Route{}, false
	}
	return ix.routes[i], true
}

// Label names an example for reports: its name and id, then its request
// item (folder path / item name) and its method and path as the mock matches
// them, e.g. `"User 42 missing" (a5) [Users / Get user, GET /users/42]`.
// Names repeat across a collection; the item and path say which one it is.
func Label(ex *collection.Example, rt Route) string {
	if ex == nil {
		return "(none)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%q (%s)", ex.Name, ex.ID)
	var where []string
	if name := ex.Item.FullName(); name != "" {
		where = append(where, name)
	}
	if rt.Path != "" || rt.Method != "" {
		p := rt.Method + " " + rt.Path
		if rt.Query != "" {
			p += "?" + rt.Query
		}
		where = append(where, p)
	}
	if len(where) > 0 {
		b.WriteString(" [" + strings.Join(where, ", ") + "]")
	}
	return b.String()
}
