package match

import (
	"strconv"
	"strings"
)

// call is the per-request state of one Match.
type call struct {
	ix      *Index
	req     *Request
	cfg     Config
	segs    []string // request path segments, decoded
	tsegs   []string // segs without trailing empties
	query   []qpair  // request query pairs, decoded
	code    int      // x-mock-response-code filter; 0 = none
	headers []string // header names to match (lower-case); nil = off
	body    bool     // body matching on
	bopts   bodyOpts // how bodies compare, when on
	rbody   *reqBody // the request body, read once per call on first use
	maxQ    int
	best    int
	tied    []scored
	tiedBuf [4]scored
	segBuf  [8]string     // backs segs for paths of up to 8 segments
	pat     *myersPattern // distance step: pooled pattern of request segment patAt
	patAt   int
}

type scored struct {
	c    *candidate
	step Step
	dist int
}

// headerValue returns the trimmed first value of a canonical header name.
func headerValue(r *Request, canon string) (string, bool) {
	v, ok := r.Header[canon]
	if !ok || len(v) == 0 {
		return "", false
	}
	return strings.TrimSpace(v[0]), true
}

// BodyMatching reports whether body matching is on for a request under cfg:
// x-mock-match-request-body "true", "subset" or "false" (any case)
// overrides cfg.MatchBody; other values are ignored. Servers use it to
// decide whether to read the body before calling Match.
func BodyMatching(r *Request, cfg Config) bool {
	on, _ := bodyMode(r, cfg)
	return on
}

// setBody turns the call's body matching on or off as the header and
// config say.
func (c *call) setBody() {
	var subset bool
	c.body, subset = bodyMode(c.req, c.cfg)
	if c.body {
		c.bopts = bodyOpts{subset: subset, ign: newIgnoreSet(c.cfg.IgnoreBodyPaths)}
	}
}

// bodyMatches applies body matching to a candidate (explain: with the
// first difference in words); the request body is read once per call.
func (c *call) bodyMatches(cd *candidate, caps map[string]string, explain bool) (bool, string) {
	if c.rbody == nil {
		c.rbody = newReqBody(c.req)
	}
	return cd.body.matches(c.rbody, &c.bopts, caps, explain)
}

// headerNames returns the lower-cased header names to match: the
// x-mock-match-request-headers list (present but empty = off for this call)
// over cfg.Headers.
func headerNames(r *Request, cfg Config) []string {
	list := cfg.Headers
	if v, ok := r.Header[HeaderMatchHeaders]; ok {
		list = nil
		for _, line := range v {
			for name := range strings.SplitSeq(line, ",") {
				if name = strings.TrimSpace(name); name != "" {
					list = append(list, name)
				}
			}
		}
	}
	if len(list) == 0 {
		return nil
	}
	out := make([]string, 0, len(list))
	for _, n := range list {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, asciiLower(n))
		}
	}
	return out
}

