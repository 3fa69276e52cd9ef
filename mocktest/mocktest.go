// Package mocktest is what a Go test touches: New starts a live Postman mock
// of a collection file for the duration of one test, the last step of
// postmock's data flow (collection → match → serverresponse / calllog → mock →
// workspace → postmanapi → mocktest / cmd).
//
//	srv := mocktest.New(t, "testdata/api.postman_collection.json")
//	resp, err := srv.Client().Get(srv.URL + "/users/42")
//
// The server is closed by t.Cleanup. New parses and compiles each file once
// per test binary (again when the file changes), so a suite can start a
// fresh server in every test of a large collection; FromCollection serves a
// collection the test loaded itself; NewTLS serves https, its Client
// trusting the certificate. Transport serves the same mock in-process, with
// no socket.
//
// Calls summarizes the mock's call log as []Call (method, path, query,
// status, example), the form AssertCalls compares with a go-cmp diff;
// Entries is the raw log. Everywhere a path is the request path without its
// query (see Call). AssertCalledTimes and AssertServedTimes count per route
// and per example, AssertServed names an example by id, unique name or
// "item / name", and Unused lists the examples no call was served.
//
// Strict fails the test at cleanup when a call matched no example, with the
// reasons the nearest examples were rejected, or was served through a fuzzy
// path match (a likely typo). WithHeader sets default x-mock-* request
// headers, e.g. WithHeader("x-mock-response-code", "200") for the happy
// path; PreferSuccess lets 2xx examples win score ties; Exact serves exact
// paths, trailing slashes and {{var}} wildcards only.
//
// Record modes, as go-vcr's (record.go): Record(upstreamURL) makes New
// forward every call to the real API and write the collection file at
// cleanup; RecordMissing replays what the file answers and records the
// rest; Upstream(url) leaves the choice to POSTMOCK_RECORD, so a suite
// switches without a code change.
//
// Scenarios script a route beyond its saved examples (docs/scenarios.md):
// Sequence answers given examples in order (a job "pending", then "done"),
// Override hands calls to Go code that may fall back to the collection,
// Fault fails them the way networks fail (a reset surfaces as
// syscall.ECONNRESET, over the listener or Transport); the options Chaos
// and RateLimit fail a seeded fraction of calls or answer 429 past a
// limit, and WithScenario / WithScenarioFile set a whole scenario.
package mocktest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
)

// Option configures New.
type Option func(*settings)

type settings struct {
	envFile  string
	env      *collection.Environment
	cfg      mock.Config
	headers  http.Header // WithHeader's, applied over cfg.DefaultHeaders
	mockOpts []mock.Option
	// cfgEdits change the config the mock starts with, whichever
	// WithConfig or WithMockOptions set and in whatever order they came.
	cfgEdits []func(*mock.Config)
	strict   bool
	fuzzyOK  bool
	noListen bool
	tls      bool // NewTLS

	rec recording // Record, RecordMissing, Upstream (record.go)
	// The scenario (scenario.go): WithScenario's, with Chaos and
	// RateLimit on top; scenarioFile is read at start.
	scenario     mock.Scenario
	scenarioFile string
	scripted     bool
	chaosSet     bool
	rateSet      bool
}

// WithEnvironmentFile attaches a Postman environment file.
func WithEnvironmentFile(path string) Option { return func(s *settings) { s.envFile = path } }

// WithEnvironment attaches an already loaded environment.
func WithEnvironment(env *collection.Environment) Option { return func(s *settings) { s.env = env } }

// WithConfig sets the mock's configuration (matching switches, delay).
// Options that change one part of it (WithHeader, PreferSuccess, Exact,
// SubsetBody, IgnoreBodyPaths) apply on top, in any order.
func WithConfig(cfg mock.Config) Option { return func(s *settings) { s.cfg = cfg } }

// WithHeader sets a default request header: every call that does not send
// name itself is matched as if it had sent name: value (a call's own header
// wins). name is one of Postman's x-mock-* request headers; the common use
// is WithHeader("x-mock-response-code", "200"), so that a request whose
// examples tie answers its success example. Repeat it for more headers;
// repeating a name replaces its value. It adds to the DefaultHeaders of
// WithConfig, whichever comes first. A name or value the mock does not
// accept fails the test at New.
func WithHeader(name, value string) Option {
	return func(s *settings) {
		if s.headers == nil {
			s.headers = http.Header{}
		}
		s.headers[http.CanonicalHeaderKey(strings.TrimSpace(name))] = []string{value}
	}
}

