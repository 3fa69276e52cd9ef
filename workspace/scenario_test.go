package workspace_test

import (
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
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

func TestCreateMockRefusesAnExampleWithABadFaultHeaderAsInvalidParams(t *testing.T) {
	ws := workspace.New(workspace.WithOwner("12345678"))
	c, err := collection.Parse([]byte(`{"info":{"name":"c","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
	 "item":[{"name":"r","request":{"method":"GET","url":"/x"},"response":[{"id":"e1","name":"bad fault","code":200,
	  "originalRequest":{"method":"GET","url":"/x"},"header":[{"key":"x-mock-fault","value":"drop-everything"}],"body":"x"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	info, err := ws.AddCollection(c)
	if err != nil {
		t.Fatal(err)
	}
	_, err = ws.CreateMock(workspace.NewMock{Collection: info.UID})
	wantKind(t, err, workspace.ErrInvalidParams, 400, "invalidParamsError")
	if !strings.Contains(err.Error(), "drop-everything") || !strings.Contains(err.Error(), "bad fault") {
		t.Errorf("err = %v, want it to name the example and the value", err)
	}
	if n := len(ws.ListMocks("")); n != 0 {
		t.Errorf("%d mocks after a refused create", n)
	}
}
