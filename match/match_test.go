package match_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
)

func compileFile(t testing.TB, path string) *match.Index {
	t.Helper()
	c, err := collection.LoadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func newRequest(method, target string, hdr map[string]string, body string) *match.Request {
	path, query, _ := strings.Cut(target, "?")
	h := http.Header{}
	for k, v := range hdr {
		h.Set(k, v)
	}
	return &match.Request{Method: method, Path: path, RawQuery: query, Header: h, Body: []byte(body)}
}

// TestWorkedExamples runs every worked example of docs/matching.md#worked-examples.
func TestWorkedExamples(t *testing.T) {
	ix := compileFile(t, "testdata/worked.postman_collection.json")
	tests := []struct {
		n       int
		method  string
		target  string
		hdr     map[string]string
		body    string
		want    string // example id; "" = 404
		score   int
		step    match.Step
		wantErr error
	}{
		{1, "GET", "/users", nil, "", "a1", 110, match.StepExact, nil},
		{2, "GET", "/users?page=2", nil, "", "a2", 110, match.StepExact, nil},
		{3, "GET", "/users?PAGE=2", nil, "", "a2", 105, match.StepExact, nil},
		{4, "GET", "/users/", nil, "", "a1", 105, match.StepTrailingSlash, nil},
		{5, "GET", "/USERS", nil, "", "a1", 100, match.StepCase, nil},
		{6, "GET", "/Users/", nil, "", "a1", 95, match.StepSlashCase, nil},
		{7, "GET", "/users/42", nil, "", "a5", 110, match.StepExact, nil},
		{8, "GET", "/users/42", map[string]string{"x-mock-response-code": "200"}, "", "a4", 110, match.StepExact, nil},
		{9, "GET", "/users/carol", nil, "", "a3", 90, match.StepWildcard, nil},
		{10, "GET", "/users/7", nil, "", "a3", 90, match.StepWildcard, nil},
		{11, "GET", "/users/a1b2c3d4e5", nil, "", "a3", 90, match.StepWildcard, nil},
		{12, "GET", "/orders/5b0e2a1c-1111-4222-8333-444455556666/items", nil, "", "a8", 89, match.StepID, nil},
		{13, "GET", "/reports/daily", nil, "", "a9", 95, match.StepSlashCase, nil},
		{14, "GET", "/users/42?page=2", nil, "", "a5", 90, match.StepExact, nil},
		{15, "POST", "/users", nil, `{"name":"Ann"}`, "a7", 110, match.StepExact, nil},
		{16, "POST", "/users", map[string]string{"x-mock-match-request-body": "true", "Content-Type": "application/json"}, `{"name":"Ann"}`, "a6", 110, match.StepExact, nil},
		{17, "POST", "/users", map[string]string{"x-mock-match-request-body": "true", "Content-Type": "application/json"}, `{"name":"Bob"}`, "", 0, 0, match.ErrNoMatch},
		{18, "GET", "/whatever", map[string]string{"x-mock-response-name": "User 42"}, "", "a4", 0, match.StepSelected, nil},
		{19, "GET", "/anything", map[string]string{"x-mock-response-id": "a4"}, "", "a4", 0, match.StepSelected, nil},
		{20, "GET", "/users", map[string]string{"x-mock-response-id": "zz"}, "", "", 0, 0, match.ErrUnknownID},
		{21, "DELETE", "/users", nil, "", "", 0, 0, match.ErrNoMatch},
		{22, "GET", "/users?page=2", map[string]string{"x-mock-response-code": "404"}, "", "", 0, 0, match.ErrNoMatch},
		{23, "GET", "/documents/my-documnt", nil, "", "b2", 80, match.StepDistance, nil},
		{24, "GET", "/healthz", nil, "", "b1", 80, match.StepDistance, nil},
		{25, "GET", "/status", nil, "", "", 0, 0, match.ErrNoMatch},
		{26, "GET", "/tenants/users", map[string]string{"X-Tenant": "A"}, "", "b4", 110, match.StepExact, nil},
		{27, "GET", "/tenants/users", map[string]string{"X-Tenant": "A", "x-mock-match-request-headers": "x-tenant"}, "", "b3", 110, match.StepExact, nil},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("#%d %s %s", tt.n, tt.method, tt.target), func(t *testing.T) {
			res := ix.Match(newRequest(tt.method, tt.target, tt.hdr, tt.body), match.Config{})
			if tt.want == "" {
				if res.Example != nil {
					t.Fatalf("served %s (score %d), want 404", res.Example.ID, res.Score)
				}
				if !errors.Is(res.Err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", res.Err, tt.wantErr)
				}
				return
			}
			if res.Example == nil {
				t.Fatalf("no match (%v), want %s", res.Err, tt.want)
			}
			got := []any{res.Example.ID, res.Score, res.Step}
			want := []any{tt.want, tt.score, tt.step}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("(id, score, step) mismatch (-want +got):\n%s", d)
			}
		})
	}
}

