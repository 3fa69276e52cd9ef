package mock

import (
	"errors"
	"log/slog"
	"time"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
)

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
	scenario  Scenario // WithScenario's (scenario.go)
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

// Prepared is a collection made ready to serve with one environment: its
// compiled index and its examples' response sides, the bulk of New's work
// on a large collection. It is never changed once built, so any number of
// mocks, serving at the same time, can start from one (WithPrepared).
type Prepared struct {
	coll  *collection.Collection
	env   *collection.Environment
	index *match.Index
	sides map[*collection.Example]*prepared
	exact *exactTable
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
		keys := map[string]string{}
		for _, ex := range c.Examples() {
			p[ex] = prepareKeys(ex, keys)
		}
		sides <- p
	}()
	ix, err := match.Compile(c, env)
	p := &Prepared{coll: c, env: env, index: ix, sides: <-sides}
	if err != nil {
		return nil, err
	}
	p.exact = newExactTable(ix, p.sides)
	return p, nil
}

// Index returns the compiled index (routes, warnings).
func (p *Prepared) Index() *match.Index { return p.index }
