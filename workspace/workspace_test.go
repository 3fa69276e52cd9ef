package workspace_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/serverresponse"
	"github.com/postmock/postmock/workspace"
)

// fixedClock returns a clock that starts at 2024-06-10T06:13:20Z and
// advances one millisecond per reading.
func fixedClock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2024, 6, 10, 6, 13, 20, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Millisecond)
		return t
	}
}

func newWorkspace(t testing.TB, opts ...workspace.Option) (*workspace.Workspace, workspace.CollectionInfo) {
	t.Helper()
	ws := workspace.New(append([]workspace.Option{workspace.WithOwner("12345678"), workspace.WithAPIKeys("PMAK-good")}, opts...)...)
	c, err := collection.LoadFile("testdata/worked.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ws.AddCollection(c)
	if err != nil {
		t.Fatal(err)
	}
	return ws, info
}

func ptr[T any](v T) *T { return &v }

func wantKind(t *testing.T, err error, kind error, status int, name string) {
	t.Helper()
	if !errors.Is(err, kind) {
		t.Fatalf("err = %v, want %v", err, kind)
	}
	var e *workspace.Error
	if !errors.As(err, &e) || e.Status != status || e.Name != name {
		t.Fatalf("err = %#v, want status %d name %s", err, status, name)
	}
}

func TestCreateMockDefaultsAndShape(t *testing.T) {
	ws, coll := newWorkspace(t, workspace.WithClock(fixedClock()), workspace.WithBaseURL("http://127.0.0.1:3555/"))
	info, err := ws.CreateMock(workspace.NewMock{Collection: coll.UID})
	if err != nil {
		t.Fatal(err)
	}
	if info.Name != coll.Name || !info.IsPublic || info.Deactivated || info.Owner != "12345678" {
		t.Errorf("defaults: %+v", info)
	}
	if info.UID != "12345678-"+info.ID || info.MockURL != "http://127.0.0.1:3555/"+info.ID {
		t.Errorf("uid %s, mockUrl %s", info.UID, info.MockURL)
	}
	// The JSON shape equals the spec's mock object (ids and URL replaced).
	b, _ := json.Marshal(map[string]any{"mock": info})
	got := strings.NewReplacer(info.ID, "MOCKID", coll.ID, "COLLID").Replace(string(b))
	want, err := os.ReadFile("testdata/shapes/mock.json")
	if err != nil {
		t.Fatal(err)
	}
	var g, w any
	_ = json.Unmarshal([]byte(got), &g)
	if err := json.Unmarshal(want, &w); err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(w, g); d != "" {
		t.Errorf("mock JSON (-want +got):\n%s", d)
	}
}

func TestMockOperationsValidation(t *testing.T) {
	ws, coll := newWorkspace(t)
	m, err := ws.CreateMock(workspace.NewMock{Collection: coll.ID, Name: "m"})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		op     func() error
		kind   error
		status int
		errNm  string
	}{
		{"create without collection", func() error { _, err := ws.CreateMock(workspace.NewMock{}); return err }, workspace.ErrParamMissing, 400, "paramMissingError"},
		{"create with unknown collection", func() error { _, err := ws.CreateMock(workspace.NewMock{Collection: "nope"}); return err }, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"create with unknown environment", func() error {
			_, err := ws.CreateMock(workspace.NewMock{Collection: coll.UID, Environment: "nope"})
			return err
		}, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"get unknown", func() error { _, err := ws.GetMock("nope"); return err }, workspace.ErrNotFound, 404, "instanceNotFoundError"},
		{"update unknown", func() error { _, err := ws.UpdateMock("nope", workspace.MockUpdate{}); return err }, workspace.ErrNotFound, 404, "instanceNotFoundError"},
		{"update collection", func() error {
			_, err := ws.UpdateMock(m.ID, workspace.MockUpdate{Collection: ptr("other")})
			return err
		}, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"update empty name", func() error { _, err := ws.UpdateMock(m.ID, workspace.MockUpdate{Name: ptr(" ")}); return err }, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"unknown server response id", func() error {
			_, err := ws.UpdateMock(m.ID, workspace.MockUpdate{Config: &workspace.ConfigUpdate{ServerResponseID: ptr("nope")}})
			return err
		}, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"bad delay preset", func() error {
			_, err := ws.UpdateMock(m.ID, workspace.MockUpdate{Config: &workspace.ConfigUpdate{Delay: &workspace.Delay{Preset: "5"}}})
			return err
		}, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"delay too long", func() error {
			_, err := ws.UpdateMock(m.ID, workspace.MockUpdate{Config: &workspace.ConfigUpdate{Delay: &workspace.Delay{Duration: 180001}}})
			return err
		}, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"delete unknown", func() error { _, err := ws.DeleteMock("nope"); return err }, workspace.ErrNotFound, 404, "instanceNotFoundError"},
		{"publish unknown", func() error { _, err := ws.PublishMock("nope"); return err }, workspace.ErrNotFound, 404, "instanceNotFoundError"},
		{"server response without name", func() error {
			_, err := ws.CreateServerResponse(m.ID, serverresponse.Fields{StatusCode: ptr(500)})
			return err
		}, workspace.ErrParamMissing, 400, "paramMissingError"},
		{"server response without status", func() error {
			_, err := ws.CreateServerResponse(m.ID, serverresponse.Fields{Name: ptr("x")})
			return err
		}, workspace.ErrParamMissing, 400, "paramMissingError"},
		{"server response 499", func() error {
			_, err := ws.CreateServerResponse(m.ID, serverresponse.Fields{Name: ptr("x"), StatusCode: ptr(499)})
			return err
		}, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"server response 600", func() error {
			_, err := ws.CreateServerResponse(m.ID, serverresponse.Fields{Name: ptr("x"), StatusCode: ptr(600)})
			return err
		}, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"server response statusCode as a string", func() error {
			_, err := serverresponse.ParseFields([]byte(`{"serverResponse":{"name":"x","statusCode":"500"}}`))
			return err
		}, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"server response bad envelope", func() error {
			_, err := serverresponse.ParseFields([]byte(`{"name":"x","statusCode":500}`))
			return err
		}, workspace.ErrMalformed, 400, "malformedRequestError"},
		{"server response bad language", func() error {
			_, err := ws.CreateServerResponse(m.ID, serverresponse.Fields{Name: ptr("x"), StatusCode: ptr(500), Language: ptr("yaml")})
			return err
		}, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"server response empty update", func() error {
			_, err := ws.UpdateServerResponse(m.ID, "x", serverresponse.Fields{})
			return err
		}, workspace.ErrParamMissing, 400, "paramMissingError"},
		{"server response unknown", func() error { _, err := ws.GetServerResponse(m.ID, "nope"); return err }, workspace.ErrNotFound, 404, "instanceNotFoundError"},
		{"server responses of unknown mock", func() error { _, err := ws.ListServerResponses("nope"); return err }, workspace.ErrNotFound, 404, "instanceNotFoundError"},
		{"call logs limit 0", func() error { _, err := ws.CallLogs(m.ID, calllog.Query{Limit: -1}); return err }, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"call logs limit 101", func() error { _, err := ws.CallLogs(m.ID, calllog.Query{Limit: 101}); return err }, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"call logs lone sort", func() error { _, err := ws.CallLogs(m.ID, calllog.Query{Sort: "servedAt"}); return err }, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"call logs lone direction", func() error { _, err := ws.CallLogs(m.ID, calllog.Query{Direction: "asc"}); return err }, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"call logs since after until", func() error {
			_, err := ws.CallLogs(m.ID, calllog.Query{Since: time.Unix(20, 0), Until: time.Unix(10, 0)})
			return err
		}, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"call logs bad cursor", func() error { _, err := ws.CallLogs(m.ID, calllog.Query{Cursor: "garbage!"}); return err }, workspace.ErrInvalidParams, 400, "invalidParamsError"},
		{"call logs of unknown mock", func() error { _, err := ws.CallLogs("nope", calllog.Query{}); return err }, workspace.ErrNotFound, 404, "instanceNotFoundError"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { wantKind(t, tt.op(), tt.kind, tt.status, tt.errNm) })
	}
}

