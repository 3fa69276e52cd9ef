package mocktest_test

import (
	"net/http"
	"testing"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/mocktest"
	"github.com/postmock/postmock/serverresponse"
	"github.com/postmock/postmock/workspace"
)

func TestWorkspaceServesSeveralMocksAndSimulatesAnOutage(t *testing.T) {
	ws := mocktest.NewWorkspace(t, workspace.WithAPIKeys("k1"))
	env := ws.AddEnvironmentFile(t, "testdata/staging.postman_environment.json")
	a := ws.CreateMock(t, api, workspace.NewMock{Name: "a"})
	b := ws.CreateMock(t, api, workspace.NewMock{Name: "b", Environment: env.UID, Private: true})

	if code, _ := get(t, ws.Client(), a.MockURL+"/users"); code != 200 {
		t.Errorf("mock a: %d", code)
	}
	if code, _ := get(t, ws.Client(), b.MockURL+"/v2/health"); code != 401 {
		t.Errorf("private mock b without key: %d", code)
	}
	if code, _ := get(t, ws.Client(), b.MockURL+"/v2/health", "x-api-key", "k1"); code != 200 {
		t.Errorf("private mock b with key: %d", code)
	}

	w := ws.Workspace()
	sr, err := w.CreateServerResponse(a.ID, serverresponse.Fields{Name: ptr("Outage"), StatusCode: ptr(503)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.UpdateMock(a.ID, workspace.MockUpdate{Config: &workspace.ConfigUpdate{ServerResponseID: &sr.ID}}); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, ws.Client(), a.MockURL+"/users"); code != 503 {
		t.Errorf("outage: %d", code)
	}
	c := &http.Client{Transport: ws.Transport()}
	if code, _ := get(t, c, "http://in-process/"+b.ID+"/v2/health", "x-api-key", "k1"); code != 200 {
		t.Errorf("in-process transport: %d", code)
	}
	page, err := w.CallLogs(a.ID, calllog.Query{})
	if err != nil || len(page.Entries) != 2 || page.Entries[0].Response.StatusCode != 503 || page.Entries[1].ExampleName != "List users" {
		t.Errorf("call logs of a: %+v %v", page.Entries, err)
	}
}

func ptr[T any](v T) *T { return &v }
