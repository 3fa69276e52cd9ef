package postmanapi

import (
	"errors"
	"net/http"
	"strings"

	"github.com/postmock/postmock/internal/apierr"
	"github.com/postmock/postmock/mock"
)

// scenarioAnswer is the body of the scenario routes (an extension,
// docs/postman-api.md#scenarios): {"scenario": {...}} in the scenario
// file's form.
type scenarioAnswer struct {
	Scenario mock.Scenario `json:"scenario"`
}

func (a *api) getScenario(_ http.ResponseWriter, r *http.Request) (any, error) {
	s, err := a.ws.Scenario(r.PathValue("mockId"))
	if err != nil {
		return nil, err
	}
	return scenarioAnswer{s}, nil
}

// putScenario replaces the mock's scenario with the body's
// {"scenario": {...}}: a field the file does not have, a bad fault or rate
// is a 400 invalidParamsError, as is an example the collection lacks.
func (a *api) putScenario(w http.ResponseWriter, r *http.Request) (any, error) {
	inner, err := envelope(w, r, "scenario")
	if err != nil {
		return nil, err
	}
	s, err := mock.ParseScenario(inner)
	if err != nil {
		if errors.Is(err, mock.ErrScenarioSyntax) {
			msg := strings.TrimPrefix(err.Error(), mock.ErrScenarioSyntax.Error()+": ")
			return nil, apierr.InvalidParams("Invalid scenario: "+msg+".", "scenario")
		}
		return nil, err
	}
	if s, err = a.setScenario(r.PathValue("mockId"), s); err != nil {
		return nil, err
	}
	return scenarioAnswer{s}, nil
}

// deleteScenario turns scripting off (but for Go overrides) and answers
// the empty scenario.
func (a *api) deleteScenario(_ http.ResponseWriter, r *http.Request) (any, error) {
	s, err := a.setScenario(r.PathValue("mockId"), mock.Scenario{})
	if err != nil {
		return nil, err
	}
	return scenarioAnswer{s}, nil
}

// setScenario sets s, keeping the overrides Go code gave the mock: the API
// neither shows nor takes them, so it must not drop them either.
func (a *api) setScenario(mockID string, s mock.Scenario) (mock.Scenario, error) {
	cur, err := a.ws.Scenario(mockID)
	if err != nil {
		return mock.Scenario{}, err
	}
	s.Overrides = cur.Overrides
	return a.ws.SetScenario(mockID, s)
}