// SubsetBody turns body matching on for every call in subset mode: an
// example's JSON fields (and form fields) must be in the request, which
// may send more, and {{name}} placeholders in its JSON match any value
// (mock.Config MatchBody and SubsetBody).
func SubsetBody() Option {
	return func(s *settings) {
		s.cfgEdits = append(s.cfgEdits, func(c *mock.Config) { c.MatchBody, c.SubsetBody = true, true })
	}
}

// IgnoreBodyPaths leaves gjson paths ("meta.requestId", "items.#.ts") out
// of body comparison (mock.Config.IgnoreBodyPaths); repeated, the lists add
// up.
func IgnoreBodyPaths(paths ...string) Option {
	return func(s *settings) {
		s.cfgEdits = append(s.cfgEdits, func(c *mock.Config) {
			c.IgnoreBodyPaths = append(append([]string(nil), c.IgnoreBodyPaths...), paths...)
		})
	}
}

// WithSeed makes dynamic variables reproducible.
func WithSeed(seed uint64) Option {
	return func(s *settings) { s.mockOpts = append(s.mockOpts, mock.WithSeed(seed)) }
}

// WithMockOptions passes any mock.Option through (logger, clock, limits...).
func WithMockOptions(opts ...mock.Option) Option {
	return func(s *settings) { s.mockOpts = append(s.mockOpts, opts...) }
}

// PreferSuccess makes a 2xx example win a score tie against non-2xx ones
// when a call sends no x-mock-response-code (mock.Config.PreferSuccess),
// so that a request whose examples are 200, 404 and 500 alike answers 200.
func PreferSuccess() Option {
	return editConfig(func(c *mock.Config) { c.PreferSuccess = true })
}

// Exact is exact mode: only exact paths, trailing slashes and {{var}}
// wildcards are served; a call that differs from every example's path in
// case, in an id or by a typo gets the 404 (mock.Config.SkipSteps =
// match.FuzzySteps).
func Exact() Option {
	return editConfig(func(c *mock.Config) { c.SkipSteps |= match.FuzzySteps })
}

func editConfig(edit func(*mock.Config)) Option {
	return func(s *settings) { s.cfgEdits = append(s.cfgEdits, edit) }
}

// Strict fails the test at cleanup for every call that matched no example,
// with the reasons its nearest candidates were rejected, and for every call
// served through a fuzzy ladder step (match.FuzzySteps: a path that differs
// from the example's by case, an id or edit distance, as a typo does),
// naming the call, the example and the step. AllowFuzzy keeps the second
// part quiet.
func Strict() Option { return func(s *settings) { s.strict = true } }

// AllowFuzzy makes Strict accept calls served through a fuzzy ladder step
// (calls that matched no example still fail the test), for a client whose
// paths are meant to differ from the collection's.
func AllowFuzzy() Option { return func(s *settings) { s.fuzzyOK = true } }

// WithoutListener starts no socket: URL is empty and Client serves through
// Transport, in-process.
func WithoutListener() Option { return func(s *settings) { s.noListen = true } }

// Server is a live mock of one collection for one test.
type Server struct {
	// URL is the base URL of the mock, e.g. "http://127.0.0.1:54321" (empty
	// WithoutListener).
	URL string

	tb      testing.TB
	mock    *mock.Mock
	handler http.Handler // the mock, or a record mode's proxy in front of it
	srv     *httptest.Server
	closed  sync.Once
}

