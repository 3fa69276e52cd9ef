package typedclient_test

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"

	typedclient "github.com/postmock/postmock/examples/typed-client"
	"github.com/postmock/postmock/mocktest"
)

// newClient returns a client of "https://api.example.com" served by a mock
// in-process, and the mock for assertions.
func newClient(t *testing.T) (*typedclient.Client, *mocktest.Server) {
	srv := mocktest.New(t, "users.postman_collection.json",
		mocktest.WithoutListener(), // no socket at all
		mocktest.Strict())          // and fail on any call the collection does not cover
	hc := &http.Client{Transport: srv.Transport()}
	return typedclient.New(hc, "https://api.example.com"), srv
}

func TestGetUser(t *testing.T) {
	c, srv := newClient(t)

	u, err := c.GetUser(context.Background(), "u-1")
	if err != nil {
		t.Fatal(err)
	}
	// The id comes from the {{userId}} wildcard; the rest from the example.
	want := typedclient.User{ID: "u-1", Name: "Ann Lee", Email: "ann@example.com"}
	if diff := cmp.Diff(want, u); diff != "" {
		t.Errorf("user (-want +got):\n%s", diff)
	}
	srv.AssertCalled(t, "GET", "/users/u-1")
}

func TestGetUserNotFound(t *testing.T) {
	c, _ := newClient(t)

	// /users/u-404 has an example of its own (an exact path beats the
	// wildcard): the client must turn its 404 into an *APIError.
	_, err := c.GetUser(context.Background(), "u-404")
	var apiErr *typedclient.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *APIError", err)
	}
	if apiErr.StatusCode != http.StatusNotFound || apiErr.Code != "not_found" {
		t.Errorf("err = %+v, want 404 not_found", apiErr)
	}
}

func TestCreateUser(t *testing.T) {
	c, srv := newClient(t)

	u, err := c.CreateUser(context.Background(), typedclient.NewUser{Name: "Bo Chen", Email: "bo@example.com"})
	if err != nil {
		t.Fatal(err)
	}
	want := typedclient.User{ID: "u-2", Name: "Bo Chen", Email: "bo@example.com"}
	if diff := cmp.Diff(want, u); diff != "" {
		t.Errorf("user (-want +got):\n%s", diff)
	}

	// The call log keeps the request body the client sent.
	e := srv.AssertCalled(t, "POST", "/users")
	if got := e.Request.Body.Data; got != `{"name":"Bo Chen","email":"bo@example.com"}` {
		t.Errorf("request body = %s", got)
	}
}

func TestContextCancellation(t *testing.T) {
	c, _ := newClient(t)

	// The in-process transport honours the request's context, like a real
	// one: a cancelled context fails the call.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.GetUser(ctx, "u-1"); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
