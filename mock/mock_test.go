package mock_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
)

func newMock(t testing.TB, file string, opts ...mock.Option) *mock.Mock {
	t.Helper()
	c, err := collection.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mock.New(c, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

type reply struct {
	status int
	header http.Header
	body   string
}

func do(t testing.TB, h http.Handler, method, target string, hdr map[string]string, body string) reply {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, rd)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return reply{rec.Code, rec.Header(), rec.Body.String()}
}

func TestServeWorkedExamples(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json")
	tests := []struct {
		name    string
		method  string
		target  string
		hdr     map[string]string
		status  int
		example string
	}{
		{"exact hit", "GET", "/users", nil, 200, "a1"},
		{"tie goes to last id", "GET", "/users/42", nil, 404, "a5"},
		{"code selects", "GET", "/users/42", map[string]string{"x-mock-response-code": "200"}, 200, "a4"},
		{"id selects across paths", "GET", "/anything", map[string]string{"x-mock-response-id": "a8"}, 200, "a8"},
		{"name selects", "GET", "/x", map[string]string{"x-mock-response-name": "Health"}, 200, "b1"},
		{"created", "POST", "/users", map[string]string{"x-mock-response-code": "201"}, 201, "a6"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, m, tt.method, tt.target, tt.hdr, "")
			if r.status != tt.status {
				t.Errorf("status = %d, want %d", r.status, tt.status)
			}
			want := `{"example": "` + tt.example + `"}`
			if r.body != want {
				t.Errorf("body = %s, want %s", r.body, want)
			}
			if r.header.Get("Content-Type") != "application/json" {
				t.Errorf("Content-Type = %q", r.header.Get("Content-Type"))
			}
		})
	}
}

