package mocktest_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

const api = "testdata/api.postman_collection.json"

// fakeTB records failures instead of failing, to test what mocktest reports.
type fakeTB struct {
	testing.TB
	mu       sync.Mutex
	errs     []string
	cleanups []func()
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Error(args ...any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.errs = append(f.errs, fmt.Sprint(args...))
}
func (f *fakeTB) Errorf(format string, args ...any) { f.Error(fmt.Sprintf(format, args...)) }
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.Error(fmt.Sprintf(format, args...))
	panic(f)
}
func (f *fakeTB) Cleanup(fn func()) { f.cleanups = append(f.cleanups, fn) }
func (f *fakeTB) runCleanups() {
	for i := len(f.cleanups) - 1; i >= 0; i-- {
		f.cleanups[i]()
	}
}

func get(t *testing.T, c *http.Client, url string, hdr ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServerServesOverTheListenerAndInProcess(t *testing.T) {
	srv := mocktest.New(t, api)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("URL = %q", srv.URL)
	}
	code, body := get(t, srv.Client(), srv.URL+"/users/carol")
	if code != 200 || body != `{"example": "a3"}` {
		t.Errorf("listener: %d %s", code, body)
	}
	c := &http.Client{Transport: srv.Transport()}
	code, body = get(t, c, "http://anything.invalid/users/42", "x-mock-response-code", "200")
	if code != 200 || body != `{"example": "a4"}` {
		t.Errorf("transport: %d %s", code, body)
	}
	srv.AssertCalls(t, []mocktest.Call{
		{Method: "GET", Path: "/users/carol", Status: 200, Example: "User by id"},
		{Method: "GET", Path: "/users/42", Status: 200, Example: "User 42"},
	})
	srv.AssertCalled(t, "GET", "/users/42")
	srv.AssertNotCalled(t, "POST", "/users")
	srv.AssertCallCount(t, 2)
	srv.AssertServed(t, "User by id")
	srv.Close()
	srv.Close() // safe twice
}

func TestWithoutListenerServesInProcess(t *testing.T) {
	srv := mocktest.New(t, api, mocktest.WithoutListener())
	if srv.URL != "" {
		t.Errorf("URL = %q, want none", srv.URL)
	}
	code, _ := get(t, srv.Client(), "http://api.test/health")
	if code != 200 {
		t.Errorf("status %d", code)
	}
}

func TestEnvironmentFileChangesResolvedPaths(t *testing.T) {
	srv := mocktest.New(t, api, mocktest.WithEnvironmentFile("testdata/staging.postman_environment.json"))
	if code, _ := get(t, srv.Client(), srv.URL+"/v2/health"); code != 200 {
		t.Errorf("environment baseUrl with a path: /v2/health answered %d", code)
	}
}

func TestAssertionsReportDiffs(t *testing.T) {
	srv := mocktest.New(t, api)
	get(t, srv.Client(), srv.URL+"/users")
	ft := &fakeTB{TB: t}
	srv.AssertCalls(ft, []mocktest.Call{{Method: "GET", Path: "/users", Status: 201, Example: "List users"}})
	srv.AssertCalled(ft, "DELETE", "/users")
	srv.AssertServed(ft, "Health")
	srv.AssertCallCount(ft, 3)
	if len(ft.errs) != 4 {
		t.Fatalf("got %d failures, want 4: %q", len(ft.errs), ft.errs)
	}
	if !strings.Contains(ft.errs[0], "-want +got") || !strings.Contains(ft.errs[0], "201") {
		t.Errorf("AssertCalls failure is not a cmp diff: %s", ft.errs[0])
	}
	if !strings.Contains(ft.errs[1], "GET /users → 200 List users") {
		t.Errorf("AssertCalled failure does not list the calls: %s", ft.errs[1])
	}
}

func TestStrictFailsOnUnmatchedCallsWithReasons(t *testing.T) {
	ft := &fakeTB{TB: t}
	srv := mocktest.New(ft, api, mocktest.Strict())
	get(t, srv.Client(), srv.URL+"/users")
	get(t, srv.Client(), srv.URL+"/tenants/users", "X-Tenant", "C", "x-mock-match-request-headers", "x-tenant")
	ft.runCleanups()
	if len(ft.errs) != 1 {
		t.Fatalf("got %d failures, want 1: %q", len(ft.errs), ft.errs)
	}
	for _, want := range []string{"GET /tenants/users matched no example", `header "Tenant A users"`, `request has "C"`} {
		if !strings.Contains(ft.errs[0], want) {
			t.Errorf("strict report lacks %q:\n%s", want, ft.errs[0])
		}
	}
}

