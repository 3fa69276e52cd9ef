package workspace

import (
	"errors"
	"strings"

	"github.com/postmock/postmock/internal/apierr"
	"github.com/postmock/postmock/mock"
)

// Scenario returns the scenario scripting a mock (docs/scenarios.md), by id
// or uid; Scenario{} when nothing is scripted.
func (w *Workspace) Scenario(mockID string) (mock.Scenario, error) {
	m, err := w.Mock(mockID)
	if err != nil {
		return mock.Scenario{}, err
	}
	return m.Scenario(), nil
}

// SetScenario scripts a mock with s (mock.Mock.SetScenario: every sequence
// starts again; Scenario{} turns scripting off). A scenario the mock
// cannot serve is a 400 invalidParamsError naming the part at fault, with
// "scenario" as the parameter; the mock keeps its old one.
func (w *Workspace) SetScenario(mockID string, s mock.Scenario) (mock.Scenario, error) {
	m, err := w.Mock(mockID)
	if err != nil {
		return mock.Scenario{}, err
	}
	if err := m.SetScenario(s); err != nil {
		if errors.Is(err, mock.ErrInvalidScenario) {
			return mock.Scenario{}, apierr.InvalidParams(sentence(err.Error()), "scenario")
		}
		return mock.Scenario{}, err
	}
	return m.Scenario(), nil
}

// sentence makes an error text a message: a capital letter and a period.
func sentence(s string) string {
	if s == "" {
		return s
	}
	s = strings.ToUpper(s[:1]) + s[1:]
	if !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}
