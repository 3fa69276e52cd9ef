package postmanapi_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/postmanapi"
	"github.com/postmock/postmock/workspace"
)

var updateAPIFixtures = flag.Bool("update-api", false, "rewrite testdata/api/*.json from the current answers")

const apiTestKey = "PMAK-good"

// apiServer is NewAPI and its Workspace on one real listener, routed as the
// api command routes them.
type apiServer struct {
	t   *testing.T
	ws  *workspace.Workspace
	srv *httptest.Server
}

func newAPIServer(t *testing.T, opts ...workspace.Option) *apiServer {
	t.Helper()
	ws := workspace.New(append([]workspace.Option{workspace.WithOwner("12345678"), workspace.WithAPIKeys(apiTestKey),
		workspace.WithMockOptions(mock.WithMaxDelay(0))}, opts...)...)
	admin := postmanapi.New(ws)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/"); first {
		case "mocks", "collections", "environments":
			admin.ServeHTTP(w, r)
		default:
			ws.ServeHTTP(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	ws.SetBaseURL(srv.URL)
	return &apiServer{t: t, ws: ws, srv: srv}
}

// apiReply is one answer.
type apiReply struct {
	status int
	header http.Header
	body   []byte
}

func (r apiReply) String() string { return fmt.Sprintf("%d %s", r.status, r.body) }

// raw makes a request; target is a path of the server or an absolute URL;
// hdr are header name/value pairs.
func (s *apiServer) raw(method, target string, body io.Reader, hdr ...string) apiReply {
	s.t.Helper()
	if strings.HasPrefix(target, "/") {
		target = s.srv.URL + target
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		s.t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := s.srv.Client().Do(req)
	if err != nil {
		s.t.Fatalf("%s %s: %v", method, target, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		s.t.Fatal(err)
	}
	return apiReply{resp.StatusCode, resp.Header, b}
}

// admin makes an API request with the good key and checks the answer is
// JSON.
func (s *apiServer) admin(method, path, body string) apiReply {
	s.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	r := s.raw(method, path, rd, "x-api-key", apiTestKey)
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		s.t.Errorf("%s %s: Content-Type %q, want application/json; charset=utf-8", method, path, ct)
	}
	if method != http.MethodHead && !json.Valid(r.body) {
		s.t.Errorf("%s %s: body is not JSON: %s", method, path, r.body)
	}
	return r
}

// ok makes an API request that must answer 200 and decodes the answer.
func (s *apiServer) ok(method, path, body string) map[string]any {
	s.t.Helper()
	r := s.admin(method, path, body)
	if r.status != http.StatusOK {
		s.t.Fatalf("%s %s = %v, want 200", method, path, r)
	}
	var v map[string]any
	if len(r.body) > 0 && r.body[0] == '{' {
		if err := json.Unmarshal(r.body, &v); err != nil {
			s.t.Fatal(err)
		}
	}
	return v
}

// apiWantError checks an error answer: status, error name and (when given)
// the details params.
func apiWantError(t *testing.T, what string, r apiReply, status int, name string, params ...string) {
	t.Helper()
	var e struct {
		Error struct {
			Name    string              `json:"name"`
			Header  string              `json:"header"`
			Message string              `json:"message"`
			Details map[string][]string `json:"details"`
		} `json:"error"`
	}
	if err := json.Unmarshal(r.body, &e); err != nil {
		t.Errorf("%s: %v: not an error body: %v", what, r, err)
		return
	}
	if r.status != status || e.Error.Name != name || e.Error.Message == "" {
		t.Errorf("%s = %v, want %d %s", what, r, status, name)
	}
	if len(params) > 0 && !cmp.Equal(e.Error.Details["param"], params) {
		t.Errorf("%s: details.param = %v, want %v", what, e.Error.Details["param"], params)
	}
}

func apiObj(v map[string]any, key string) map[string]any {
	m, _ := v[key].(map[string]any)
	return m
}

func apiStr(v map[string]any, key string) string {
	s, _ := v[key].(string)
	return s
}

const apiEnvironmentBody = `{"environment":{"name":"Tenant 42","values":[` +
	`{"key":"userId","value":"42","enabled":true,"type":"default"},` +
	`{"key":"token","value":"s3cret","enabled":false,"type":"secret"}]}}`

// TestAPIEndToEnd walks every endpoint of NewAPI over a real listener, with
// each error case, and drives the created mock through its mockUrl.
func TestAPIEndToEnd(t *testing.T) {
	s := newAPIServer(t)
	collJSON, err := os.ReadFile("testdata/worked.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}

	// Authentication: every request, known route or not.
	for _, path := range []string{"/mocks", "/collections", "/environments/x", "/mocks/x/call-logs", "/mocks/nope/nope/nope"} {
		r := s.raw("GET", path, nil)
		if want := `{"error":{"name":"AuthenticationError","message":"API Key missing. Every request requires an API Key to be sent."}}`; r.status != 401 || string(r.body) != want {
			t.Errorf("GET %s without a key = %v, want 401 %s", path, r, want)
		}
		r = s.raw("GET", path, nil, "x-api-key", "PMAK-bad")
		if want := `{"error":{"name":"AuthenticationError","message":"Invalid API Key. Every request requires a valid API Key to be sent."}}`; r.status != 401 || string(r.body) != want {
			t.Errorf("GET %s with a wrong key = %v, want 401 %s", path, r, want)
		}
	}
	if r := s.raw("POST", "/mocks", strings.NewReader(`{}`), "x-api-key", apiTestKey+"x"); r.status != 401 {
		t.Errorf("key with a suffix = %v, want 401", r)
	}

	// Collections.
	apiWantError(t, "collection: not JSON", s.admin("POST", "/collections", `{"collection":`), 400, "malformedRequestError")
	apiWantError(t, "collection: empty body", s.admin("POST", "/collections", ``), 400, "malformedRequestError")
	apiWantError(t, "collection: bare collection", s.admin("POST", "/collections", string(collJSON)), 400, "malformedRequestError")
	apiWantError(t, "collection: array", s.admin("POST", "/collections", `[]`), 400, "malformedRequestError")
	apiWantError(t, "collection: not an object", s.admin("POST", "/collections", `{"collection":"x"}`), 400, "malformedRequestError")
	apiWantError(t, "collection: not a collection", s.admin("POST", "/collections", `{"collection":{"info":{"name":"x"}}}`), 400, "malformedRequestError")
	body := `{"collection":` + string(collJSON) + `}`
	coll := apiObj(s.ok("POST", "/collections", body), "collection")
	collID, collUID := apiStr(coll, "id"), apiStr(coll, "uid")
	if collUID != "12345678-"+collID || apiStr(coll, "name") != "Worked examples (matching.md §12)" || len(coll) != 3 {
		t.Errorf("created collection = %v", coll)
	}
	list := s.ok("GET", "/collections", "")
	if cs, _ := list["collections"].([]any); len(cs) != 1 || apiStr(cs[0].(map[string]any), "uid") != collUID {
		t.Errorf("GET /collections = %v", list)
	}
	for _, id := range []string{collID, collUID} {
		r := s.admin("GET", "/collections/"+id, "")
		if r.status != 200 || string(r.body) != `{"collection":`+string(collJSON)+`}` {
			t.Errorf("GET /collections/%s = %d, want the collection as uploaded; got %.200s", id, r.status, r.body)
		}
	}
	apiWantError(t, "GET unknown collection", s.admin("GET", "/collections/nope", ""), 404, "instanceNotFoundError")
	apiWantError(t, "DELETE unknown collection", s.admin("DELETE", "/collections/nope", ""), 404, "instanceNotFoundError")

	// Environments.
	apiWantError(t, "environment: not JSON", s.admin("POST", "/environments", `{`), 400, "malformedRequestError")
	apiWantError(t, "environment: wrong envelope", s.admin("POST", "/environments", `{"env":{"name":"x"}}`), 400, "malformedRequestError")
	apiWantError(t, "environment: no name", s.admin("POST", "/environments", `{"environment":{"values":[]}}`), 400, "paramMissingError", "name")
	apiWantError(t, "environment: name type", s.admin("POST", "/environments", `{"environment":{"name":7}}`), 400, "invalidParamsError", "name")
	apiWantError(t, "environment: values type", s.admin("POST", "/environments", `{"environment":{"name":"x","values":{}}}`), 400, "malformedRequestError")
	env := apiObj(s.ok("POST", "/environments", apiEnvironmentBody), "environment")
	envID, envUID := apiStr(env, "id"), apiStr(env, "uid")
	if envUID != "12345678-"+envID || apiStr(env, "name") != "Tenant 42" {
		t.Errorf("created environment = %v", env)
	}
	bare := apiObj(s.ok("POST", "/environments", `{"environment":{"name":"Empty"}}`), "environment")
	if es, _ := s.ok("GET", "/environments", "")["environments"].([]any); len(es) != 2 {
		t.Errorf("GET /environments = %v, want 2", es)
	}
	got := s.admin("GET", "/environments/"+envUID, "")
	want := `{"environment":{"id":"` + envID + `","name":"Tenant 42","values":[` +
		`{"key":"userId","value":"42","enabled":true,"type":"default"},` +
		`{"key":"token","value":"s3cret","enabled":false,"type":"secret"}]}}`
	if got.status != 200 || string(got.body) != want {
		t.Errorf("GET environment = %v, want 200 %s", got, want)
	}
	if r := s.ok("GET", "/environments/"+apiStr(bare, "id"), ""); len(apiObj(r, "environment")["values"].([]any)) != 0 {
		t.Errorf("GET empty environment = %v", r)
	}
	apiWantError(t, "GET unknown environment", s.admin("GET", "/environments/nope", ""), 404, "instanceNotFoundError")
	apiWantError(t, "DELETE unknown environment", s.admin("DELETE", "/environments/nope", ""), 404, "instanceNotFoundError")
	if r := s.ok("DELETE", "/environments/"+apiStr(bare, "uid"), ""); !cmp.Equal(apiObj(r, "environment"),
		map[string]any{"id": apiStr(bare, "id"), "uid": apiStr(bare, "uid")}) {
		t.Errorf("DELETE environment = %v", r)
	}

	// Creating mocks: errors.
	for _, tc := range []struct {
		name, body, errName string
		params              []string
	}{
		{"not JSON", `{"mock":{`, "malformedRequestError", nil},
		{"trailing data", `{"mock":{}} x`, "malformedRequestError", nil},
		{"no envelope", `{"collection":"` + collUID + `"}`, "malformedRequestError", nil},
		{"envelope not an object", `{"mock":[]}`, "malformedRequestError", nil},
		{"no collection", `{"mock":{"name":"x"}}`, "paramMissingError", []string{"collection"}},
		{"collection type", `{"mock":{"collection":7}}`, "invalidParamsError", []string{"collection"}},
		{"unknown collection", `{"mock":{"collection":"12345678-nope"}}`, "invalidParamsError", []string{"collection"}},
		{"unknown environment", `{"mock":{"collection":"` + collUID + `","environment":"nope"}}`, "invalidParamsError", []string{"environment"}},
		{"private type", `{"mock":{"collection":"` + collUID + `","private":"yes"}}`, "invalidParamsError", []string{"private"}},
		{"name type", `{"mock":{"collection":"` + collUID + `","name":["x"]}}`, "invalidParamsError", []string{"name"}},
		{"config type", `{"mock":{"collection":"` + collUID + `","config":[]}}`, "invalidParamsError", []string{"config"}},
		{"matchBody type", `{"mock":{"collection":"` + collUID + `","config":{"matchBody":"true"}}}`, "invalidParamsError", []string{"matchBody"}},
		{"headers type", `{"mock":{"collection":"` + collUID + `","config":{"headers":"x-tenant"}}}`, "invalidParamsError", []string{"headers"}},
		{"delay preset number", `{"mock":{"collection":"` + collUID + `","config":{"delay":{"type":"fixed","preset":1}}}}`, "invalidParamsError", []string{"delay"}},
		{"delay preset unknown", `{"mock":{"collection":"` + collUID + `","config":{"delay":{"type":"fixed","preset":"9"}}}}`, "invalidParamsError", []string{"delay"}},
		{"delay empty", `{"mock":{"collection":"` + collUID + `","config":{"delay":{}}}}`, "invalidParamsError", []string{"delay"}},
		{"server response unknown", `{"mock":{"collection":"` + collUID + `","config":{"serverResponseId":"nope"}}}`, "invalidParamsError", []string{"serverResponseId"}},
	} {
		apiWantError(t, "create mock: "+tc.name, s.admin("POST", "/mocks", tc.body), 400, tc.errName, tc.params...)
	}
	if n := len(s.ws.ListMocks("")); n != 0 {
		t.Fatalf("failed creates left %d mocks", n)
	}

	// Creating mocks.
	created := apiObj(s.ok("POST", "/mocks?workspace=w1", `{"mock":{"collection":"`+collUID+`","environment":"`+envUID+`","name":"Users mock","private":false,`+
		`"config":{"matchQueryParams":true,"headers":[],"delay":{"type":"fixed","preset":"2"}}}}`), "mock")
	mockID, mockUID, mockURL := apiStr(created, "id"), apiStr(created, "uid"), apiStr(created, "mockUrl")
	if mockUID != "12345678-"+mockID || mockURL != s.srv.URL+"/"+mockID || apiStr(created, "collection") != collUID ||
		apiStr(created, "environment") != envUID || apiStr(created, "name") != "Users mock" || created["isPublic"] != true {
		t.Errorf("created mock = %v", created)
	}
	if d := apiObj(apiObj(created, "config"), "delay"); !cmp.Equal(d, map[string]any{"type": "fixed", "preset": "2"}) {
		t.Errorf("created mock delay = %v", d)
	}
	other := apiObj(s.ok("POST", "/mocks", `{"mock":{"collection":"`+collID+`"}}`), "mock")
	if apiStr(other, "name") != "Worked examples (matching.md §12)" || apiObj(other, "config")["delay"] != nil || other["isPublic"] != true {
		t.Errorf("mock with defaults = %v", other)
	}

	// Listing and reading.
	if ms, _ := s.ok("GET", "/mocks", "")["mocks"].([]any); len(ms) != 2 {
		t.Errorf("GET /mocks = %d mocks, want 2", len(ms))
	}
	if ms, _ := s.ok("GET", "/mocks?teamId=t&workspace=w1", "")["mocks"].([]any); len(ms) != 1 || apiStr(ms[0].(map[string]any), "id") != mockID {
		t.Errorf("GET /mocks?workspace=w1 = %v, want the one mock", ms)
	}
	for _, id := range []string{mockID, mockUID} {
		if m := apiObj(s.ok("GET", "/mocks/"+id, ""), "mock"); apiStr(m, "id") != mockID || m["deactivated"] != false {
			t.Errorf("GET /mocks/%s = %v", id, m)
		}
	}
	if r := s.admin("HEAD", "/mocks/"+mockID, ""); r.status != 200 {
		t.Errorf("HEAD mock = %d", r.status)
	}
	apiWantError(t, "GET unknown mock", s.admin("GET", "/mocks/nope", ""), 404, "instanceNotFoundError")

	// The mock answers at its mockUrl at once.
	calls := 0
	callMock := func(method, path string, hdr ...string) apiReply {
		t.Helper()
		calls++
		return s.raw(method, mockURL+path, nil, hdr...)
	}
	if r := callMock("GET", "/users"); r.status != 200 || string(r.body) != `{"example": "a1"}` {
		t.Errorf("GET mockUrl/users = %v", r)
	}

	// Updating.
	upd := apiObj(s.ok("PUT", "/mocks/"+mockUID, `{"mock":{"name":"Renamed","description":"d","versionTag":"v1","collection":"`+collID+`",`+
		`"config":{"headers":["x-tenant"],"matchBody":false}}}`), "mock")
	if apiStr(upd, "name") != "Renamed" || apiStr(upd, "description") != "d" || apiStr(upd, "versionTag") != "v1" ||
		!cmp.Equal(apiObj(upd, "config")["headers"], []any{"x-tenant"}) || apiObj(upd, "config")["matchHeader"] != true {
		t.Errorf("updated mock = %v", upd)
	}
	upd = apiObj(s.ok("PUT", "/mocks/"+mockID, `{"mock":{"config":{"headers":null,"delay":null},"description":null}}`), "mock")
	if apiObj(upd, "config")["delay"] != nil || upd["description"] != nil || apiStr(upd, "name") != "Renamed" {
		t.Errorf("mock after clearing = %v", upd)
	}
	for _, tc := range []struct {
		name, body, errName string
		params              []string
	}{
		{"not JSON", `nope`, "malformedRequestError", nil},
		{"no envelope", `{"name":"x"}`, "malformedRequestError", nil},
		{"mock null", `{"mock":null}`, "malformedRequestError", nil},
		{"name type", `{"mock":{"name":5}}`, "invalidParamsError", []string{"name"}},
		{"empty name", `{"mock":{"name":" "}}`, "invalidParamsError", []string{"name"}},
		{"private type", `{"mock":{"private":1}}`, "invalidParamsError", []string{"private"}},
		{"collection change", `{"mock":{"collection":"12345678-other"}}`, "invalidParamsError", []string{"collection"}},
		{"unknown environment", `{"mock":{"environment":"nope"}}`, "invalidParamsError", []string{"environment"}},
		{"serverResponseId type", `{"mock":{"config":{"serverResponseId":5}}}`, "invalidParamsError", []string{"serverResponseId"}},
		{"unknown server response", `{"mock":{"config":{"serverResponseId":"nope"}}}`, "invalidParamsError", []string{"serverResponseId"}},
		{"delay duration", `{"mock":{"config":{"delay":{"type":"fixed","duration":999999}}}}`, "invalidParamsError", []string{"delay"}},
	} {
		apiWantError(t, "update mock: "+tc.name, s.admin("PUT", "/mocks/"+mockID, tc.body), 400, tc.errName, tc.params...)
	}
	apiWantError(t, "update unknown mock", s.admin("PUT", "/mocks/nope", `{"mock":{"name":"x"}}`), 404, "instanceNotFoundError")

	// Private mocks: the API keys open them.
	if m := apiObj(s.ok("PUT", "/mocks/"+mockID, `{"mock":{"private":true}}`), "mock"); m["isPublic"] != false {
		t.Errorf("private mock isPublic = %v", m["isPublic"])
	}
	if r := callMock("GET", "/users"); r.status != 401 {
		t.Errorf("private mock without a key = %v, want 401", r)
	}
	if r := callMock("GET", "/users", "x-api-key", apiTestKey); r.status != 200 {
		t.Errorf("private mock with the key = %v, want 200", r)
	}
	if r := s.ok("POST", "/mocks/"+mockID+"/publish", ""); !cmp.Equal(r, map[string]any{"mock": map[string]any{"id": mockID}}) {
		t.Errorf("publish = %v", r)
	}
	if r := callMock("GET", "/users"); r.status != 200 {
		t.Errorf("published mock = %v, want 200", r)
	}
	if r := s.ok("DELETE", "/mocks/"+mockUID+"/unpublish", ""); !cmp.Equal(r, map[string]any{"mock": map[string]any{"id": mockID}}) {
		t.Errorf("unpublish = %v", r)
	}
	s.ok("DELETE", "/mocks/"+mockUID+"/unpublish", "") // a no-op
	if r := callMock("GET", "/users"); r.status != 401 {
		t.Errorf("unpublished mock = %v, want 401", r)
	}
	s.ok("POST", "/mocks/"+mockID+"/publish", "")
	apiWantError(t, "publish unknown mock", s.admin("POST", "/mocks/nope/publish", ""), 404, "instanceNotFoundError")
	apiWantError(t, "unpublish unknown mock", s.admin("DELETE", "/mocks/nope/unpublish", ""), 404, "instanceNotFoundError")

	// Server responses.
	srPath := "/mocks/" + mockID + "/server-responses"
	for _, tc := range []struct {
		name, body, errName string
		params              []string
	}{
		{"not JSON", `{"serverResponse":`, "malformedRequestError", nil},
		{"no envelope", `{"name":"Down","statusCode":503}`, "malformedRequestError", nil},
		{"statusCode string", `{"serverResponse":{"name":"Down","statusCode":"500"}}`, "invalidParamsError", []string{"statusCode"}},
		{"statusCode 4xx", `{"serverResponse":{"name":"Down","statusCode":404}}`, "invalidParamsError", []string{"statusCode"}},
		{"no statusCode", `{"serverResponse":{"name":"Down"}}`, "paramMissingError", []string{"statusCode"}},
		{"nothing", `{"serverResponse":{}}`, "paramMissingError", []string{"name", "statusCode"}},
		{"language", `{"serverResponse":{"name":"Down","statusCode":503,"language":"yaml"}}`, "invalidParamsError", []string{"language"}},
	} {
		apiWantError(t, "create server response: "+tc.name, s.admin("POST", srPath, tc.body), 400, tc.errName, tc.params...)
	}
	apiWantError(t, "create server response on unknown mock", s.admin("POST", "/mocks/nope/server-responses",
		`{"serverResponse":{"name":"Down","statusCode":503}}`), 404, "instanceNotFoundError")
	sr := s.ok("POST", srPath, `{"serverResponse":{"name":"Down","statusCode":503,"headers":[{"key":"Content-Type","value":"application/json"}],`+
		`"language":"json","body":"{\"message\":\"try later\"}"}}`)
	srID := apiStr(sr, "id")
	if sr["statusCode"] != 503.0 || apiStr(sr, "mock") != mockID || apiStr(sr, "name") != "Down" {
		t.Errorf("created server response = %v", sr)
	}
	for _, p := range []string{srPath, "/mocks/" + mockUID + "/serverResponses"} {
		r := s.admin("GET", p, "")
		var l []map[string]any
		if err := json.Unmarshal(r.body, &l); err != nil || r.status != 200 || len(l) != 1 || apiStr(l[0], "id") != srID {
			t.Errorf("GET %s = %v, want a one-element array", p, r)
		}
		if got := s.ok("GET", p+"/"+srID, ""); !cmp.Equal(got, sr) {
			t.Errorf("GET %s/%s = %v, want %v", p, srID, got, sr)
		}
	}
	upSR := s.ok("PUT", srPath+"/"+srID, `{"serverResponse":{"body":"{\"message\":\"down for maintenance\"}"}}`)
	if apiStr(upSR, "body") != `{"message":"down for maintenance"}` || upSR["statusCode"] != 503.0 {
		t.Errorf("updated server response = %v", upSR)
	}
	apiWantError(t, "update server response: nothing", s.admin("PUT", srPath+"/"+srID, `{"serverResponse":{}}`), 400, "paramMissingError")
	apiWantError(t, "update server response: statusCode string", s.admin("PUT", srPath+"/"+srID, `{"serverResponse":{"statusCode":"503"}}`), 400, "invalidParamsError", "statusCode")
	for _, m := range []string{"GET", "PUT", "DELETE"} {
		r := s.admin(m, srPath+"/nope", `{"serverResponse":{"name":"x"}}`)
		apiWantError(t, m+" unknown server response", r, 404, "instanceNotFoundError")
		if !bytes.Contains(r.body, []byte(`"header":"Server response not found"`)) {
			t.Errorf("%s unknown server response = %s, want a header member", m, r.body)
		}
	}
	for _, p := range []string{"/mocks/nope/server-responses", "/mocks/nope/serverResponses/" + srID} {
		r := s.admin("GET", p, "")
		apiWantError(t, "GET "+p, r, 404, "instanceNotFoundError")
		if !bytes.Contains(r.body, []byte(`"header":"Mock not found"`)) {
			t.Errorf("GET %s = %s, want a header member", p, r.body)
		}
	}

	// Activating it: every path answers 503; null deactivates.
	if m := apiObj(s.ok("PUT", "/mocks/"+mockID, `{"mock":{"config":{"serverResponseId":"`+srID+`"}}}`), "mock"); apiObj(m, "config")["serverResponseId"] != srID {
		t.Errorf("activated mock config = %v", apiObj(m, "config"))
	}
	for _, p := range []struct{ method, path string }{{"GET", "/users"}, {"GET", "/nothing/here"}, {"POST", "/users"}, {"DELETE", "/orders/1"}} {
		if r := callMock(p.method, p.path); r.status != 503 || string(r.body) != `{"message":"down for maintenance"}` ||
			r.header.Get("Content-Type") != "application/json" {
			t.Errorf("%s %s with the server response active = %v", p.method, p.path, r)
		}
	}
	if m := apiObj(s.ok("PUT", "/mocks/"+mockID, `{"mock":{"config":{"serverResponseId":null}}}`), "mock"); apiObj(m, "config")["serverResponseId"] != nil {
		t.Errorf("deactivated mock config = %v", apiObj(m, "config"))
	}
	if r := callMock("GET", "/users"); r.status != 200 {
		t.Errorf("GET /users after deactivation = %v", r)
	}

	// Call logs, with paging.
	logPath := "/mocks/" + mockID + "/call-logs"
	seen := 0
	cursor := ""
	for pages := 0; ; pages++ {
		if pages > calls {
			t.Fatal("call-log paging does not end")
		}
		q := "?limit=3"
		if cursor != "" {
			q += "&cursor=" + url.QueryEscape(cursor)
		}
		var page struct {
			Logs []map[string]any `json:"call-logs"`
			Meta struct {
				NextCursor *string `json:"nextCursor"`
			} `json:"meta"`
		}
		r := s.admin("GET", logPath+q, "")
		if err := json.Unmarshal(r.body, &page); err != nil || r.status != 200 {
			t.Fatalf("GET call-logs%s = %v", q, r)
		}
		if len(page.Logs) > 3 {
			t.Errorf("page of %d entries, want at most 3", len(page.Logs))
		}
		seen += len(page.Logs)
		if page.Meta.NextCursor == nil {
			break
		}
		cursor = *page.Meta.NextCursor
	}
	if seen != calls {
		t.Errorf("call-log pages hold %d entries, want the %d calls made", seen, calls)
	}
	var errs struct {
		Logs []map[string]any `json:"call-logs"`
	}
	r := s.admin("GET", logPath+"?responseStatusCode=503&include=response.body,request.headers", "")
	if err := json.Unmarshal(r.body, &errs); err != nil || len(errs.Logs) != 4 {
		t.Errorf("503 call logs = %v, want 4", r)
	} else if e := errs.Logs[0]; apiStr(e, "responseName") != "Down" || apiObj(apiObj(e, "response"), "body") == nil || apiObj(e, "request")["headers"] == nil {
		t.Errorf("503 call-log entry = %v", e)
	}
	for _, tc := range []struct{ query, param string }{
		{"limit=0", "limit"}, {"limit=101", "limit"}, {"limit=x", "limit"}, {"sort=servedAt", "direction"},
		{"direction=asc", "sort"}, {"cursor=garbage", "cursor"}, {"since=2024-06-11&until=2024-06-10", "since"},
		{"include=request.cookies", "include"},
	} {
		r := s.admin("GET", logPath+"?"+tc.query, "")
		apiWantError(t, "call-logs?"+tc.query, r, 400, "invalidParamsError")
		if !bytes.Contains(r.body, []byte(`"details":{"param":[`)) {
			t.Errorf("call-logs?%s = %s, want details.param", tc.query, r.body)
		}
	}
	apiWantError(t, "call logs of an unknown mock", s.admin("GET", "/mocks/nope/call-logs?limit=0", ""), 404, "instanceNotFoundError")

	// Unknown routes and methods.
	for _, p := range []string{"/mocks/" + mockID + "/nope", "/mocks/" + mockID + "/server-responses/" + srID + "/x", "/collections/x/y", "/mocks/"} {
		apiWantError(t, "GET "+p, s.admin("GET", p, ""), 404, "notFoundError")
	}
	for _, tc := range []struct{ method, path, allow string }{
		{"PATCH", "/mocks", "GET, HEAD, POST"},
		{"DELETE", "/mocks", "GET, HEAD, POST"},
		{"POST", "/mocks/" + mockID, "DELETE, GET, HEAD, PUT"},
		{"GET", "/mocks/" + mockID + "/publish", "POST"},
		{"POST", "/mocks/" + mockID + "/unpublish", "DELETE"},
		{"PUT", "/collections/" + collID, "DELETE, GET, HEAD"},
		{"DELETE", "/environments", "GET, HEAD, POST"},
		{"POST", "/mocks/" + mockID + "/call-logs", "GET, HEAD"},
	} {
		r := s.admin(tc.method, tc.path, "")
		apiWantError(t, tc.method+" "+tc.path, r, 405, "methodNotAllowedError")
		if got := r.header.Get("Allow"); !sameMethods(got, tc.allow) {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}

	// Bodies are bounded.
	if !testing.Short() {
		big := io.MultiReader(strings.NewReader(`{"collection":"`), io.LimitReader(repeatByte('a'), postmanapi.MaxBody), strings.NewReader(`"}`))
		r := s.raw("POST", "/collections", big, "x-api-key", apiTestKey)
		apiWantError(t, "64 MiB body", r, 413, "payloadTooLargeError")
	}

	// Deleting.
	if r := s.ok("DELETE", srPath+"/"+srID, ""); r["updatedAt"] != nil || r["mock"] != nil || apiStr(r, "id") != srID || r["createdAt"] == nil {
		t.Errorf("deleted server response = %v", r)
	}
	apiWantError(t, "deleted server response", s.admin("GET", srPath+"/"+srID, ""), 404, "instanceNotFoundError")
	if r := s.ok("DELETE", "/environments/"+envID, ""); !cmp.Equal(apiObj(r, "environment"), map[string]any{"id": envID, "uid": envUID}) {
		t.Errorf("DELETE environment = %v", r)
	}
	if m := apiObj(s.ok("GET", "/mocks/"+mockID, ""), "mock"); m["deactivated"] != true {
		t.Errorf("mock of a deleted environment: deactivated = %v", m["deactivated"])
	}
	if r := s.ok("DELETE", "/mocks/"+mockUID, ""); !cmp.Equal(r, map[string]any{"mock": map[string]any{"id": mockID, "uid": mockUID}}) {
		t.Errorf("DELETE mock = %v", r)
	}
	apiWantError(t, "GET deleted mock", s.admin("GET", "/mocks/"+mockID, ""), 404, "instanceNotFoundError")
	apiWantError(t, "DELETE deleted mock", s.admin("DELETE", "/mocks/"+mockID, ""), 404, "instanceNotFoundError")
	if r := s.raw("GET", mockURL+"/users", nil); r.status != 404 {
		t.Errorf("deleted mock's URL = %v, want 404", r)
	}
	if r := s.ok("DELETE", "/collections/"+collUID, ""); !cmp.Equal(apiObj(r, "collection"), map[string]any{"id": collID, "uid": collUID}) {
		t.Errorf("DELETE collection = %v", r)
	}
	apiWantError(t, "GET deleted collection", s.admin("GET", "/collections/"+collID, ""), 404, "instanceNotFoundError")
	if m := apiObj(s.ok("GET", "/mocks/"+apiStr(other, "id"), ""), "mock"); m["deactivated"] != true {
		t.Errorf("mock of a deleted collection: deactivated = %v", m["deactivated"])
	}
	if cs, _ := s.ok("GET", "/collections", "")["collections"].([]any); len(cs) != 0 {
		t.Errorf("collections after delete = %v", cs)
	}
}

// sameMethods compares two Allow lists as sets.
func sameMethods(a, b string) bool {
	set := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, x := range strings.Split(s, ",") {
			m[strings.TrimSpace(x)] = true
		}
		return m
	}
	return cmp.Equal(set(a), set(b))
}

type repeatByte byte

func (b repeatByte) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestAPIWithoutKeysRefusesEverything(t *testing.T) {
	ws := workspace.New()
	srv := httptest.NewServer(postmanapi.New(ws))
	defer srv.Close()
	for _, key := range []string{"", " ", "anything"} {
		req, _ := http.NewRequest("GET", srv.URL+"/mocks", nil)
		if key != "" {
			req.Header.Set("x-api-key", key)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 401 {
			t.Errorf("key %q on a workspace without keys = %d, want 401", key, resp.StatusCode)
		}
	}
}

func TestAPICollectionAddedThroughGo(t *testing.T) {
	s := newAPIServer(t)
	c, info := addWorked(t, s.ws)
	r := s.admin("GET", "/collections/"+info.UID, "")
	want := `{"collection":{"info":{"_postman_id":"` + info.ID + `","name":"` + c.Info.Name + `","schema":"` + c.Info.Schema + `"},"item":[]}}`
	if r.status != 200 || string(r.body) != want {
		t.Errorf("GET collection added through Go = %v, want 200 %s", r, want)
	}
}

// addWorked adds the worked collection to ws through Go.
func addWorked(t *testing.T, ws *workspace.Workspace) (*collection.Collection, workspace.CollectionInfo) {
	t.Helper()
	c, err := collection.LoadFile("testdata/worked.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ws.AddCollection(c)
	if err != nil {
		t.Fatal(err)
	}
	return c, info
}

// ---- shapes ----

// Postman-shaped answers (docs/postman-api.md). Members without omitempty
// are required: apiMissing reports them when absent.
type (
	specMockConfig struct {
		Headers          []string   `json:"headers"`
		MatchBody        bool       `json:"matchBody"`
		MatchQueryParams bool       `json:"matchQueryParams"`
		MatchWildcards   bool       `json:"matchWildcards"`
		MatchHeader      *bool      `json:"matchHeader,omitempty"`
		Delay            *specDelay `json:"delay"`
		ServerResponseID *string    `json:"serverResponseId"`
	}
	specDelay struct {
		Type     string `json:"type"`
		Preset   string `json:"preset,omitempty"`
		Duration int    `json:"duration,omitempty"`
	}
	specMock struct {
		ID          string         `json:"id"`
		UID         string         `json:"uid"`
		Owner       string         `json:"owner"`
		Name        string         `json:"name"`
		Collection  string         `json:"collection"`
		Environment string         `json:"environment,omitempty"`
		MockURL     string         `json:"mockUrl"`
		Config      specMockConfig `json:"config"`
		IsPublic    bool           `json:"isPublic"`
		Deactivated bool           `json:"deactivated"`
		CreatedAt   string         `json:"createdAt"`
		UpdatedAt   string         `json:"updatedAt"`
		Description string         `json:"description,omitempty"`
		VersionTag  string         `json:"versionTag,omitempty"`
	}
	specMockAnswer struct {
		Mock specMock `json:"mock"`
	}
	specMocksAnswer struct {
		Mocks []specMock `json:"mocks"`
	}
	specMockID struct {
		Mock struct {
			ID string `json:"id"`
		} `json:"mock"`
	}
	specRef struct {
		ID  string `json:"id"`
		UID string `json:"uid"`
	}
	specMockDeleted struct {
		Mock specRef `json:"mock"`
	}

	specInfo struct {
		ID   string `json:"id"`
		Name string `json:"name"`
		UID  string `json:"uid"`
	}
	specListed struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Owner string `json:"owner"`
		UID   string `json:"uid"`
	}
	specCollectionCreated struct {
		Collection specInfo `json:"collection"`
	}
	specCollections struct {
		Collections []specListed `json:"collections"`
	}
	specCollectionDeleted struct {
		Collection specRef `json:"collection"`
	}

	specEnvironmentCreated struct {
		Environment specInfo `json:"environment"`
	}
	specEnvironments struct {
		Environments []specListed `json:"environments"`
	}
	specEnvironmentDeleted struct {
		Environment specRef `json:"environment"`
	}
	specEnvironment struct {
		Environment struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			Values []struct {
				Key     string `json:"key"`
				Value   string `json:"value"`
				Enabled bool   `json:"enabled"`
				Type    string `json:"type"`
			} `json:"values"`
		} `json:"environment"`
	}

	specKV struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	}
	specServerResponse struct {
		ID         string   `json:"id"`
		Name       string   `json:"name"`
		StatusCode int      `json:"statusCode"`
		Headers    []specKV `json:"headers"`
		Language   *string  `json:"language"`
		Body       string   `json:"body"`
		CreatedBy  string   `json:"createdBy"`
		UpdatedBy  string   `json:"updatedBy"`
		CreatedAt  string   `json:"createdAt"`
		UpdatedAt  string   `json:"updatedAt"`
		Mock       string   `json:"mock"`
	}
	specServerResponseSummary struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		StatusCode int    `json:"statusCode"`
		CreatedAt  string `json:"createdAt"`
		UpdatedAt  string `json:"updatedAt"`
		CreatedBy  string `json:"createdBy"`
		UpdatedBy  string `json:"updatedBy"`
	}
	specServerResponseDeleted struct {
		ID         string   `json:"id"`
		Name       string   `json:"name"`
		StatusCode int      `json:"statusCode"`
		Headers    []specKV `json:"headers"`
		Language   *string  `json:"language"`
		Body       string   `json:"body"`
		CreatedBy  string   `json:"createdBy"`
		UpdatedBy  string   `json:"updatedBy"`
		CreatedAt  string   `json:"createdAt"`
	}

	specCallLogs struct {
		CallLogs []specCallLog `json:"call-logs"`
		Meta     struct {
			NextCursor *string `json:"nextCursor"`
		} `json:"meta"`
	}
	specCallLog struct {
		ID           string `json:"id"`
		ResponseName string `json:"responseName"`
		ServedAt     string `json:"servedAt"`
		Request      struct {
			Method  string   `json:"method"`
			Path    string   `json:"path"`
			Headers []specKV `json:"headers,omitempty"`
			Body    *struct {
				Mode string `json:"mode"`
				Data string `json:"data"`
			} `json:"body,omitempty"`
		} `json:"request"`
		Response struct {
			Type       string   `json:"type"`
			StatusCode int      `json:"statusCode"`
			Headers    []specKV `json:"headers,omitempty"`
			Body       *struct {
				Data string `json:"data"`
			} `json:"body,omitempty"`
		} `json:"response"`
	}

	specError struct {
		Error struct {
			Name    string              `json:"name"`
			Header  string              `json:"header,omitempty"`
			Message string              `json:"message"`
			Details map[string][]string `json:"details,omitempty"`
		} `json:"error"`
	}
)

// apiMissing lists the required members (those without omitempty) of typ
// that raw lacks, as JSON paths.
func apiMissing(raw json.RawMessage, typ reflect.Type, path string) []string {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	if string(bytes.TrimSpace(raw)) == "null" {
		return nil
	}
	var out []string
	switch typ.Kind() {
	case reflect.Struct:
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) != nil {
			return []string{path + " (not an object)"}
		}
		for i := range typ.NumField() {
			f := typ.Field(i)
			name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
			v, ok := m[name]
			if !ok {
				if !strings.Contains(opts, "omitempty") {
					out = append(out, path+"."+name)
				}
				continue
			}
			out = append(out, apiMissing(v, f.Type, path+"."+name)...)
		}
	case reflect.Slice:
		var a []json.RawMessage
		if json.Unmarshal(raw, &a) != nil {
			return []string{path + " (not an array)"}
		}
		for i, v := range a {
			out = append(out, apiMissing(v, typ.Elem(), fmt.Sprintf("%s[%d]", path, i))...)
		}
	}
	return out
}