// New loads collectionFile (and the options' environment), starts a mock
// server on a loopback port and registers its Close with t.Cleanup. A
// collection or environment that does not load fails the test at once.
//
// Each file is parsed and compiled once per test binary, however many
// tests call New with it, and read again when its size or modification
// time changes; the mocks share what was parsed, read-only, and each has
// its own call log, config and environment.
func New(t testing.TB, collectionFile string, opts ...Option) *Server {
	t.Helper()
	s := settingsOf(opts)
	if s.rec.active(t) {
		return s.rec.start(t, collectionFile, s)
	}
	file, err := collections.get(collectionFile)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	env, envCached := s.env, false
	if s.envFile != "" {
		e, err := environments.get(s.envFile)
		if err != nil {
			t.Fatalf("mocktest: %v", err)
		}
		env, envCached = e.v, true
	}
	var prep *mock.Prepared
	// An environment passed as a value may be changed by its owner between
	// tests: only cached files are compiled for keeps.
	if env == nil || envCached {
		if prep, err = file.prepared(file.v, env); err != nil {
			t.Fatalf("mocktest: %v", err)
		}
	}
	return start(t, file.v, env, prep, s)
}

// NewTLS is New serving HTTPS, as httptest.NewTLSServer does: URL starts
// with "https://" and Client trusts the server's certificate (one made for
// 127.0.0.1 and localhost). Use it when the code under test insists on
// https. WithoutListener makes no sense here and fails the test.
func NewTLS(t testing.TB, collectionFile string, opts ...Option) *Server {
	t.Helper()
	return New(t, collectionFile, append(opts, func(s *settings) { s.tls = true })...)
}

// FromCollection is New for a collection the test loaded itself (with
// collection.Load or LoadFile, say once in TestMain). It compiles c for
// each server; to share one compilation too, pass
// WithMockOptions(mock.WithPrepared(p)) with p from mock.Prepare. c must not
// change while the server runs.
func FromCollection(t testing.TB, c *collection.Collection, opts ...Option) *Server {
	t.Helper()
	if c == nil {
		t.Fatalf("mocktest: FromCollection: nil collection")
	}
	s := settingsOf(opts)
	env := s.env
	if s.envFile != "" {
		e, err := environments.get(s.envFile)
		if err != nil {
			t.Fatalf("mocktest: %v", err)
		}
		env = e.v
	}
	return start(t, c, env, nil, s)
}

func settingsOf(opts []Option) *settings {
	var s settings
	for _, o := range opts {
		o(&s)
	}
	return &s
}

// start builds the mock (from prep when there is one) and serves it.
func start(t testing.TB, c *collection.Collection, env *collection.Environment, prep *mock.Prepared, s *settings) *Server {
	t.Helper()
	mopts := []mock.Option{mock.WithEnvironment(env), mock.WithConfig(s.cfg)}
	if prep != nil {
		mopts = append(mopts, mock.WithPrepared(prep))
	}
	mopts = append(mopts, s.mockOpts...)
	if s.strict {
		mopts = append(mopts, mock.WithExplain())
	}
	if o, err := s.scenarioOption(); err != nil {
		t.Fatalf("mocktest: %v", err)
	} else if o != nil {
		mopts = append(mopts, o)
	}
	m, err := mock.New(c, mopts...)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	// The options that change parts of the config apply to the one the mock
	// got, from WithConfig or WithMockOptions, whatever their order.
	if len(s.headers) > 0 || len(s.cfgEdits) > 0 {
		if err := m.SetConfig(s.edit(m.Config())); err != nil {
			t.Fatalf("mocktest: %v", err)
		}
	}
	srv := &Server{tb: t, mock: m, handler: m}
	if s.rec.handler != nil {
		srv.handler = s.rec.handler(m) // a record mode proxies (record.go)
	}
	switch {
	case s.tls && s.noListen:
		t.Fatalf("mocktest: NewTLS with WithoutListener: TLS needs a listener; use New for in-process serving")
	case s.tls:
		srv.srv = httptest.NewTLSServer(srv.handler)
	case !s.noListen:
		srv.srv = httptest.NewServer(srv.handler)
	}
	if srv.srv != nil {
		srv.URL = srv.srv.URL
	}
	t.Cleanup(func() {
		srv.Close()
		if s.strict {
			srv.checkStrict(t, !s.fuzzyOK)
		}
	})
	return srv
}

