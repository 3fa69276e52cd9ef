package mock

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/postmock/postmock/collection"
)

// ErrInvalidScenario is returned for a scenario a mock cannot serve: an
// unknown example in a sequence, a bad fault name, a chaos rate outside
// 0–1, a route pattern ServeMux refuses or one that conflicts with another.
var ErrInvalidScenario = errors.New("invalid mock scenario")

// Scenario scripts a mock beyond its saved examples (docs/scenarios.md):
// sequences, overrides and faults by route, chaos and a rate limit. The
// zero value scripts nothing. Route patterns use net/http.ServeMux's syntax
// ("GET /jobs/{id}", "/health"); a call matching none of them is served as
// usual.
type Scenario struct {
	// Sequences answer the calls of a route with given examples in order.
	Sequences []Sequence
	// Overrides hand the calls of a route to Go code.
	Overrides []Override
	// Faults make every call of a route fail the way networks fail.
	Faults []RouteFault
	// Chaos fails a seeded fraction of all calls (off when Rate is 0).
	Chaos Chaos
	// RateLimit answers 429 past a number of calls per window (off when
	// Calls is 0).
	RateLimit RateLimit
}

// Sequence answers the calls that match Pattern with Steps in order, one
// step per call.
type Sequence struct {
	// Name names the sequence in the call log (default: Pattern).
	Name string
	// Pattern is the route, in ServeMux syntax ("GET /jobs/{id}").
	Pattern string
	// Steps are served in order; each names an example or a fault.
	Steps []Step
	// AfterEnd says what answers once every step has been served: the last
	// step again (RepeatLast, the zero value) or a 404 (NotFoundAfterEnd).
	AfterEnd AfterEnd
}

// Step is one answer of a sequence: an example (by name or id), rendered
// as usual, or a fault, or an example whose answer is replaced by a fault
// (the call log then names both).
type Step struct {
	// Example is the name or id of the example served. Ids win over names;
	// a name several examples share must be given as an id, unless only one
	// of them has the pattern's method.
	Example string
	// Fault, when set, is served instead of a response.
	Fault Fault
}

// Steps returns steps serving the named examples (by name or id), one
// each, without faults.
func Steps(examples ...string) []Step {
	out := make([]Step, len(examples))
	for i, e := range examples {
		out[i].Example = e
	}
	return out
}

// AfterEnd is what a sequence answers once its steps are used up.
type AfterEnd uint8

const (
	// RepeatLast serves the last step for every later call.
	RepeatLast AfterEnd = iota
	// NotFoundAfterEnd answers every later call with Postman's 404
	// (NotFoundBody).
	NotFoundAfterEnd
)

// OverrideFunc answers a call of an overridden route. It may write its own
// answer to w, or hand the call back to the collection through fb before it
// writes anything. r.PathValue gives the pattern's wildcards; r.Body holds
// the request body (read once already, so it can be read again).
type OverrideFunc func(w http.ResponseWriter, r *http.Request, fb Fallback)

// Override hands the calls that match Pattern to Handler.
type Override struct {
	// Pattern is the route, in ServeMux syntax ("POST /orders/{id}").
	Pattern string
	// Handler answers the call.
	Handler OverrideFunc
}

// RouteFault makes every call that matches Pattern fail with Fault.
type RouteFault struct {
	// Pattern is the route, in ServeMux syntax.
	Pattern string
	// Fault is served instead of a response.
	Fault Fault
}

// Chaos fails a seeded fraction of a mock's calls (Postman's chaos mode),
// before any other scenario rule: with Fault when it is set, else with
// Status and Body.
type Chaos struct {
	// Rate is the fraction of calls that fail, 0 (off) to 1 (all).
	Rate float64
	// Seed makes the choice reproducible: with the same seed, the n-th call
	// fails or not alike in every run.
	Seed uint64
	// Status is the failing calls' status (default 500).
	Status int
	// Body is the failing calls' body (default ChaosBody); it is served as
	// application/json when it is valid JSON, else as text/plain.
	Body string
	// Fault, when set, is served instead of Status and Body.
	Fault Fault
}

