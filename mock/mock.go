package mock

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/dynvar"
	"github.com/postmock/postmock/match"
)

// Limits of a mock (docs/matching.md#limits).
const (
	// DefaultBodyLimit is the largest request body read for body matching.
	DefaultBodyLimit = 8 << 20
	// MaxDelay is the largest delay a mock applies (180 s).
	MaxDelay = 180 * time.Second
	// MaxRequestTarget is the longest request-target (path and query as
	// received, '?' included) a mock matches; a longer one gets 414
	// uriTooLongError at once (our rule). Common front ends stop at 8 KiB
	// (nginx, Apache) and Node, which Postman's own mock runs on, at 16 KiB
	// of headers, so no real API call is longer; matching work and the call
	// log stay bounded by it.
	MaxRequestTarget = 16 << 10
	// MaxPathSegments is the most path segments ('/'-separated, trailing
	// empties included) a mock matches; more gets 414 uriTooLongError at
	// once (our rule). Real API paths have a few dozen at most; the distance
	// step's work grows with the count.
	MaxPathSegments = 256
	// DefaultBodyTimeout bounds reading a call's request body, counted
	// from the start of the call (see WithTimeouts).
	DefaultBodyTimeout = 60 * time.Second
	// DefaultWriteTimeout bounds writing a call's response, counted from
	// the end of its delay (see WithTimeouts).
	DefaultWriteTimeout = 60 * time.Second
)

// HeaderResponseDelay is the per-call delay header (integer milliseconds,
// 1–180000; other values are ignored).
const HeaderResponseDelay = "X-Mock-Response-Delay"

// NotFoundBody is Postman's exact 404 body for a call no example matches.
const NotFoundBody = `{"error":{"name":"mockRequestNotFoundError","message":"Double check your method and the request path and try again.","header":"No matching requests"}}`

// Mock serves one collection: it is an http.Handler that answers each call
// with the example Postman's mock would choose, and records it in its call
// log. A Mock is safe for concurrent use; its configuration and environment
// can change while it serves.
type Mock struct {
	coll      *collection.Collection
	index     atomic.Pointer[match.Index]
	env       atomic.Pointer[collection.Environment]
	cfg       atomic.Pointer[Config]
	calls     *calllog.Store
	gen       *dynvar.Generator
	logger    *slog.Logger
	now       func() time.Time
	realClock bool // now is time.Now (no WithClock): see servedAt
	bodyLimit int64
	maxDelay  time.Duration
	id        string
	explain   bool
	bodyTime  time.Duration
	writeTime time.Duration
	misses    notes[Miss]
	fuzzy     notes[Fuzzy]
	prepared  map[*collection.Example]*prepared // response sides, made ready once
	gate      atomic.Pointer[gate]
	scen      atomic.Pointer[scenarioSet]   // nil: nothing scripted (scenario.go)
	scenMu    sync.Mutex                    // serializes scenario changes
	exFaults  map[*collection.Example]Fault // examples with an x-mock-fault header
	exact     atomic.Pointer[exactTable]    // plain exact hits of the index in place (exact.go)
	installMu sync.Mutex                    // makes the last index installed the one exact is built on
	ahead     sync.WaitGroup                // New's build of the exact table ahead of the first call (exactAheadMin)
}

// Deactivated bodies and headers (our rule, docs/matching.md#gates).
const (
	// DeactivatedBody answers calls to a deactivated mock (404).
	DeactivatedBody = `{"error":{"name":"mockNotFoundError","message":"This mock server is deactivated."}}`
	// UnauthorizedBody answers calls to a private mock without a valid
	// x-api-key (401).
	UnauthorizedBody = `{"error":{"name":"invalidCredentialsError","message":"Provide a valid API key in the x-api-key header."}}`
)

