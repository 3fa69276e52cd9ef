package basic_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

// Todo is the shape of one item of the collection's JSON bodies.
type Todo struct {
	ID    int    `json:"id"`
	Title string `json:"title"`
	Done  bool   `json:"done"`
}

func TestListTodos(t *testing.T) {
	// New loads the collection and starts a mock on a loopback port; the
	// server stops by itself when the test ends (t.Cleanup).
	srv := mocktest.New(t, "todos.postman_collection.json")

	// Only the path matters: the example was saved for
	// https://api.example.com/todos, and the mock serves it at srv.URL/todos.
	resp, err := srv.Client().Get(srv.URL + "/todos")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status = %d, want 200", resp.StatusCode)
	}
	// Headers saved with the example are sent as they are.
	if got := resp.Header.Get("X-Total-Count"); got != "2" {
		t.Errorf("X-Total-Count = %q, want 2", got)
	}
	if got := resp.Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", got)
	}

	var todos []Todo
	if err := json.NewDecoder(resp.Body).Decode(&todos); err != nil {
		t.Fatal(err)
	}
	if len(todos) != 2 || todos[0].Title != "Write the examples" || !todos[0].Done {
		t.Errorf("todos = %+v", todos)
	}
}

func TestCreateTodo(t *testing.T) {
	srv := mocktest.New(t, "todos.postman_collection.json")

	// Body matching is off by default (as in Postman), so any body gets the
	// saved "Created" answer; see examples/body-matching to compare bodies.
	resp, err := srv.Client().Post(srv.URL+"/todos", "application/json", strings.NewReader(`{"title":"Buy milk"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("status = %d, want 201", resp.StatusCode)
	}
	if got := resp.Header.Get("Location"); got != "/todos/3" {
		t.Errorf("Location = %q, want /todos/3", got)
	}
	// The example sets no Content-Type, so the mock derives one from its
	// preview language ("json").
	if got := resp.Header.Get("Content-Type"); got != "application/json; charset=utf-8" {
		t.Errorf("Content-Type = %q", got)
	}
	var created Todo
	if err := json.NewDecoder(resp.Body).Decode(&created); err != nil {
		t.Fatal(err)
	}
	if want := (Todo{ID: 3, Title: "Buy milk"}); created != want {
		t.Errorf("created = %+v, want %+v", created, want)
	}

	// The call log remembers what was served.
	srv.AssertServed(t, "Created")
}

func TestUnknownPathGetsPostmansNotFound(t *testing.T) {
	srv := mocktest.New(t, "todos.postman_collection.json")

	// DELETE was never saved as an example: the mock answers like Postman's
	// cloud mock does, 404 mockRequestNotFoundError.
	req, err := http.NewRequest(http.MethodDelete, srv.URL+"/todos/1", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusNotFound || string(body) != mock.NotFoundBody {
		t.Errorf("got %d %s, want 404 %s", resp.StatusCode, body, mock.NotFoundBody)
	}
}

// TestQuickStart is the start README.md shows, followed by what a real
// test would check.
func TestQuickStart(t *testing.T) {
	srv := mocktest.New(t, "todos.postman_collection.json")
	resp, err := srv.Client().Get(srv.URL + "/todos")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	srv.AssertCalled(t, "GET", "/todos")

	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d, want 200", resp.StatusCode)
	}
}