func TestStrictPassesWhenEverythingMatched(t *testing.T) {
	ft := &fakeTB{TB: t}
	srv := mocktest.New(ft, api, mocktest.Strict())
	get(t, srv.Client(), srv.URL+"/users")
	ft.runCleanups()
	if len(ft.errs) != 0 {
		t.Errorf("unexpected failures: %q", ft.errs)
	}
}

func TestBadCollectionFailsTheTest(t *testing.T) {
	ft := &fakeTB{TB: t}
	func() {
		defer func() { _ = recover() }()
		mocktest.New(ft, "testdata/missing.json")
	}()
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], "missing.json") {
		t.Errorf("failures = %q", ft.errs)
	}
}

func TestConfigAndMockReachableMidTest(t *testing.T) {
	srv := mocktest.New(t, api, mocktest.WithConfig(mock.Config{IgnoreWildcards: true}), mocktest.WithSeed(1))
	if code, _ := get(t, srv.Client(), srv.URL+"/users/carol"); code != 404 {
		t.Errorf("wildcards off: %d", code)
	}
	if err := srv.Mock().SetConfig(mock.Config{}); err != nil {
		t.Fatal(err)
	}
	if code, _ := get(t, srv.Client(), srv.URL+"/users/carol"); code != 200 {
		t.Errorf("wildcards back on: %d", code)
	}
	srv.Reset()
	srv.AssertCallCount(t, 0)
}

func TestParallelSubtestsShareOneMock(t *testing.T) {
	srv := mocktest.New(t, api)
	t.Run("group", func(t *testing.T) {
		for i := range 8 {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				if code, _ := get(t, srv.Client(), srv.URL+"/health"); code != 200 {
					t.Errorf("status %d", code)
				}
			})
		}
	})
	srv.AssertCallCount(t, 8)
}

// TestConfigZeroValuesKeepPostmansDefaults: setting one field of mock.Config
// leaves the others at Postman's defaults — a Config{MatchBody: true} still
// matches wildcards and scores query parameters.
func TestConfigZeroValuesKeepPostmansDefaults(t *testing.T) {
	for _, tc := range []struct {
		name string
		cfg  mock.Config
	}{
		{"zero", mock.Config{}},
		{"match body only", mock.Config{MatchBody: true}},
		{"headers only", mock.Config{Headers: []string{"x-none"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mocktest.New(t, api, mocktest.WithConfig(tc.cfg))
			if code, body := get(t, srv.Client(), srv.URL+"/users/carol"); code != 200 || !strings.Contains(body, "a3") {
				t.Errorf("GET /users/carol (wildcard) = %d %s, want 200 from User by id", code, body)
			}
			// No query scores +10 for "List users" (a1) and -10 for "List
			// users page 2" (a2); without query scoring they would tie and the
			// last id, a2, would win.
			if code, body := get(t, srv.Client(), srv.URL+"/users"); code != 200 || !strings.Contains(body, "a1") {
				t.Errorf("GET /users = %d %s, want 200 from List users", code, body)
			}
		})
	}
}

// TestBodyOptionsComposeWithConfig: SubsetBody and IgnoreBodyPaths change
// their fields over WithConfig's, before or after it, and add up.
func TestBodyOptionsComposeWithConfig(t *testing.T) {
	base := mock.Config{IgnoreQueryParams: true, Headers: []string{"x-tenant"}}
	for _, tc := range []struct {
		name string
		opts []mocktest.Option
	}{
		{"after WithConfig", []mocktest.Option{mocktest.WithConfig(base), mocktest.SubsetBody(), mocktest.IgnoreBodyPaths("ts"), mocktest.IgnoreBodyPaths("meta.id")}},
		{"before WithConfig", []mocktest.Option{mocktest.IgnoreBodyPaths("ts"), mocktest.SubsetBody(), mocktest.IgnoreBodyPaths("meta.id"), mocktest.WithConfig(base)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := mocktest.New(t, api, append(tc.opts, mocktest.WithoutListener())...)
			got := srv.Mock().Config()
			want := mock.Config{IgnoreQueryParams: true, Headers: []string{"x-tenant"}, MatchBody: true, SubsetBody: true,
				IgnoreBodyPaths: []string{"ts", "meta.id"}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("config (-want +got):\n%s", diff)
			}
		})
	}
}