// apiDecodeStrict decodes data into a new T with unknown members refused
// and checks that no required member is missing.
func apiDecodeStrict[T any](t *testing.T, what string, data []byte) T {
	t.Helper()
	var v T
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Errorf("%s: %v in %s", what, err, data)
	}
	if dec.More() {
		t.Errorf("%s: trailing data in %s", what, data)
	}
	if miss := apiMissing(data, reflect.TypeOf(v), ""); len(miss) > 0 {
		t.Errorf("%s: required members missing: %v in %s", what, miss, data)
	}
	return v
}

// apiShape checks an answer against testdata/api/<fixture>: its status, its
// spec shape (no unknown member, no required one missing) and its values,
// after mask replaced the ids and fix the values no mask reaches.
func apiShape[T any](t *testing.T, r apiReply, status int, fixture string, mask *strings.Replacer, fix func(*T)) {
	t.Helper()
	if r.status != status {
		t.Errorf("%s: status %d, want %d (%s)", fixture, r.status, status, r.body)
	}
	got := apiDecodeStrict[T](t, fixture+" (answer)", []byte(mask.Replace(string(r.body))))
	if fix != nil {
		fix(&got)
	}
	path := filepath.Join("testdata", "api", fixture)
	if *updateAPIFixtures {
		b, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := apiDecodeStrict[T](t, fixture, data)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("%s: answer differs from the fixture (-want +got):\n%s", fixture, d)
	}
}

