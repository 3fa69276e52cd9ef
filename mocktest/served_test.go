package mocktest_test

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/mocktest"
)

// todos has three examples named "200 OK" (t1 GET /todos, t2 GET
// /todos/{{id}}, u1 GET /users/{{id}}) and one "Not found" (t3 GET
// /todos/999), in the folders Todos and Users.
const todos = "testdata/todos.postman_collection.json"

// TestServedAndCountsNameExamplesUnambiguously: AssertServed and
// AssertServedTimes take an id, a name that only one example has, or
// "item / name"; a shared name fails and lists the examples it could mean.
// AssertCalledTimes counts the calls of one method and path.
func TestServedAndCountsNameExamplesUnambiguously(t *testing.T) {
	srv := mocktest.New(t, todos)
	for _, p := range []string{"/todos", "/todos/1", "/todos/2?x=1", "/todos/999"} {
		get(t, srv.Client(), srv.URL+p)
	}
	for _, tc := range []struct {
		name   string
		assert func(t *fakeTB)
		want   []string // substrings of the one failure; none for a pass
	}{
		{"served by id", func(t *fakeTB) { srv.AssertServed(t, "t2") }, nil},
		{"served by a unique name", func(t *fakeTB) { srv.AssertServed(t, "Not found") }, nil},
		{"served by item and name", func(t *fakeTB) { srv.AssertServed(t, "Todos / Get todo / 200 OK") }, nil},
		{"shared name is ambiguous", func(t *fakeTB) { srv.AssertServed(t, "200 OK") },
			[]string{`3 examples are named "200 OK"`, `(t1) [Todos / List todos, GET /todos]`, "(t2)", "(u1) [Users / Get user"}},
		{"never served", func(t *fakeTB) { srv.AssertServed(t, "Users / Get user / 200 OK") },
			[]string{`example "200 OK" (u1)`, "never served", "GET /todos/999 → 404 Not found"}},
		{"unknown example", func(t *fakeTB) { srv.AssertServed(t, "Gone") }, []string{`no example`, `"Gone"`}},
		{"served times", func(t *fakeTB) { srv.AssertServedTimes(t, "Todos / Get todo / 200 OK", 2) }, nil},
		{"served times wrong", func(t *fakeTB) { srv.AssertServedTimes(t, "t1", 2) }, []string{"served 1 times, want 2"}},
		{"called times any query", func(t *fakeTB) { srv.AssertCalledTimes(t, "GET", "/todos/2", 1) }, nil},
		{"called times by path only", func(t *fakeTB) { srv.AssertCalledTimes(t, "get", "/todos", 1) }, nil},
		{"called times wrong", func(t *fakeTB) { srv.AssertCalledTimes(t, "GET", "/todos/1", 2) },
			[]string{"GET /todos/1 was called 1 times, want 2", "GET /todos/2?x=1 → 200 200 OK"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ft := &fakeTB{TB: t}
			tc.assert(ft)
			if len(tc.want) == 0 {
				if len(ft.errs) != 0 {
					t.Errorf("unexpected failure: %q", ft.errs)
				}
				return
			}
			if len(ft.errs) != 1 {
				t.Fatalf("got %d failures, want 1: %q", len(ft.errs), ft.errs)
			}
			for _, w := range tc.want {
				if !strings.Contains(ft.errs[0], w) {
					t.Errorf("the failure lacks %q:\n%s", w, ft.errs[0])
				}
			}
		})
	}
}

// TestUnusedListsExamplesNoCallWasServed: Unused lists, in collection
// order, the examples no call was served, whatever the calls that went
// elsewhere or nowhere; AssertAllServed fails with that list until every
// example has answered once.
func TestUnusedListsExamplesNoCallWasServed(t *testing.T) {
	srv := mocktest.New(t, todos)
	all := []mocktest.Example{
		{ID: "t1", Name: "200 OK", Item: "Todos / List todos", Method: "GET", Path: "/todos", Code: 200},
		{ID: "t2", Name: "200 OK", Item: "Todos / Get todo", Method: "GET", Path: "/todos/{{id}}", Code: 200},
		{ID: "t3", Name: "Not found", Item: "Todos / Get todo", Method: "GET", Path: "/todos/999", Code: 404},
		{ID: "u1", Name: "200 OK", Item: "Users / Get user", Method: "GET", Path: "/users/{{id}}", Code: 200},
	}
	if d := cmp.Diff(all, srv.Unused()); d != "" {
		t.Fatalf("Unused before any call (-want +got):\n%s", d)
	}
	get(t, srv.Client(), srv.URL+"/todos/1")
	get(t, srv.Client(), srv.URL+"/todos/1")
	get(t, srv.Client(), srv.URL+"/nowhere")
	if d := cmp.Diff([]mocktest.Example{all[0], all[2], all[3]}, srv.Unused()); d != "" {
		t.Errorf("Unused after GET /todos/1 (-want +got):\n%s", d)
	}
	ft := &fakeTB{TB: t}
	srv.AssertAllServed(ft)
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], "3 examples were never served") ||
		!strings.Contains(ft.errs[0], `"Not found" (t3) [Todos / Get todo, GET /todos/999]`) {
		t.Errorf("AssertAllServed failure = %q", ft.errs)
	}
	for _, p := range []string{"/todos", "/todos/999", "/users/7"} {
		get(t, srv.Client(), srv.URL+p)
	}
	ft = &fakeTB{TB: t}
	srv.AssertAllServed(ft)
	if len(ft.errs) != 0 {
		t.Errorf("every example served, yet: %q", ft.errs)
	}
	srv.Reset()
	if got := len(srv.Unused()); got != len(all) {
		t.Errorf("after Reset %d examples unused, want all %d", got, len(all))
	}
}