func TestMockLifecycle(t *testing.T) {
	ws, coll := newWorkspace(t, workspace.WithClock(fixedClock()))
	env, err := ws.AddEnvironment(&collection.Environment{Name: "v2", Values: []collection.Variable{{Key: "baseUrl", Value: "https://x.test/v2"}}})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := ws.CreateMock(workspace.NewMock{Collection: coll.UID, Workspace: "w1"})
	other, _ := ws.CreateMock(workspace.NewMock{Collection: coll.ID, Name: "other", Private: true})

	if got := ws.ListMocks(""); len(got) != 2 || got[0].ID != m.ID {
		t.Errorf("list: %+v", got)
	}
	if got := ws.ListMocks("w1"); len(got) != 1 || got[0].ID != m.ID {
		t.Errorf("list by workspace: %+v", got)
	}
	if got, _ := ws.GetMock(other.UID); got.IsPublic {
		t.Error("private mock reported public")
	}
	up, err := ws.UpdateMock(m.UID, workspace.MockUpdate{Name: ptr("renamed"), Environment: ptr(env.UID), Description: ptr("d"), VersionTag: ptr("v1"),
		Collection: ptr(coll.UID), Config: &workspace.ConfigUpdate{MatchBody: ptr(true), Headers: ptr([]string{"X-Tenant"}), Delay: &workspace.Delay{Preset: workspace.DelayPreset3G}}})
	if err != nil {
		t.Fatal(err)
	}
	if up.Name != "renamed" || up.Environment != env.UID || !up.Config.MatchBody || !up.Config.MatchHeader || up.Config.Delay.Preset != "2" || up.UpdatedAt == up.CreatedAt {
		t.Errorf("update: %+v", up)
	}
	mk, _ := ws.Mock(m.ID)
	if mk.Config().Delay != 100*time.Millisecond {
		t.Errorf("3G preset delay = %v", mk.Config().Delay)
	}
	if got := mk.Environment(); got == nil || got.Name != "v2" {
		t.Errorf("environment not recompiled in: %v", got)
	}
	up, _ = ws.UpdateMock(m.ID, workspace.MockUpdate{Config: &workspace.ConfigUpdate{Delay: &workspace.Delay{}}})
	if up.Config.Delay != nil || mk.Config().Delay != 0 {
		t.Errorf("delay not removed: %+v", up.Config.Delay)
	}
	if _, err := ws.PublishMock(m.ID); err != nil {
		t.Errorf("publishing a public mock again: %v", err)
	}
	if _, err := ws.RemoveEnvironment(env.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := ws.GetMock(m.ID); !got.Deactivated {
		t.Error("removing its environment did not deactivate the mock")
	}
	if _, err := ws.RemoveCollection(coll.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := ws.GetMock(other.ID); !got.Deactivated {
		t.Error("removing its collection did not deactivate the mock")
	}
	del, err := ws.DeleteMock(other.UID)
	if err != nil || del.ID != other.ID || del.UID != other.UID {
		t.Errorf("delete: %+v %v", del, err)
	}
	if _, err := ws.GetMock(other.ID); !errors.Is(err, workspace.ErrNotFound) {
		t.Errorf("deleted mock still there: %v", err)
	}
}

func TestServerResponseShapes(t *testing.T) {
	ws, coll := newWorkspace(t, workspace.WithClock(fixedClock()))
	m, _ := ws.CreateMock(workspace.NewMock{Collection: coll.UID})
	f, err := serverresponse.ParseFields([]byte(`{"serverResponse":{"name":"Internal Server Error","statusCode":500,
		"headers":[{"key":"Content-Type","value":"application/json"}],"language":"json","body":"{\"message\":\"try later\"}"}}`))
	if err != nil {
		t.Fatal(err)
	}
	sr, err := ws.CreateServerResponse(m.ID, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		file string
		v    any
	}{{"server-response.json", sr}, {"server-response-list.json", []serverresponse.Summary{sr.Summary()}}, {"server-response-deleted.json", sr.Deleted()}} {
		b, _ := json.Marshal(tc.v)
		got := strings.NewReplacer(sr.ID, "SRID", m.ID, "MOCKID").Replace(string(b))
		want, err := os.ReadFile("testdata/shapes/" + tc.file)
		if err != nil {
			t.Fatal(err)
		}
		var g, w any
		_ = json.Unmarshal([]byte(got), &g)
		if err := json.Unmarshal(want, &w); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(w, g); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.file, d)
		}
	}
	up, err := ws.UpdateServerResponse(m.ID, sr.ID, serverresponse.Fields{StatusCode: ptr(503)})
	if err != nil || up.StatusCode != 503 || up.Name != sr.Name || !up.UpdatedAt.After(sr.UpdatedAt) {
		t.Errorf("update: %+v %v", up, err)
	}
	list, _ := ws.ListServerResponses(m.ID)
	if len(list) != 1 || list[0].StatusCode != 503 {
		t.Errorf("list after update: %+v", list)
	}
}