// edit applies the options that change parts of a config: WithHeader's
// headers over its DefaultHeaders, then PreferSuccess and Exact.
func (s *settings) edit(cfg mock.Config) mock.Config {
	if len(s.headers) > 0 {
		h := make(http.Header, len(cfg.DefaultHeaders)+len(s.headers))
		for k, vs := range cfg.DefaultHeaders {
			k = http.CanonicalHeaderKey(strings.TrimSpace(k))
			h[k] = append(h[k], vs...)
		}
		for k, vs := range s.headers {
			h[k] = vs
		}
		cfg.DefaultHeaders = h
	}
	for _, edit := range s.cfgEdits {
		edit(&cfg)
	}
	return cfg
}

// Close stops the server; it is safe to call more than once.
func (s *Server) Close() {
	s.closed.Do(func() {
		if s.srv != nil {
			s.srv.Close()
		}
	})
}

// Client returns an HTTP client for the server: the listener's client
// (which trusts NewTLS's certificate), or one that serves in-process
// WithoutListener.
func (s *Server) Client() *http.Client {
	if s.srv == nil {
		return &http.Client{Transport: s.Transport()}
	}
	return s.srv.Client()
}

// Transport returns an http.RoundTripper that serves the mock in-process,
// without a socket, whatever the request's host (in a record mode, it
// records through the same proxy as URL).
func (s *Server) Transport() http.RoundTripper { return mock.Transport(s.handler) }

// Mock returns the underlying mock: change its config or environment
// mid-test, read its index or call log.
func (s *Server) Mock() *mock.Mock { return s.mock }

// Entries returns the raw call log, oldest first: every field the mock
// recorded (example id, score, ladder step, wildcard captures, delay,
// headers and bodies). Request.Path there holds the query as received.
func (s *Server) Entries() []calllog.Entry { return s.mock.Calls().All() }

// Reset empties the call log.
func (s *Server) Reset() { s.mock.Calls().Reset() }

// Call is one call as tests assert on it: what was asked and what answered.
// Every zero field means what it says (no query, no example, no server
// response), so a []Call literal lists only what a call had.
//
// Paths follow one rule across mocktest: Path is the request path without
// its query, percent-encoded as received; the query is separate (Query
// here, or "?query" appended to the path argument of AssertCalled and its
// kin, where a path without "?" matches any query).
type Call struct {
	Method string // request method, e.g. "GET"
	Path   string // request path without the query, e.g. "/todos"
	Query  string // raw query without '?', e.g. "page=2"; "" for none
	Status int    // status code answered
	// Example is the served example's name; "" when no example answered
	// (no match, a server response, a private mock's 401...).
	Example string
	// ServerResponse is the name of the active server response that
	// answered the call instead of an example; "" otherwise.
	ServerResponse string
}

// callOf summarizes one entry.
func callOf(e calllog.Entry) Call {
	p, q, _ := strings.Cut(e.Request.Path, "?")
	c := Call{Method: e.Request.Method, Path: p, Query: q, Status: e.Response.StatusCode}
	if e.Matched {
		c.Example = e.ExampleName
	} else {
		// An entry with a response name that no example served was
		// answered by a server response (mock.SetServerResponse).
		c.ServerResponse = e.ResponseName
	}
	return c
}

// Calls summarizes the call log, oldest first (Entries has every field).
func (s *Server) Calls() []Call {
	all := s.Entries()
	out := make([]Call, len(all))
	for i, e := range all {
		out[i] = callOf(e)
	}
	return out
}

// AssertCalls checks that the calls so far equal want, in order, and
// reports a go-cmp diff otherwise. opts are passed to cmp (for instance
// cmpopts.IgnoreFields(mocktest.Call{}, "Status")).
func (s *Server) AssertCalls(t testing.TB, want []Call, opts ...cmp.Option) {
	t.Helper()
	if d := cmp.Diff(want, s.Calls(), opts...); d != "" {
		t.Errorf("mocktest: calls differ (-want +got):\n%s", d)
	}
}

// AssertCalled checks that method and path were called at least once and
// returns the last such call's log entry. path is the request path; with
// "?query" appended the query must be that too, without it any query
// matches (see Call).
func (s *Server) AssertCalled(t testing.TB, method, path string) calllog.Entry {
	t.Helper()
	all := s.Entries()
	for i := len(all) - 1; i >= 0; i-- {
		if sameCall(all[i], method, path) {
			return all[i]
		}
	}
	t.Errorf("mocktest: %s %s was not called; calls so far:\n%s", method, path, formatCalls(s.Calls()))
	return calllog.Entry{}
}