// ChaosBody answers the calls chaos fails, by default.
const ChaosBody = `{"error":{"name":"chaosError","message":"This call was failed on purpose by the mock's chaos setting."}}`

// RateLimit answers 429 with Retry-After to the calls past Calls in each
// window of Window, counted from the first call of the window (a fixed
// window, by the mock's clock).
type RateLimit struct {
	// Calls is how many calls a window takes (0: no limit).
	Calls int
	// Window is the window's length (default one minute).
	Window time.Duration
}

// PostmanRateLimit is the limit of Postman's cloud mock servers: 120 calls
// per minute.
var PostmanRateLimit = RateLimit{Calls: 120, Window: time.Minute}

// RateLimitedBody answers the calls past a rate limit (429).
const RateLimitedBody = `{"error":{"name":"rateLimitedError","message":"Rate limit exceeded. Retry after the number of seconds in the Retry-After header."}}`

// scenarioSet is a validated Scenario ready to serve, with its state.
type scenarioSet struct {
	src      Scenario
	mux      *http.ServeMux
	rules    map[string]*rule // by pattern as registered
	exFaults map[*collection.Example]Fault
	chaosN   atomic.Uint64 // calls chaos has seen

	rateMu    sync.Mutex
	rateStart time.Time // start of the current window
	rateN     int       // calls in it
}

type ruleKind uint8

const (
	ruleSequence ruleKind = iota + 1
	ruleOverride
	ruleFault
)

// rule is what one pattern does.
type rule struct {
	kind     ruleKind
	pattern  string
	seq      *seqState
	override OverrideFunc
	fault    Fault
}

// seqState is a sequence with its steps resolved and its progress.
type seqState struct {
	name     string
	steps    []stepRef
	afterEnd AfterEnd
	next     atomic.Int64 // calls served so far
}

// stepRef is a step with its example resolved to an id and method.
type stepRef struct {
	ex     *collection.Example
	method string
	fault  Fault
}

// at returns the step serving the call after n earlier ones (0-based
// index), or -1 when the sequence answers 404.
func (s *seqState) at(n int64) int {
	if n < int64(len(s.steps)) {
		return int(n)
	}
	if s.afterEnd == NotFoundAfterEnd {
		return -1
	}
	return len(s.steps) - 1
}

// WithScenario scripts the mock with s from the start (see SetScenario);
// New fails with ErrInvalidScenario when s is not valid.
func WithScenario(s Scenario) Option {
	return func(st *settings) { st.scenario = s }
}

// SetScenario replaces the mock's scenario with s: every sequence starts
// again from its first step, the chaos count and the rate-limit window
// start afresh. Scenario{} turns scripting off. An invalid s is refused with
// an ErrInvalidScenario error naming the part at fault, and the old
// scenario stays.
func (m *Mock) SetScenario(s Scenario) error {
	m.scenMu.Lock()
	defer m.scenMu.Unlock()
	set, err := m.compileScenario(s, nil)
	if err != nil {
		return err
	}
	m.installScenario(set)
	return nil
}

// Scenario returns the mock's current scenario (a copy).
func (m *Mock) Scenario() Scenario {
	if set := m.scen.Load(); set != nil {
		return copyScenario(set.src)
	}
	return Scenario{}
}

// AddSequence adds a sequence to the mock's scenario; the other sequences,
// chaos's count and the rate-limit window keep their progress.
func (m *Mock) AddSequence(s Sequence) error {
	return m.addRule(func(sc *Scenario) { sc.Sequences = append(sc.Sequences, s) })
}

// AddOverride hands the calls matching pattern to h; the rest of the
// scenario keeps its progress, as with AddSequence.
func (m *Mock) AddOverride(pattern string, h OverrideFunc) error {
	return m.addRule(func(sc *Scenario) { sc.Overrides = append(sc.Overrides, Override{Pattern: pattern, Handler: h}) })
}

// AddFault makes every call matching pattern fail with f; the rest of the
// scenario keeps its progress, as with AddSequence.
func (m *Mock) AddFault(pattern string, f Fault) error {
	return m.addRule(func(sc *Scenario) { sc.Faults = append(sc.Faults, RouteFault{Pattern: pattern, Fault: f}) })
}