// New compiles the collection and returns a ready Mock.
func New(c *collection.Collection, opts ...Option) (*Mock, error) {
	if c == nil {
		return nil, errors.New("mock: nil collection")
	}
	s := settings{cfg: Config{}, bodyLimit: DefaultBodyLimit, maxDelay: MaxDelay,
		bodyTime: DefaultBodyTimeout, writeTime: DefaultWriteTimeout}
	for _, o := range opts {
		o(&s)
	}
	realClock := s.now == nil
	if realClock {
		s.now = time.Now
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if !s.seeded {
		s.seed = uint64(time.Now().UnixNano())
	}
	if err := validateConfig(s.cfg); err != nil {
		return nil, err
	}
	p := s.prep
	if p == nil {
		var err error
		if p, err = Prepare(c, s.env); err != nil {
			return nil, err
		}
	} else if p.coll != c {
		return nil, fmt.Errorf("%w: WithPrepared: prepared for collection %q, not this one (%q)", ErrInvalidConfig, p.coll.Info.Name, c.Info.Name)
	}
	ix := p.index
	if s.env != nil && s.env != p.env {
		// The response sides do not depend on the environment; the index
		// does.
		var err error
		if ix, err = match.Compile(c, s.env); err != nil {
			return nil, err
		}
	} else {
		s.env = p.env
	}
	m := &Mock{coll: c, calls: calllog.NewStore(s.limits), gen: dynvar.New(s.seed, s.now),
		logger: s.logger, now: s.now, realClock: realClock, bodyLimit: s.bodyLimit, maxDelay: s.maxDelay, id: s.id, explain: s.explain,
		bodyTime: s.bodyTime, writeTime: s.writeTime, prepared: p.sides}
	m.index.Store(ix)
	if ix == p.index {
		m.exact.Store(p.exact)
	} else {
		m.exact.Store(newExactTable(ix, p.sides))
	}
	m.env.Store(s.env)
	cfg := s.cfg.normalize()
	m.cfg.Store(&cfg)
	if ix.Len() >= exactAheadMin && runtime.GOMAXPROCS(0) > 1 {
		// A large mock's table (for the configuration it starts with) is
		// built on another core while its server starts listening, rather
		// than by the first call, which waits for it if it comes sooner.
		t, mcfg := m.exact.Load(), cfg.MatchConfig()
		v := exactVariant(&mcfg)
		m.ahead.Go(func() { t.once[v].Do(func() { t.build(v) }) })
	}
	if err := m.initScenario(s.scenario); err != nil {
		return nil, err
	}
	return m, nil
}

// Collection returns the served collection.
func (m *Mock) Collection() *collection.Collection { return m.coll }

// Index returns the current compiled index (routes, warnings, Explain).
func (m *Mock) Index() *match.Index { return m.index.Load() }

// SetConfig replaces the configuration; calls already matching keep the
// old one.
func (m *Mock) SetConfig(c Config) error {
	if err := validateConfig(c); err != nil {
		return err
	}
	c = c.normalize()
	m.cfg.Store(&c)
	return nil
}

// Environment returns the attached environment (nil for none).
func (m *Mock) Environment() *collection.Environment { return m.env.Load() }

// SetEnvironment attaches another environment (nil for none) and
// recompiles the index.
func (m *Mock) SetEnvironment(env *collection.Environment) error {
	ix, err := match.Compile(m.coll, env)
	if err != nil {
		return err
	}
	m.install(env, ix)
	return nil
}

// SetIndex attaches env with ix, an index that match.Compile built from the
// mock's collection and env: SetEnvironment in two steps, for a caller that
// compiles first, outside its own locks, and installs later (a workspace
// does). Calls already matching keep the old index.
func (m *Mock) SetIndex(env *collection.Environment, ix *match.Index) error {
	if ix == nil {
		return fmt.Errorf("%w: nil index", ErrInvalidConfig)
	}
	m.install(env, ix)
	return nil
}

// install swaps in an environment and the index compiled with it.
func (m *Mock) install(env *collection.Environment, ix *match.Index) {
	t := newExactTable(ix, m.prepared)
	m.installMu.Lock()
	defer m.installMu.Unlock()
	m.env.Store(env)
	m.index.Store(ix)
	m.exact.Store(t)
}

// Calls returns the mock's call log.
func (m *Mock) Calls() *calllog.Store { return m.calls }

// Misses returns the unmatched calls recorded so far (only with
// WithExplain), oldest first: at most the first 1,000.
func (m *Mock) Misses() []Miss { return m.misses.all() }

// FuzzyMatches returns the calls served through a fuzzy step so far (only
// with WithExplain), oldest first: at most the first 1,000.
func (m *Mock) FuzzyMatches() []Fuzzy { return m.fuzzy.all() }

// ServeHTTP answers one call: match, delay, render, log.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := m.now()
	cfg := m.cfg.Load()
	// From here on r carries the default headers the call did not send.
	r = withDefaults(r, cfg.DefaultHeaders)
	path, rawQuery := requestTarget(r)
	if m.uriTooLong(w, r, path, rawQuery, start) {
		return
	}
	hasBody := r.Body != nil && r.Body != http.NoBody
	var bodyBy time.Time
	if hasBody {
		bodyBy = m.bodyDeadline(w)
	}
	if m.gated(w, r, start, cfg, bodyBy) {
		return
	}
	if set := m.scen.Load(); set != nil || r.Header[HeaderFault] != nil {
		m.serveScenario(w, r, set, start, cfg, bodyBy)
		return
	}
	ix := m.index.Load()
	// rq stays on the stack: the calls below that keep a request (Match,
	// Explain) get a copy of their own, made only on their path.
	rq := match.Request{Method: r.Method, Path: path, RawQuery: rawQuery, Header: r.Header}
	req := &rq
	mcfg := cfg.MatchConfig()

	var body []byte
	var dropped int64 // bytes of the body the call log does not get
	if match.BodyMatching(req, mcfg) {
		b, err := readLimited(r.Body, m.bodyLimit)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			m.bodyTimedOut(w, r, req, start)
			return
		}
		if err != nil {
			m.tooLarge(w, r, req, start, cfg)
			return
		}
		body = b
		req.Body = b
	} else if hasBody {
		// Not matched, only drained (so that the connection can serve the
		// next call); keep what the call log can hold and count the rest, so
		// that its truncation marker says how much went. A body longer than
		// maxDrain makes the server close the connection.
		b, err := readLimited(r.Body, int64(m.calls.Limits().MaxBodyBytes))
		body = b
		if err == nil || errors.Is(err, errTooLarge) {
			tooLarge := err != nil
			var n int64
			n, err = io.Copy(io.Discard, io.LimitReader(r.Body, maxDrain))
			if tooLarge {
				dropped = 1 + n // readLimited read one byte past what it returned
			}
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			m.bodyTimedOut(w, r, req, start)
			return
		}
	}

	res, p, ok := match.Result{}, (*prepared)(nil), false
	if t := m.exact.Load(); t != nil && t.ix == ix {
		res, p, ok = t.lookup(req, &mcfg)
	}
	if !ok {
		hr := rq
		res = ix.Match(&hr, mcfg)
	}
	if res.Example == nil && r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != "" {
		m.preflight(w, r, req, body, start, cfg)
		return
	}
	delay := m.delay(r, cfg)
	if !m.wait(r.Context(), delay) {
		return // the client went away
	}
	var out response
	if res.Example == nil {
		out = notFound()
		if m.explain || m.logger.Enabled(r.Context(), slog.LevelInfo) {
			hr := rq
			rej := ix.Explain(&hr, mcfg)
			if m.explain {
				m.misses.add(Miss{Method: r.Method, Path: fullPath(path, rawQuery), Err: res.Err, Rejections: rej})
			}
			m.logMiss(r, res, rej)
		}
	} else {
		if m.explain && match.FuzzySteps.Has(res.Step) {
			rt, _ := ix.RouteOf(res.Example)
			m.fuzzy.add(Fuzzy{Method: r.Method, Path: fullPath(path, rawQuery), Example: res.Example, Route: rt, Step: res.Step})
		}
		out = m.renderPrepared(p, res, r, ix, body, w.Header())
	}
	corsOut(&out, r)
	m.send(w, &out, r.Method == http.MethodHead, time.Time{})
	m.recordPrepared(r, path, rawQuery, body, dropped, res, out, start, delay, "", p)
}

