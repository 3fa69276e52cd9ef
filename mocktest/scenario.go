package mocktest

import (
	"net/http"
	"os"

	"github.com/postmock/postmock/mock"
)

// WithScenario scripts the mock from the start (docs/scenarios.md):
// sequences, overrides, faults, chaos, a rate limit. Chaos and RateLimit
// apply on top, in any order. A scenario the collection cannot serve (an
// unknown example, a bad pattern) fails the test at New.
func WithScenario(s mock.Scenario) Option {
	return func(st *settings) {
		c, r := st.scenario.Chaos, st.scenario.RateLimit
		st.scenario, st.scripted = s, true
		if st.chaosSet {
			st.scenario.Chaos = c
		}
		if st.rateSet {
			st.scenario.RateLimit = r
		}
	}
}

// WithScenarioFile scripts the mock from a scenario file (the JSON that
// postmock serve -scenario reads; docs/scenarios.md#the-scenario-file), as
// WithScenario does.
func WithScenarioFile(path string) Option {
	return func(st *settings) { st.scenarioFile = path }
}

// Chaos fails a seeded fraction of the mock's calls (mock.Chaos): with the
// same seed, the same calls fail in every run.
func Chaos(c mock.Chaos) Option {
	return func(st *settings) { st.scenario.Chaos, st.chaosSet, st.scripted = c, true, true }
}

// RateLimit answers 429 with Retry-After past a number of calls per window
// (mock.RateLimit; mock.PostmanRateLimit is Postman's 120 per minute).
func RateLimit(r mock.RateLimit) Option {
	return func(st *settings) { st.scenario.RateLimit, st.rateSet, st.scripted = r, true, true }
}

// scenarioOption returns the mock option of the settings' scenario, or nil
// for none; a scenario file that cannot be read or parsed is an error.
func (s *settings) scenarioOption() (mock.Option, error) {
	if s.scenarioFile != "" {
		data, err := os.ReadFile(s.scenarioFile)
		if err != nil {
			return nil, err
		}
		sc, err := mock.ParseScenario(data)
		if err != nil {
			return nil, err
		}
		// The file gives the base; options given in Go stay on top.
		if s.scripted {
			sc.Sequences = append(sc.Sequences, s.scenario.Sequences...)
			sc.Overrides = append(sc.Overrides, s.scenario.Overrides...)
			sc.Faults = append(sc.Faults, s.scenario.Faults...)
			if s.chaosSet || s.scenario.Chaos.Rate != 0 {
				sc.Chaos = s.scenario.Chaos
			}
			if s.rateSet || s.scenario.RateLimit.Calls != 0 {
				sc.RateLimit = s.scenario.RateLimit
			}
		}
		return mock.WithScenario(sc), nil
	}
	if !s.scripted {
		return nil, nil
	}
	return mock.WithScenario(s.scenario), nil
}

// Sequence answers the calls matching pattern (ServeMux syntax, "GET
// /jobs/{id}") with the named examples (by name or id) in order, one per
// call, the last one repeating; other calls are matched as usual. The test
// fails at once for an unknown example or a bad pattern. For faults in
// steps or a 404 after the end, use Mock().AddSequence.
func (s *Server) Sequence(pattern string, examples ...string) {
	s.tb.Helper()
	if err := s.mock.AddSequence(mock.Sequence{Pattern: pattern, Steps: mock.Steps(examples...)}); err != nil {
		s.tb.Fatalf("mocktest: %v", err)
	}
}

// Override hands the calls matching pattern to h, which writes its own
// answer or hands the call back to the collection through its
// mock.Fallback (Serve, ServeExample, ServeFault). Overridden calls are in
// the call log like any other.
func (s *Server) Override(pattern string, h func(w http.ResponseWriter, r *http.Request, fb mock.Fallback)) {
	s.tb.Helper()
	if err := s.mock.AddOverride(pattern, h); err != nil {
		s.tb.Fatalf("mocktest: %v", err)
	}
}

// Fault makes every call matching pattern fail with f: over the listener
// as a real server's connection fails, through Transport (and
// WithoutListener's Client) as the error a client would get.
func (s *Server) Fault(pattern string, f mock.Fault) {
	s.tb.Helper()
	if err := s.mock.AddFault(pattern, f); err != nil {
		s.tb.Fatalf("mocktest: %v", err)
	}
}
