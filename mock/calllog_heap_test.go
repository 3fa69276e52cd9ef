package mock_test

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/mock"
)

// TestMockCallLogHeapStaysBounded serves many calls through a mock whose call
// log keeps 500 entries: the heap does not grow with the calls.
func TestMockCallLogHeapStaysBounded(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json", mock.WithCallLogLimits(calllog.Limits{MaxEntries: 500}))
	h := m
	var before, after runtime.MemStats
	serve := func(n int) {
		for i := range n {
			do(t, h, "GET", fmt.Sprintf("/users/u%d?q=%d", i, i), nil, strings.Repeat("b", 512))
		}
	}
	serve(1000)
	runtime.GC()
	runtime.ReadMemStats(&before)
	serve(20000)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if m.Calls().Len() != 500 {
		t.Errorf("call log holds %d entries, want 500", m.Calls().Len())
	}
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 8<<20 {
		t.Errorf("heap grew by %d KiB over 20,000 calls", grown>>10)
	}
}