// requestTarget returns the escaped path and the raw query of a request:
// from the request-target as received when there is one (so that escapes are
// kept as sent), else from the URL.
func requestTarget(r *http.Request) (string, string) {
	if u := r.RequestURI; u != "" && u[0] == '/' {
		p, q, _ := strings.Cut(u, "?")
		return p, q
	}
	return r.URL.EscapedPath(), r.URL.RawQuery
}

func fullPath(path, q string) string {
	if q == "" {
		return path
	}
	return path + "?" + q
}

// delay returns the delay for a call: x-mock-response-delay (integer ms,
// 1–180000) beats the configured delay; other values are ignored. The result
// is capped by WithMaxDelay.
func (m *Mock) delay(r *http.Request, cfg *Config) time.Duration {
	d := cfg.Delay
	if v := strings.TrimSpace(r.Header.Get(HeaderResponseDelay)); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 1 && n <= 180000 {
			d = time.Duration(n) * time.Millisecond
		}
	}
	return min(d, m.maxDelay)
}

// wait sleeps for d unless ctx ends first; it reports whether to go on.
func (m *Mock) wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// preflight answers a CORS preflight that no OPTIONS example matched (our
// rule, docs/matching.md#cors).
func (m *Mock) preflight(w http.ResponseWriter, r *http.Request, req *match.Request, body []byte, start time.Time, cfg *Config) {
	out := response{status: http.StatusNoContent, header: http.Header{}}
	out.header.Set("Access-Control-Allow-Methods", r.Header.Get("Access-Control-Request-Method"))
	if h := r.Header.Get("Access-Control-Request-Headers"); h != "" {
		out.header.Set("Access-Control-Allow-Headers", h)
	}
	out.header.Set("Access-Control-Max-Age", "600")
	cors(out.header, r)
	delay := m.delay(r, cfg)
	if !m.wait(r.Context(), delay) {
		return
	}
	m.send(w, &out, true, time.Time{})
	m.record(r, req.Path, req.RawQuery, body, match.Result{}, out, start, delay)
}

// cors adds Access-Control-Allow-Origin for calls with an Origin, unless
// the response sets it already.
func cors(h http.Header, r *http.Request) {
	corsOut(&response{header: h}, r)
}

// corsOut is cors on a response, whose logged headers it drops when it
// adds one.
func corsOut(out *response, r *http.Request) {
	if o := r.Header.Get("Origin"); o != "" && out.header.Get("Access-Control-Allow-Origin") == "" {
		out.header.Set("Access-Control-Allow-Origin", o)
		out.logged = nil
	}
}
