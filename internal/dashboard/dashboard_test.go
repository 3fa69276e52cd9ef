package dashboard

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/postmanapi"
	"github.com/postmock/postmock/workspace"
)

const shop = "testdata/shop.postman_collection.json"

func newShop(t *testing.T) *mock.Mock {
	t.Helper()
	c, err := collection.LoadFile(shop)
	if err != nil {
		t.Fatal(err)
	}
	m, err := mock.New(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// call makes a call to the mock in-process.
func call(t *testing.T, m http.Handler, method, path string, hdr map[string]string) {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	for k, v := range hdr {
		r.Header.Set(k, v)
	}
	m.ServeHTTP(httptest.NewRecorder(), r)
}

// get asks the dashboard for path and decodes the JSON answer into v,
// returning the status.
func get(t *testing.T, d http.Handler, method, path string, hdr map[string]string, v any) int {
	t.Helper()
	r := httptest.NewRequest(method, path, nil)
	r.Host = "127.0.0.1:3556"
	for k, val := range hdr {
		r.Header.Set(k, val)
	}
	w := httptest.NewRecorder()
	d.ServeHTTP(w, r)
	if v != nil && w.Code == 200 {
		if err := json.Unmarshal(w.Body.Bytes(), v); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, w.Body)
		}
	}
	return w.Code
}

func TestCallsListNewestFirstWithExampleFolderAndStep(t *testing.T) {
	m := newShop(t)
	d := New(FromMock(m, "shop"))
	call(t, m, "GET", "/users/42", nil)
	call(t, m, "POST", "/orders", map[string]string{"x-mock-response-delay": "5"})
	call(t, m, "GET", "/nothing", nil)
	var got Calls
	if st := get(t, d, "GET", "/api/calls", nil, &got); st != 200 {
		t.Fatalf("status %d", st)
	}
	if got.Total != 3 || len(got.Calls) != 3 {
		t.Fatalf("got %d of %d calls, want 3 of 3", len(got.Calls), got.Total)
	}
	want := []struct {
		path, example, folder, step string
		status                      int
		matched                     bool
	}{
		{"/nothing", "", "", "", 404, false},
		{"/orders", "Order created", "Create order", "exact", 201, true},
		{"/users/42", "User found", "Users / Get user", "exact", 200, true},
	}
	for i, w := range want {
		c := got.Calls[i]
		if c.Path != w.path || c.Example != w.example || c.Folder != w.folder || c.Step != w.step || c.Status != w.status || c.Matched != w.matched {
			t.Errorf("call %d = %+v, want %+v", i, c, w)
		}
	}
	if c := got.Calls[1]; c.DelayMS != 5 || c.DurationMS < 5 {
		t.Errorf("delayed call: delay %v ms, duration %v ms; want 5 and at least 5", c.DelayMS, c.DurationMS)
	}
}

func TestDetailOfAMissExplainsTheNearestExamples(t *testing.T) {
	m := newShop(t)
	d := New(FromMock(m, "shop"))
	call(t, m, "DELETE", "/users/42", map[string]string{"Authorization": "Bearer secret"})
	id := m.Calls().All()[0].ID
	var got Detail
	if st := get(t, d, "GET", "/api/calls/"+id, nil, &got); st != 200 {
		t.Fatalf("status %d", st)
	}
	if !got.Explained || len(got.Explanation) == 0 {
		t.Fatalf("miss not explained: %+v", got)
	}
	first := got.Explanation[0]
	if first.Reason != "method" || first.Example != "User found" || first.Folder != "Users / Get user" || first.Method != "GET" {
		t.Errorf("nearest rejection = %+v, want User found rejected by method", first)
	}
	for _, h := range got.Request.Headers {
		if h.Name == "Authorization" && h.Value != "[REDACTED]" {
			t.Errorf("Authorization shown as %q", h.Value)
		}
	}
	if !strings.Contains(got.Response.Body, "mockRequestNotFoundError") {
		t.Errorf("response body %q, want the 404 body", got.Response.Body)
	}
}

