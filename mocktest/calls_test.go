package mocktest_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/mocktest"
	"github.com/postmock/postmock/serverresponse"
)

// TestCallsSplitPathAndQuery: Calls gives the path without its query and
// the query apart, the same rule AssertCalled applies to its path
// argument, while Entries keeps the raw log's "path?query".
func TestCallsSplitPathAndQuery(t *testing.T) {
	srv := mocktest.New(t, api)
	get(t, srv.Client(), srv.URL+"/users?page=2")
	get(t, srv.Client(), srv.URL+"/users")
	srv.AssertCalls(t, []mocktest.Call{
		{Method: "GET", Path: "/users", Query: "page=2", Status: 200, Example: "List users page 2"},
		{Method: "GET", Path: "/users", Status: 200, Example: "List users"},
	})
	if got := srv.Entries()[0].Request.Path; got != "/users?page=2" {
		t.Errorf("Entries()[0].Request.Path = %q, want the raw /users?page=2", got)
	}

	for _, tc := range []struct {
		path      string
		wantFound bool
		wantQuery string // of the last call AssertCalled returns
	}{
		{"/users", true, ""}, // any query: the last call is the one without
		{"/users?page=2", true, "page=2"},
		{"/users?page=3", false, ""},
		{"/users/", false, ""},
	} {
		ft := &fakeTB{TB: t}
		e := srv.AssertCalled(ft, "GET", tc.path)
		if found := len(ft.errs) == 0; found != tc.wantFound {
			t.Errorf("AssertCalled(GET %s) found = %v, want %v (%q)", tc.path, found, tc.wantFound, ft.errs)
			continue
		}
		if _, q, _ := strings.Cut(e.Request.Path, "?"); tc.wantFound && q != tc.wantQuery {
			t.Errorf("AssertCalled(GET %s) returned %s", tc.path, e.Request.Path)
		}
	}
}

// TestCallsSayWhatAnswered: a call answered by a server response names it,
// an unmatched call names nothing, and the failure listing says both.
func TestCallsSayWhatAnswered(t *testing.T) {
	srv := mocktest.New(t, api)
	srv.Mock().SetServerResponse(&serverresponse.ServerResponse{Name: "Maintenance", StatusCode: 503})
	get(t, srv.Client(), srv.URL+"/users")
	srv.Mock().SetServerResponse(nil)
	get(t, srv.Client(), srv.URL+"/nothing?x=1")
	want := []mocktest.Call{
		{Method: "GET", Path: "/users", Status: 503, ServerResponse: "Maintenance"},
		{Method: "GET", Path: "/nothing", Query: "x=1", Status: 404},
	}
	if d := cmp.Diff(want, srv.Calls()); d != "" {
		t.Errorf("Calls() (-want +got):\n%s", d)
	}
	ft := &fakeTB{TB: t}
	srv.AssertCallCount(ft, 0)
	for _, line := range []string{`GET /users → 503 server response "Maintenance"`, "GET /nothing?x=1 → 404 (no example)"} {
		if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], line) {
			t.Errorf("the failure does not list %q: %q", line, ft.errs)
		}
	}
}