// liveWorkspace serves a workspace on a loopback listener.
func liveWorkspace(t *testing.T) (*workspace.Workspace, workspace.CollectionInfo, *httptest.Server) {
	t.Helper()
	ws, coll := newWorkspace(t)
	srv := httptest.NewServer(ws)
	t.Cleanup(srv.Close)
	ws.SetBaseURL(srv.URL)
	return ws, coll, srv
}

func call(t *testing.T, url string, hdr ...string) (int, string, http.Header) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func TestPrivateMockNeedsAKeyUntilPublished(t *testing.T) {
	ws, coll, _ := liveWorkspace(t)
	m, _ := ws.CreateMock(workspace.NewMock{Collection: coll.UID, Private: true})
	for _, key := range []string{"", "PMAK-bad", "PMAK-goo"} {
		code, body, _ := call(t, m.MockURL+"/users", "x-api-key", key)
		if code != 401 || body != mock.UnauthorizedBody {
			t.Errorf("key %q: %d %s", key, code, body)
		}
	}
	if code, _, _ := call(t, m.MockURL+"/users?apikey=PMAK-good"); code != 401 {
		t.Errorf("query apikey opened a private mock: %d", code)
	}
	if code, _, _ := call(t, m.MockURL+"/users", "x-api-key", "PMAK-good"); code != 200 {
		t.Errorf("valid key: %d", code)
	}
	if _, err := ws.PublishMock(m.ID); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := call(t, m.MockURL+"/users"); code != 200 {
		t.Errorf("published: %d", code)
	}
	if _, err := ws.UnpublishMock(m.UID); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := call(t, m.MockURL+"/users"); code != 401 {
		t.Errorf("unpublished: %d", code)
	}
	logs, _ := ws.CallLogs(m.ID, calllog.Query{})
	if len(logs.Entries) != 7 {
		t.Errorf("401s are logged too: %d entries", len(logs.Entries))
	}
}