func TestDetailOfAMatchIsNotExplained(t *testing.T) {
	m := newShop(t)
	d := New(FromMock(m, "shop"))
	call(t, m, "GET", "/users/42", nil)
	var got Detail
	get(t, d, "GET", "/api/calls/"+m.Calls().All()[0].ID, nil, &got)
	if got.Explained || got.Example != "User found" || got.Response.Body != `{"id":42,"name":"Ada"}` {
		t.Errorf("detail = %+v", got)
	}
	if st := get(t, d, "GET", "/api/calls/nope", nil, nil); st != 404 {
		t.Errorf("unknown call id: status %d, want 404", st)
	}
}

func TestRoutesListExamplesWithFoldersAndWarnings(t *testing.T) {
	m := newShop(t)
	d := New(FromMock(m, "shop"), WithWarnings(func(*mock.Mock) []string { return []string{"warning: 1 of 4 requests has no saved example"} }))
	var got Routes
	get(t, d, "GET", "/api/routes", nil, &got)
	var rows []string
	for _, r := range got.Routes {
		rows = append(rows, r.Method+" "+r.Path+" "+r.Name+" @ "+r.Folder)
	}
	want := "GET /users/42 User found @ Users / Get user|GET /users/13 <img src=x onerror=\"window.pwned=1\"> @ Users / Get user|POST /orders Order created @ Create order"
	if strings.Join(rows, "|") != want {
		t.Errorf("routes:\n%s\nwant\n%s", strings.Join(rows, "|"), want)
	}
	if len(got.Warnings) != 1 {
		t.Errorf("warnings %q, want the one WithWarnings gives", got.Warnings)
	}
}

func TestClearEmptiesTheLogOnlyWithTheUIHeader(t *testing.T) {
	m := newShop(t)
	d := New(FromMock(m, "shop"))
	call(t, m, "GET", "/users/42", nil)
	if st := get(t, d, "POST", "/api/clear", nil, nil); st != http.StatusForbidden || m.Calls().Len() != 1 {
		t.Errorf("POST without X-Postmock-UI: status %d, %d calls left; want 403 and the call kept", st, m.Calls().Len())
	}
	if st := get(t, d, "POST", "/api/clear", map[string]string{"X-Postmock-UI": "1"}, nil); st != 200 || m.Calls().Len() != 0 {
		t.Errorf("clear: status %d, %d calls left", st, m.Calls().Len())
	}
}

func TestHostsOtherThanLocalOrNamedAreRefused(t *testing.T) {
	m := newShop(t)
	d := New(FromMock(m, "shop"), WithHost("devbox"))
	for host, want := range map[string]int{"127.0.0.1:9": 200, "localhost:9": 200, "[::1]:9": 200, "devbox:9": 200,
		"evil.example:9": http.StatusMisdirectedRequest, "": http.StatusMisdirectedRequest} {
		r := httptest.NewRequest("GET", "/api/info", nil)
		r.Host = host
		w := httptest.NewRecorder()
		d.ServeHTTP(w, r)
		if w.Code != want {
			t.Errorf("Host %q: status %d, want %d", host, w.Code, want)
		}
	}
}

func TestPageIsServedWithAPolicyThatAllowsOnlyItsOwnScript(t *testing.T) {
	d := New(FromMock(newShop(t), "shop"))
	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/", nil)
	r.Host = "localhost:3556"
	d.ServeHTTP(w, r)
	csp := w.Header().Get("Content-Security-Policy")
	if w.Code != 200 || !strings.Contains(csp, "script-src 'sha256-") || !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("status %d, CSP %q", w.Code, csp)
	}
	if strings.Contains(w.Body.String(), "innerHTML") || strings.Contains(w.Body.String(), "http://") || strings.Contains(w.Body.String(), "https://") {
		t.Error("the page uses innerHTML or names a URL elsewhere")
	}
}