// AssertNotCalled checks that method and path (as AssertCalled takes
// them) were never called.
func (s *Server) AssertNotCalled(t testing.TB, method, path string) {
	t.Helper()
	for _, e := range s.Entries() {
		if sameCall(e, method, path) {
			t.Errorf("mocktest: %s %s was called (answered %d)", method, path, e.Response.StatusCode)
			return
		}
	}
}

// AssertCallCount checks how many calls the mock answered in all.
func (s *Server) AssertCallCount(t testing.TB, want int) {
	t.Helper()
	if got := s.mock.Calls().Len(); got != want {
		t.Errorf("mocktest: %d calls, want %d; calls:\n%s", got, want, formatCalls(s.Calls()))
	}
}

// AssertCalledTimes checks that method and path (as AssertCalled takes
// them) were called exactly n times: a count per route, where
// AssertCallCount counts every call.
func (s *Server) AssertCalledTimes(t testing.TB, method, path string, n int) {
	t.Helper()
	got := 0
	for _, e := range s.Entries() {
		if sameCall(e, method, path) {
			got++
		}
	}
	if got != n {
		t.Errorf("mocktest: %s %s was called %d times, want %d; calls so far:\n%s", method, path, got, n, formatCalls(s.Calls()))
	}
}

// AssertServed checks that an example was served at least once. example
// names one example of the collection: its id, its name, or its request
// item and name as "Folder / Request / Example name" (the item's folders,
// the item and the example, joined by " / "). A name that several
// examples share fails the test and lists them, with their ids and items:
// say which one with its id or item.
func (s *Server) AssertServed(t testing.TB, example string) {
	t.Helper()
	ex, ok := s.resolve(t, example)
	if !ok {
		return
	}
	if s.servedTimes(ex.ID) == 0 {
		t.Errorf("mocktest: example %s was never served; calls so far:\n%s", s.label(ex), formatCalls(s.Calls()))
	}
}

// AssertServedTimes checks that an example (named as AssertServed takes
// it) was served exactly n times.
func (s *Server) AssertServedTimes(t testing.TB, example string, n int) {
	t.Helper()
	ex, ok := s.resolve(t, example)
	if !ok {
		return
	}
	if got := s.servedTimes(ex.ID); got != n {
		t.Errorf("mocktest: example %s was served %d times, want %d; calls so far:\n%s", s.label(ex), got, n, formatCalls(s.Calls()))
	}
}

// Example names one example of the collection, as Unused lists it.
type Example struct {
	ID     string // the example's id
	Name   string // the example's name
	Item   string // its request item: folders and item name joined by " / "
	Method string // the method the mock serves it for
	Path   string // the path the mock serves it at, {{var}} wildcards kept, "?query" added
	Code   int    // its status code
}

// String names the example as failures do:
// "200 OK" (t2) [Todos / Get todo, GET /todos/{{id}}].
func (e Example) String() string {
	where := e.Method + " " + e.Path
	if e.Item != "" {
		where = e.Item + ", " + where
	}
	return fmt.Sprintf("%q (%s) [%s]", e.Name, e.ID, where)
}

// Unused lists the examples no call has been served so far (gock's
// Pending), in collection order: the answers a test's client never needed.
// Examples the mock cannot serve at all (the routes warnings of postmock
// say which) are left out. It reads the call log, so Reset makes every
// example unused again, and a log past its bound (10,000 calls by default)
// has forgotten its oldest calls.
func (s *Server) Unused() []Example {
	served := make(map[string]bool)
	for _, e := range s.Entries() {
		if e.Matched {
			served[e.ExampleID] = true
		}
	}
	ix := s.mock.Index()
	var out []Example
	for _, ex := range s.mock.Collection().Examples() {
		rt, ok := ix.RouteOf(ex)
		if !ok || served[ex.ID] {
			continue
		}
		p := rt.Path
		if rt.Query != "" {
			p += "?" + rt.Query
		}
		out = append(out, Example{ID: ex.ID, Name: ex.Name, Item: ex.Item.FullName(), Method: rt.Method, Path: p, Code: ex.Code})
	}
	return out
}

