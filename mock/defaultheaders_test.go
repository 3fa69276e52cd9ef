package mock_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
)

const worked = "testdata/worked.postman_collection.json"

func TestDefaultHeadersApplyUnlessTheCallSendsItsOwn(t *testing.T) {
	tests := []struct {
		name     string
		defaults http.Header
		target   string
		hdr      map[string]string
		status   int
		example  string
	}{
		{"without defaults the tie goes to the 404", nil, "/users/42", nil, 404, "a5"},
		{"default code picks the 200", http.Header{"X-Mock-Response-Code": {"200"}}, "/users/42", nil, 200, "a4"},
		{"the call's own code wins", http.Header{"X-Mock-Response-Code": {"200"}}, "/users/42",
			map[string]string{"x-mock-response-code": "404"}, 404, "a5"},
		{"non-canonical default names work", http.Header{"x-mock-response-code": {" 200 "}}, "/users/42", nil, 200, "a4"},
		{"default name selects", http.Header{"X-Mock-Response-Name": {"Health"}}, "/anything", nil, 200, "b1"},
		{"default header matching applies", http.Header{"X-Mock-Match-Request-Headers": {"x-tenant"}}, "/tenants/users",
			map[string]string{"X-Tenant": "A"}, 200, "b3"},
		{"default header matching drops the unmatched", http.Header{"X-Mock-Match-Request-Headers": {"x-tenant"}}, "/tenants/users",
			map[string]string{"X-Tenant": "C"}, 404, ""},
		// docs/matching.md#header-matching: present but empty turns header matching off for
		// the call, so an empty header sent counts as the call's own.
		{"an empty header sent by the call wins", http.Header{"X-Mock-Match-Request-Headers": {"x-tenant"}}, "/tenants/users",
			map[string]string{"X-Tenant": "C", "X-Mock-Match-Request-Headers": ""}, 200, "b4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newMock(t, worked, mock.WithConfig(mock.Config{DefaultHeaders: tt.defaults}))
			r := do(t, m, "GET", tt.target, tt.hdr, "")
			if r.status != tt.status {
				t.Errorf("status = %d, want %d", r.status, tt.status)
			}
			all := m.Calls().All()
			if len(all) != 1 {
				t.Fatalf("%d calls logged", len(all))
			}
			if got := all[0].ExampleID; got != tt.example {
				t.Errorf("served %q, want %q", got, tt.example)
			}
		})
	}
}

