package match

import "strings"

// exactHit answers the commonest call without the ladder: a path with no
// escapes that is some examples' own path, sent without a query (or with
// query scoring off), without x-mock-* selection or matching headers, with
// header and body matching off. Then the exact step decides alone
// (docs/matching.md#path-ladder): a plain example there scores 110
// (100 + 10 for two empty queries), more than any lower step can reach
// (95 + 10), and with query scoring off 100 against at most 95. It returns
// ok false whenever that argument does not hold, for Match to run the
// ladder; when ok, the result is the one the ladder gives.
func (ix *Index) exactHit(req *Request, method string, cfg Config) (res Result, ok bool) {
	if !PlainCall(req, cfg) {
		return Result{}, false
	}
	mi := ix.methods[method]
	if mi == nil {
		return Result{}, false
	}
	key := strings.TrimPrefix(req.Path, "/")
	if strings.IndexByte(key, '%') >= 0 {
		return Result{}, false
	}
	return exactDecide(mi.exact[key], strings.Count(key, "/")+1, cfg)
}

// exactDecide is exactHit's verdict on the exact step's list for a plain
// call's path of nsegs segments.
func exactDecide(l *candList, nsegs int, cfg Config) (res Result, ok bool) {
	var buf [4]scored
	tied := buf[:0]
	best := 0
	for cd := l.head(); cd != nil; cd = cd.next[linkExact] {
		// Same key and segment count: the same segments (none holds a '/').
		// Patterns (captures) are the ladder's business.
		if len(cd.segs) != nsegs || cd.pats != nil {
			return Result{}, false
		}
		score := StepExact.Base()
		if !cfg.IgnoreQueryParams {
			score += queryAdjust(cd.query, nil, !cfg.IgnoreWildcards)
		}
		if score < best {
			continue
		}
		if score > best {
			best, tied = score, tied[:0]
		}
		if len(tied) == len(buf) {
			return Result{}, false
		}
		tied = append(tied, scored{c: cd, step: StepExact})
	}
	if len(tied) == 0 || (!cfg.IgnoreQueryParams && best < StepExact.Base()+10) {
		return Result{}, false
	}
	if cfg.PreferSuccess && len(tied) > 1 {
		tied = successOnly(tied)
	}
	win := tied[0]
	for _, t := range tied[1:] {
		if t.c.beats(win.c) {
			win = t
		}
	}
	return Result{Example: win.c.ex, Score: best, Step: StepExact}, true
}