// TestAPIShapes checks the JSON of every kind of answer against the spec's
// shapes and the fixtures in testdata/api (ids masked).
func TestAPIShapes(t *testing.T) {
	stamp := time.Date(2024, 6, 10, 6, 13, 20, 0, time.UTC)
	s := newAPIServer(t, workspace.WithClock(func() time.Time { return stamp }))
	collJSON, err := os.ReadFile("testdata/worked.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	idOf := func(r apiReply, keys ...string) string {
		var v any
		_ = json.Unmarshal(r.body, &v)
		for _, k := range keys {
			m, _ := v.(map[string]any)
			v = m[k]
		}
		id, _ := v.(string)
		if id == "" {
			t.Fatalf("no id at %v in %s", keys, r.body)
		}
		return id
	}
	mask := strings.NewReplacer(s.srv.URL, "http://BASE")
	remask := func(pairs ...string) {
		mask = strings.NewReplacer(append(pairs, s.srv.URL, "http://BASE")...)
	}

	r := s.admin("POST", "/collections", `{"collection":`+string(collJSON)+`}`)
	collID := idOf(r, "collection", "id")
	remask(collID, "COLLID")
	apiShape[specCollectionCreated](t, r, 200, "collection-created.json", mask, nil)
	apiShape[specCollections](t, s.admin("GET", "/collections", ""), 200, "collections.json", mask, nil)

	r = s.admin("POST", "/environments", apiEnvironmentBody)
	envID := idOf(r, "environment", "id")
	remask(collID, "COLLID", envID, "ENVID")
	apiShape[specEnvironmentCreated](t, r, 200, "environment-created.json", mask, nil)
	apiShape[specEnvironments](t, s.admin("GET", "/environments", ""), 200, "environments.json", mask, nil)
	apiShape[specEnvironment](t, s.admin("GET", "/environments/"+envID, ""), 200, "environment.json", mask, nil)

	r = s.admin("POST", "/mocks", `{"mock":{"collection":"12345678-`+collID+`","environment":"12345678-`+envID+`","name":"Users mock",`+
		`"config":{"delay":{"type":"fixed","preset":"1"},"headers":["x-tenant"]}}}`)
	mockID := idOf(r, "mock", "id")
	remask(collID, "COLLID", envID, "ENVID", mockID, "MOCKID")
	apiShape[specMockAnswer](t, r, 200, "mock-created.json", mask, nil)
	apiShape[specMocksAnswer](t, s.admin("GET", "/mocks", ""), 200, "mocks.json", mask, nil)
	apiShape[specMockAnswer](t, s.admin("GET", "/mocks/"+mockID, ""), 200, "mock-created.json", mask, nil)
	apiShape[specMockAnswer](t, s.admin("PUT", "/mocks/"+mockID, `{"mock":{"name":"Renamed","description":"Users, mocked","versionTag":"v1",`+
		`"private":true,"config":{"delay":{"type":"fixed","duration":250},"headers":[],"matchBody":true}}}`), 200, "mock-updated.json", mask, nil)
	apiShape[specMockID](t, s.admin("POST", "/mocks/"+mockID+"/publish", ""), 200, "mock-id.json", mask, nil)
	apiShape[specMockID](t, s.admin("DELETE", "/mocks/"+mockID+"/unpublish", ""), 200, "mock-id.json", mask, nil)
	s.admin("POST", "/mocks/"+mockID+"/publish", "")

	srPath := "/mocks/" + mockID + "/server-responses"
	r = s.admin("POST", srPath, `{"serverResponse":{"name":"Internal Server Error","statusCode":500,`+
		`"headers":[{"key":"Content-Type","value":"application/json"}],"language":"json","body":"{\"message\":\"try later\"}"}}`)
	srID := idOf(r, "id")
	remask(collID, "COLLID", envID, "ENVID", mockID, "MOCKID", srID, "SRID")
	apiShape[specServerResponse](t, r, 200, "server-response.json", mask, nil)
	apiShape[[]specServerResponseSummary](t, s.admin("GET", srPath, ""), 200, "server-responses.json", mask, nil)
	apiShape[specServerResponse](t, s.admin("GET", srPath+"/"+srID, ""), 200, "server-response.json", mask, nil)
	apiShape[specServerResponse](t, s.admin("PUT", srPath+"/"+srID, `{"serverResponse":{"statusCode":503,"language":null}}`), 200,
		"server-response-updated.json", mask, nil)

	s.raw("GET", s.srv.URL+"/"+mockID+"/users/42?expand=1", nil, "accept", "*/*", "x-tenant", "a")
	noIDs := func(p *specCallLogs) {
		for i := range p.CallLogs {
			p.CallLogs[i].ID = "LOGID"
		}
		if p.Meta.NextCursor != nil {
			p.Meta.NextCursor = new("CURSOR")
		}
	}
	apiShape(t, s.admin("GET", "/mocks/"+mockID+"/call-logs", ""), 200, "call-logs.json", mask, noIDs)
	apiShape(t, s.admin("GET", "/mocks/"+mockID+"/call-logs?include=request.headers,request.body,response.headers,response.body", ""), 200,
		"call-logs-include.json", mask, noIDs)

	// Errors.
	apiShape[specError](t, s.raw("GET", "/mocks", nil), 401, "error-key-missing.json", mask, nil)
	apiShape[specError](t, s.raw("GET", "/mocks", nil, "x-api-key", "nope"), 401, "error-key-invalid.json", mask, nil)
	apiShape(t, s.admin("POST", "/mocks", `{"mock":`), 400, "error-malformed.json", mask, func(e *specError) {
		// The message quotes encoding/json's error, whose wording is not ours.
		if strings.HasPrefix(e.Error.Message, "The request body is not valid JSON (") {
			e.Error.Message = "The request body is not valid JSON (…)"
		}
	})
	apiShape[specError](t, s.admin("POST", "/mocks", `{"mock":{}}`), 400, "error-param-missing.json", mask, nil)
	apiShape[specError](t, s.admin("GET", "/mocks/"+mockID+"/call-logs?limit=0", ""), 400, "error-invalid-params.json", mask, nil)
	apiShape[specError](t, s.admin("GET", "/mocks/nope", ""), 404, "error-mock-not-found.json", mask, nil)
	apiShape[specError](t, s.admin("GET", srPath+"/nope", ""), 404, "error-server-response-not-found.json", mask, nil)
	apiShape[specError](t, s.admin("GET", "/mocks/"+mockID+"/nope", ""), 404, "error-no-route.json", mask, nil)
	apiShape[specError](t, s.admin("PATCH", "/mocks", ""), 405, "error-method.json", mask, nil)

	// Deletes.
	apiShape[specServerResponseDeleted](t, s.admin("DELETE", srPath+"/"+srID, ""), 200, "server-response-deleted.json", mask, nil)
	apiShape[specMockDeleted](t, s.admin("DELETE", "/mocks/"+mockID, ""), 200, "mock-deleted.json", mask, nil)
	apiShape[specEnvironmentDeleted](t, s.admin("DELETE", "/environments/"+envID, ""), 200, "environment-deleted.json", mask, nil)
	apiShape[specCollectionDeleted](t, s.admin("DELETE", "/collections/"+collID, ""), 200, "collection-deleted.json", mask, nil)
}

// TestAPIShapeCheckerCatchesDrift makes sure the shape checks of
// TestAPIShapes can fail: a missing required member and an unknown one.
func TestAPIShapeCheckerCatchesDrift(t *testing.T) {
	miss := apiMissing([]byte(`{"mock":{"id":"x","config":{"delay":null}}}`), reflect.TypeOf(specMockAnswer{}), "")
	if len(miss) == 0 || !strings.Contains(strings.Join(miss, " "), ".mock.config.serverResponseId") ||
		strings.Contains(strings.Join(miss, " "), ".mock.description") {
		t.Errorf("apiMissing = %v", miss)
	}
	dec := json.NewDecoder(strings.NewReader(`{"mock":{"id":"x","extra":1}}`))
	dec.DisallowUnknownFields()
	var v specMockID
	if err := dec.Decode(&v); err == nil {
		t.Error("an unknown member decoded without error")
	}
}
