package mock

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/jsonsyntax"
	"github.com/postmock/postmock/match"
)

// scall is one call served through a scenario.
type scall struct {
	m           *Mock
	w           http.ResponseWriter
	r           *http.Request
	cfg         *Config
	ix          *match.Index
	path        string
	rawQuery    string
	body        []byte
	bodyDropped int64 // bytes of the request body past body, drained
	start       time.Time
	delay       time.Duration
	scenario    string // the rule answering, for the call log
	step        int
	done        bool // answered and recorded (by a Fallback)
}

// serveScenario answers a call of a scripted mock (set may be nil when only
// the call's own x-mock-fault brought it here), after the gates: rate limit,
// chaos, the call's x-mock-fault, the route rules, then the collection as
// usual, with the examples' x-mock-fault headers honoured.
func (m *Mock) serveScenario(w http.ResponseWriter, r *http.Request, set *scenarioSet, start time.Time, cfg *Config, bodyBy time.Time) {
	path, rawQuery := requestTarget(r)
	c := &scall{m: m, w: w, r: r, cfg: cfg, ix: m.index.Load(), path: path, rawQuery: rawQuery, start: start}
	if set != nil {
		if retry, limited := set.takeRate(m.now()); limited {
			c.scenario = "rate-limit"
			out := jsonResponse(http.StatusTooManyRequests, RateLimitedBody)
			out.header.Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(retry.Seconds())))))
			cors(out.header, r)
			m.send(w, &out, r.Method == http.MethodHead, bodyBy)
			c.record(out, match.Result{}, "")
			return
		}
		if set.chaosHit() {
			c.scenario = "chaos"
			if !c.wait() {
				return
			}
			ch := set.src.Chaos
			if ch.Fault != "" {
				c.fault(ch.Fault, match.Result{})
				return
			}
			status, body := ch.Status, ch.Body
			if status == 0 {
				status = http.StatusInternalServerError
			}
			if body == "" {
				body = ChaosBody
			}
			out := jsonResponse(status, body)
			if !validJSON(body) {
				out.header.Set("Content-Type", "text/plain; charset=utf-8")
			}
			c.send(out, match.Result{})
			return
		}
	}
	var rl *rule
	if set != nil && len(set.rules) > 0 {
		// ServeMux sets the pattern and its wildcards on the request it
		// routes: a copy, so that an outer router's values stay.
		r2 := new(http.Request)
		*r2 = *c.r
		probe := &routeProbe{}
		set.mux.ServeHTTP(probe, r2)
		if probe.rule != nil {
			rl, c.r = probe.rule, r2
		}
	}
	// An override gets the whole body, as does body matching; otherwise
	// the body is drained as the plain path drains it, so that scripting a
	// mock does not turn a large upload into a 413.
	full := rl != nil && rl.kind == ruleOverride ||
		match.BodyMatching(&match.Request{Method: r.Method, Path: c.path, RawQuery: c.rawQuery, Header: r.Header}, cfg.MatchConfig())
	if !c.readBody(full) {
		return
	}
	if v, ok := r.Header[HeaderFault]; ok && len(v) > 0 {
		c.scenario = "x-mock-fault"
		f := Fault(strings.ToLower(strings.TrimSpace(v[0])))
		if f.Validate() != nil || f == "" {
			c.send(jsonResponse(http.StatusBadRequest, BadFaultBody), match.Result{})
			return
		}
		if c.wait() {
			c.fault(f, match.Result{})
		}
		return
	}
	if rl == nil {
		c.serveMatch()
		return
	}
	switch rl.kind {
	case ruleFault:
		c.scenario = "fault " + rl.pattern
		if c.wait() {
			c.fault(rl.fault, match.Result{})
		}
	case ruleSequence:
		s := rl.seq
		c.scenario = "sequence " + s.name
		i := s.at(s.next.Add(1) - 1)
		if i < 0 {
			if c.wait() {
				c.send(notFound(), match.Result{})
			}
			return
		}
		c.step = i + 1
		ref := s.steps[i]
		if ref.ex == nil {
			if c.wait() {
				c.fault(ref.fault, match.Result{})
			}
			return
		}
		c.serveResult(c.selectExample(ref.ex), ref.fault)
	case ruleOverride:
		c.scenario = "override " + rl.pattern
		if !c.wait() {
			return
		}
		cw := &captureWriter{ResponseWriter: w, limit: m.calls.Limits().MaxBodyBytes}
		c.w = cw
		rl.override(cw, c.r, Fallback{c: c})
		if c.done {
			return
		}
		if cw.status == 0 {
			cw.status = http.StatusOK
		}
		out := response{status: cw.status, header: w.Header(), body: cw.body.String()}
		c.recordDropped(out, match.Result{}, "", cw.dropped)
	}
}

