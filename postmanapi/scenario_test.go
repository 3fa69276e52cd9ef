package postmanapi_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/postmock/postmock/mock"
)

func TestAPIScenarioScriptsAMock(t *testing.T) {
	s := newAPIServer(t)
	collJSON, err := os.ReadFile("testdata/jobs.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	coll := apiObj(s.ok("POST", "/collections", `{"collection":`+string(collJSON)+`}`), "collection")
	m := apiObj(s.ok("POST", "/mocks", `{"mock":{"collection":"`+apiStr(coll, "uid")+`"}}`), "mock")
	id, url := apiStr(m, "id"), apiStr(m, "mockUrl")

	if r := s.admin("GET", "/mocks/"+id+"/scenario", ""); r.status != 200 || string(r.body) != `{"scenario":{"sequences":[],"faults":[]}}` {
		t.Fatalf("GET scenario of a fresh mock = %v", r)
	}
	put := `{"scenario":{"sequences":[{"pattern":"GET /jobs/{id}","steps":["pending","done"]}],` +
		`"faults":[{"pattern":"GET /health","fault":"connection-reset"}]}}`
	want := `{"scenario":{"sequences":[{"pattern":"GET /jobs/{id}","steps":["pending","done"],"afterEnd":"repeat-last"}],` +
		`"faults":[{"pattern":"GET /health","fault":"connection-reset"}]}}`
	if r := s.admin("PUT", "/mocks/"+id+"/scenario", put); r.status != 200 || string(r.body) != want {
		t.Fatalf("PUT scenario = %v\nwant %s", r, want)
	}
	if r := s.admin("GET", "/mocks/"+id+"/scenario", ""); string(r.body) != want {
		t.Errorf("GET scenario = %v", r)
	}
	for _, state := range []string{"pending", "done", "done"} {
		r := s.raw("GET", url+"/jobs/1", nil)
		if r.status != 200 || !strings.Contains(string(r.body), state) {
			t.Fatalf("GET /jobs/1 = %v, want %s", r, state)
		}
	}
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	if _, err := (&http.Client{Transport: tr}).Get(url + "/health"); !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("GET /health: %v, want a reset", err)
	}

	// Refused: the old scenario stays.
	for _, tc := range []struct{ name, body string }{
		{"unknown example", `{"scenario":{"sequences":[{"pattern":"GET /jobs/{id}","steps":["finished"]}]}}`},
		{"unknown field", `{"scenario":{"sequencs":[]}}`},
		{"bad fault", `{"scenario":{"faults":[{"pattern":"/x","fault":"drop"}]}}`},
		{"rate 2.0", `{"scenario":{"chaos":{"rate":2.0}}}`},
	} {
		apiWantError(t, "PUT scenario: "+tc.name, s.admin("PUT", "/mocks/"+id+"/scenario", tc.body), 400, "invalidParamsError", "scenario")
	}
	apiWantError(t, "PUT scenario: no envelope", s.admin("PUT", "/mocks/"+id+"/scenario", `{"faults":[]}`), 400, "malformedRequestError")
	apiWantError(t, "GET scenario of an unknown mock", s.admin("GET", "/mocks/nope/scenario", ""), 404, "instanceNotFoundError")
	if r := s.admin("GET", "/mocks/"+id+"/scenario", ""); string(r.body) != want {
		t.Errorf("after refused PUTs: %v", r)
	}

	if r := s.admin("DELETE", "/mocks/"+id+"/scenario", ""); r.status != 200 || string(r.body) != `{"scenario":{"sequences":[],"faults":[]}}` {
		t.Fatalf("DELETE scenario = %v", r)
	}
	if r := s.raw("GET", url+"/health", nil); r.status != 200 {
		t.Errorf("GET /health after DELETE = %v", r)
	}
}

func TestAPIScenarioKeepsGoOverrides(t *testing.T) {
	s := newAPIServer(t)
	collJSON, err := os.ReadFile("testdata/jobs.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	coll := apiObj(s.ok("POST", "/collections", `{"collection":`+string(collJSON)+`}`), "collection")
	m := apiObj(s.ok("POST", "/mocks", `{"mock":{"collection":"`+apiStr(coll, "uid")+`"}}`), "mock")
	id, url := apiStr(m, "id"), apiStr(m, "mockUrl")
	mk, err := s.ws.Mock(id)
	if err != nil {
		t.Fatal(err)
	}
	if err := mk.AddOverride("GET /overridden", func(w http.ResponseWriter, r *http.Request, fb mock.Fallback) {
		_, _ = io.WriteString(w, "from go")
	}); err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct{ method, body string }{
		{"PUT", `{"scenario":{"faults":[{"pattern":"GET /health","fault":"empty-response"}]}}`},
		{"DELETE", ""},
	} {
		if r := s.admin(step.method, "/mocks/"+id+"/scenario", step.body); r.status != 200 {
			t.Fatalf("%s scenario = %v", step.method, r)
		}
		if r := s.raw("GET", url+"/overridden", nil); r.status != 200 || string(r.body) != "from go" {
			t.Errorf("after %s scenario, GET /overridden = %v, want the Go override's answer", step.method, r)
		}
	}
}
