package workspace_test

import (
	"testing"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/workspace"
)

func TestSetScenarioScriptsTheMockAndRefusesBadOnes(t *testing.T) {
	ws, coll := newWorkspace(t)
	info, err := ws.CreateMock(workspace.NewMock{Collection: coll.UID})
	if err != nil {
		t.Fatal(err)
	}
	s := mock.Scenario{Faults: []mock.RouteFault{{Pattern: "GET /x", Fault: mock.FaultEmptyResponse}}}
	got, err := ws.SetScenario(info.ID, s)
	if err != nil || len(got.Faults) != 1 {
		t.Fatalf("SetScenario = %+v, %v", got, err)
	}
	if got, err := ws.Scenario(info.UID); err != nil || len(got.Faults) != 1 {
		t.Errorf("Scenario by uid = %+v, %v", got, err)
	}

	_, err = ws.SetScenario(info.ID, mock.Scenario{Chaos: mock.Chaos{Rate: 2}})
	wantKind(t, err, workspace.ErrInvalidParams, 400, "invalidParamsError")
	if got, _ := ws.Scenario(info.ID); len(got.Faults) != 1 || got.Chaos.Rate != 0 {
		t.Errorf("after a refused scenario: %+v", got)
	}
	_, err = ws.SetScenario("nope", s)
	wantKind(t, err, workspace.ErrNotFound, 404, "instanceNotFoundError")
	_, err = ws.Scenario("nope")
	wantKind(t, err, workspace.ErrNotFound, 404, "instanceNotFoundError")
}
