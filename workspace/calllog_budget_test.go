package workspace_test

import (
	"bytes"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/workspace"
)

// post sends a POST with body to path through the workspace, in process.
func post(ws *workspace.Workspace, path string, body []byte) {
	r := httptest.NewRequest("POST", path, bytes.NewReader(body))
	r.Header.Set("Content-Type", "application/octet-stream")
	ws.ServeHTTP(httptest.NewRecorder(), r)
}

// TestWorkspaceCallLogStaysWithinBudgetUnder1500MiBPosts is the issue's
// run: 1,500 POSTs of 1 MiB to one public mock took `postmock api` to 2 GB,
// every body kept. With the default limits the mock's log keeps at most
// calllog.DefaultMaxBytes and the workspace's at most its budget, by the
// store's own byte accounting after every call; what is kept is the newest
// calls, oldest evicted first. (Under -race it sends 200 calls: the
// detector makes each megabyte copied cost some 30 ms.)
func TestWorkspaceCallLogStaysWithinBudgetUnder1500MiBPosts(t *testing.T) {
	ws, coll := newWorkspace(t)
	info, err := ws.CreateMock(workspace.NewMock{Collection: coll.ID})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := ws.Mock(info.ID)
	budget := ws.CallLogBudget()
	if budget.Max() != calllog.DefaultWorkspaceMaxBytes {
		t.Fatalf("workspace budget %d, want the default %d", budget.Max(), calllog.DefaultWorkspaceMaxBytes)
	}
	body := bytes.Repeat([]byte("a"), 1<<20)
	calls := 1500
	if raceEnabled {
		calls = 200 // still three times what the budget holds
	}
	var peak int64
	for i := range calls {
		post(ws, fmt.Sprintf("/%s/uploads/%d", info.ID, i), body)
		got := m.Calls().Bytes()
		peak = max(peak, got)
		if got > calllog.DefaultMaxBytes || budget.Bytes() > budget.Max() {
			t.Fatalf("after call %d: the mock's log holds %d bytes (max %d), the workspace's %d (max %d)",
				i, got, calllog.DefaultMaxBytes, budget.Bytes(), budget.Max())
		}
	}
	all := m.Calls().All()
	// The budget is used, not merely respected: it holds as many 1 MiB
	// calls as fit.
	if min := int64(calllog.DefaultMaxBytes - 2<<20); m.Calls().Bytes() < min || len(all) < 30 {
		t.Errorf("the log holds %d bytes in %d entries; want about %d", m.Calls().Bytes(), len(all), calllog.DefaultMaxBytes)
	}
	if budget.Bytes() != m.Calls().Bytes() {
		t.Errorf("workspace budget counts %d bytes, the only mock holds %d", budget.Bytes(), m.Calls().Bytes())
	}
	var bodies int64
	for i, e := range all {
		if want := fmt.Sprintf("/uploads/%d", calls-len(all)+i); e.Request.Path != want {
			t.Fatalf("entry %d is %s, want %s: the newest calls, in order", i, e.Request.Path, want)
		}
		if len(e.Request.Body.Data) != 1<<20 || e.Request.Body.Truncated {
			t.Fatalf("entry %d: body of %d bytes (truncated %v), want the whole 1 MiB", i, len(e.Request.Body.Data), e.Request.Body.Truncated)
		}
		bodies += int64(len(e.Request.Body.Data) + len(e.Response.Body.Data))
	}
	if m.Calls().Bytes() < bodies {
		t.Errorf("the log counts %d bytes but its bodies alone are %d", m.Calls().Bytes(), bodies)
	}
	t.Logf("%d calls of 1 MiB: %d entries kept, %d bytes (peak %d)", calls, len(all), m.Calls().Bytes(), peak)

	// A body past the per-body cap is cut with a marker of what went, the
	// drained part counted too.
	post(ws, "/"+info.ID+"/uploads/big", append(body, strings.Repeat("b", 123)...))
	last := m.Calls().All()[m.Calls().Len()-1].Request.Body
	if !strings.HasSuffix(last.Data, "a…[truncated 123 bytes]") || !last.Truncated || last.Dropped != 123 ||
		len(last.Data) != 1<<20+len(calllog.TruncatedMarker(123)) {
		t.Errorf("over-long body: %d bytes ending %q (truncated %v, dropped %d)",
			len(last.Data), last.Data[max(0, len(last.Data)-30):], last.Truncated, last.Dropped)
	}

	// Deleting the mock gives its bytes back to the workspace.
	if _, err := ws.DeleteMock(info.ID); err != nil {
		t.Fatal(err)
	}
	if got := budget.Bytes(); got != 0 {
		t.Errorf("after deleting the only mock the workspace's call logs hold %d bytes", got)
	}
}

