package match

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/postmock/postmock/collection"
)

// Tie is a set of examples that answer one request with the same score, so
// that only the tie rules (docs/matching.md#winner-and-ties) choose between them: typically
// the "200 OK" and "404 Not Found" examples saved for one request.
type Tie struct {
	// Method, Path and Query are the request side the tied examples share:
	// the method, the mock path ({{var}} wildcards kept) and the enabled
	// query string, as Route has them. Sending that path and query (with
	// no x-mock-* header) is answered by Winner.
	Method, Path, Query string
	// Examples are the tied examples in document order (at least two).
	Examples []*collection.Example
	// Winner is the example Match serves for that request under the
	// Config given to Ties.
	Winner *collection.Example
	// PreferSuccessWinner is the example that would answer instead under
	// prefer-success (Config.PreferSuccess: a 2xx example beats the non-2xx
	// examples it ties with): set only when Winner is not 2xx and some tied
	// example is.
	PreferSuccessWinner *collection.Example
}

// Ties lists, once per request side (method, path, query) in document
// order, the examples that tie there and the one that answers by default.
// It does not re-implement the tie rules: for each distinct request side
// of an example it runs Match's own scoring on the request a client would
// send (the route's literal path and query; a {{var}} segment matches
// itself exactly) and reports the examples that reach the best score
// together, when there are several. Body and header matching are left
// out (cfg.MatchBody and cfg.Headers are ignored): a tie is what a call
// that selects nothing answers, and those filters need a body or headers
// of the call's own.
func (ix *Index) Ties(cfg Config) []Tie {
	cfg.MatchBody, cfg.Headers = false, nil
	var ties []Tie
	sides := make(map[string]bool, len(ix.all))
	sets := map[string]bool{} // tied sets already reported, by their indexes
	hdr := http.Header{}
	for _, cd := range ix.all {
		r := &cd.route
		side := r.Method + " " + r.Path + "?" + r.Query
		if sides[side] {
			continue
		}
		sides[side] = true
		mi := ix.methods[r.Method]
		if mi == nil {
			continue
		}
		req := &Request{Method: r.Method, Path: r.Path, RawQuery: r.Query, Header: hdr}
		c := &call{ix: ix, req: req, cfg: cfg}
		if !c.prepare() {
			continue
		}
		c.run(mi)
		if len(c.tied) < 2 {
			continue
		}
		tied := make([]*candidate, len(c.tied))
		for i, t := range c.tied {
			tied[i] = t.c
		}
		slices.SortFunc(tied, func(a, b *candidate) int { return a.idx - b.idx })
		// Two request sides can reach the same set (paths that differ only
		// in percent-encoding): one warning is enough.
		var key strings.Builder
		for _, t := range tied {
			key.WriteString(strconv.Itoa(t.idx))
			key.WriteByte(',')
		}
		if sets[key.String()] {
			continue
		}
		sets[key.String()] = true
		t := Tie{Method: r.Method, Path: r.Path, Query: r.Query, Winner: c.result().Example}
		t.Examples = make([]*collection.Example, len(tied))
		for i, cd := range tied {
			t.Examples[i] = cd.ex
		}
		t.PreferSuccessWinner = ix.preferSuccessWinner(mi, req, cfg, t.Winner)
		ties = append(ties, t)
	}
	return ties
}

// preferSuccessWinner returns the example Match serves for req under
// prefer-success when that differs from winner, the answer without it: a
// non-2xx winner that ties with a 2xx example. Otherwise nil.
func (ix *Index) preferSuccessWinner(mi *methodIndex, req *Request, cfg Config, winner *collection.Example) *collection.Example {
	if winner == nil || success(winner.Code) || cfg.PreferSuccess {
		return nil
	}
	cfg.PreferSuccess = true
	c := &call{ix: ix, req: req, cfg: cfg}
	if !c.prepare() {
		return nil
	}
	c.run(mi)
	if w := c.result().Example; w != winner {
		return w
	}
	return nil
}

// RequestsWithoutExamples lists, in document order, the request items that
// have no saved example (none in the file, or none that loaded): a mock
// never serves them, which a user who exported a collection of requests
// without saving examples should hear about.
func (ix *Index) RequestsWithoutExamples() []*collection.Item {
	var out []*collection.Item
	for _, it := range ix.coll.Requests() {
		if len(it.Examples) == 0 {
			out = append(out, it)
		}
	}
	return out
}
