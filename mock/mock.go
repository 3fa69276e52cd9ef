package mock

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/dynvar"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/serverresponse"
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

// Config is a mock's configuration: the matching switches and a delay. The
// zero value is Postman's defaults: query parameters scored, {{var}}
// wildcards on, body and header matching off, no delay.
type Config struct {
	// MatchBody turns body matching on for every call.
	MatchBody bool
	// IgnoreQueryParams turns query scoring off (Postman's
	// matchQueryParams: false).
	IgnoreQueryParams bool
	// IgnoreWildcards makes unresolved {{var}} path segments literal text
	// (Postman's matchWildcards: false).
	IgnoreWildcards bool
	// PreferSuccess lets a 2xx example win a score tie against non-2xx
	// ones when a call sends no x-mock-response-code (see
	// match.Config.PreferSuccess). Off is Postman's behaviour.
	PreferSuccess bool
	// SkipSteps takes rungs off the path-score ladder; match.FuzzySteps is
	// exact mode: exact paths, trailing slashes and {{var}} wildcards only
	// (see match.Config.SkipSteps). The zero value skips nothing.
	SkipSteps match.Steps
	// Headers names request headers that must match for every call.
	Headers []string
	// SubsetBody compares bodies in subset mode when body matching is on
	// (see match.Config.SubsetBody): the example's fields must be in the
	// request, which may send more; {{name}} placeholders in its JSON
	// match any value and render in the response.
	SubsetBody bool
	// IgnoreBodyPaths lists gjson paths left out of body comparison (see
	// match.Config.IgnoreBodyPaths); New and SetConfig refuse unusable ones.
	IgnoreBodyPaths []string
	// Delay is applied before every response (0 = none; at most MaxDelay).
	Delay time.Duration
	// DefaultHeaders are x-mock-* request headers applied to every call
	// that does not send that header itself: x-mock-response-code, -id,
	// -name and -delay, x-mock-match-request-body and
	// x-mock-match-request-headers (any other name is ErrInvalidConfig). A
	// call's own header wins whenever it is present, even with an empty
	// value (an empty x-mock-match-request-headers turns header matching off
	// for that call, docs/matching.md#default-headers). The call log records the headers the
	// matcher saw: those the call sent plus the defaults that applied. The
	// caller's request is never changed.
	DefaultHeaders http.Header
}

// defaultableHeaders are the header names Config.DefaultHeaders may set.
var defaultableHeaders = map[string]bool{
	match.HeaderResponseCode: true, match.HeaderResponseID: true, match.HeaderResponseName: true,
	HeaderResponseDelay: true, match.HeaderMatchRequestBody: true, match.HeaderMatchHeaders: true,
}

func (c Config) match() match.Config {
	return match.Config{MatchBody: c.MatchBody, IgnoreQueryParams: c.IgnoreQueryParams,
		IgnoreWildcards: c.IgnoreWildcards, PreferSuccess: c.PreferSuccess, SkipSteps: c.SkipSteps,
		Headers: c.Headers, SubsetBody: c.SubsetBody, IgnoreBodyPaths: c.IgnoreBodyPaths}
}

// Option configures a Mock.
type Option func(*settings)

type settings struct {
	env       *collection.Environment
	cfg       Config
	seed      uint64
	seeded    bool
	logger    *slog.Logger
	now       func() time.Time
	limits    calllog.Limits
	bodyLimit int64
	maxDelay  time.Duration
	id        string
	explain   bool
	bodyTime  time.Duration
	writeTime time.Duration
	prep      *Prepared
}

// WithEnvironment attaches an environment: its variables win over the
// collection's.
func WithEnvironment(env *collection.Environment) Option {
	return func(s *settings) { s.env = env }
}

// WithConfig sets the mock's configuration (default Config{}).
func WithConfig(c Config) Option { return func(s *settings) { s.cfg = c } }

// WithSeed makes dynamic variables ({{$guid}}, {{$randomInt}}, ...)
// reproducible: the same seed gives the same sequence of values.
func WithSeed(seed uint64) Option {
	return func(s *settings) { s.seed, s.seeded = seed, true }
}

// WithLogger sets the logger (default: discard). Each call is logged at
// Debug level; unmatched calls at Info with the nearest rejections.
func WithLogger(l *slog.Logger) Option { return func(s *settings) { s.logger = l } }

