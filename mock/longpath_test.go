package mock_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/mock"
)

// TestRequestTargetLimits: a request-target over MaxRequestTarget bytes or
// a path over MaxPathSegments segments gets 414 uriTooLongError, in the
// JSON shape of the other errors, whatever the mock's gates; one at the
// limits is matched as usual.
func TestRequestTargetLimits(t *testing.T) {
	seg := func(n int) string { return strings.Repeat("/a", n) }
	// "/users?q=" plus padding: exactly MaxRequestTarget bytes.
	atLimit := "/users?q=" + strings.Repeat("x", mock.MaxRequestTarget-len("/users?q="))
	tests := []struct {
		name   string
		target string
		want   int
	}{
		{"target at the limit", atLimit, 200},
		{"target one byte over", atLimit + "x", 414},
		{"path over the byte limit", "/users/" + strings.Repeat("x", mock.MaxRequestTarget), 414},
		{"segments at the limit", seg(mock.MaxPathSegments), 404},
		{"one segment over", seg(mock.MaxPathSegments + 1), 414},
		{"trailing slashes count", "/users" + strings.Repeat("/", mock.MaxPathSegments), 414},
		{"1 MB of one-letter segments", seg(1 << 19), 414},
		// Within the limits the matcher still meets hostile shapes.
		{"a wildcard segment filling the target", "/users/" + strings.Repeat("x", mock.MaxRequestTarget-len("/users/")), 200},
		{"1000 query params", "/users?" + manyParams(1000), 200},
		{"wildcard-shaped segments at the limit", "/users" + strings.Repeat("/42", mock.MaxPathSegments-1), 404},
	}
	m := newMock(t, "testdata/worked.postman_collection.json")
	m.SetPrivate(true, "secret") // the limit comes before the gates
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := do(t, m, "GET", tt.target, map[string]string{"X-Api-Key": "secret"}, "")
			if r.status != tt.want {
				t.Fatalf("status = %d, want %d (body %.200s)", r.status, tt.want, r.body)
			}
			if tt.want != 414 {
				return
			}
			var body struct {
				Error struct{ Name, Message string }
			}
			if err := json.Unmarshal([]byte(r.body), &body); err != nil {
				t.Fatalf("414 body is not JSON: %v: %s", err, r.body)
			}
			if body.Error.Name != "uriTooLongError" || body.Error.Message == "" {
				t.Errorf("414 body = %s, want error name uriTooLongError with a message", r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type = %q", ct)
			}
		})
	}
	// Every call reached the log; the 414s with at most MaxRequestTarget
	// bytes of their target.
	entries := m.Calls().All()
	if len(entries) != len(tests) {
		t.Fatalf("call log has %d entries, want %d", len(entries), len(tests))
	}
	for _, e := range entries {
		if e.Response.StatusCode == 414 && len(e.Request.Path) > mock.MaxRequestTarget {
			t.Errorf("414 entry keeps %d bytes of the target, want ≤ %d", len(e.Request.Path), mock.MaxRequestTarget)
		}
	}
}

// TestLongPathAnsweredWithBoundedAllocation: the 1 MB path of one-letter
// segments (issue 13: 100–145 MB and 1.5–1.9 s of CPU per call) is
// answered 414 without splitting it: a few KiB per call, the copied start
// of the target for the call log included.
func TestLongPathAnsweredWithBoundedAllocation(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json",
		mock.WithCallLogLimits(calllog.Limits{MaxEntries: 1}))
	req := httptest.NewRequest("GET", strings.Repeat("/a", 1<<19), nil)
	serve := func() int {
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, req)
		return rec.Code
	}
	if code := serve(); code != http.StatusRequestURITooLong {
		t.Fatalf("status = %d, want 414", code)
	}
	const runs = 10
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for range runs {
		serve()
	}
	runtime.ReadMemStats(&after)
	if b := (after.TotalAlloc - before.TotalAlloc) / runs; b > 64<<10 {
		t.Errorf("a 414 allocates %d bytes per call for a 1 MB path, want ≤ 64 KiB", b)
	}
}