// readBody reads the request body for the rules and the matcher, and puts
// what it read back on the request for an override to read. With full, it
// reads the whole body, up to the body limit, and answers 413 past it;
// otherwise it keeps what the call log can hold and drains the rest, as
// the plain path does. It answers 413 or 408 itself and then reports
// false.
func (c *scall) readBody(full bool) bool {
	r := c.r
	if r.Body == nil || r.Body == http.NoBody {
		return true
	}
	req := &match.Request{Method: r.Method, Path: c.path, RawQuery: c.rawQuery}
	var b []byte
	var err error
	if full {
		b, err = readLimited(r.Body, c.m.bodyLimit)
		if err != nil && !errors.Is(err, os.ErrDeadlineExceeded) {
			c.m.tooLarge(c.w, r, req, c.start, c.cfg)
			return false
		}
	} else {
		b, err = readLimited(r.Body, int64(c.m.calls.Limits().MaxBodyBytes))
		if err == nil || errors.Is(err, errTooLarge) {
			tooLarge := err != nil
			var n int64
			n, err = io.Copy(io.Discard, io.LimitReader(r.Body, maxDrain))
			if tooLarge {
				c.bodyDropped = 1 + n // readLimited read one byte past what it returned
			}
		}
	}
	if errors.Is(err, os.ErrDeadlineExceeded) {
		c.m.bodyTimedOut(c.w, r, req, c.start)
		return false
	}
	c.body = b
	r2 := new(http.Request)
	*r2 = *r
	r2.Body = io.NopCloser(bytes.NewReader(b))
	c.r = r2
	return true
}

// wait applies the call's delay; false when the client went away.
func (c *scall) wait() bool {
	c.delay = c.m.delay(c.r, c.cfg)
	return c.m.wait(c.r.Context(), c.delay)
}

// serveMatch serves the example Postman's algorithm chooses (or a CORS
// preflight's answer, or the 404).
func (c *scall) serveMatch() {
	m, r := c.m, c.r
	req, res := c.match()
	if res.Example == nil && r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		// A CORS preflight, answered as the plain path answers it
		// (docs/matching.md#cors): a rate limit must not break a browser.
		m.preflight(c.w, r, req, c.body, c.start, c.cfg)
		return
	}
	c.serveResult(res, "")
}

// match runs Postman's algorithm on the call, noting misses and fuzzy
// matches as the plain path does (WithExplain, mocktest.Strict).
func (c *scall) match() (*match.Request, match.Result) {
	m, r := c.m, c.r
	req := &match.Request{Method: r.Method, Path: c.path, RawQuery: c.rawQuery, Header: r.Header, Body: c.body}
	mcfg := c.cfg.MatchConfig()
	res := c.ix.Match(req, mcfg)
	switch {
	case res.Example == nil && (m.explain || m.logger.Enabled(r.Context(), slog.LevelInfo)):
		rej := c.ix.Explain(req, mcfg)
		if m.explain {
			m.misses.add(Miss{Method: r.Method, Path: fullPath(c.path, c.rawQuery), Err: res.Err, Rejections: rej})
		}
		m.logMiss(r, res, rej)
	case res.Example != nil && m.explain && match.FuzzySteps.Has(res.Step):
		rt, _ := c.ix.RouteOf(res.Example)
		m.fuzzy.add(Fuzzy{Method: r.Method, Path: fullPath(c.path, c.rawQuery), Example: res.Example, Route: rt, Step: res.Step})
	}
	return req, res
}

