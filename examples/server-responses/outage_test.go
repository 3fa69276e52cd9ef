package serverresponses_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
	"github.com/postmock/postmock/serverresponse"
	"github.com/postmock/postmock/workspace"
)

const outageBody = `{"error": "maintenance", "retryAfter": 30}`

func TestOutage(t *testing.T) {
	w := mocktest.NewWorkspace(t)
	ws := w.Workspace() // the management methods (the Postman API's, in Go)

	// The mock is served at info.MockURL, i.e. w.URL + "/" + its id.
	info := w.CreateMock(t, "catalog.postman_collection.json", workspace.NewMock{Name: "catalog"})

	// A server response does nothing until the mock's config names it.
	// (new(v) returns a pointer to a copy of v; nil Fields are absent.)
	sr, err := ws.CreateServerResponse(info.ID, serverresponse.Fields{
		Name:       new("Maintenance"),
		StatusCode: new(503),
		Headers:    &[]serverresponse.Header{{Key: "Retry-After", Value: "30"}},
		Language:   new("json"),
		Body:       new(outageBody),
	})
	if err != nil {
		t.Fatal(err)
	}

	// Activate it: from now on every call gets the 503.
	if _, err := ws.UpdateMock(info.ID, workspace.MockUpdate{
		Config: &workspace.ConfigUpdate{ServerResponseID: &sr.ID},
	}); err != nil {
		t.Fatal(err)
	}
	calls := []struct {
		method, path string
		header       http.Header
	}{
		{http.MethodGet, "/health", nil},
		{http.MethodPost, "/products", nil},
		{http.MethodGet, "/no/such/path", nil}, // would be Postman's 404 otherwise
		// Selection headers are ignored while a server response is active.
		{http.MethodGet, "/products", http.Header{"X-Mock-Response-Id": {"products-200"}}},
	}
	for _, c := range calls {
		status, hdr, body := call(t, w, c.method, info.MockURL+c.path, c.header)
		if status != http.StatusServiceUnavailable || body != outageBody || hdr.Get("Retry-After") != "30" {
			t.Errorf("during the outage: %s %s = %d %s (Retry-After %q), want 503 %s",
				c.method, c.path, status, body, hdr.Get("Retry-After"), outageBody)
		}
	}

	// The mock's config reports the active server response, as Postman does.
	if got, err := ws.GetMock(info.ID); err != nil || got.Config.ServerResponseID == nil || *got.Config.ServerResponseID != sr.ID {
		t.Errorf("GetMock: config.serverResponseId = %v (err %v), want %q", got.Config.ServerResponseID, err, sr.ID)
	}

	// Deactivate it with an empty id: the examples answer again.
	if _, err := ws.UpdateMock(info.ID, workspace.MockUpdate{
		Config: &workspace.ConfigUpdate{ServerResponseID: new("")},
	}); err != nil {
		t.Fatal(err)
	}
	if status, _, body := call(t, w, http.MethodGet, info.MockURL+"/products", nil); status != http.StatusOK || body != `[{"sku": "A-1"}, {"sku": "B-2"}]` {
		t.Errorf("after the outage: GET /products = %d %s, want 200 with the products", status, body)
	}
	if status, _, body := call(t, w, http.MethodGet, info.MockURL+"/no/such/path", nil); status != http.StatusNotFound || body != mock.NotFoundBody {
		t.Errorf("after the outage: GET /no/such/path = %d %s, want Postman's 404", status, body)
	}

	// Server-response calls are logged like any other: 4 of the 7 calls
	// answered 503.
	m, err := ws.Mock(info.ID)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range m.Calls().All() {
		if e.Response.StatusCode == http.StatusServiceUnavailable {
			n++
			if e.ResponseName != "Maintenance" {
				t.Errorf("logged response name %q, want Maintenance", e.ResponseName)
			}
		}
	}
	if n != len(calls) {
		t.Errorf("%d calls logged with 503, want %d", n, len(calls))
	}
}

// TestServerResponseWaitsForTheConfig: a server response only created
// answers nothing; the examples do until the mock's config names it.
func TestServerResponseWaitsForTheConfig(t *testing.T) {
	w := mocktest.NewWorkspace(t)
	info := w.CreateMock(t, "catalog.postman_collection.json", workspace.NewMock{Name: "catalog"})
	if _, err := w.Workspace().CreateServerResponse(info.ID, serverresponse.Fields{
		Name: new("Maintenance"), StatusCode: new(503), Body: new(outageBody),
	}); err != nil {
		t.Fatal(err)
	}
	if status, _, body := call(t, w, http.MethodGet, info.MockURL+"/health", nil); status != http.StatusOK || body == outageBody {
		t.Errorf("before activation: GET /health = %d %s, want the example's 200", status, body)
	}
}

// call sends one request through the workspace's listener and returns the
// status, headers and body.
func call(t *testing.T, w *mocktest.Workspace, method, url string, header http.Header) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := w.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// TestOutageOnOneServer is the shortcut for a single mocktest.Server: set
// the server response on its mock, and clear it with nil. The call list
// names the server response that answered.
func TestOutageOnOneServer(t *testing.T) {
	srv := mocktest.New(t, "catalog.postman_collection.json")
	srv.Mock().SetServerResponse(&serverresponse.ServerResponse{Name: "Maintenance", StatusCode: 503, Body: outageBody})
	get(t, srv, "/products")
	srv.Mock().SetServerResponse(nil)
	get(t, srv, "/products")

	srv.AssertCalls(t, []mocktest.Call{
		{Method: "GET", Path: "/products", Status: 503, ServerResponse: "Maintenance"},
		{Method: "GET", Path: "/products", Status: 200, Example: "Products"},
	})
}

func get(t *testing.T, srv *mocktest.Server, path string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
}