func TestServerResponseAnswersEveryPathUntilDeactivated(t *testing.T) {
	ws, coll, _ := liveWorkspace(t)
	m, _ := ws.CreateMock(workspace.NewMock{Collection: coll.UID})
	sr, err := ws.CreateServerResponse(m.ID, serverresponse.Fields{Name: ptr("Outage"), StatusCode: ptr(503),
		Headers: &[]serverresponse.Header{{Key: "Retry-After", Value: "30"}}, Language: ptr("json"), Body: ptr(`{"message":"down"}`)})
	if err != nil {
		t.Fatal(err)
	}
	if code, _, _ := call(t, m.MockURL+"/users"); code != 200 {
		t.Fatalf("created, not active: %d", code)
	}
	info, err := ws.UpdateMock(m.ID, workspace.MockUpdate{Config: &workspace.ConfigUpdate{ServerResponseID: ptr(sr.ID)}})
	if err != nil || info.Config.ServerResponseID == nil || *info.Config.ServerResponseID != sr.ID {
		t.Fatalf("activate: %+v %v", info.Config, err)
	}
	for _, path := range []string{"/users", "/nothing/here", "/users/42"} {
		code, body, h := call(t, m.MockURL+path, "x-mock-response-code", "200", "x-mock-response-id", "a4")
		if code != 503 || body != `{"message":"down"}` || h.Get("Retry-After") != "30" || h.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("%s: %d %s %v", path, code, body, h)
		}
	}
	start := time.Now()
	call(t, m.MockURL+"/users", "x-mock-response-delay", "150")
	if time.Since(start) < 150*time.Millisecond {
		t.Error("delay not applied to the server response")
	}
	logs, _ := ws.CallLogs(m.ID, calllog.Query{Limit: 1})
	if len(logs.Entries) != 1 || logs.Entries[0].ResponseName != "Outage" || logs.Entries[0].Response.StatusCode != 503 {
		t.Errorf("call log of a server response: %+v", logs.Entries)
	}
	if _, err := ws.UpdateMock(m.ID, workspace.MockUpdate{Config: &workspace.ConfigUpdate{ServerResponseID: ptr("")}}); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := call(t, m.MockURL+"/users"); code != 200 {
		t.Errorf("deactivated: %d", code)
	}
	ws.UpdateMock(m.ID, workspace.MockUpdate{Config: &workspace.ConfigUpdate{ServerResponseID: ptr(sr.ID)}})
	if _, err := ws.DeleteServerResponse(m.ID, sr.ID); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := call(t, m.MockURL+"/users"); code != 200 {
		t.Errorf("deleting the active server response did not deactivate it: %d", code)
	}
	if got, _ := ws.GetMock(m.ID); got.Config.ServerResponseID != nil {
		t.Errorf("serverResponseId still %v", *got.Config.ServerResponseID)
	}
}

