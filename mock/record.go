package mock

import (
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"sync/atomic"
	"time"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
)

// noteList is a lock-free stack of recorded calls (Miss, Fuzzy), newest
// list first.
type noteList[T any] struct {
	items []T
	next  *noteList[T]
}

// notes keeps the first maxNotes items added, for reading back oldest
// first; later ones are only counted by the call log.
type notes[T any] struct {
	head  atomic.Pointer[noteList[T]]
	count atomic.Int64
}

func (n *notes[T]) add(x T) {
	if n.count.Add(1) > maxNotes {
		return
	}
	for {
		old := n.head.Load()
		l := &noteList[T]{items: []T{x}, next: old}
		if n.head.CompareAndSwap(old, l) {
			return
		}
	}
}

func (n *notes[T]) all() []T {
	var lists [][]T
	for l := n.head.Load(); l != nil; l = l.next {
		lists = append(lists, l.items)
	}
	var out []T
	for i := len(lists) - 1; i >= 0; i-- {
		out = append(out, lists[i]...)
	}
	return out
}

// maxNotes bounds how many unmatched calls, and how many fuzzy matches,
// WithExplain keeps (the first ones).
const maxNotes = 1000

// Miss is an unmatched call with the reasons its nearest candidates were
// rejected (recorded when WithExplain is set).
type Miss struct {
	Method     string            // request method
	Path       string            // request path and query
	Err        error             // why nothing was served (match.ErrNoMatch, ...)
	Rejections []match.Rejection // the nearest candidates and why each lost
}

// Fuzzy is a call served through a fuzzy ladder step (match.FuzzySteps): the path
// it sent differs from the served example's by case, an id or edit
// distance, which is often a typo in the caller.
type Fuzzy struct {
	Method  string              // request method
	Path    string              // request path and query
	Example *collection.Example // the example served
	Route   match.Route         // the example's method and path as matched
	Step    match.Step          // the ladder step the path matched on
}

func (m *Mock) logMiss(r *http.Request, res match.Result, rej []match.Rejection) {
	attrs := []any{"method", r.Method, "path", r.URL.Path, "reason", res.Err}
	for i, x := range rej {
		attrs = append(attrs, fmt.Sprintf("near%d", i+1), fmt.Sprintf("%s %s: %s", x.Reason, match.Label(x.Example, x.Route), x.Detail))
	}
	m.logger.Info("postmock: no example matched", attrs...)
}

// record appends the call to the call log.
func (m *Mock) record(r *http.Request, path, rawQuery string, body []byte, res match.Result, out response, start time.Time, delay time.Duration) {
	m.recordNamed(r, path, rawQuery, body, 0, res, out, start, delay, "")
}

// recordNamed is record with the response name of a server response and
// the size of the request body past body (calllog.Body.Dropped).
func (m *Mock) recordNamed(r *http.Request, path, rawQuery string, body []byte, dropped int64, res match.Result, out response, start time.Time, delay time.Duration, name string) {
	m.recordPrepared(r, path, rawQuery, body, dropped, res, out, start, delay, name, nil)
}

// recordPrepared is recordNamed with the served example's prepared side
// when the caller has it (nil: none), whose copies of the example's name
// and id it takes, so that an exact hit does not read the example.
func (m *Mock) recordPrepared(r *http.Request, path, rawQuery string, body []byte, dropped int64, res match.Result, out response, start time.Time, delay time.Duration, name string, p *prepared) {
	e := calllog.Entry{
		ServedAt: m.servedAt(start),
		MockID:   m.id,
		Request: calllog.Request{Method: r.Method, Path: fullPath(path, rawQuery),
			Headers: logHeaders(r.Header), Body: calllog.Body{Data: string(body), Dropped: dropped}},
		Response: calllog.Response{StatusCode: out.status, Headers: out.loggedHeaders(), Body: calllog.Body{Data: out.body}},
		Delay:    delay,
		Captures: res.Captures,
	}
	e.Request.Body.Mode = calllog.ModeRaw // what BodyMode says of no Content-Type
	if ct := r.Header["Content-Type"]; len(ct) > 0 {
		e.Request.Body.Mode = calllog.BodyMode(ct[0])
	}
	e.ResponseName = name
	e.Duration = e.ServedAt.Sub(start)
	if ex := res.Example; ex != nil {
		if p != nil && p.ex == ex {
			e.ResponseName, e.ExampleID, e.ExampleName = p.name, p.id, p.name
		} else {
			e.ResponseName, e.ExampleID, e.ExampleName = ex.Name, ex.ID, ex.Name
		}
		e.Score, e.Step, e.Matched = res.Score, res.Step, true
	}
	m.calls.Append(e)
	if m.logger.Enabled(r.Context(), slog.LevelDebug) {
		// The name says which example answered; the id tells apart
		// examples that share one.
		m.logger.Debug("postmock: call", "method", r.Method, "path", e.Request.Path, "status", out.status,
			"example", e.ResponseName, "id", e.ExampleID, "score", e.Score, "step", e.Step.String(), "elapsed", m.now().Sub(start))
	}
}

// servedAt returns the time a call that started at start is served: now.
// With the real clock that is start plus the monotonic time since, one
// clock reading instead of the two (wall and monotonic) time.Now makes.
func (m *Mock) servedAt(start time.Time) time.Time {
	if m.realClock {
		return start.Add(time.Since(start))
	}
	return m.now()
}

// loggedHeaders returns the response's headers for the call log. A
// precomputed list is shared, not copied: the store never changes the
// headers it is given and hands them to readers as read-only
// (calllog.Entry), so every entry of an example can hold the one list.
func (o *response) loggedHeaders() []calllog.Header {
	if o.logged != nil {
		return o.logged[:len(o.logged):len(o.logged)]
	}
	return logHeaders(o.header)
}

func logHeaders(h http.Header) []calllog.Header {
	n := 0
	for _, vs := range h {
		n += len(vs)
	}
	out := make([]calllog.Header, 0, n)
	var small [16]string // most calls have a few headers: no allocation
	keys := small[:0]
	if len(h) > len(small) {
		keys = make([]string, 0, len(h))
	}
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		for _, v := range h[k] {
			out = append(out, calllog.Header{Key: k, Value: v})
		}
	}
	return out
}
