package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/postmock/postmock/mock"
)

// scenarioOption reads serve's -scenario file (docs/scenarios.md#the-scenario-file)
// into a mock option, and a one-line summary of it for standard output.
func scenarioOption(file string) (mock.Option, string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, "", fmt.Errorf("cannot read -scenario file: %w", err)
	}
	s, err := mock.ParseScenario(data)
	if err != nil {
		return nil, "", fmt.Errorf("-scenario %s: %w", file, err)
	}
	return mock.WithScenario(s), describeScenario(file, s), nil
}

// describeScenario says what a scenario scripts, in one line.
func describeScenario(file string, s mock.Scenario) string {
	var parts []string
	if n := len(s.Sequences); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, "sequence", "sequences")))
	}
	if n := len(s.Faults); n > 0 {
		parts = append(parts, fmt.Sprintf("%d %s", n, plural(n, "route fault", "route faults")))
	}
	if c := s.Chaos; c.Rate > 0 {
		status := c.Status
		if status == 0 {
			status = 500 // mock.Chaos's default
		}
		what := fmt.Sprintf("status %d", status)
		if c.Fault != "" {
			what = string(c.Fault)
		}
		parts = append(parts, fmt.Sprintf("chaos %g%% (seed %d, %s)", c.Rate*100, c.Seed, what))
	}
	if r := s.RateLimit; r.Calls > 0 {
		w := r.Window
		if w <= 0 {
			w = mock.PostmanRateLimit.Window
		}
		parts = append(parts, fmt.Sprintf("rate limit %d per %v", r.Calls, w))
	}
	if len(parts) == 0 {
		parts = append(parts, "nothing scripted")
	}
	return fmt.Sprintf("postmock: scenario %s: %s", file, strings.Join(parts, ", "))
}