// WithClock sets the clock used for timestamps and dynamic dates (default
// time.Now).
func WithClock(now func() time.Time) Option { return func(s *settings) { s.now = now } }

// WithCallLogLimits bounds the in-memory call log (default: 10,000 entries,
// 64 MiB in all, 1 MiB per body; see calllog.Limits).
func WithCallLogLimits(l calllog.Limits) Option { return func(s *settings) { s.limits = l } }

// WithBodyLimit sets the largest request body read for body matching
// (default DefaultBodyLimit); larger bodies get 413 payloadTooLargeError.
func WithBodyLimit(n int64) Option { return func(s *settings) { s.bodyLimit = n } }

// WithMaxDelay caps every delay (header or config) at d; tests use it to
// keep delayed mocks fast. 0 means no delays at all.
func WithMaxDelay(d time.Duration) Option { return func(s *settings) { s.maxDelay = d } }

// WithTimeouts bounds the time a call may take to send its request body
// (body, counted from the start of the call) and to take its response
// (write, counted from the end of the call's delay, so that a 180 s
// x-mock-response-delay still works); 0 or less means no bound. The defaults
// are DefaultBodyTimeout and DefaultWriteTimeout. A body not read in time
// gets 408 requestTimeoutError and the connection is closed; a response not
// taken in time is cut off. The bounds are set as deadlines on the
// connection through http.ResponseController, so they apply only under a
// server whose ResponseWriter supports them (net/http's does).
func WithTimeouts(body, write time.Duration) Option {
	return func(s *settings) { s.bodyTime, s.writeTime = body, write }
}

// WithID names the mock; the id is recorded in call-log entries.
func WithID(id string) Option { return func(s *settings) { s.id = id } }

// WithPrepared starts the mock from p (see Prepare) instead of compiling
// the collection again: mocks of one large collection then start in
// microseconds and share its index. p must come from New's collection
// (else New fails with ErrInvalidConfig). Its environment is the mock's,
// unless WithEnvironment gives another: then the index is compiled anew
// for that one, and only the response sides are shared. SetEnvironment
// later compiles anew too, for this mock alone.
func WithPrepared(p *Prepared) Option { return func(s *settings) { s.prep = p } }

// WithExplain makes every unmatched call's log entry and log line carry the
// nearest rejections (Index.Explain), and keeps the unmatched calls
// (Misses) and the calls served through a fuzzy step (FuzzyMatches);
// mocktest's Strict mode turns it on.
func WithExplain() Option { return func(s *settings) { s.explain = true } }

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
}

// gate is what a mock checks before matching (docs/matching.md#gates): whether it
// is deactivated, private (and which keys open it), and the active server
// response.
type gate struct {
	deactivated bool
	private     bool
	keys        [][]byte
	server      *serverresponse.ServerResponse
}

func (m *Mock) updateGate(f func(g *gate)) {
	for {
		old := m.gate.Load()
		g := gate{}
		if old != nil {
			g = *old
		}
		f(&g)
		if m.gate.CompareAndSwap(old, &g) {
			return
		}
	}
}

// SetPrivate makes the mock private (only calls whose x-api-key header holds
// one of keys are answered; others get 401) or public again.
func (m *Mock) SetPrivate(private bool, keys ...string) {
	bs := make([][]byte, 0, len(keys))
	for _, k := range keys {
		if k != "" {
			bs = append(bs, []byte(k))
		}
	}
	m.updateGate(func(g *gate) { g.private, g.keys = private, bs })
}

// Private reports whether the mock is private.
func (m *Mock) Private() bool {
	g := m.gate.Load()
	return g != nil && g.private
}

// SetServerResponse activates a server response: it answers every call
// (delays still apply, x-mock-* selectors are ignored) until
// SetServerResponse(nil).
func (m *Mock) SetServerResponse(sr *serverresponse.ServerResponse) {
	if sr != nil {
		c := *sr
		c.Headers = append([]serverresponse.Header(nil), sr.Headers...)
		sr = &c
	}
	m.updateGate(func(g *gate) { g.server = sr })
}

// ServerResponse returns the active server response, or nil.
func (m *Mock) ServerResponse() *serverresponse.ServerResponse {
	if g := m.gate.Load(); g != nil {
		return g.server
	}
	return nil
}