// AssertAllServed checks that every example was served at least once
// (gock's IsDone), and lists those that were not.
func (s *Server) AssertAllServed(t testing.TB) {
	t.Helper()
	unused := s.Unused()
	if len(unused) == 0 {
		return
	}
	var b strings.Builder
	fmt.Fprintf(&b, "mocktest: %d examples were never served:", len(unused))
	for _, e := range unused {
		fmt.Fprintf(&b, "\n  %s", e)
	}
	t.Error(b.String())
}

// servedTimes counts the calls the example with that id answered.
func (s *Server) servedTimes(id string) int {
	n := 0
	for _, e := range s.Entries() {
		if e.Matched && e.ExampleID == id {
			n++
		}
	}
	return n
}

// resolve finds the one example ref names (see AssertServed), or fails t
// and reports false.
func (s *Server) resolve(t testing.TB, ref string) (*collection.Example, bool) {
	t.Helper()
	exs := s.mock.Collection().Examples()
	var byName, byItem []*collection.Example
	for _, ex := range exs {
		if ex.ID == ref {
			return ex, true // ids are unique in a loaded collection
		}
		if ex.Name == ref {
			byName = append(byName, ex)
		}
		if ex.Item != nil && ex.Item.FullName()+" / "+ex.Name == ref {
			byItem = append(byItem, ex)
		}
	}
	found := byName
	if len(found) == 0 {
		found = byItem
	}
	switch len(found) {
	case 1:
		return found[0], true
	case 0:
		t.Errorf("mocktest: no example of the collection has the id, name or item / name %q", ref)
		return nil, false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "mocktest: %d examples are named %q; name one by its id or as \"item / name\":", len(found), ref)
	for _, ex := range found {
		fmt.Fprintf(&b, "\n  %s", s.label(ex))
	}
	t.Error(b.String())
	return nil, false
}

// label names an example for a failure message (match.Label).
func (s *Server) label(ex *collection.Example) string {
	rt, _ := s.mock.Index().RouteOf(ex)
	return match.Label(ex, rt)
}

// sameCall reports whether e is a call of method and path, path as
// AssertCalled takes it.
func sameCall(e calllog.Entry, method, path string) bool {
	if !strings.EqualFold(e.Request.Method, method) {
		return false
	}
	if strings.Contains(path, "?") {
		return e.Request.Path == path
	}
	p, _, _ := strings.Cut(e.Request.Path, "?")
	return p == path
}

func formatCalls(calls []Call) string {
	if len(calls) == 0 {
		return "  (none)"
	}
	var b strings.Builder
	for _, c := range calls {
		ex := c.Example
		switch {
		case c.ServerResponse != "":
			ex = "server response " + strconv.Quote(c.ServerResponse)
		case ex == "":
			ex = "(no example)"
		}
		p := c.Path
		if c.Query != "" {
			p += "?" + c.Query
		}
		fmt.Fprintf(&b, "  %s %s → %d %s\n", c.Method, p, c.Status, ex)
	}
	return strings.TrimRight(b.String(), "\n")
}

// checkStrict fails t for every unmatched call and, if fuzzy, for every
// call served through a fuzzy step.
func (s *Server) checkStrict(t testing.TB, fuzzy bool) {
	t.Helper()
	for _, ms := range s.mock.Misses() {
		var b strings.Builder
		fmt.Fprintf(&b, "mocktest: strict: %s %s matched no example (%v)", ms.Method, ms.Path, ms.Err)
		for _, r := range ms.Rejections {
			fmt.Fprintf(&b, "\n  %s %s: %s", r.Reason, match.Label(r.Example, r.Route), r.Detail)
		}
		t.Error(b.String())
	}
	if !fuzzy {
		return
	}
	for _, f := range s.mock.FuzzyMatches() {
		t.Errorf("mocktest: strict: %s %s was served by example %s through a fuzzy path match (%s); "+
			"call the example's path, or pass mocktest.AllowFuzzy() if the difference is meant",
			f.Method, f.Path, match.Label(f.Example, f.Route), f.Step)
	}
}