func (m *Mock) addRule(add func(*Scenario)) error {
	m.scenMu.Lock()
	defer m.scenMu.Unlock()
	old := m.scen.Load()
	var s Scenario
	if old != nil {
		s = copyScenario(old.src)
	}
	add(&s)
	set, err := m.compileScenario(s, old)
	if err != nil {
		return err
	}
	m.installScenario(set)
	return nil
}

// installScenario stores set, or nil when it scripts nothing and no
// example carries a fault, so that unscripted mocks keep the plain path.
func (m *Mock) installScenario(set *scenarioSet) {
	if set.idle() {
		set = nil
	}
	m.scen.Store(set)
}

func (set *scenarioSet) idle() bool {
	s := &set.src
	return len(s.Sequences) == 0 && len(s.Overrides) == 0 && len(s.Faults) == 0 &&
		s.Chaos.Rate == 0 && s.RateLimit.Calls == 0 && len(set.exFaults) == 0
}

func copyScenario(s Scenario) Scenario {
	s.Sequences = slices.Clone(s.Sequences)
	for i := range s.Sequences {
		s.Sequences[i].Steps = slices.Clone(s.Sequences[i].Steps)
	}
	s.Overrides = slices.Clone(s.Overrides)
	s.Faults = slices.Clone(s.Faults)
	return s
}

// compileScenario validates s and builds its serving form; sequences that
// prev has with the same pattern, name and steps keep their progress.
func (m *Mock) compileScenario(s Scenario, prev *scenarioSet) (*scenarioSet, error) {
	s = copyScenario(s)
	set := &scenarioSet{src: s, mux: http.NewServeMux(), rules: map[string]*rule{}, exFaults: m.exFaults}
	for i, q := range s.Sequences {
		where := fmt.Sprintf("sequence %d (%s)", i+1, q.Pattern)
		if q.Name != "" {
			where = fmt.Sprintf("sequence %q", q.Name)
		}
		if len(q.Steps) == 0 {
			return nil, fmt.Errorf("%w: %s has no steps", ErrInvalidScenario, where)
		}
		if q.AfterEnd > NotFoundAfterEnd {
			return nil, fmt.Errorf("%w: %s: after-end value %d is neither RepeatLast nor NotFoundAfterEnd", ErrInvalidScenario, where, q.AfterEnd)
		}
		st := &seqState{name: q.Name, afterEnd: q.AfterEnd}
		if st.name == "" {
			st.name = q.Pattern
		}
		method := patternMethod(q.Pattern)
		for j, step := range q.Steps {
			ref := stepRef{fault: step.Fault}
			if err := step.Fault.Validate(); err != nil {
				return nil, fmt.Errorf("%w: %s step %d: %w", ErrInvalidScenario, where, j+1, err)
			}
			if step.Example == "" && step.Fault == "" {
				return nil, fmt.Errorf("%w: %s step %d names neither an example nor a fault", ErrInvalidScenario, where, j+1)
			}
			if step.Example != "" {
				ex, err := m.findExample(step.Example, method)
				if err != nil {
					return nil, fmt.Errorf("%w: %s step %d: %w", ErrInvalidScenario, where, j+1, err)
				}
				ref.ex, ref.method = ex, exampleMethod(ex)
			}
			st.steps = append(st.steps, ref)
		}
		if old := prev.sameSequence(q); old != nil {
			st = old
		}
		if err := set.register(q.Pattern, &rule{kind: ruleSequence, seq: st}, where); err != nil {
			return nil, err
		}
	}
	for i, o := range s.Overrides {
		where := fmt.Sprintf("override %d (%s)", i+1, o.Pattern)
		if o.Handler == nil {
			return nil, fmt.Errorf("%w: %s has no handler", ErrInvalidScenario, where)
		}
		if err := set.register(o.Pattern, &rule{kind: ruleOverride, override: o.Handler}, where); err != nil {
			return nil, err
		}
	}
	for i, f := range s.Faults {
		where := fmt.Sprintf("fault %d (%s)", i+1, f.Pattern)
		if f.Fault == "" {
			return nil, fmt.Errorf("%w: %s names no fault", ErrInvalidScenario, where)
		}
		if err := f.Fault.Validate(); err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrInvalidScenario, where, err)
		}
		if err := set.register(f.Pattern, &rule{kind: ruleFault, fault: f.Fault}, where); err != nil {
			return nil, err
		}
	}
	if err := s.Chaos.validate(); err != nil {
		return nil, err
	}
	if err := s.RateLimit.validate(); err != nil {
		return nil, err
	}
	if prev != nil {
		// Adding a rule keeps chaos's count and the rate window going
		// when they are unchanged (calls in flight on prev may still
		// count there).
		if prev.src.Chaos == s.Chaos {
			set.chaosN.Store(prev.chaosN.Load())
		}
		if prev.src.RateLimit == s.RateLimit {
			prev.rateMu.Lock()
			set.rateStart, set.rateN = prev.rateStart, prev.rateN
			prev.rateMu.Unlock()
		}
	}
	return set, nil
}

