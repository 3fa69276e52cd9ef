package mock_test

import (
	"testing"
	"time"
)

// The call log says how long a call took, its delay included: the page and
// -log json show it.
func TestCallLogDurationCoversTheDelay(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json")
	do(t, m, "GET", "/users", map[string]string{"x-mock-response-delay": "30"}, "")
	do(t, m, "GET", "/nothing-here", nil, "")
	e := m.Calls().All()
	if e[0].Duration < 30*time.Millisecond {
		t.Errorf("delayed call: Duration %v, want at least its 30ms delay", e[0].Duration)
	}
	if e[1].Duration < 0 || e[1].Duration > e[1].ServedAt.Sub(e[0].ServedAt) {
		t.Errorf("unmatched call: Duration %v outside 0 and the time since the previous call", e[1].Duration)
	}
}