// SetDeactivated deactivates the mock (every call gets 404
// mockNotFoundError, as when its collection or environment is removed) or
// activates it again.
func (m *Mock) SetDeactivated(off bool) { m.updateGate(func(g *gate) { g.deactivated = off }) }

// Deactivated bodies and headers (our rule, docs/matching.md#gates).
const (
	// DeactivatedBody answers calls to a deactivated mock (404).
	DeactivatedBody = `{"error":{"name":"mockNotFoundError","message":"This mock server is deactivated."}}`
	// UnauthorizedBody answers calls to a private mock without a valid
	// x-api-key (401).
	UnauthorizedBody = `{"error":{"name":"invalidCredentialsError","message":"Provide a valid API key in the x-api-key header."}}`
)

// keyOK compares the x-api-key header with every key in constant time.
func (g *gate) keyOK(r *http.Request) bool {
	got := []byte(r.Header.Get("X-Api-Key"))
	ok := 0
	for _, k := range g.keys {
		ok |= subtle.ConstantTimeCompare(got, k)
	}
	return ok == 1 && len(got) > 0
}

// gated answers the call when a gate stops it, and reports whether it did.
// unreadBy is the body deadline of a call whose body it does not read (zero
// for none): see send.
func (m *Mock) gated(w http.ResponseWriter, r *http.Request, start time.Time, cfg *Config, unreadBy time.Time) bool {
	g := m.gate.Load()
	if g == nil {
		return false
	}
	path, rawQuery := requestTarget(r)
	var out response
	var res match.Result
	delay := time.Duration(0)
	switch {
	case g.deactivated:
		out = jsonResponse(http.StatusNotFound, DeactivatedBody)
	case g.private && !g.keyOK(r):
		out = jsonResponse(http.StatusUnauthorized, UnauthorizedBody)
	case g.server != nil:
		sr := g.server
		out = response{status: sr.StatusCode, header: http.Header{}, body: sr.Body}
		for _, h := range sr.Headers {
			k := http.CanonicalHeaderKey(strings.TrimSpace(h.Key))
			if validHeaderName(k) && !droppedHeaders[k] {
				out.header[k] = append(out.header[k], sanitizeValue(h.Value))
			}
		}
		out.header.Set("Content-Type", sr.ContentType())
		delay = m.delay(r, cfg)
		if !m.wait(r.Context(), delay) {
			return true
		}
		cors(out.header, r)
		m.send(w, &out, r.Method == http.MethodHead, unreadBy)
		m.recordNamed(r, path, rawQuery, nil, 0, res, out, start, delay, sr.Name)
		return true
	default:
		return false
	}
	m.send(w, &out, r.Method == http.MethodHead, unreadBy)
	m.record(r, path, rawQuery, nil, res, out, start, delay)
	return true
}

func jsonResponse(status int, body string) response {
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	return response{status: status, header: h, body: body}
}

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

// Prepared is a collection made ready to serve with one environment: its
// compiled index and its examples' response sides, the bulk of New's work
// on a large collection. It is never changed once built, so any number of
// mocks, serving at the same time, can start from one (WithPrepared).
type Prepared struct {
	coll  *collection.Collection
	env   *collection.Environment
	index *match.Index
	sides map[*collection.Example]*prepared
}

// Prepare compiles c with env (nil for none) for WithPrepared. The
// collection and environment must not change while mocks use it.
func Prepare(c *collection.Collection, env *collection.Environment) (*Prepared, error) {
	if c == nil {
		return nil, errors.New("mock: nil collection")
	}
	// Preparing the response sides and compiling the index both only read
	// the collection: on a large one, doing them side by side shortens the
	// start-up.
	sides := make(chan map[*collection.Example]*prepared, 1)
	go func() {
		p := make(map[*collection.Example]*prepared, len(c.Examples()))
		for _, ex := range c.Examples() {
			p[ex] = prepare(ex)
		}
		sides <- p
	}()
	ix, err := match.Compile(c, env)
	p := &Prepared{coll: c, env: env, index: ix, sides: <-sides}
	if err != nil {
		return nil, err
	}
	return p, nil
}

