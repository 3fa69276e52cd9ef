package match

import "strings"

// PlainCall reports whether Match decides req under cfg on the exact step
// alone when its path is some examples' own: no query (or queries
// ignored), no body or header matching, the exact step not skipped and none
// of the x-mock-* selection or matching headers sent. A caller that keeps
// its own table of ExactRoutes can answer such a call without Match.
func PlainCall(req *Request, cfg Config) bool {
	if (req.RawQuery != "" && !cfg.IgnoreQueryParams) || cfg.MatchBody || len(cfg.Headers) > 0 ||
		cfg.SkipSteps.Has(StepExact) {
		return false
	}
	if len(req.Header) > 0 {
		for _, h := range [...]string{HeaderResponseCode, HeaderResponseID, HeaderResponseName,
			HeaderMatchRequestBody, HeaderMatchHeaders} {
			if _, sent := req.Header[h]; sent {
				return false
			}
		}
	}
	return true
}

// ExactRoutes calls f for every method (upper case) and escaped path
// (its first '/' trimmed, never with a '%') whose plain calls the exact
// step decides alone, whatever else the index holds. win(cfg) is Match's
// answer to a PlainCall with that method and path (strings.TrimPrefix(path, "/") equal to it) under cfg, when ok: it
// depends on cfg only through IgnoreQueryParams and PreferSuccess (a plain
// call sends no query for wildcards to fill). When not ok, Match runs the
// ladder for such a call (say, an example there has a wildcard or only
// examples with queries are there).
func (ix *Index) ExactRoutes(f func(method, path string, win func(Config) (res Result, ok bool))) {
	for method, mi := range ix.methods {
		for key, l := range mi.exact {
			if strings.IndexByte(key, '%') >= 0 {
				continue
			}
			nsegs := strings.Count(key, "/") + 1
			f(method, key, func(cfg Config) (Result, bool) { return exactDecide(l, nsegs, cfg) })
		}
	}
}