// parseCode reads x-mock-response-code: the code, whether the header is
// present, and whether it is a valid integer 100–599.
func parseCode(r *Request) (code int, present, valid bool) {
	v, ok := headerValue(r, HeaderResponseCode)
	if !ok {
		return 0, false, false
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 100 || n > 599 {
		return 0, true, false
	}
	return n, true, true
}

// Match chooses the example Postman's mock would serve for req under cfg
// (docs/matching.md): method filter; x-mock-response-code, -id and -name; the
// path-score ladder; query scoring; header and body filters; the highest
// score wins and ties go to the last id (examples without an id of their
// own: after those with one, the first in document order). The matcher reads req.Body only when
// body matching is on (see BodyMatching).
func (ix *Index) Match(req *Request, cfg Config) Result {
	method := upper(req.Method)
	if method == "" {
		method = "GET"
	}
	code, hasCode, validCode := parseCode(req)
	if hasCode && !validCode {
		return Result{Err: ErrBadCode}
	}
	if v, ok := headerValue(req, HeaderResponseID); ok {
		cd := ix.byID[asciiLower(v)]
		if cd == nil || cd.method != method || (hasCode && cd.ex.Code != code) {
			return Result{Err: ErrUnknownID}
		}
		return ix.selected(cd, req)
	}
	if v, ok := headerValue(req, HeaderResponseName); ok {
		for cd := ix.byName[v].head(); cd != nil; cd = cd.next[linkName] {
			if cd.method == method && (!hasCode || cd.ex.Code == code) {
				return ix.selected(cd, req)
			}
		}
		return Result{Err: ErrUnknownName}
	}
	if !hasCode {
		if res, ok := ix.exactHit(req, method, cfg); ok {
			return res
		}
	}
	mi := ix.methods[method]
	if mi == nil {
		return Result{Err: ErrNoMatch}
	}
	c := &call{ix: ix, req: req, cfg: cfg, code: code}
	if !c.prepare() {
		return Result{Err: ErrNoMatch}
	}
	c.run(mi)
	return c.result()
}

// prepare sets up the per-call state from c.req and c.cfg (the ix, req, cfg
// and code fields set): it is false when the path has more segments than
// any example, so nothing can match. Match and Ties share it, so that a tie
// is computed exactly as a call is answered.
func (c *call) prepare() bool {
	c.tied = c.tiedBuf[:0]
	c.best = -1 << 30
	if ok, _ := c.splitRequest(c.segBuf[:0], c.req.Path); !ok {
		return false
	}
	if !c.cfg.IgnoreQueryParams {
		c.maxQ = 10
		c.query = parseRequestQuery(c.req.RawQuery)
	}
	c.headers = headerNames(c.req, c.cfg)
	c.setBody()
	return true
}

// run walks the ladder's stages in order, skipping a stage once its best
// possible score is below the best found (equal scores still compete: ties
// are decided by id or document order).
func (c *call) run(mi *methodIndex) {
	// Step 1: exact.
	for cd := mi.exact[c.exactKey()].head(); cd != nil; cd = cd.next[linkExact] {
		if c.stepOf(cd) == StepExact {
			c.consider(cd, StepExact, 0)
		}
	}
	// Steps 2–4: one lookup by the case-folded, slash-trimmed path.
	if c.reachable(StepTrailingSlash) {
		for cd := mi.ladder().folded[foldKey(c.trimmedKey())].head(); cd != nil; cd = cd.next[linkFolded] {
			if s := c.stepOf(cd); s >= StepTrailingSlash && s <= StepSlashCase {
				c.consider(cd, s, 0)
			}
		}
	}
	// Step 5: wildcards, through the literal/wildcard trie.
	skip := c.cfg.SkipSteps
	if !c.cfg.IgnoreWildcards && !skip.Has(StepWildcard) && c.reachable(StepWildcard) {
		c.walk(mi.ladder().trieW, 0, false, StepWildcard, StepWildcard)
	}
	// Steps 6–7: alphanumeric IDs, through the trie where IDs are one class.
	// (Skipped rungs need no walk: stepOf drops what first matches there.)
	if !(skip.Has(StepID) && skip.Has(StepSlashID)) && c.reachable(StepID) {
		c.walk(mi.ladder().trieI, 0, true, StepID, StepSlashID)
	}
	// Step 8: document distance, walking the trie of distinct paths and
	// descending only into close segments, with a bounded number of edit
	// distances per call.
	if !skip.Has(StepDistance) && c.reachable(StepDistance) && mi.hasTLen(len(c.tsegs)) {
		distanceStep(c, mi.ladder().trieW)
	}
}

// splitRequest sets c.segs and c.tsegs from the request path, splitting
// only what the ladder can use, so that a request of many segments costs
// no more than one as long as the longest example path. Every step compares
// equal segment counts, so: when the path without its trailing empty
// segments has more segments than any example, ok is false and nothing can
// match; when only its trailing empties make it longer than every example,
// they are cut (cut) to one more than the longest example has, which keeps
// every full-length comparison failing as it would. A percent-decoded
// segment is empty only when it was, so counting '/' counts segments.
func (c *call) splitRequest(buf []string, path string) (ok, cut bool) {
	p := strings.TrimPrefix(path, "/")
	t := strings.TrimRight(p, "/")
	nt := 0
	if t != "" {
		nt = strings.Count(t, "/") + 1
	}
	if nt > c.ix.maxTSegs {
		return false, false
	}
	if strings.Count(p, "/")+1 <= c.ix.maxSegs {
		c.segs = appendSplit(buf, p)
		c.tsegs = trimTrailing(c.segs)
		return true, false
	}
	segs := buf
	if nt > 0 {
		segs = appendSplit(buf, t)
	}
	for len(segs) <= c.ix.maxSegs {
		segs = append(segs, "")
	}
	c.segs, c.tsegs = segs, segs[:nt]
	return true, true
}

func (c *call) reachable(s Step) bool { return s.Base()+c.maxQ >= c.best }

// exactKey is the request's decoded segments joined by "/", without
// allocating when the path has no escapes.
func (c *call) exactKey() string {
	p := strings.TrimPrefix(c.req.Path, "/")
	if strings.IndexByte(p, '%') < 0 {
		return p
	}
	return strings.Join(c.segs, "/")
}

func (c *call) trimmedKey() string {
	p := strings.TrimPrefix(c.req.Path, "/")
	if strings.IndexByte(p, '%') < 0 {
		return strings.TrimRight(p, "/")
	}
	return strings.Join(c.tsegs, "/")
}

// walk collects the trie's candidates for the trimmed request path and
// considers those whose own ladder step lies in [lo, hi].
func (c *call) walk(n *node, depth int, ids bool, lo, hi Step) {
	if depth == len(c.tsegs) {
		link := linkW
		if ids {
			link = linkI
		}
		for cd := n.cands.first; cd != nil; cd = cd.next[link] {
			if s := c.stepOf(cd); s >= lo && s <= hi {
				c.consider(cd, s, 0)
			}
		}
		return
	}
	seg := c.tsegs[depth]
	var litNode *node
	if ids && IsID(seg) {
		if n.id != nil {
			c.walk(n.id, depth+1, ids, lo, hi)
		}
	} else if n.first != nil {
		if litNode = n.find(foldKey(seg)); litNode != nil {
			c.walk(litNode, depth+1, ids, lo, hi)
		}
	}
	if !c.cfg.IgnoreWildcards {
		for _, w := range n.wild {
			if w != litNode && w.pat.match(seg, nil) {
				c.walk(w, depth+1, ids, lo, hi)
			}
		}
	}
}

// stepOf returns the ladder step (1–7) the candidate is served at, or 0:
// when its path matches no step up to 7 (distance is computed separately),
// or when the first step it matches is skipped (Config.SkipSteps), since a
// candidate is never demoted to a lower step.
func (c *call) stepOf(cd *candidate) Step {
	s := c.firstRung(cd)
	if c.cfg.SkipSteps.Has(s) {
		return 0
	}
	return s
}

// firstRung returns the first ladder step (1–7) on which the candidate's
// path matches the request's, skipped or not, or 0. With both case steps
// skipped, steps 5–7 compare case-sensitively.
func (c *call) firstRung(cd *candidate) Step {
	w := !c.cfg.IgnoreWildcards
	if len(cd.segs) == len(c.segs) && segsEqual(cd, cd.segs, c.segs, false, false, false) {
		return StepExact
	}
	tl := len(cd.tsegs) == len(c.tsegs)
	if tl && segsEqual(cd, cd.tsegs, c.tsegs, false, false, false) {
		return StepTrailingSlash
	}
	full := len(cd.segs) == len(c.segs)
	if full && segsEqual(cd, cd.segs, c.segs, true, false, false) {
		return StepCase
	}
	if tl && segsEqual(cd, cd.tsegs, c.tsegs, true, false, false) {
		return StepSlashCase
	}
	fold := !c.cfg.SkipSteps.caseSkipped()
	if w && tl && segsEqual(cd, cd.tsegs, c.tsegs, fold, true, false) {
		return StepWildcard
	}
	if full && segsEqual(cd, cd.segs, c.segs, fold, w, true) {
		return StepID
	}
	if tl && segsEqual(cd, cd.tsegs, c.tsegs, fold, w, true) {
		return StepSlashID
	}
	return 0
}

// segsEqual compares aligned segment lists under the C (fold), W (wild) and
// I (ids) switches; without C, a mixed pattern's literal parts compare
// case-sensitively too.
func segsEqual(cd *candidate, ex, rq []string, fold, wild, ids bool) bool {
	for i, e := range ex {
		r := rq[i]
		if e == r {
			continue
		}
		if fold && strings.EqualFold(e, r) {
			continue
		}
		if wild && cd.pat(i) != nil && cd.pats[i].matchAs(r, nil, fold) {
			continue
		}
		if ids && cd.ids[i] && IsID(r) {
			continue
		}
		return false
	}
	return true
}

// consider scores a path-matched candidate, applies the header and body
// filters, and keeps it when it reaches the best score.
func (c *call) consider(cd *candidate, step Step, dist int) {
	if c.code != 0 && cd.ex.Code != c.code {
		return
	}
	score := step.Base()
	if !c.cfg.IgnoreQueryParams {
		score += queryAdjust(cd.query, c.query, !c.cfg.IgnoreWildcards)
	}
	if score < c.best {
		return
	}
	// A candidate whose first matching step is skipped is not served
	// through distance either (it is dropped, never demoted).
	if step == StepDistance && c.cfg.SkipSteps&^StepsOf(StepDistance) != 0 && c.firstRung(cd) != 0 {
		return
	}
	if c.headers != nil && !headersMatch(c.ix.headersOf(cd), c.req, c.headers) {
		return
	}
	if c.body {
		if ok, _ := c.bodyMatches(cd, nil, false); !ok {
			return
		}
	}
	for _, t := range c.tied {
		if t.c == cd {
			return
		}
	}
	if score > c.best {
		c.best = score
		c.tied = c.tied[:0]
	}
	c.tied = append(c.tied, scored{cd, step, dist})
}

func firstHeader(r *Request, canon string) string {
	if v := r.Header[canon]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// headersMatch applies header matching: for each name, the example's value
// and the request's must both be absent, or both present and equal after
// trimming (repeats joined with ", ").
func headersMatch(headers map[string]string, r *Request, names []string) bool {
	for _, n := range names {
		want, wok := headers[n]
		got, gok := requestHeader(r, n)
		if wok != gok || (wok && want != got) {
			return false
		}
	}
	return true
}

// requestHeader returns the request's values of a header (name in any
// case) joined by ", ", trimmed.
func requestHeader(r *Request, lower string) (string, bool) {
	var vals []string
	for k, v := range r.Header {
		if strings.EqualFold(k, lower) {
			vals = append(vals, v...)
		}
	}
	if len(vals) == 0 {
		return "", false
	}
	for i := range vals {
		vals[i] = strings.TrimSpace(vals[i])
	}
	return strings.Join(vals, ", "), true
}

// result picks the winner among the tied best: under PreferSuccess (and
// no x-mock-response-code) only the 2xx examples among them, if any, stay
// in the running; then, if every one left matched on the distance step,
// the smallest distance wins; then beats decides (the id last in byte
// order, or the first in document order among examples without an id of
// their own).
func (c *call) result() Result {
	if len(c.tied) == 0 {
		return Result{Err: ErrNoMatch}
	}
	tied := c.tied
	if c.cfg.PreferSuccess && c.code == 0 && len(tied) > 1 {
		tied = successOnly(tied)
	}
	allDist := true
	for _, t := range tied {
		if t.step != StepDistance {
			allDist = false
			break
		}
	}
	win := tied[0]
	for _, t := range tied[1:] {
		if allDist && t.dist != win.dist {
			if t.dist < win.dist {
				win = t
			}
			continue
		}
		if t.c.beats(win.c) {
			win = t
		}
	}
	res := Result{Example: win.c.ex, Score: c.best, Step: win.step, Distance: win.dist}
	// The distance step folds case even in exact mode's case-sensitive
	// ladder, so its captures do too.
	res.Captures = c.captures(win.c, !c.cfg.SkipSteps.caseSkipped() || win.step == StepDistance)
	if c.body && c.bopts.subset {
		res.Captures = c.bodyCaptures(win.c, res.Captures)
	}
	return res
}

// successOnly returns the 2xx candidates of tied, in order, when there are
// some; otherwise tied unchanged. It filters in place.
func successOnly(tied []scored) []scored {
	n := 0
	for _, t := range tied {
		if success(t.c.ex.Code) {
			n++
		}
	}
	if n == 0 || n == len(tied) {
		return tied
	}
	ok := tied[:0]
	for _, t := range tied {
		if success(t.c.ex.Code) {
			ok = append(ok, t)
		}
	}
	return ok
}

// success reports whether a status code is 2xx (the loader makes a
// missing code 200).
func success(code int) bool { return code >= 200 && code <= 299 }

// beats reports whether cd wins a score tie against o (docs/matching.md#winner-and-ties): an
// example with an id of its own beats one without; among those with one,
// the id last in byte order wins (Postman's rule); among those without,
// the first in document order (synthetic ids carry no meaning).
func (cd *candidate) beats(o *candidate) bool {
	own, oOwn := !cd.ex.IDSynthetic, !o.ex.IDSynthetic
	switch {
	case own != oOwn:
		return own
	case own:
		return cd.ex.ID > o.ex.ID
	default:
		return cd.idx < o.idx
	}
}

// captures returns the values the winner's wildcards captured from the
// request path and query (nil when none), splitting mixed patterns with
// case folding (fold) or without, as the step that served it compared them.
func (c *call) captures(cd *candidate, fold bool) map[string]string {
	var caps map[string]string
	if !c.cfg.IgnoreWildcards && len(cd.tsegs) == len(c.tsegs) && cd.pats != nil {
		for i, p := range cd.pats[:len(cd.tsegs)] {
			if p == nil {
				continue
			}
			if caps == nil {
				caps = map[string]string{}
			}
			p.matchAs(c.tsegs[i], caps, fold)
		}
	}
	if !c.cfg.IgnoreWildcards {
		for _, q := range cd.query {
			if q.pat == nil {
				continue
			}
			for _, rq := range c.query {
				if rq.key == q.key {
					if caps == nil {
						caps = map[string]string{}
					}
					q.pat.match(rq.value, caps)
					break
				}
			}
		}
	}
	return caps
}

// bodyCaptures adds to caps the values the winner's body placeholders
// matched (subset mode); a path or query wildcard's capture of the same
// name wins.
func (c *call) bodyCaptures(cd *candidate, caps map[string]string) map[string]string {
	got := map[string]string{}
	if ok, _ := c.bodyMatches(cd, got, false); !ok || len(got) == 0 {
		return caps
	}
	if caps == nil {
		return got
	}
	for k, v := range got {
		if _, ok := caps[k]; !ok {
			caps[k] = v
		}
	}
	return caps
}

// selected builds the result for an example chosen by id or name; it
// captures wildcards only when its pattern matches the request path.
func (ix *Index) selected(cd *candidate, req *Request) Result {
	res := Result{Example: cd.ex, Step: StepSelected}
	segs := trimTrailing(splitPath(req.Path))
	if len(segs) != len(cd.tsegs) || cd.pats == nil {
		return res
	}
	caps := map[string]string{}
	for i, p := range cd.pats[:len(cd.tsegs)] {
		if p != nil && !p.match(segs[i], caps) {
			return res
		}
	}
	if len(caps) > 0 {
		res.Captures = caps
	}
	return res
}

// distance applies step 8 (D+T+C+W) to one candidate: every segment pair
// equal ignoring case, a wildcard match, or similar enough; it returns the
// summed edit distance. Explain uses it; Match walks the trie instead.
func (c *call) distance(cd *candidate) (int, bool) {
	if len(cd.tsegs) != len(c.tsegs) {
		return 0, false
	}
	total := 0
	for i, e := range cd.tsegs {
		r := c.tsegs[i]
		if strings.EqualFold(e, r) {
			continue
		}
		if !c.cfg.IgnoreWildcards && cd.pat(i) != nil && cd.pats[i].match(r, nil) {
			continue
		}
		d, ok := similar(e, r)
		if !ok {
			return 0, false
		}
		total += d
	}
	return total, true
}