func (c Chaos) validate() error {
	if math.IsNaN(c.Rate) || c.Rate < 0 || c.Rate > 1 {
		return fmt.Errorf("%w: chaos rate %v is outside 0–1", ErrInvalidScenario, c.Rate)
	}
	if c.Status != 0 && (c.Status < 200 || c.Status > 599) {
		return fmt.Errorf("%w: chaos status %d is outside 200–599", ErrInvalidScenario, c.Status)
	}
	if err := c.Fault.Validate(); err != nil {
		return fmt.Errorf("%w: chaos: %w", ErrInvalidScenario, err)
	}
	return nil
}

func (r RateLimit) validate() error {
	if r.Calls < 0 {
		return fmt.Errorf("%w: rate limit of %d calls is negative", ErrInvalidScenario, r.Calls)
	}
	if r.Window < 0 {
		return fmt.Errorf("%w: rate-limit window %v is negative", ErrInvalidScenario, r.Window)
	}
	return nil
}

// sameSequence returns prev's state of a sequence equal to q, if any.
func (prev *scenarioSet) sameSequence(q Sequence) *seqState {
	if prev == nil {
		return nil
	}
	for _, old := range prev.src.Sequences {
		if old.Pattern == q.Pattern && old.Name == q.Name && old.AfterEnd == q.AfterEnd && slices.Equal(old.Steps, q.Steps) {
			if r := prev.rules[q.Pattern]; r != nil && r.kind == ruleSequence {
				return r.seq
			}
		}
	}
	return nil
}

// register adds pattern to the set's mux; ServeMux panics on a bad or
// conflicting pattern, which is turned into an error here, at setup.
func (set *scenarioSet) register(pattern string, r *rule, where string) (err error) {
	if strings.TrimSpace(pattern) == "" {
		return fmt.Errorf("%w: %s has no pattern", ErrInvalidScenario, where)
	}
	if _, dup := set.rules[pattern]; dup {
		return fmt.Errorf("%w: %s: pattern %q is already scripted", ErrInvalidScenario, where, pattern)
	}
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%w: %s: %v", ErrInvalidScenario, where, p)
		}
	}()
	set.mux.Handle(pattern, ruleHandler{r})
	r.pattern = pattern
	set.rules[pattern] = r
	return nil
}

// patternMethod returns the method of a ServeMux pattern ("" for none).
func patternMethod(p string) string {
	p = strings.TrimSpace(p)
	if m, rest, ok := strings.Cut(p, " "); ok && !strings.HasPrefix(m, "/") && strings.TrimSpace(rest) != "" {
		return m
	}
	return ""
}

func exampleMethod(ex *collection.Example) string {
	if ex.Request == nil || ex.Request.Method == "" {
		return http.MethodGet
	}
	return strings.ToUpper(ex.Request.Method)
}

// ErrUnknownExample is wrapped by the errors of a step or a Fallback that
// names no example of the collection.
var ErrUnknownExample = errors.New("no such example")