func TestDeletedMockURLAnswers404(t *testing.T) {
	ws, coll, srv := liveWorkspace(t)
	m, _ := ws.CreateMock(workspace.NewMock{Collection: coll.UID})
	if code, _, _ := call(t, m.MockURL+"/users"); code != 200 {
		t.Fatal("mock not serving")
	}
	ws.DeleteMock(m.ID)
	code, body, _ := call(t, m.MockURL+"/users")
	if code != 404 || body != workspace.MockNotFoundBody {
		t.Errorf("deleted: %d %s", code, body)
	}
	if code, _, _ := call(t, srv.URL+"/users"); code != 404 {
		t.Errorf("no mock id: %d", code)
	}
}

func TestHostLabelRoutesToTheMock(t *testing.T) {
	ws, coll := newWorkspace(t)
	m, _ := ws.CreateMock(workspace.NewMock{Collection: coll.UID})
	req := httptest.NewRequest("GET", "http://"+m.ID+".mock.local/users", nil)
	rec := httptest.NewRecorder()
	ws.ServeHTTP(rec, req)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "a1") {
		t.Errorf("host label: %d %s", rec.Code, rec.Body)
	}
}

func TestCallLogPagingReturnsEveryCallOnce(t *testing.T) {
	ws, coll, _ := liveWorkspace(t)
	m, _ := ws.CreateMock(workspace.NewMock{Collection: coll.UID})
	for i := range 250 {
		path := "/users"
		if i%5 == 0 {
			path = "/missing"
		}
		call(t, fmt.Sprintf("%s%s?i=%d", m.MockURL, path, i))
	}
	for _, tc := range []struct {
		name string
		q    calllog.Query
		want int
	}{
		{"all, default order", calllog.Query{Limit: 30}, 250},
		{"all ascending", calllog.Query{Limit: 7, Sort: "servedAt", Direction: "asc"}, 250},
		{"404s descending", calllog.Query{Limit: 9, ResponseStatusCode: 404, Sort: "servedAt", Direction: "desc"}, 50},
		{"errors ascending", calllog.Query{Limit: 11, ResponseType: "error", Sort: "servedAt", Direction: "asc"}, 50},
		{"path filter", calllog.Query{Limit: 100, RequestPath: "/USERS", RequestMethod: "get"}, 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			seen := map[string]int{}
			q := tc.q
			var last time.Time
			for pages := 0; ; pages++ {
				if pages > 300 {
					t.Fatal("paging does not end")
				}
				page, err := ws.CallLogs(m.UID, q)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range page.Entries {
					seen[e.Request.Path]++
					asc := q.Direction == "asc"
					if !last.IsZero() && (asc && e.ServedAt.Before(last) || !asc && e.ServedAt.After(last)) {
						t.Fatalf("out of order: %v after %v", e.ServedAt, last)
					}
					last = e.ServedAt
				}
				if page.NextCursor == "" {
					break
				}
				q.Cursor = page.NextCursor
			}
			if len(seen) != tc.want {
				t.Errorf("saw %d distinct calls, want %d", len(seen), tc.want)
			}
			for p, n := range seen {
				if n != 1 {
					t.Errorf("%s seen %d times", p, n)
				}
			}
		})
	}
	q := calllog.Query{Limit: 10}
	page, _ := ws.CallLogs(m.ID, q)
	q.Cursor, q.ResponseStatusCode = page.NextCursor, 404
	if _, err := ws.CallLogs(m.ID, q); !errors.Is(err, workspace.ErrInvalidParams) {
		t.Errorf("cursor reused with other filters: %v", err)
	}
}

