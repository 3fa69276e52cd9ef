package verify_test

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/verify"
)

// received is what the service saw of one request.
type received struct {
	Method, Path, RawQuery string
	Header                 http.Header
	Body                   string
}

// oneItem is a collection of one request item whose only example has the
// same request side.
func oneItem(t *testing.T, request map[string]any) *collection.Collection {
	t.Helper()
	doc := map[string]any{
		"info": map[string]any{"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
		"variable": []any{
			map[string]any{"key": "host", "value": "https://api.example.com/v2"},
			map[string]any{"key": "v", "value": "from-collection"},
		},
		"item": []any{map[string]any{
			"name":     "item",
			"request":  request,
			"response": []any{map[string]any{"name": "ex", "code": 200, "originalRequest": request, "body": ""}},
		}},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	c, err := collection.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTheRequestSent(t *testing.T) {
	var mu sync.Mutex
	var got []received
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, received{r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Header, string(body)})
		mu.Unlock()
	}))
	defer srv.Close()
	env, err := collection.ParseEnvironment([]byte(`{"name":"e","values":[{"key":"v","value":"from-env"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	guid := regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	digits := regexp.MustCompile(`^q=a%20b&flag&n=[0-9]+$`)

	tests := []struct {
		name    string
		request map[string]any
		check   func(t *testing.T, r received)
	}{
		{"path variables, query and the base URL's prefix", map[string]any{
			"method": "GET",
			"url": map[string]any{"raw": "{{host}}/users/:id?q=a b&flag&n={{$randomInt}}", "host": []any{"{{host}}"},
				"path": []any{"users", ":id"}, "query": []any{
					map[string]any{"key": "q", "value": "a b"}, map[string]any{"key": "flag", "value": nil},
					map[string]any{"key": "n", "value": "{{$randomInt}}"}, map[string]any{"key": "off", "value": "1", "disabled": true}},
				"variable": []any{map[string]any{"key": "id", "value": "7"}}},
		}, func(t *testing.T, r received) {
			if r.Method != "GET" || r.Path != "/base/v2/users/7" || !digits.MatchString(r.RawQuery) {
				t.Errorf("got %s %s ? %s", r.Method, r.Path, r.RawQuery)
			}
		}},
		{"variables in headers: environment over collection, dynamic ones generated, the run's headers win", map[string]any{
			"method": "GET", "url": "{{host}}/h",
			"header": []any{
				map[string]any{"key": "X-V", "value": "{{v}}"},
				map[string]any{"key": "X-Request-Id", "value": "{{$guid}}"},
				map[string]any{"key": "Authorization", "value": "Bearer {{undefinedToken}}"},
				map[string]any{"key": "X-Off", "value": "1", "disabled": true},
			},
		}, func(t *testing.T, r received) {
			if r.Header.Get("X-V") != "from-env" || !guid.MatchString(r.Header.Get("X-Request-Id")) ||
				r.Header.Get("Authorization") != "Bearer real" || r.Header.Get("X-Off") != "" {
				t.Errorf("headers %v", r.Header)
			}
		}},
		{"raw JSON body with the Content-Type of its language", map[string]any{
			"method": "POST", "url": "{{host}}/raw",
			"body": map[string]any{"mode": "raw", "raw": `{"v":"{{v}}"}`, "options": map[string]any{"raw": map[string]any{"language": "json"}}},
		}, func(t *testing.T, r received) {
			if r.Body != `{"v":"from-env"}` || r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("body %q type %q", r.Body, r.Header.Get("Content-Type"))
			}
		}},
		{"urlencoded body", map[string]any{
			"method": "POST", "url": "{{host}}/form",
			"body": map[string]any{"mode": "urlencoded", "urlencoded": []any{
				map[string]any{"key": "a", "value": "1"}, map[string]any{"key": "b", "value": "x y&z"},
				map[string]any{"key": "c", "value": "off", "disabled": true}}},
		}, func(t *testing.T, r received) {
			if r.Body != "a=1&b=x+y%26z" || r.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
				t.Errorf("body %q type %q", r.Body, r.Header.Get("Content-Type"))
			}
		}},
		{"GraphQL body", map[string]any{
			"method": "POST", "url": "{{host}}/graphql",
			"body": map[string]any{"mode": "graphql", "graphql": map[string]any{"query": "{ me { id } }", "variables": `{"x": 1}`}},
		}, func(t *testing.T, r received) {
			var doc map[string]any
			if err := json.Unmarshal([]byte(r.Body), &doc); err != nil {
				t.Fatal(err)
			}
			want := map[string]any{"query": "{ me { id } }", "variables": map[string]any{"x": 1.0}}
			if diff := cmp.Diff(want, doc); diff != "" || r.Header.Get("Content-Type") != "application/json" {
				t.Errorf("body (-want +got):\n%s", diff)
			}
		}},
		{"form-data text fields", map[string]any{
			"method": "POST", "url": "{{host}}/multipart",
			"header": []any{map[string]any{"key": "Content-Type", "value": "multipart/form-data"}},
			"body": map[string]any{"mode": "formdata", "formdata": []any{
				map[string]any{"key": "name", "value": "{{v}}", "type": "text"}}},
		}, func(t *testing.T, r received) {
			mt, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
			if err != nil || mt != "multipart/form-data" {
				t.Fatalf("type %q", r.Header.Get("Content-Type"))
			}
			form, err := multipart.NewReader(strings.NewReader(r.Body), params["boundary"]).ReadForm(1 << 20)
			if err != nil || form.Value["name"][0] != "from-env" {
				t.Errorf("form %v, %v", form, err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mu.Lock()
			got = nil
			mu.Unlock()
			rep, err := verify.Run(context.Background(), oneItem(t, tt.request), nil, srv.URL+"/base/",
				verify.Environment(env), verify.Header("Authorization", "Bearer real"), verify.Methods("GET", "POST"), verify.Body(verify.BodyNone))
			if err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			seen := got
			mu.Unlock()
			if len(seen) != 1 {
				t.Fatalf("%d requests; report %+v", len(seen), rep.Results)
			}
			tt.check(t, seen[0])
		})
	}
}

func TestExamplesThatCannotBeSentAreSkipped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		t.Error("a skipped example was sent")
	}))
	defer srv.Close()
	tests := []struct {
		name    string
		request map[string]any
		want    string
	}{
		{"undefined host variable", map[string]any{"method": "GET", "url": "{{nohost}}/x"},
			"host variable {{nohost}} is not defined (in the environment or the collection), so the path it may hold is unknown"},
		{"path variable without a value", map[string]any{"method": "GET", "url": "{{host}}/users/:id"},
			"path variable :id has no value in the example"},
		{"undefined variable in the query", map[string]any{"method": "GET", "url": "{{host}}/x?q={{nothing}}"},
			"variable {{nothing}} in the query is not defined"},
		{"undefined variable in a header", map[string]any{"method": "GET", "url": "{{host}}/x",
			"header": []any{map[string]any{"key": "X-Token", "value": "{{tok}}"}}},
			"variable {{tok}} in header X-Token is not defined (set the header for the run instead)"},
		{"undefined variable in the body", map[string]any{"method": "POST", "url": "{{host}}/x",
			"body": map[string]any{"mode": "raw", "raw": `{"a":"{{nothing}}"}`}},
			"variable {{nothing}} in the body is not defined"},
		{"file body", map[string]any{"method": "POST", "url": "{{host}}/x",
			"body": map[string]any{"mode": "file", "file": map[string]any{"src": "a.bin"}}},
			`the body is a file ("a.bin"), which verify does not read`},
		{"form-data file field", map[string]any{"method": "POST", "url": "{{host}}/x",
			"body": map[string]any{"mode": "formdata", "formdata": []any{map[string]any{"key": "f", "type": "file", "src": "a.bin"}}}},
			`form-data field "f" is a file, which verify does not read`},
		{"a method not allowed", map[string]any{"method": "DELETE", "url": "{{host}}/x"},
			"DELETE is not sent unless allowed (it may change data); allowed: GET, POST"},
	}
	for _, tt := range tests {
		rep, err := verify.Run(context.Background(), oneItem(t, tt.request), nil, srv.URL, verify.Methods("GET", "POST"))
		if err != nil {
			t.Fatal(err)
		}
		if r := rep.Results[0]; r.Outcome != verify.Skip || r.Reason != tt.want || r.Sent != nil {
			t.Errorf("%s: %s %q, want skip %q", tt.name, r.Outcome, r.Reason, tt.want)
		}
	}
}

func TestSecretsAreRedacted(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(500) // fail, so that the report shows the request
	}))
	defer srv.Close()
	request := map[string]any{
		"method": "POST", "url": "{{host}}/login?api_key=k1&page=2",
		"header": []any{
			map[string]any{"key": "Cookie", "value": "sid=c1"},
			map[string]any{"key": "X-Api-Key", "value": "k2"},
			map[string]any{"key": "X-Auth-Token", "value": "k3"},
			map[string]any{"key": "Accept", "value": "application/json"},
		},
		"body": map[string]any{"mode": "raw", "raw": `{"user":"ann","password":"k4","nested":{"clientSecret":"k5"}}`,
			"options": map[string]any{"raw": map[string]any{"language": "json"}}},
	}
	rep, err := verify.Run(context.Background(), oneItem(t, request), nil, srv.URL,
		verify.Methods("POST"), verify.Header("Authorization", "Bearer k6"))
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Results[0]
	var shown strings.Builder
	_ = rep.WriteText(&shown)
	_ = rep.WriteJSON(&shown)
	_ = rep.WriteJUnit(&shown)
	for _, secret := range []string{"k1", "c1", "k2", "k3", "k4", "k5", "k6"} {
		if strings.Contains(shown.String(), secret) {
			t.Errorf("report shows secret %q:\n%s", secret, r.Failure())
		}
	}
	for _, kept := range []string{"page=2", "Accept: application/json", `"user":"ann"`, "Authorization: [redacted]"} {
		if !strings.Contains(r.Failure(), kept) {
			t.Errorf("failure lacks %q:\n%s", kept, r.Failure())
		}
	}
}

func TestNoBodyIsComparedWhereHTTPAllowsNone(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/not-modified":
			w.WriteHeader(http.StatusNotModified)
		case "/head":
			_, _ = io.WriteString(w, `{"a":1}`) // a HEAD answer carries no body
		}
	}))
	defer srv.Close()
	doc := `{"info":{"name":"c","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[
	 {"name":"cached","request":{"method":"GET","url":"{{host}}/not-modified"},"response":[
	  {"name":"304","code":304,"header":[{"key":"Content-Type","value":"application/json"}],"body":"{\"a\":1}"}]},
	 {"name":"head","request":{"method":"HEAD","url":"{{host}}/head"},"response":[
	  {"name":"200","code":200,"header":[{"key":"Content-Type","value":"application/json"}],"body":"{\"a\":1}"}]}],
	 "variable":[{"key":"host","value":"https://api.example.com"}]}`
	c, err := collection.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := verify.Run(context.Background(), c, nil, srv.URL, verify.Body(verify.BodyExact))
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Results {
		if r.Outcome != verify.Pass {
			t.Errorf("%s: %s\n%s", r.Name(), r.Outcome, r.Failure())
		}
	}
	if len(rep.Results) != 2 {
		t.Errorf("%d results", len(rep.Results))
	}
}