// findExample resolves a step's example: by id first, else by name; a name
// several examples share is narrowed to those with method (when given).
func (m *Mock) findExample(ref, method string) (*collection.Example, error) {
	var named []*collection.Example
	for _, ex := range m.coll.Examples() {
		if ex.ID == ref {
			return ex, nil
		}
		if ex.Name == ref {
			named = append(named, ex)
		}
	}
	if len(named) > 1 && method != "" {
		var same []*collection.Example
		for _, ex := range named {
			if exampleMethod(ex) == method {
				same = append(same, ex)
			}
		}
		if len(same) > 0 {
			named = same
		}
	}
	switch len(named) {
	case 0:
		return nil, fmt.Errorf("%w named or with id %q%s", ErrUnknownExample, ref, m.someNames())
	case 1:
		return named[0], nil
	}
	ids := make([]string, 0, len(named))
	for _, ex := range named {
		ids = append(ids, ex.ID)
	}
	return nil, fmt.Errorf("%d examples are named %q (ids %s): give an id", len(named), ref, strings.Join(ids, ", "))
}

// someNames lists a few example names, to help a caller who mistyped one.
func (m *Mock) someNames() string {
	exs := m.coll.Examples()
	if len(exs) == 0 {
		return " (the collection has no examples)"
	}
	var names []string
	for _, ex := range exs {
		if !slices.Contains(names, ex.Name) {
			names = append(names, fmt.Sprintf("%q", ex.Name))
		}
		if len(names) == 8 {
			names = append(names, "...")
			break
		}
	}
	return " (examples: " + strings.Join(names, ", ") + ")"
}

// exampleFaults finds the examples whose saved response has an x-mock-fault
// header; a bad value is an error naming the example.
func exampleFaults(c *collection.Collection) (map[*collection.Example]Fault, error) {
	var out map[*collection.Example]Fault
	for _, ex := range c.Examples() {
		for _, h := range ex.Header {
			if h.Disabled || !strings.EqualFold(strings.TrimSpace(h.Key), HeaderFault) {
				continue
			}
			f := Fault(strings.ToLower(strings.TrimSpace(h.Value)))
			if err := f.Validate(); err != nil || f == "" {
				if err == nil {
					err = fmt.Errorf("%w: empty %s", ErrBadFault, HeaderFault)
				}
				return nil, fmt.Errorf("%w: example %q (%s): %w", ErrInvalidScenario, ex.Name, ex.JSONPath, err)
			}
			if out == nil {
				out = map[*collection.Example]Fault{}
			}
			out[ex] = f
		}
	}
	return out, nil
}

// takeRate counts a call against the rate limit; when it is over, it
// returns how long until the window ends.
func (set *scenarioSet) takeRate(now time.Time) (retry time.Duration, limited bool) {
	rl := set.src.RateLimit
	if rl.Calls <= 0 {
		return 0, false
	}
	win := rl.Window
	if win <= 0 {
		win = time.Minute
	}
	set.rateMu.Lock()
	defer set.rateMu.Unlock()
	if set.rateStart.IsZero() || now.Sub(set.rateStart) >= win || now.Before(set.rateStart) {
		set.rateStart, set.rateN = now, 0
	}
	set.rateN++
	if set.rateN <= rl.Calls {
		return 0, false
	}
	return set.rateStart.Add(win).Sub(now), true
}

// chaosHit reports whether chaos fails this call: the n-th call fails when
// a hash of the seed and n falls under the rate, so the choice depends on
// the call's place in the order only.
func (set *scenarioSet) chaosHit() bool {
	c := set.src.Chaos
	if c.Rate <= 0 {
		return false
	}
	n := set.chaosN.Add(1)
	return unitFloat(splitmix(c.Seed^splitmix(n))) < c.Rate
}

// splitmix is SplitMix64's finalizer: a well-mixed hash of x.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// unitFloat maps x to [0, 1).
func unitFloat(x uint64) float64 { return float64(x>>11) / (1 << 53) }

// initScenario finds the examples' faults and installs WithScenario's
// scenario, at New.
func (m *Mock) initScenario(s Scenario) error {
	var err error
	if m.exFaults, err = exampleFaults(m.coll); err != nil {
		return err
	}
	set, err := m.compileScenario(s, nil)
	if err != nil {
		return err
	}
	m.installScenario(set)
	return nil
}