// TestWorkspaceMocksShareOneCallLogBudget: five mocks with their own cap
// and a shared one; the workspace total is the sum of the mocks', within
// the budget, the newest calls of the workspace kept; deleting a mock or
// clearing its log releases its bytes.
func TestWorkspaceMocksShareOneCallLogBudget(t *testing.T) {
	budget := calllog.NewBudget(1_000_000)
	ws, coll := newWorkspace(t, workspace.WithCallLogLimits(calllog.Limits{MaxBytes: 300_000, MaxBodyBytes: 40_000, Budget: budget}))
	if ws.CallLogBudget() != budget {
		t.Fatal("the workspace does not use the given budget")
	}
	var mocks []*mock.Mock
	var ids []string
	for range 5 {
		info, err := ws.CreateMock(workspace.NewMock{Collection: coll.ID})
		if err != nil {
			t.Fatal(err)
		}
		m, _ := ws.Mock(info.ID)
		mocks, ids = append(mocks, m), append(ids, info.ID)
	}
	sum := func() (n int64) {
		for _, m := range mocks {
			n += m.Calls().Bytes()
		}
		return n
	}
	body := bytes.Repeat([]byte("z"), 50_000) // cut to 40,000 + marker
	for i := range 100 {
		mi := i % len(mocks)
		post(ws, fmt.Sprintf("/%s/items/%d", ids[mi], i), body)
		if budget.Bytes() > budget.Max() || budget.Bytes() != sum() || mocks[mi].Calls().Bytes() > 300_000 {
			t.Fatalf("after call %d: workspace %d (max %d), mocks sum to %d, mock %d holds %d (max 300000)",
				i, budget.Bytes(), budget.Max(), sum(), mi, mocks[mi].Calls().Bytes())
		}
	}
	// Round-robin traffic under a shared budget: each mock keeps its
	// newest calls, and together they are the workspace's newest.
	oldestKept := 100
	for mi, m := range mocks {
		all := m.Calls().All()
		if len(all) == 0 {
			t.Fatalf("mock %d keeps nothing", mi)
		}
		var first int
		fmt.Sscanf(all[0].Request.Path, "/items/%d", &first)
		oldestKept = min(oldestKept, first)
		if b := all[0].Request.Body; b.Data != strings.Repeat("z", 40_000)+"…[truncated 10000 bytes]" || b.Dropped != 10_000 {
			t.Errorf("mock %d: body of %d bytes, dropped %d; want 40,000 bytes and the marker", mi, len(b.Data), b.Dropped)
		}
	}
	kept := 0
	for _, m := range mocks {
		kept += m.Calls().Len()
	}
	if kept != 100-oldestKept {
		t.Errorf("%d entries kept but the oldest is call %d: not the newest %d calls", kept, oldestKept, 100-oldestKept)
	}

	if _, err := ws.DeleteMock(ids[0]); err != nil {
		t.Fatal(err)
	}
	mocks[2].Calls().Reset()
	mocks = append(mocks[1:2], mocks[3:]...)
	if got, want := budget.Bytes(), sum(); got != want {
		t.Errorf("after deleting a mock and clearing another: workspace %d bytes, the rest hold %d", got, want)
	}
}