func TestWildcardCaptures(t *testing.T) {
	ix := compileFile(t, "testdata/worked.postman_collection.json")
	res := ix.Match(newRequest("GET", "/users/carol", nil, ""), match.Config{})
	if d := cmp.Diff(map[string]string{"userId": "carol"}, res.Captures); d != "" {
		t.Errorf("captures (-want +got):\n%s", d)
	}
	res = ix.Match(newRequest("GET", "/users/b%C3%A9a", nil, ""), match.Config{})
	if res.Captures["userId"] != "béa" {
		t.Errorf("percent-decoded capture = %q, want béa", res.Captures["userId"])
	}
}

func TestConfigSwitches(t *testing.T) {
	ix := compileFile(t, "testdata/worked.postman_collection.json")
	noWild := match.Config{}
	noWild.IgnoreWildcards = true
	if res := ix.Match(newRequest("GET", "/users/carol", nil, ""), noWild); res.Example != nil {
		t.Errorf("matchWildcards=false: served %s, want 404", res.Example.ID)
	}
	noQuery := match.Config{}
	noQuery.IgnoreQueryParams = true
	res := ix.Match(newRequest("GET", "/users", nil, ""), noQuery)
	if res.Example == nil || res.Example.ID != "a2" || res.Score != 100 {
		t.Errorf("matchQueryParams=false: got %+v, want a2 at 100", res)
	}
	body := match.Config{}
	body.MatchBody = true
	res = ix.Match(newRequest("POST", "/users", map[string]string{"Content-Type": "application/json"}, `{"name":"Ann"}`), body)
	if res.Example == nil || res.Example.ID != "a6" {
		t.Errorf("config matchBody: got %v, want a6", res.Example)
	}
	res = ix.Match(newRequest("POST", "/users", map[string]string{"Content-Type": "application/json", "x-mock-match-request-body": "FALSE"}, `{"name":"Ann"}`), body)
	if res.Example == nil || res.Example.ID != "a7" {
		t.Errorf("header false overrides config: got %v, want a7", res.Example)
	}
	hdrs := match.Config{}
	hdrs.Headers = []string{"X-TENANT"}
	res = ix.Match(newRequest("GET", "/tenants/users", map[string]string{"X-Tenant": "A"}, ""), hdrs)
	if res.Example == nil || res.Example.ID != "b3" {
		t.Errorf("config headers: got %v, want b3", res.Example)
	}
	res = ix.Match(newRequest("GET", "/tenants/users", map[string]string{"X-Tenant": "A", "x-mock-match-request-headers": ""}, ""), hdrs)
	if res.Example == nil || res.Example.ID != "b4" {
		t.Errorf("empty header list turns header matching off: got %v, want b4", res.Example)
	}
}

