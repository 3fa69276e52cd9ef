package workspace_test

import (
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/serverresponse"
	"github.com/postmock/postmock/workspace"
)

// validBodies are the bodies a soak call may get: an example of the worked
// collection, a server response, or one of the documented errors.
func validBody(status int, body string) bool {
	switch {
	case strings.HasPrefix(body, `{"example": "`):
		return status >= 200 && status < 600
	case body == mock.NotFoundBody, body == workspace.MockNotFoundBody, body == mock.DeactivatedBody:
		return status == 404
	case body == mock.UnauthorizedBody:
		return status == 401
	case body == `{"message":"soak"}`:
		return status == 503
	}
	return false
}

// TestSoakServingWhileManaging sends mixed requests from 64 goroutines
// while others create, update and delete mocks and server responses and
// page through call logs. Every answer must be an example or a documented
// error. -short runs it for a moment; the full run lasts a few seconds.
func TestSoakServingWhileManaging(t *testing.T) {
	const soakMinCalls = 200
	dur := 3 * time.Second
	if testing.Short() {
		dur = 300 * time.Millisecond
	}
	ws, coll, _ := liveWorkspace(t)
	env, _ := ws.AddEnvironment(&collection.Environment{Name: "e", Values: []collection.Variable{{Key: "baseUrl", Value: "https://x.test"}}})
	stable, _ := ws.CreateMock(workspace.NewMock{Collection: coll.UID})
	var (
		mu    sync.Mutex
		urls  = []string{stable.MockURL}
		calls atomic.Int64
		bad   atomic.Int64
		wg    sync.WaitGroup
	)
	stop := make(chan struct{})
	targets := []struct{ method, path, hdr string }{
		{"GET", "/users", ""}, {"GET", "/users/42", ""}, {"GET", "/users/carol?x=1", ""},
		{"POST", "/users", "x-mock-match-request-body"}, {"GET", "/USERS/", ""}, {"GET", "/healthz", ""},
		{"GET", "/nothing", ""}, {"DELETE", "/users", ""}, {"GET", "/anything", "x-mock-response-id"},
	}
	client := &http.Client{Timeout: hangGuard, Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	for g := range 64 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(g), 1))
			for {
				select {
				case <-stop:
					return
				default:
				}
				mu.Lock()
				base := urls[r.IntN(len(urls))]
				mu.Unlock()
				tg := targets[r.IntN(len(targets))]
				req, _ := http.NewRequest(tg.method, base+tg.path, strings.NewReader(`{"name":"Ann"}`))
				switch tg.hdr {
				case "x-mock-match-request-body":
					req.Header.Set(tg.hdr, "true")
					req.Header.Set("Content-Type", "application/json")
				case "x-mock-response-id":
					req.Header.Set(tg.hdr, "a8")
				}
				if r.IntN(3) == 0 {
					req.Header.Set("x-api-key", "PMAK-good")
				}
				resp, err := client.Do(req)
				if err != nil {
					bad.Add(1)
					t.Errorf("%s %s: %v", tg.method, base+tg.path, err)
					return
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				calls.Add(1)
				if !validBody(resp.StatusCode, string(b)) {
					bad.Add(1)
					t.Errorf("%s %s: unexpected %d %q", tg.method, tg.path, resp.StatusCode, b)
				}
			}
		}()
	}
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 2))
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				m, err := ws.CreateMock(workspace.NewMock{Collection: coll.UID, Private: r.IntN(2) == 0})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				urls = append(urls, m.MockURL)
				mu.Unlock()
				sr, _ := ws.CreateServerResponse(m.ID, serverresponse.Fields{Name: ptr("soak"), StatusCode: ptr(503), Body: ptr(`{"message":"soak"}`)})
				ws.UpdateMock(m.ID, workspace.MockUpdate{Config: &workspace.ConfigUpdate{ServerResponseID: ptr(sr.ID)}})
				ws.UpdateMock(m.ID, workspace.MockUpdate{Environment: ptr(env.ID), Config: &workspace.ConfigUpdate{ServerResponseID: ptr(""), MatchBody: ptr(i%2 == 0)}})
				ws.UnpublishMock(m.ID)
				ws.PublishMock(stable.ID)
				page, err := ws.CallLogs(stable.ID, calllog.Query{Limit: 25, Sort: "servedAt", Direction: "asc"})
				for n := 0; err == nil && page.NextCursor != "" && n < 5; n++ {
					page, err = ws.CallLogs(stable.ID, calllog.Query{Limit: 25, Sort: "servedAt", Direction: "asc", Cursor: page.NextCursor})
				}
				if err != nil {
					t.Error(err)
					return
				}
				if i%3 == 0 {
					ws.DeleteServerResponse(m.ID, sr.ID)
					ws.DeleteMock(m.ID)
				}
				time.Sleep(time.Millisecond)
			}
		}()
	}
	// At least dur and at least soakMinCalls calls: on a busy machine the
	// duration alone may see few of them.
	time.Sleep(dur)
	for ceiling := time.Now().Add(hangGuard); calls.Load() < soakMinCalls && time.Now().Before(ceiling); {
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	client.CloseIdleConnections()
	if calls.Load() < soakMinCalls || bad.Load() > 0 {
		t.Errorf("%d calls, %d bad", calls.Load(), bad.Load())
	}
	t.Logf("%d calls in %v", calls.Load(), dur)
}

// hangGuard is the ceiling of every wait on an event in this package's
// tests: it only catches a hang, never a slow machine.
const hangGuard = 60 * time.Second