func TestConcurrentManagementWhileServing(t *testing.T) {
	ws, coll, _ := liveWorkspace(t)
	base, _ := ws.CreateMock(workspace.NewMock{Collection: coll.UID})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var bad sync.Map
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: hangGuard}
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				resp, err := client.Get(fmt.Sprintf("%s/users?g=%d&i=%d", base.MockURL, g, i))
				if err != nil {
					bad.Store(err.Error(), true)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != 200 && resp.StatusCode != 503 {
					bad.Store(fmt.Sprint("status ", resp.StatusCode), true)
				}
			}
		}()
	}
	env, _ := ws.AddEnvironment(&collection.Environment{Name: "e", Values: []collection.Variable{{Key: "x", Value: "1"}}})
	for i := range 40 {
		m, err := ws.CreateMock(workspace.NewMock{Collection: coll.UID, Environment: env.ID})
		if err != nil {
			t.Fatal(err)
		}
		sr, err := ws.CreateServerResponse(base.ID, serverresponse.Fields{Name: ptr("s"), StatusCode: ptr(503)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ws.UpdateMock(base.ID, workspace.MockUpdate{Config: &workspace.ConfigUpdate{ServerResponseID: ptr(sr.ID)}}); err != nil {
			t.Fatal(err)
		}
		if _, err := ws.UpdateMock(base.ID, workspace.MockUpdate{Environment: ptr(env.UID), Config: &workspace.ConfigUpdate{ServerResponseID: ptr("")}}); err != nil {
			t.Fatal(err)
		}
		if _, err := ws.UpdateMock(base.ID, workspace.MockUpdate{Environment: ptr("")}); err != nil {
			t.Fatal(err)
		}
		ws.DeleteServerResponse(base.ID, sr.ID)
		page, err := ws.CallLogs(base.ID, calllog.Query{Limit: 50})
		for err == nil && page.NextCursor != "" && i%10 == 0 {
			page, err = ws.CallLogs(base.ID, calllog.Query{Limit: 50, Cursor: page.NextCursor})
		}
		if err != nil {
			t.Fatal(err)
		}
		ws.ListMocks("")
		if _, err := ws.DeleteMock(m.ID); err != nil {
			t.Fatal(err)
		}
	}
	close(stop)
	wg.Wait()
	bad.Range(func(k, _ any) bool {
		t.Error(k)
		return true
	})
}

func TestDeactivatedMockAnswersMockNotFound(t *testing.T) {
	ws, coll := newWorkspace(t)
	m, _ := ws.CreateMock(workspace.NewMock{Collection: coll.UID})
	serve := func() (int, string) {
		rec := httptest.NewRecorder()
		ws.ServeHTTP(rec, httptest.NewRequest("GET", "/"+m.ID+"/users", nil))
		return rec.Code, rec.Body.String()
	}
	if code, _ := serve(); code != 200 {
		t.Fatalf("active mock: %d", code)
	}
	if _, err := ws.RemoveCollection(coll.ID); err != nil {
		t.Fatal(err)
	}
	if code, body := serve(); code != 404 || body != mock.DeactivatedBody {
		t.Errorf("deactivated: %d %s", code, body)
	}
}

func TestAddCollectionJSONKeepsTheUpload(t *testing.T) {
	ws := workspace.New()
	data, err := os.ReadFile("testdata/worked.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	info, err := ws.AddCollectionJSON(data)
	if err != nil {
		t.Fatal(err)
	}
	raw, c, got, err := ws.CollectionJSON(info.UID)
	if err != nil || string(raw) != string(data) || c == nil || got != info {
		t.Errorf("CollectionJSON: %d bytes, %v, %+v, %v", len(raw), c != nil, got, err)
	}
	coll, _ := collection.Parse(data)
	plain, _ := ws.AddCollection(coll)
	if raw, _, _, _ := ws.CollectionJSON(plain.ID); raw != nil {
		t.Error("a collection added as a Go value has no upload to return")
	}
	if _, err := ws.AddCollectionJSON([]byte(`{"values":[]}`)); !errors.Is(err, workspace.ErrMalformed) {
		t.Errorf("an environment uploaded as a collection: %v", err)
	}
}
