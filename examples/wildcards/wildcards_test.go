package wildcards_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

func TestWildcardCapturedIntoBodyAndHeader(t *testing.T) {
	srv := mocktest.New(t, "users.postman_collection.json")

	resp, body := get(t, srv, "/users/carol")
	if want := `{"id": "carol", "profile": "https://example.com/u/carol"}`; body != want {
		t.Errorf("body = %s, want %s", body, want)
	}
	if got := resp.Header.Get("X-User-Id"); got != "carol" {
		t.Errorf("X-User-Id = %q, want carol", got)
	}

	// The call log keeps the captures, and the wildcard rung of the score
	// ladder: 100 - 20 for wildcards, + 10 for (empty) queries that agree.
	e := srv.AssertCalled(t, "GET", "/users/carol")
	if diff := cmp.Diff(map[string]string{"userId": "carol"}, e.Captures); diff != "" {
		t.Errorf("captures (-want +got):\n%s", diff)
	}
	if e.Score != 90 {
		t.Errorf("score = %d, want 90", e.Score)
	}
}

func TestSeveralWildcards(t *testing.T) {
	srv := mocktest.New(t, "users.postman_collection.json")

	// Substitution is plain text: {{orderId}} is not quoted in the body, so
	// a numeric segment makes a JSON number.
	_, body := get(t, srv, "/users/carol/orders/17")
	if want := `{"user": "carol", "order": 17}`; body != want {
		t.Errorf("body = %s, want %s", body, want)
	}
}

func TestExactPathBeatsWildcard(t *testing.T) {
	srv := mocktest.New(t, "users.postman_collection.json")

	// /users/me matches "Current user" exactly (score 110) and "User by
	// id" through the wildcard (90): the exact one wins.
	_, body := get(t, srv, "/users/me")
	if want := `{"id": "me", "admin": true}`; body != want {
		t.Errorf("body = %s, want %s", body, want)
	}
	srv.AssertServed(t, "user-me")
}

func TestWildcardsOff(t *testing.T) {
	// The zero Config is Postman's defaults; IgnoreWildcards turns wildcards off.
	srv := mocktest.New(t, "users.postman_collection.json", mocktest.WithConfig(mock.Config{IgnoreWildcards: true}))

	// {{userId}} is now literal text, which "carol" does not equal.
	resp, body := get(t, srv, "/users/carol")
	if resp.StatusCode != http.StatusNotFound || body != mock.NotFoundBody {
		t.Errorf("GET /users/carol = %d %s, want Postman's 404", resp.StatusCode, body)
	}
	// Exact paths are unaffected.
	if resp, _ := get(t, srv, "/users/me"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /users/me = %d, want 200", resp.StatusCode)
	}
}

// get calls the mock and returns the response with its body read.
func get(t *testing.T, srv *mocktest.Server, path string) (*http.Response, string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