// selectExample matches ex as x-mock-response-id would select it (so that
// its path wildcards capture from this call), whatever the call's method.
func (c *scall) selectExample(ex *collection.Example) match.Result {
	h := c.r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Del(match.HeaderResponseCode)
	h.Del(match.HeaderResponseName)
	h.Set(match.HeaderResponseID, ex.ID)
	req := &match.Request{Method: exampleMethod(ex), Path: c.path, RawQuery: c.rawQuery, Header: h, Body: c.body}
	res := c.ix.Match(req, c.cfg.MatchConfig())
	if res.Example != ex {
		res = match.Result{Example: ex, Step: match.StepSelected}
	}
	return res
}

// serveResult delays, then answers with res's example (or the 404), or
// with a fault: f, else the example's x-mock-fault.
func (c *scall) serveResult(res match.Result, f Fault) {
	if c.wait() {
		c.answer(res, f)
	}
}

// send writes out (after the delay) and records it.
func (c *scall) send(out response, res match.Result) {
	corsOut(&out, c.r)
	c.m.send(c.w, &out, c.r.Method == http.MethodHead, time.Time{})
	c.record(out, res, "")
}

// fault serves f and records it.
func (c *scall) fault(f Fault, res match.Result) {
	serveFault(c.w, c.r, f, func(out response) { c.record(out, res, f) })
}

func (c *scall) record(out response, res match.Result, f Fault) {
	c.recordDropped(out, res, f, 0)
}

// recordDropped appends the call to the call log with its scenario, step
// and fault; dropped is the size of the response body past out.body.
func (c *scall) recordDropped(out response, res match.Result, f Fault, dropped int64) {
	c.done = true
	m, r := c.m, c.r
	e := calllog.Entry{
		ServedAt: m.now(),
		MockID:   m.id,
		Request: calllog.Request{Method: r.Method, Path: fullPath(c.path, c.rawQuery),
			Headers: logHeaders(r.Header), Body: calllog.Body{Data: string(c.body), Dropped: c.bodyDropped}},
		Response: calllog.Response{StatusCode: out.status, Headers: logHeaders(out.header),
			Body: calllog.Body{Data: out.body, Dropped: dropped}},
		Delay:        c.delay,
		Captures:     res.Captures,
		Scenario:     c.scenario,
		ScenarioStep: c.step,
		Fault:        string(f),
	}
	e.Request.Body.Mode = calllog.BodyMode(r.Header.Get("Content-Type"))
	if ex := res.Example; ex != nil {
		e.ResponseName, e.ExampleID, e.ExampleName = ex.Name, ex.ID, ex.Name
		e.Score, e.Step, e.Matched = res.Score, res.Step, true
	}
	m.calls.Append(e)
	if m.logger.Enabled(r.Context(), slog.LevelDebug) {
		m.logger.Debug("postmock: call", "method", r.Method, "path", e.Request.Path, "status", out.status,
			"example", e.ResponseName, "id", e.ExampleID, "scenario", e.Scenario, "scenarioStep", e.ScenarioStep,
			"fault", e.Fault, "elapsed", m.now().Sub(c.start))
	}
}

// Fallback hands an overridden call back to the collection; an
// OverrideFunc gets one. Use at most one of its methods, before writing
// anything to the ResponseWriter; later uses, and uses after the override
// wrote, do nothing. The zero value does nothing.
type Fallback struct{ c *scall }