func TestDefaultHeadersLeaveTheCallersRequestAlone(t *testing.T) {
	m := newMock(t, worked, mock.WithConfig(mock.Config{DefaultHeaders: http.Header{
		"X-Mock-Response-Code": {"200"}, "X-Mock-Response-Delay": {"1"}}}))

	// Through Transport the handler sees the client's own request.
	req, err := http.NewRequest("GET", "http://api.test/users/42", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := (&http.Client{Transport: m.Transport()}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("status = %d, want 200 from the default code", resp.StatusCode)
	}
	if len(req.Header) != 1 || req.Header.Get("Accept") != "application/json" {
		t.Errorf("client request headers changed: %v", req.Header)
	}

	// Served directly, the handler's own *http.Request is not changed either.
	r := httptest.NewRequest("GET", "/users/42", nil)
	m.ServeHTTP(httptest.NewRecorder(), r)
	if len(r.Header) != 0 {
		t.Errorf("request headers changed: %v", r.Header)
	}
}

func TestDefaultDelayHeaderDelaysCallsThatSendNone(t *testing.T) {
	m := newMock(t, worked, mock.WithConfig(mock.Config{Delay: 5 * time.Millisecond,
		DefaultHeaders: http.Header{"X-Mock-Response-Delay": {"30"}}}))
	do(t, m, "GET", "/health", nil, "")
	do(t, m, "GET", "/health", map[string]string{"x-mock-response-delay": "2"}, "")
	all := m.Calls().All()
	if len(all) != 2 {
		t.Fatalf("%d calls logged", len(all))
	}
	if all[0].Delay != 30*time.Millisecond {
		t.Errorf("default delay header: delay %v, want 30ms (it beats the configured 5ms)", all[0].Delay)
	}
	if all[1].Delay != 2*time.Millisecond {
		t.Errorf("the call's own delay header: delay %v, want 2ms", all[1].Delay)
	}
}

func TestCallLogRecordsTheDefaultHeadersThatApplied(t *testing.T) {
	m := newMock(t, worked, mock.WithConfig(mock.Config{DefaultHeaders: http.Header{"X-Mock-Response-Code": {"200"}}}))
	do(t, m, "GET", "/users/42", nil, "")
	do(t, m, "GET", "/users/42", map[string]string{"X-Mock-Response-Code": "404"}, "")
	codes := func(e calllog.Entry) []string {
		var out []string
		for _, h := range e.Request.Headers {
			if h.Key == "X-Mock-Response-Code" {
				out = append(out, h.Value)
			}
		}
		return out
	}
	all := m.Calls().All()
	if got := codes(all[0]); len(got) != 1 || got[0] != "200" {
		t.Errorf("call without the header: logged codes %q, want the default [200]", got)
	}
	if got := codes(all[1]); len(got) != 1 || got[0] != "404" {
		t.Errorf("call with its own header: logged codes %q, want [404] only", got)
	}
}

func TestInvalidDefaultHeadersAreRejected(t *testing.T) {
	tests := []struct {
		name string
		h    http.Header
		want string // in the error
	}{
		{"not an x-mock header", http.Header{"X-Api-Key": {"k"}}, `"X-Api-Key"`},
		{"unknown x-mock header", http.Header{"x-mock-response-cod": {"200"}}, `"x-mock-response-cod"`},
		{"code not a number", http.Header{"X-Mock-Response-Code": {"ok"}}, "X-Mock-Response-Code"},
		{"code out of range", http.Header{"X-Mock-Response-Code": {"700"}}, "X-Mock-Response-Code"},
		{"delay zero", http.Header{"X-Mock-Response-Delay": {"0"}}, "X-Mock-Response-Delay"},
		{"delay over the limit", http.Header{"X-Mock-Response-Delay": {"180001"}}, "X-Mock-Response-Delay"},
		{"body switch not a bool", http.Header{"X-Mock-Match-Request-Body": {"yes"}}, "X-Mock-Match-Request-Body"},
		{"empty name selector", http.Header{"X-Mock-Response-Name": {" "}}, "X-Mock-Response-Name"},
		{"control characters", http.Header{"X-Mock-Response-Id": {"a\r\nX-Evil: 1"}}, "control characters"},
		{"no value", http.Header{"X-Mock-Response-Id": {}}, "no value"},
	}
	c := loadColl(t, worked)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mock.New(c, mock.WithConfig(mock.Config{DefaultHeaders: tt.h}))
			if !errors.Is(err, mock.ErrInvalidConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: err = %v, want ErrInvalidConfig naming %s", err, tt.want)
			}
			m, err := mock.New(c)
			if err != nil {
				t.Fatal(err)
			}
			err = m.SetConfig(mock.Config{DefaultHeaders: tt.h})
			if !errors.Is(err, mock.ErrInvalidConfig) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("SetConfig: err = %v, want ErrInvalidConfig naming %s", err, tt.want)
			}
			if m.Config().DefaultHeaders != nil {
				t.Errorf("a rejected config was installed: %v", m.Config().DefaultHeaders)
			}
		})
	}
}

func TestConfigKeepsItsOwnCopyOfTheDefaultHeaders(t *testing.T) {
	const name = "x-mock-response-code" // not canonical: New canonicalizes it
	h := http.Header{name: {"200"}}
	m := newMock(t, worked, mock.WithConfig(mock.Config{DefaultHeaders: h}))
	for _, vs := range h {
		vs[0] = "404" // the caller reuses its map
	}
	if r := do(t, m, "GET", "/users/42", nil, ""); r.status != 200 {
		t.Errorf("status = %d after the caller changed its map, want 200", r.status)
	}
	if got := m.Config().DefaultHeaders.Get("X-Mock-Response-Code"); got != "200" {
		t.Errorf("Config().DefaultHeaders code = %q, want 200 under the canonical name", got)
	}
}

func TestDefaultHeadersAllocateOnlyWhenTheyApply(t *testing.T) {
	allocs := func(cfg mock.Config) float64 {
		m := newMock(t, worked, mock.WithConfig(cfg), mock.WithCallLogLimits(calllog.Limits{MaxEntries: 1}))
		req := httptest.NewRequest("GET", "/health", nil)
		req.Header.Set("X-Mock-Response-Code", "200")
		return testing.AllocsPerRun(200, func() { m.ServeHTTP(httptest.NewRecorder(), req) })
	}
	none := allocs(mock.Config{})
	sent := allocs(mock.Config{DefaultHeaders: http.Header{"X-Mock-Response-Code": {"200"}}})
	applied := allocs(mock.Config{DefaultHeaders: http.Header{"X-Mock-Response-Name": {"Health"}}})
	if sent != none {
		t.Errorf("defaults the call already sends: %v allocations per call, want %v as with none", sent, none)
	}
	if applied <= none {
		t.Errorf("defaults that apply: %v allocations per call, want more than %v (a merged header)", applied, none)
	}
}

func loadColl(t testing.TB, file string) *collection.Collection {
	t.Helper()
	c, err := collection.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return c
}