// Index returns the compiled index (routes, warnings).
func (p *Prepared) Index() *match.Index { return p.index }

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
	if s.now == nil {
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
		logger: s.logger, now: s.now, bodyLimit: s.bodyLimit, maxDelay: s.maxDelay, id: s.id, explain: s.explain,
		bodyTime: s.bodyTime, writeTime: s.writeTime, prepared: p.sides}
	m.index.Store(ix)
	m.env.Store(s.env)
	cfg := s.cfg.normalize()
	m.cfg.Store(&cfg)
	return m, nil
}

// ErrInvalidConfig is returned for a configuration out of range.
var ErrInvalidConfig = errors.New("invalid mock config")

func validateConfig(c Config) error {
	if c.Delay < 0 || c.Delay > MaxDelay {
		return fmt.Errorf("%w: delay %v outside 0–%v", ErrInvalidConfig, c.Delay, MaxDelay)
	}
	if err := match.CheckBodyPaths(c.IgnoreBodyPaths); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	for k, vs := range c.DefaultHeaders {
		if err := validateDefaultHeader(k, vs); err != nil {
			return err
		}
	}
	return nil
}

// Validate reports whether New and SetConfig would take c: an
// ErrInvalidConfig error saying what is wrong, else nil.
func (c Config) Validate() error { return validateConfig(c) }

// validateDefaultHeader checks one default request header: a name the
// matcher reads and values it would act on, so that a typo fails at
// start-up instead of making every call a 404.
func validateDefaultHeader(name string, values []string) error {
	canon := http.CanonicalHeaderKey(strings.TrimSpace(name))
	if !defaultableHeaders[canon] {
		return fmt.Errorf("%w: default header %q: only x-mock-response-code, x-mock-response-id, x-mock-response-name, x-mock-response-delay, x-mock-match-request-body and x-mock-match-request-headers may be set", ErrInvalidConfig, name)
	}
	if len(values) == 0 {
		return fmt.Errorf("%w: default header %s has no value", ErrInvalidConfig, canon)
	}
	for _, v := range values {
		if !validHeaderValue(v) {
			return fmt.Errorf("%w: default header %s: value %q has control characters", ErrInvalidConfig, canon, v)
		}
		v = strings.TrimSpace(v)
		switch canon {
		case match.HeaderResponseCode:
			if n, err := strconv.Atoi(v); err != nil || n < 100 || n > 599 {
				return fmt.Errorf("%w: default header %s: %q is not an integer 100-599", ErrInvalidConfig, canon, v)
			}
		case HeaderResponseDelay:
			if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 180000 {
				return fmt.Errorf("%w: default header %s: %q is not an integer 1-180000 (milliseconds)", ErrInvalidConfig, canon, v)
			}
		case match.HeaderMatchRequestBody:
			if !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") && !strings.EqualFold(v, "subset") {
				return fmt.Errorf("%w: default header %s: %q is not true, false or subset", ErrInvalidConfig, canon, v)
			}
		case match.HeaderResponseID, match.HeaderResponseName:
			if v == "" {
				return fmt.Errorf("%w: default header %s is empty", ErrInvalidConfig, canon)
			}
		}
	}
	return nil
}

// validHeaderValue reports whether v may be a header value: no control
// characters but tab.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// normalize returns c with its own copies of the slices and maps a caller
// could change later, and the default headers' names in canonical form.
func (c Config) normalize() Config {
	c.Headers = append([]string(nil), c.Headers...)
	c.IgnoreBodyPaths = append([]string(nil), c.IgnoreBodyPaths...)
	if len(c.DefaultHeaders) == 0 {
		c.DefaultHeaders = nil
		return c
	}
	h := make(http.Header, len(c.DefaultHeaders))
	for k, vs := range c.DefaultHeaders {
		k = http.CanonicalHeaderKey(strings.TrimSpace(k))
		h[k] = append(h[k], vs...)
	}
	c.DefaultHeaders = h
	return c
}

// withDefaults returns r itself when every default header is sent (or there
// are none), else a shallow copy whose Header is the call's headers plus
// the defaults it lacks: the caller's request and header map stay as they
// are (under Transport they are the client's own).
func withDefaults(r *http.Request, defaults http.Header) *http.Request {
	var h http.Header
	for k, vs := range defaults {
		if _, sent := r.Header[k]; sent {
			continue
		}
		if h == nil {
			h = make(http.Header, len(r.Header)+len(defaults))
			for k2, v2 := range r.Header {
				h[k2] = v2
			}
		}
		h[k] = vs
	}
	if h == nil {
		return r
	}
	r2 := new(http.Request)
	*r2 = *r
	r2.Header = h
	return r2
}