// spent reports whether the call has its answer already: a hand-back
// served it, or the override began writing its own (a second answer would
// be appended to the first).
func (f Fallback) spent() bool {
	if f.c == nil || f.c.done {
		return true
	}
	cw, ok := f.c.w.(*captureWriter)
	return ok && cw.status != 0
}

// Serve answers with the example Postman's algorithm chooses for the call
// (or its 404), rendered and faulted as usual; a miss or a fuzzy match is
// noted as for any call (WithExplain, mocktest.Strict).
func (f Fallback) Serve() {
	if f.spent() {
		return
	}
	_, res := f.c.match()
	f.c.answer(res, "")
}

// ServeExample answers with the example named (or with the id) ref,
// rendered as usual: its path variables capture from this call. An
// ErrUnknownExample error, and no answer, when there is no such example.
func (f Fallback) ServeExample(ref string) error {
	if f.spent() {
		return nil
	}
	ex, err := f.c.m.findExample(ref, f.c.r.Method)
	if err != nil {
		return err
	}
	f.c.answer(f.c.selectExample(ex), "")
	return nil
}

// ServeFault fails the call with fault (an ErrBadFault error, and no
// answer, for a name that is no Fault).
func (f Fallback) ServeFault(fault Fault) error {
	if f.spent() {
		return nil
	}
	if err := fault.Validate(); err != nil || fault == "" {
		if err == nil {
			err = fmt.Errorf("%w: empty fault", ErrBadFault)
		}
		return err
	}
	f.c.fault(fault, match.Result{})
	return nil
}

// answer serves res's example (or the 404), or a fault: f, else the
// example's x-mock-fault; the caller has applied the delay.
func (c *scall) answer(res match.Result, f Fault) {
	if res.Example == nil {
		c.send(notFound(), res)
		return
	}
	if f == "" {
		f = c.m.exFaults[res.Example]
	}
	if f != "" {
		c.fault(f, res)
		return
	}
	out := c.m.render(res, c.r, c.ix, c.body, http.Header{})
	out.direct = false
	c.send(out, res)
}

// captureWriter keeps what an override writes (up to limit bytes of body)
// for the call log.
type captureWriter struct {
	http.ResponseWriter
	status  int
	body    bytes.Buffer
	limit   int
	dropped int64
}

func (cw *captureWriter) WriteHeader(code int) {
	if cw.status == 0 && code >= 200 {
		cw.status = code
	}
	cw.ResponseWriter.WriteHeader(code)
}

func (cw *captureWriter) Write(p []byte) (int, error) {
	if cw.status == 0 {
		cw.status = http.StatusOK
	}
	keep := min(len(p), max(0, cw.limit-cw.body.Len()))
	cw.body.Write(p[:keep])
	cw.dropped += int64(len(p) - keep)
	return cw.ResponseWriter.Write(p)
}

// Unwrap gives http.ResponseController the writer underneath.
func (cw *captureWriter) Unwrap() http.ResponseWriter { return cw.ResponseWriter }

// Flush passes a flush on.
func (cw *captureWriter) Flush() {
	if fl, ok := cw.ResponseWriter.(http.Flusher); ok {
		fl.Flush()
	}
}

// routeProbe is the ResponseWriter a scenario's ServeMux routes a call
// with: a pattern's ruleHandler notes its rule in it, and whatever else the
// mux would write (its 404, 405 or redirect) is dropped, never sent.
type routeProbe struct{ rule *rule }

func (*routeProbe) Header() http.Header         { return http.Header{} }
func (*routeProbe) Write(p []byte) (int, error) { return len(p), nil }
func (*routeProbe) WriteHeader(int)             {}

// ruleHandler is what a scenario registers for a pattern.
type ruleHandler struct{ r *rule }

func (h ruleHandler) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	if p, ok := w.(*routeProbe); ok {
		p.rule = h.r
	}
}

func validJSON(s string) bool { return jsonsyntax.Valid([]byte(s)) }
