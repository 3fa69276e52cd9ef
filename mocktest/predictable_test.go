package mocktest_test

import (
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

func corpusFile(t *testing.T, name string) string {
	t.Helper()
	return filepath.Join(corpus.Dir(t), "collections", name)
}

const (
	todoFile   = "kevinswiber__postman2openapi__todo.json"
	githubFile = "kevinswiber__postman2openapi__github-v3-rest.json"
)

// The todo collection serves typos through its fuzzy ladder steps; Strict
// turns each into a failure naming the call, the example and the step. (Its
// request items are named after their paths, "/todos" and "/todos/:id".)
func TestStrictFailsForEachCallServedThroughAFuzzyStep(t *testing.T) {
	ft := &fakeTB{TB: t}
	srv := mocktest.New(ft, corpusFile(t, todoFile), mocktest.Strict())
	for _, p := range []string{"/todos", "/tdos", "/todo/1", "/TODOS"} {
		if code, _ := get(t, srv.Client(), srv.URL+p); code == 404 && p == "/todos" {
			t.Fatalf("GET %s = 404", p)
		}
	}
	ft.runCleanups()
	want := [][]string{
		{"GET /tdos was served by example", "[/todos, GET /todos]", "(document distance)", "AllowFuzzy"},
		{"GET /todo/1 was served by example", "[/todos/:id, GET /todos/1]", "(document distance)"},
		{"GET /TODOS was served by example", "[/todos, GET /todos]", "(case)"},
	}
	if len(ft.errs) != len(want) {
		t.Fatalf("got %d failures, want %d: %q", len(ft.errs), len(want), ft.errs)
	}
	for i, ws := range want {
		for _, w := range ws {
			if !strings.Contains(ft.errs[i], w) {
				t.Errorf("failure %d lacks %q:\n%s", i, w, ft.errs[i])
			}
		}
	}
}

func TestAllowFuzzyKeepsStrictQuietAboutFuzzyMatchesButNotMisses(t *testing.T) {
	ft := &fakeTB{TB: t}
	srv := mocktest.New(ft, corpusFile(t, todoFile), mocktest.AllowFuzzy(), mocktest.Strict())
	get(t, srv.Client(), srv.URL+"/tdos")
	get(t, srv.Client(), srv.URL+"/todo/1")
	ft.runCleanups()
	if len(ft.errs) != 0 {
		t.Fatalf("AllowFuzzy: got failures %q", ft.errs)
	}

	ft = &fakeTB{TB: t}
	srv = mocktest.New(ft, corpusFile(t, todoFile), mocktest.Strict(), mocktest.AllowFuzzy())
	get(t, srv.Client(), srv.URL+"/tdos")
	req, _ := http.NewRequest("PATCH", srv.URL+"/todos/1", nil)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	ft.runCleanups()
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], "PATCH /todos/1 matched no example") {
		t.Fatalf("AllowFuzzy with a miss: failures %q, want the miss only", ft.errs)
	}
	// The miss report names each near example's item and path.
	if !strings.Contains(ft.errs[0], `method "200 OK" (00000000-0000-4000-8000-000000000006) [/todos/:id, PUT /todos/1]`) {
		t.Errorf("the miss report does not name the item and path:\n%s", ft.errs[0])
	}
}

func TestWithHeaderPicksTheResponseCodeOfEveryCall(t *testing.T) {
	for _, code := range []int{200, 404} {
		srv := mocktest.New(t, corpusFile(t, githubFile), mocktest.WithHeader("x-mock-response-code", strconv.Itoa(code)))
		if got, _ := get(t, srv.Client(), srv.URL+"/repos/o/r"); got != code {
			t.Errorf("WithHeader(x-mock-response-code, %d): GET /repos/o/r = %d", code, got)
		}
		// A call's own header wins.
		if got, _ := get(t, srv.Client(), srv.URL+"/repos/o/r", "x-mock-response-code", "403"); got != 403 {
			t.Errorf("own x-mock-response-code 403 = %d", got)
		}
	}
}

func TestWithHeaderAndWithConfigComposeInAnyOrder(t *testing.T) {
	cfg := mock.Config{MatchBody: true, DefaultHeaders: http.Header{"x-mock-response-delay": {"7"}}}
	orders := map[string][]mocktest.Option{
		"config first": {mocktest.WithConfig(cfg), mocktest.WithHeader("x-mock-response-code", "200")},
		"header first": {mocktest.WithHeader("x-mock-response-code", "200"), mocktest.WithConfig(cfg)},
	}
	for name, opts := range orders {
		t.Run(name, func(t *testing.T) {
			srv := mocktest.New(t, corpusFile(t, todoFile), append(opts, mocktest.WithMockOptions(mock.WithMaxDelay(time.Second)))...)
			if code, _ := get(t, srv.Client(), srv.URL+"/todos/1"); code != 200 {
				t.Errorf("GET /todos/1 = %d, want 200 from WithHeader", code)
			}
			c := srv.Mock().Config()
			if !c.MatchBody {
				t.Error("WithConfig's MatchBody was lost")
			}
			if e := srv.AssertCalled(t, "GET", "/todos/1"); e.Delay != 7*time.Millisecond {
				t.Errorf("delay %v, want WithConfig's default delay header 7ms", e.Delay)
			}
		})
	}
}

func TestWithHeaderRejectsHeadersTheMockDoesNotTake(t *testing.T) {
	for _, tc := range []struct{ name, value, want string }{
		{"Authorization", "Bearer x", "Authorization"},
		{"x-mock-response-code", "two hundred", "X-Mock-Response-Code"},
	} {
		ft := &fakeTB{TB: t}
		func() {
			defer func() { _ = recover() }() // fakeTB.Fatalf panics
			mocktest.New(ft, api, mocktest.WithHeader(tc.name, tc.value))
		}()
		if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], tc.want) {
			t.Errorf("WithHeader(%q, %q): failures %q, want one naming %s", tc.name, tc.value, ft.errs, tc.want)
		}
	}
}