func TestAPIModeNeedsTheKeyAndForwardsAdminCalls(t *testing.T) {
	ws := workspace.New(workspace.WithAPIKeys("k1"))
	c, err := collection.LoadFile(shop)
	if err != nil {
		t.Fatal(err)
	}
	info, err := ws.AddCollection(c)
	if err != nil {
		t.Fatal(err)
	}
	mi, err := ws.CreateMock(workspace.NewMock{Collection: info.ID})
	if err != nil {
		t.Fatal(err)
	}
	d := New(FromWorkspace(ws), WithAdmin(postmanapi.New(ws), "k1"))
	if st := get(t, d, "GET", "/api/info", nil, nil); st != 401 {
		t.Errorf("no key: status %d, want 401", st)
	}
	if st := get(t, d, "GET", "/api/info", map[string]string{"X-Api-Key": "k2"}, nil); st != 401 {
		t.Errorf("wrong key: status %d, want 401", st)
	}
	var in Info
	get(t, d, "GET", "/api/info", map[string]string{"X-Api-Key": "k1"}, &in)
	if in.Mode != "api" || len(in.Mocks) != 1 || in.Mocks[0].ID != mi.ID {
		t.Errorf("info = %+v", in)
	}
	var mocks struct {
		Mocks []workspace.MockInfo `json:"mocks"`
	}
	if st := get(t, d, "GET", "/admin/mocks", map[string]string{"X-Api-Key": "k1"}, &mocks); st != 200 || len(mocks.Mocks) != 1 {
		t.Errorf("GET /admin/mocks: status %d, %d mocks", st, len(mocks.Mocks))
	}
	r := httptest.NewRequest("PUT", "/admin/mocks/"+mi.ID, strings.NewReader(`{"mock":{"config":{"preferSuccess":true}}}`))
	r.Host = "127.0.0.1"
	r.Header.Set("X-Api-Key", "k1")
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	d.ServeHTTP(w, r)
	if m, _ := ws.Mock(mi.ID); w.Code != 200 || !m.Config().PreferSuccess {
		t.Errorf("PUT config through /admin: status %d %s", w.Code, w.Body)
	}
	if st := get(t, d, "GET", "/api/calls?mock=nope", map[string]string{"X-Api-Key": "k1"}, nil); st != 404 {
		t.Errorf("unknown mock: status %d, want 404", st)
	}
}

func TestEventsStreamNewCallsAndEndOnClose(t *testing.T) {
	m := newShop(t)
	d := New(FromMock(m, "shop"))
	srv := httptest.NewServer(d)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/api/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	rd := bufio.NewReader(resp.Body)
	// The comment line is written once the watch is in place.
	if line, err := rd.ReadString('\n'); err != nil || !strings.HasPrefix(line, ":") {
		t.Fatalf("first line %q, %v", line, err)
	}
	call(t, m, "GET", "/users/42", nil)
	var ev, data string
	for data == "" {
		line, err := rd.ReadString('\n')
		if err != nil {
			t.Fatal(err)
		}
		if s, ok := strings.CutPrefix(line, "event: "); ok {
			ev = strings.TrimSpace(s)
		}
		if s, ok := strings.CutPrefix(line, "data: "); ok {
			data = s
		}
	}
	var c Call
	if err := json.Unmarshal([]byte(data), &c); err != nil || ev != "call" || c.Example != "User found" || c.Path != "/users/42" {
		t.Errorf("event %q data %s (%v)", ev, data, err)
	}
	d.Close()
	for {
		if _, err := rd.ReadString('\n'); err != nil {
			break // the stream ended
		}
	}
	if st := get(t, d, "GET", "/api/events", nil, nil); st != http.StatusServiceUnavailable {
		t.Errorf("stream after Close: status %d, want 503", st)
	}
}

func TestStreamsPastTheLimitAre503(t *testing.T) {
	d := New(FromMock(newShop(t), "shop"))
	for range MaxStreams {
		d.streams <- struct{}{}
	}
	if st := get(t, d, "GET", "/api/events", nil, nil); st != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", st)
	}
}

func TestLogCallsWritesOneObjectPerCall(t *testing.T) {
	m := newShop(t)
	var b strings.Builder
	stop := LogCalls(m, &syncWriter{b: &b})
	call(t, m, "GET", "/users/42", nil)
	call(t, m, "GET", "/nope", nil)
	if dropped := stop(); dropped != 0 {
		t.Errorf("dropped %d", dropped)
	}
	lines := strings.Split(strings.TrimSpace(b.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines: %q", len(lines), b.String())
	}
	var first, second Call
	json.Unmarshal([]byte(lines[0]), &first)
	json.Unmarshal([]byte(lines[1]), &second)
	if first.Example != "User found" || first.Folder != "Users / Get user" || first.Status != 200 || second.Matched || second.Status != 404 {
		t.Errorf("lines %q", lines)
	}
}

// syncWriter is a writer the log goroutine writes to while the test waits
// for stop (which orders the reads after the writes).
type syncWriter struct{ b *strings.Builder }

func (w *syncWriter) Write(p []byte) (int, error) { return w.b.Write(p) }