// Collection returns the served collection.
func (m *Mock) Collection() *collection.Collection { return m.coll }

// Index returns the current compiled index (routes, warnings, Explain).
func (m *Mock) Index() *match.Index { return m.index.Load() }

// Config returns the current configuration.
func (m *Mock) Config() Config { return *m.cfg.Load() }

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
	m.env.Store(env)
	m.index.Store(ix)
}

// Calls returns the mock's call log.
func (m *Mock) Calls() *calllog.Store { return m.calls }

// Misses returns the unmatched calls recorded so far (only with
// WithExplain), oldest first: at most the first 1,000.
func (m *Mock) Misses() []Miss { return m.misses.all() }

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
	ix := m.index.Load()
	req := &match.Request{Method: r.Method, Path: path, RawQuery: rawQuery, Header: r.Header}
	mcfg := cfg.match()

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

	res := ix.Match(req, mcfg)
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
			rej := ix.Explain(req, mcfg)
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
		out = m.render(res, r, ix, body, w.Header())
	}
	cors(out.header, r)
	m.send(w, &out, r.Method == http.MethodHead, time.Time{})
	m.recordNamed(r, path, rawQuery, body, dropped, res, out, start, delay, "")
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

// maxDrain is how much of a body that is not matched a call reads past
// what its call-log entry keeps.
const maxDrain = 64 << 20

// bodyDeadline bounds reading the request body (WithTimeouts). It is a
// deadline for the whole body rather than a minimum rate: bodies are bounded
// in size (the body limit, maxDrain), so a deadline is what bounds how long
// one client holds a connection, however it paces its bytes, and it is set
// once instead of at every read. The write deadline gets the same bound
// while the body is read: a "100 Continue" may be written then, and a
// deadline left by the connection's previous response must not fail it.
//
// Once the body has been read to its end, net/http lifts the read deadline
// itself when it starts reading ahead on the connection (to notice a client
// that goes away), so the deadline cannot cancel the call during its delay;
// a body not read to its end keeps it, which also bounds the server's own
// discard of the rest.
// It returns the deadline (zero for none).
func (m *Mock) bodyDeadline(w http.ResponseWriter) time.Time {
	if m.bodyTime <= 0 {
		return time.Time{}
	}
	d := time.Now().Add(m.bodyTime)
	setDeadlines(w, d, true, d, true)
	return d
}

// send writes out, with the write deadline (WithTimeouts) counted from now:
// after the call's delay. A call that answers without reading its body
// passes the body deadline as unreadBy: net/http reads (and discards) up to
// 256 KiB of an unread body before it writes the answer, until the body
// deadline at worst, so the write bound starts there.
func (m *Mock) send(w http.ResponseWriter, out *response, head bool, unreadBy time.Time) {
	if m.writeTime > 0 {
		from := time.Now()
		if unreadBy.After(from) {
			from = unreadBy
		}
		setDeadlines(w, time.Time{}, false, from.Add(m.writeTime), true)
	}
	out.write(w, head)
}

// setDeadlines sets the read deadline (if read) and the write deadline (if
// write) of w's connection, as http.ResponseController does (through
// Unwrap), without allocating one on every call. A writer without deadlines
// (a recorder, Transport) gets none: there is no connection to hold.
func setDeadlines(w http.ResponseWriter, rd time.Time, read bool, wd time.Time, write bool) {
	for {
		switch x := w.(type) {
		case interface {
			SetReadDeadline(time.Time) error
			SetWriteDeadline(time.Time) error
		}:
			if read {
				_ = x.SetReadDeadline(rd)
			}
			if write {
				_ = x.SetWriteDeadline(wd)
			}
			return
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return
		}
	}
}

// RequestTimeoutBody answers a call whose request body did not arrive
// within the body timeout (408; our rule).
const RequestTimeoutBody = `{"error":{"name":"requestTimeoutError","message":"The request body did not arrive in time."}}`