func TestNotFoundBodyIsPostmans(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json")
	for _, tc := range []struct {
		name string
		hdr  map[string]string
		path string
	}{
		{"no path matches", nil, "/status"},
		{"unknown id", map[string]string{"x-mock-response-id": "zz"}, "/users"},
		{"unknown name", map[string]string{"x-mock-response-name": "zz"}, "/users"},
		{"bad code", map[string]string{"x-mock-response-code": "abc"}, "/users"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := do(t, m, "GET", tc.path, tc.hdr, "")
			if r.status != 404 || r.body != mock.NotFoundBody {
				t.Fatalf("got %d %s", r.status, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
	want := `{"error":{"name":"mockRequestNotFoundError","message":"Double check your method and the request path and try again.","header":"No matching requests"}}`
	if mock.NotFoundBody != want {
		t.Errorf("NotFoundBody drifted from Postman's: %s", mock.NotFoundBody)
	}
}

func TestRenderResolvesVariablesCapturesAndHeaders(t *testing.T) {
	m := newMock(t, "testdata/render.postman_collection.json")
	r := do(t, m, "GET", "/users/carol", nil, "")
	want := `{"id":"carol","greeting":"hello collection","unknown":"{{nope}}"}`
	if r.body != want {
		t.Errorf("body = %s, want %s", r.body, want)
	}
	if got := r.header.Get("X-User"); got != "carol" {
		t.Errorf("X-User = %q, want the capture", got)
	}
	if got := r.header.Get("Content-Length"); got != strconv.Itoa(len(want)) {
		t.Errorf("Content-Length = %q, want recomputed %d", got, len(want))
	}
	if r.header.Get("X-Off") != "" {
		t.Error("disabled header served")
	}

	env := &collection.Environment{Values: []collection.Variable{{Key: "name", Value: "env"}}}
	if err := m.SetEnvironment(env); err != nil {
		t.Fatal(err)
	}
	r = do(t, m, "GET", "/users/carol", nil, "")
	if !strings.Contains(r.body, `"hello env"`) {
		t.Errorf("environment does not win over collection: %s", r.body)
	}
}

func TestDynamicVariablesAreReproducibleUnderASeed(t *testing.T) {
	clock := func() time.Time { return time.Unix(1718000000, 0) }
	a := newMock(t, "testdata/render.postman_collection.json", mock.WithSeed(7), mock.WithClock(clock))
	b := newMock(t, "testdata/render.postman_collection.json", mock.WithSeed(7), mock.WithClock(clock))
	r1 := do(t, a, "GET", "/dynamic", nil, "")
	r2 := do(t, b, "GET", "/dynamic", nil, "")
	if r1.body != r2.body {
		t.Errorf("same seed, different bodies:\n%s\n%s", r1.body, r2.body)
	}
	var v struct {
		GUID  string `json:"guid"`
		N     int    `json:"n"`
		First string `json:"first"`
		TS    int64  `json:"ts"`
	}
	if err := json.Unmarshal([]byte(r1.body), &v); err != nil {
		t.Fatalf("rendered body is not JSON: %v: %s", err, r1.body)
	}
	if !regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`).MatchString(v.GUID) {
		t.Errorf("guid %q is not a v4 UUID", v.GUID)
	}
	if v.N < 0 || v.N > 1000 || v.First == "" || v.TS != 1718000000 {
		t.Errorf("dynamic values out of shape: %+v", v)
	}
	if r1.status != 201 || r1.header.Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("status %d, Content-Type %q (from preview language)", r1.status, r1.header.Get("Content-Type"))
	}
	r3 := do(t, a, "GET", "/dynamic", nil, "")
	if r3.body == r1.body {
		t.Error("two calls gave the same dynamic values")
	}
}

func TestTemplateHelpers(t *testing.T) {
	m := newMock(t, "testdata/render.postman_collection.json")
	body := `{"user":{"name":"Ann"},"tags":["x",{"k":1}],"a.b":true}`
	r := do(t, m, "POST", "/echo/one/two?page=3", map[string]string{"Content-Type": "application/json", "X-Tenant": "t1"}, body)
	want := `name=Ann tag={"k":1} dot=true page=3 seg=one tenant=t1 missing=dflt raw=` + body
	if r.body != want {
		t.Errorf("body:\n got %s\nwant %s", r.body, want)
	}
	r = do(t, m, "POST", "/echo/one/two", map[string]string{"Content-Type": "application/x-www-form-urlencoded"}, "user.name=Bo")
	if !strings.HasPrefix(r.body, "name=Bo ") {
		t.Errorf("form body helper: %s", r.body)
	}
}

func TestStatusAndContentTypeFallbacks(t *testing.T) {
	m := newMock(t, "testdata/render.postman_collection.json")
	r := do(t, m, "GET", "/xml", nil, "")
	if r.status != 200 || r.header.Get("Content-Type") != "application/xml; charset=utf-8" {
		t.Errorf("code 700 → %d, Content-Type %q", r.status, r.header.Get("Content-Type"))
	}
	r = do(t, m, "GET", "/nobody", nil, "")
	if r.status != 204 || r.body != "" || r.header.Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("null body: %d %q %q", r.status, r.body, r.header.Get("Content-Type"))
	}
	r = do(t, newMock(t, "testdata/worked.postman_collection.json"), "HEAD", "/users", nil, "")
	if r.status != 404 {
		t.Errorf("HEAD matched a GET example: %d", r.status)
	}
}

func TestDelayHeader(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json")
	start := time.Now()
	r := do(t, m, "GET", "/users", map[string]string{"x-mock-response-delay": "250"}, "")
	if el := time.Since(start); el < 250*time.Millisecond || r.status != 200 {
		t.Errorf("delay 250: took %v, status %d", el, r.status)
	}
	if e := m.Calls().All(); e[len(e)-1].Delay != 250*time.Millisecond {
		t.Errorf("call log delay = %v", e[len(e)-1].Delay)
	}
	for _, v := range []string{"0", "180001", "abc", "-5", "1e9"} {
		do(t, m, "GET", "/users", map[string]string{"x-mock-response-delay": v}, "")
		if e := m.Calls().All(); e[len(e)-1].Delay != 0 {
			t.Errorf("delay %q not ignored: waited %v", v, e[len(e)-1].Delay)
		}
	}
}

func TestConfigDelayAndCap(t *testing.T) {
	cfg := mock.Config{}
	cfg.Delay = 5 * time.Second
	m := newMock(t, "testdata/worked.postman_collection.json", mock.WithConfig(cfg), mock.WithMaxDelay(20*time.Millisecond))
	start := time.Now()
	do(t, m, "GET", "/users", nil, "")
	if el := time.Since(start); el < 20*time.Millisecond {
		t.Errorf("capped delay took %v, want at least 20ms", el)
	}
	if e := m.Calls().All(); e[len(e)-1].Delay != 20*time.Millisecond {
		t.Errorf("delay applied = %v, want the cap of 20ms", e[len(e)-1].Delay)
	}
	cfg.Delay = 181 * time.Second
	if err := m.SetConfig(cfg); !errors.Is(err, mock.ErrInvalidConfig) {
		t.Errorf("delay over 180s: err = %v", err)
	}
}

func TestClientGoneEndsDelay(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json")
	ctx, cancel := context.WithCancel(context.Background())
	req := httptest.NewRequest("GET", "/users", nil).WithContext(ctx)
	req.Header.Set("x-mock-response-delay", "180000")
	done := make(chan struct{})
	go func() {
		m.ServeHTTP(httptest.NewRecorder(), req)
		close(done)
	}()
	// Whether the handler is already waiting or not yet, the delay
	// (180 s) must end with the context.
	cancel()
	select {
	case <-done:
	case <-time.After(hangGuard):
		t.Fatal("handler still waiting after the client went away")
	}
}

func TestBodyLimit(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json", mock.WithBodyLimit(1024))
	big := strings.Repeat("x", 4096)
	r := do(t, m, "POST", "/users", map[string]string{"x-mock-match-request-body": "true"}, big)
	if r.status != 413 || !strings.Contains(r.body, `"payloadTooLargeError"`) {
		t.Errorf("over the limit: %d %s", r.status, r.body)
	}
	r = do(t, m, "POST", "/users", nil, big)
	if r.status != 400 {
		t.Errorf("body matching off: big body must not matter, got %d", r.status)
	}
}

func TestCORS(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json")
	r := do(t, m, "GET", "/users", map[string]string{"Origin": "http://app.test"}, "")
	if r.header.Get("Access-Control-Allow-Origin") != "http://app.test" {
		t.Errorf("no Access-Control-Allow-Origin: %v", r.header)
	}
	r = do(t, m, "OPTIONS", "/users", map[string]string{"Origin": "http://app.test", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "x-tenant"}, "")
	got := []string{r.header.Get("Access-Control-Allow-Methods"), r.header.Get("Access-Control-Allow-Headers"), r.header.Get("Access-Control-Max-Age")}
	if r.status != 204 || !cmp.Equal(got, []string{"POST", "x-tenant", "600"}) {
		t.Errorf("preflight: %d %v", r.status, got)
	}
}

func TestCallLogRecordsEveryCall(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json", mock.WithID("m1"))
	do(t, m, "GET", "/users/carol?x=1", map[string]string{"X-Api-Key": "secret"}, "")
	do(t, m, "GET", "/status", nil, "")
	all := m.Calls().All()
	if len(all) != 2 {
		t.Fatalf("%d entries, want 2", len(all))
	}
	e := all[0]
	got := map[string]any{"mock": e.MockID, "example": e.ExampleID, "score": e.Score, "step": e.Step, "path": e.Request.Path,
		"status": e.Response.StatusCode, "captures": e.Captures, "matched": e.Matched}
	want := map[string]any{"mock": "m1", "example": "a3", "score": 70, "step": match.StepWildcard, "path": "/users/carol?x=1",
		"status": 200, "captures": map[string]string{"userId": "carol"}, "matched": true}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("entry (-want +got):\n%s", d)
	}
	for _, h := range e.Request.Headers {
		if h.Key == "X-Api-Key" && h.Value == "secret" {
			t.Error("x-api-key not redacted in the call log")
		}
	}
	if all[1].Matched || all[1].Response.StatusCode != 404 || all[1].ResponseName != "" {
		t.Errorf("unmatched call entry: %+v", all[1])
	}
}

func TestExplainRecordsMisses(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json", mock.WithExplain())
	do(t, m, "DELETE", "/users", nil, "")
	misses := m.Misses()
	if len(misses) != 1 || len(misses[0].Rejections) == 0 || misses[0].Rejections[0].Reason != "method" {
		t.Fatalf("misses = %+v", misses)
	}
}

func TestTransportServesWithoutASocket(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json")
	client := &http.Client{Transport: m.Transport()}
	resp, err := client.Get("http://mock.invalid/users/42?x-ignored")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 && resp.StatusCode != 404 || !strings.Contains(string(b), "example") {
		t.Errorf("transport: %d %s", resp.StatusCode, b)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://mock.invalid/users", nil)
	req.Header.Set("x-mock-response-delay", "5000")
	if _, err := client.Do(req); err == nil {
		t.Error("transport ignored the request context")
	}
}

func TestConcurrentServeAndReconfigure(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json")
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				r := do(t, m, "GET", "/users", nil, "")
				if r.status != 200 {
					t.Errorf("status %d", r.status)
					return
				}
			}
		}()
	}
	for i := 0; i < 50; i++ {
		cfg := mock.Config{}
		cfg.MatchBody = i%2 == 0
		if err := m.SetConfig(cfg); err != nil {
			t.Fatal(err)
		}
		if err := m.SetEnvironment(&collection.Environment{}); err != nil {
			t.Fatal(err)
		}
	}
	wg.Wait()
	if n := m.Calls().Len(); n != 1600 {
		t.Errorf("call log has %d entries, want 1600", n)
	}
}

var callLogSmall = calllog.Limits{MaxEntries: 100000, MaxBodyBytes: 64}

// TestRequestDataNeverReachesVariables: text a request puts into a response
// (a capture, an echoed body) is not read as a template again, so a client
// cannot read collection or environment variables through it.
func TestRequestDataNeverReachesVariables(t *testing.T) {
	m := newMock(t, "testdata/render.postman_collection.json")
	r := do(t, m, "GET", "/users/%7B%7Bgreeting%7D%7D", nil, "")
	if !strings.Contains(r.body, `"id":"{{greeting}}"`) {
		t.Errorf("a captured {{greeting}} was resolved: %s", r.body)
	}
	r = do(t, m, "POST", "/echo/one/two", map[string]string{"Content-Type": "text/plain"}, "{{greeting}}{{$body}}")
	if !strings.HasSuffix(r.body, "raw={{greeting}}{{$body}}") {
		t.Errorf("an echoed body was rendered again: %s", r.body)
	}
}

// TestDeeplyNestedRequestBodiesAreServedNotFatal sends bodies nested far
// past encoding/json's bound, which overflow a recursive JSON check's stack
// (fatal for the process), to body matching and to the {{$body 'path'}}
// helper: the mock answers, reading them as text.
func TestDeeplyNestedRequestBodiesAreServedNotFatal(t *testing.T) {
	deep := strings.Repeat("[", 8<<20-1)
	m := newMock(t, "testdata/worked.postman_collection.json")
	r := do(t, m, "POST", "/users", map[string]string{"x-mock-match-request-body": "true", "Content-Type": "application/json"}, deep)
	if r.status != 404 {
		t.Errorf("body matching: %d %.200s, want 404", r.status, r.body)
	}
	// Templates see the body the call log keeps: let it keep all of it.
	m = newMock(t, "testdata/render.postman_collection.json", mock.WithCallLogLimits(calllog.Limits{MaxEntries: 1, MaxBodyBytes: 16 << 20}))
	r = do(t, m, "POST", "/echo/one/two", map[string]string{"Content-Type": "application/json"}, deep)
	if r.status != 200 || !strings.HasPrefix(r.body, "name=anon tag= dot= ") {
		t.Errorf("$body helper: %d %.200s, want the defaults", r.status, r.body)
	}
}