func TestSelectionHeaders(t *testing.T) {
	ix := compileFile(t, "testdata/worked.postman_collection.json")
	tests := []struct {
		name string
		hdr  map[string]string
		want string
		err  error
	}{
		{"id is case-insensitive", map[string]string{"x-mock-response-id": "A4"}, "a4", nil},
		{"id by uid", map[string]string{"x-mock-response-id": "00000000-a4"}, "a4", nil},
		{"id with code filter that excludes it", map[string]string{"x-mock-response-id": "a4", "x-mock-response-code": "404"}, "", match.ErrUnknownID},
		{"name is case-sensitive", map[string]string{"x-mock-response-name": "user 42"}, "", match.ErrUnknownName},
		{"name with code filter", map[string]string{"x-mock-response-name": "User 42 missing", "x-mock-response-code": "404"}, "a5", nil},
		{"code not a number", map[string]string{"x-mock-response-code": "abc"}, "", match.ErrBadCode},
		{"code out of range", map[string]string{"x-mock-response-code": "99"}, "", match.ErrBadCode},
		{"code 1000", map[string]string{"x-mock-response-code": "1000"}, "", match.ErrBadCode},
		{"code trimmed", map[string]string{"x-mock-response-code": " 404 "}, "a5", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ix.Match(newRequest("GET", "/users/42", tt.hdr, ""), match.Config{})
			if tt.want == "" {
				if res.Example != nil || !errors.Is(res.Err, tt.err) {
					t.Fatalf("got %v / %v, want 404 with %v", res.Example, res.Err, tt.err)
				}
				return
			}
			if res.Example == nil || res.Example.ID != tt.want {
				t.Fatalf("got %v (%v), want %s", res.Example, res.Err, tt.want)
			}
		})
	}
}

func TestExplainNearMisses(t *testing.T) {
	ix := compileFile(t, "testdata/worked.postman_collection.json")
	req := newRequest("POST", "/users", map[string]string{"x-mock-match-request-body": "true", "Content-Type": "application/json"}, `{"name":"Bob"}`)
	rs := ix.Explain(req, match.Config{})
	if len(rs) == 0 {
		t.Fatal("no rejections explained")
	}
	if rs[0].Reason != match.ReasonBody {
		t.Errorf("nearest rejection = %s (%s), want body", rs[0].Reason, rs[0].Detail)
	}
	rs = ix.Explain(newRequest("DELETE", "/users", nil, ""), match.Config{})
	if len(rs) == 0 || rs[0].Reason != match.ReasonMethod || rs[0].Example.ID != "a1" && rs[0].Example.ID != "a6" && rs[0].Example.ID != "a7" {
		t.Errorf("DELETE /users: got %+v, want a method rejection of a /users example", rs)
	}
	rs = ix.Explain(newRequest("GET", "/tenants/users", map[string]string{"X-Tenant": "C", "x-mock-match-request-headers": "x-tenant"}, ""), match.Config{})
	if len(rs) < 2 || rs[0].Reason != match.ReasonHeader || !strings.Contains(rs[0].Detail, `"C"`) {
		t.Errorf("header mismatch: got %+v", rs)
	}
}

// TestDeeplyNestedBodiesAreRefusedNotFatal sends bodies nested far past
// encoding/json's bound (a recursive JSON check overflows the goroutine
// stack on them, which kills the process) to the JSON and GraphQL examples
// with body matching on: they are not JSON, so nothing matches, and a body
// nested just inside the bound is still read as JSON.
func TestDeeplyNestedBodiesAreRefusedNotFatal(t *testing.T) {
	ix := compileFile(t, "testdata/bodies.postman_collection.json")
	cfg := match.Config{}
	cfg.MatchBody = true
	h := http.Header{"Content-Type": {"application/json"}}
	for _, body := range []string{strings.Repeat("[", 8<<20), strings.Repeat(`{"a":`, 1<<20)} {
		for _, path := range []string{"/raw-json", "/graphql"} {
			res := ix.Match(&match.Request{Method: "POST", Path: path, Header: h, Body: []byte(body)}, cfg)
			if res.Example != nil {
				t.Errorf("%s with %d bytes of nesting: matched %s", path, len(body), res.Example.ID)
			}
		}
	}
	deep := &match.Request{Method: "POST", Path: "/raw-json", Header: h, Body: []byte(strings.Repeat("[", 9000) + strings.Repeat("]", 9000))}
	var details []string
	for _, r := range ix.Explain(deep, cfg) {
		if r.Example.Name == "raw-json" {
			details = append(details, r.Detail)
		}
	}
	if !slices.ContainsFunc(details, func(d string) bool { return strings.HasPrefix(d, "body: JSON bodies differ") }) {
		t.Errorf("9,000 levels: rejections of raw-json %q, want a JSON comparison", details)
	}
}
