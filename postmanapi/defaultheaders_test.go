package postmanapi_test

import (
	"bytes"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// defaultHeaders is an extension member of a mock's config: set on create
// and update, shown only when set, validated with the field named.
func TestMockConfigDefaultHeadersApplyToCallsAndShowOnlyWhenSet(t *testing.T) {
	s := newAPIServer(t)
	_, coll := addWorked(t, s.ws)

	for _, tc := range []struct{ name, config string }{
		{"not an object", `"x-mock-response-code: 200"`},
		{"number value", `{"x-mock-response-code":200}`},
		{"not an x-mock header", `{"Authorization":"Bearer x"}`},
		{"bad code", `{"x-mock-response-code":"two hundred"}`},
	} {
		r := s.admin("POST", "/mocks", `{"mock":{"collection":"`+coll.UID+`","config":{"defaultHeaders":`+tc.config+`}}}`)
		apiWantError(t, "create mock: defaultHeaders "+tc.name, r, 400, "invalidParamsError", "defaultHeaders")
	}
	if n := len(s.ws.ListMocks("")); n != 0 {
		t.Fatalf("failed creates left %d mocks", n)
	}

	m := apiObj(s.ok("POST", "/mocks", `{"mock":{"collection":"`+coll.UID+`","config":{"defaultHeaders":{"x-mock-response-code":"200"}}}}`), "mock")
	id, url := apiStr(m, "id"), apiStr(m, "mockUrl")
	want := map[string]any{"X-Mock-Response-Code": "200"}
	if got := apiObj(m, "config")["defaultHeaders"]; !cmp.Equal(got, want) {
		t.Errorf("created config.defaultHeaders = %v, want %v", got, want)
	}
	if got := apiObj(apiObj(s.ok("GET", "/mocks/"+id, ""), "mock"), "config")["defaultHeaders"]; !cmp.Equal(got, want) {
		t.Errorf("GET config.defaultHeaders = %v, want %v", got, want)
	}
	// Without the header the tie at /users/42 would go to the 404.
	if r := s.raw("GET", url+"/users/42", nil); r.status != 200 || string(r.body) != `{"example": "a4"}` {
		t.Errorf("call with the default code = %v, want 200 a4", r)
	}
	if r := s.raw("GET", url+"/users/42", nil, "x-mock-response-code", "404"); r.status != 404 {
		t.Errorf("call with its own code = %v, want 404", r)
	}

	// An invalid update changes nothing.
	apiWantError(t, "update: defaultHeaders", s.admin("PUT", "/mocks/"+id, `{"mock":{"config":{"defaultHeaders":{"x-mock-response-delay":"0"}}}}`),
		400, "invalidParamsError", "defaultHeaders")
	if r := s.raw("GET", url+"/users/42", nil); r.status != 200 {
		t.Errorf("after a rejected update = %v, want 200 still", r)
	}

	// null removes them, and the member leaves the answer.
	s.ok("PUT", "/mocks/"+id, `{"mock":{"config":{"defaultHeaders":null}}}`)
	if r := s.admin("GET", "/mocks/"+id, ""); bytes.Contains(r.body, []byte("defaultHeaders")) {
		t.Errorf("GET after removal still shows defaultHeaders: %s", r.body)
	}
	if r := s.raw("GET", url+"/users/42", nil); r.status != 404 {
		t.Errorf("call after removal = %v, want the tie's 404", r)
	}
	plain := s.admin("POST", "/mocks", `{"mock":{"collection":"`+coll.UID+`"}}`)
	if bytes.Contains(plain.body, []byte("defaultHeaders")) {
		t.Errorf("a mock without default headers shows the member: %s", plain.body)
	}
}