// bodyTimedOut answers a call whose body did not arrive in time, at once
// (no delay: the client is too slow already) and closes the connection.
func (m *Mock) bodyTimedOut(w http.ResponseWriter, r *http.Request, req *match.Request, start time.Time) {
	out := jsonResponse(http.StatusRequestTimeout, RequestTimeoutBody)
	out.header.Set("Connection", "close")
	m.send(w, &out, false, time.Time{})
	m.record(r, req.Path, req.RawQuery, nil, match.Result{}, out, start, 0)
}

var errTooLarge = errors.New("body too large")

// readLimited reads at most limit bytes; a longer body is errTooLarge (and
// nothing past limit+1 bytes is buffered).
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	if r == nil || r == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(b)) > limit {
		return b[:limit], errTooLarge
	}
	return b, err
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

func (m *Mock) tooLarge(w http.ResponseWriter, r *http.Request, req *match.Request, start time.Time, cfg *Config) {
	out := response{status: http.StatusRequestEntityTooLarge, header: http.Header{},
		body: fmt.Sprintf(`{"error":{"name":"payloadTooLargeError","message":"The request body is larger than the mock's body limit of %d bytes."}}`, m.bodyLimit)}
	out.header.Set("Content-Type", "application/json; charset=utf-8")
	out.header.Set("Connection", "close")
	delay := m.delay(r, cfg)
	if !m.wait(r.Context(), delay) {
		return
	}
	m.send(w, &out, false, time.Time{})
	m.record(r, req.Path, req.RawQuery, nil, match.Result{}, out, start, delay)
}

// uriTooLong answers 414 uriTooLongError, before any gate or matching, when
// the request-target passes MaxRequestTarget or its path MaxPathSegments,
// and reports whether it did. The call log keeps the first
// MaxRequestTarget bytes of the target, copied, so that a hostile call
// holds no more memory there than a legal one.
func (m *Mock) uriTooLong(w http.ResponseWriter, r *http.Request, path, rawQuery string, start time.Time) bool {
	size := len(path)
	if rawQuery != "" {
		size += 1 + len(rawQuery)
	}
	var msg string
	switch {
	case size > MaxRequestTarget:
		msg = fmt.Sprintf("The request-target is %d bytes, over the mock's limit of %d bytes.", size, MaxRequestTarget)
	case strings.Count(strings.TrimPrefix(path, "/"), "/")+1 > MaxPathSegments:
		msg = fmt.Sprintf("The request path has more than the mock's limit of %d segments.", MaxPathSegments)
	default:
		return false
	}
	out := jsonResponse(http.StatusRequestURITooLong,
		`{"error":{"name":"uriTooLongError","message":`+strconv.Quote(msg)+`}}`)
	out.write(w, r.Method == http.MethodHead)
	if len(path) >= MaxRequestTarget {
		path, rawQuery = strings.Clone(path[:MaxRequestTarget]), ""
	} else if size > MaxRequestTarget {
		rawQuery = strings.Clone(rawQuery[:MaxRequestTarget-len(path)-1])
	}
	m.record(r, path, rawQuery, nil, match.Result{}, out, start, 0)
	return true
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
	if o := r.Header.Get("Origin"); o != "" && h.Get("Access-Control-Allow-Origin") == "" {
		h.Set("Access-Control-Allow-Origin", o)
	}
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
	e := calllog.Entry{
		ServedAt: m.now(),
		MockID:   m.id,
		Request: calllog.Request{Method: r.Method, Path: fullPath(path, rawQuery),
			Headers: logHeaders(r.Header), Body: calllog.Body{Data: string(body), Dropped: dropped}},
		Response: calllog.Response{StatusCode: out.status, Headers: logHeaders(out.header), Body: calllog.Body{Data: out.body}},
		Delay:    delay,
		Captures: res.Captures,
	}
	e.Request.Body.Mode = calllog.BodyMode(r.Header.Get("Content-Type"))
	e.ResponseName = name
	if ex := res.Example; ex != nil {
		e.ResponseName, e.ExampleID, e.ExampleName = ex.Name, ex.ID, ex.Name
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

func logHeaders(h http.Header) []calllog.Header {
	n := 0
	for _, vs := range h {
		n += len(vs)
	}
	out := make([]calllog.Header, 0, n)
	keys := make([]string, 0, len(h))
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
