package dashboard

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/postmock/postmock/calllog"
)

// TestEndpointsBoundWhatTheySend logs calls with a 100 KiB path and 2 MiB
// bodies (as api mode's call logs may keep): the list, the stream's
// records and the detail send at most MaxShownPath bytes of a path and
// MaxShownBody of a body, and say they cut.
func TestEndpointsBoundWhatTheySend(t *testing.T) {
	m := newShop(t)
	d := New(FromMock(m, "shop"))
	defer d.Close()
	long := "/users/42?q=" + strings.Repeat("é", 50<<10)
	big := strings.Repeat("x", 2<<20)
	const n = 5
	for range n {
		m.Calls().Append(calllog.Entry{
			Request:  calllog.Request{Method: "POST", Path: long, Body: calllog.Body{Data: big}},
			Response: calllog.Response{StatusCode: 200, Body: calllog.Body{Data: big}},
		})
	}
	var list Calls
	if st := get(t, d, "GET", "/api/calls", nil, &list); st != http.StatusOK || len(list.Calls) != n {
		t.Fatalf("list: status %d, %d calls", st, len(list.Calls))
	}
	r := httptest.NewRequest("GET", "/api/calls", nil)
	r.Host = "127.0.0.1"
	w := httptest.NewRecorder()
	d.ServeHTTP(w, r)
	if max := n * (MaxShownPath + 1024); w.Body.Len() > max {
		t.Errorf("the list of %d calls is %d bytes, want at most %d", n, w.Body.Len(), max)
	}
	c := list.Calls[0]
	if !c.PathCut || len(c.Path) > MaxShownPath || !strings.HasPrefix(long, c.Path) {
		t.Errorf("listed path: %d bytes, cut %v, a prefix of the path: %v", len(c.Path), c.PathCut, strings.HasPrefix(long, c.Path))
	}
	var det Detail
	if st := get(t, d, "GET", "/api/calls/"+c.ID, nil, &det); st != http.StatusOK {
		t.Fatalf("detail: status %d", st)
	}
	for side, msg := range map[string]Message{"request": det.Request, "response": det.Response} {
		if len(msg.Body) > MaxShownBody || !msg.Truncated || !strings.HasPrefix(big, msg.Body) {
			t.Errorf("%s body: %d bytes, truncated %v", side, len(msg.Body), msg.Truncated)
		}
	}
	if !det.PathCut || len(det.Path) > MaxShownPath {
		t.Errorf("detail path: %d bytes, cut %v", len(det.Path), det.PathCut)
	}
}
