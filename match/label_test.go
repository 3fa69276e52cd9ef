package match_test

import (
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
)

// labelled has an example in a nested folder and an example the loader
// skips (a string, not an object) before it, so that Example.Index and
// the position among loaded examples differ.
const labelled = `{"info": {"name": "l", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
 "item": [
  {"name": "Health", "request": {"method": "GET", "url": "/health"}, "response": ["junk",
    {"id": "h1", "name": "OK", "code": 200, "originalRequest": {"method": "GET", "url": "/health"}}]},
  {"name": "Users", "item": [{"name": "Admin", "item": [
    {"name": "Get user", "request": {"method": "GET", "url": "/users/{{id}}"}, "response": [
      {"id": "u1", "name": "Found", "code": 200, "originalRequest": {"method": "GET", "url": "/users/{{id}}?full=1"}},
      {"id": "u2", "name": "Missing", "code": 404, "originalRequest": {"method": "GET", "url": "/users/{{id}}"}}]}]}]}]}`

func TestLabelNamesItemNameIDAndPath(t *testing.T) {
	c, err := collection.Parse([]byte(labelled))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	exs := c.Examples()
	if len(exs) != 3 {
		t.Fatalf("%d examples loaded, want 3 (one skipped)", len(exs))
	}
	want := []string{
		`"OK" (h1) [Health, GET /health]`,
		`"Found" (u1) [Users / Admin / Get user, GET /users/{{id}}?full=1]`,
		`"Missing" (u2) [Users / Admin / Get user, GET /users/{{id}}]`,
	}
	for i, ex := range exs {
		rt, ok := ix.RouteOf(ex)
		if !ok {
			t.Fatalf("RouteOf(%s) found nothing", ex.ID)
		}
		if got := match.Label(ex, rt); got != want[i] {
			t.Errorf("Label(%s) = %s, want %s", ex.ID, got, want[i])
		}
	}

	other, err := collection.Parse([]byte(labelled))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ix.RouteOf(other.Examples()[0]); ok {
		t.Error("RouteOf found an example of another collection")
	}
	if _, ok := ix.RouteOf(nil); ok {
		t.Error("RouteOf(nil) found something")
	}
	if got := match.Label(nil, match.Route{}); got != "(none)" {
		t.Errorf("Label(nil) = %q", got)
	}
}

func TestExplainRejectionsCarryTheExamplesRoute(t *testing.T) {
	c, err := collection.Parse([]byte(labelled))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	rej := ix.Explain(&match.Request{Method: "POST", Path: "/users/7"}, match.Config{})
	if len(rej) == 0 {
		t.Fatal("no rejections")
	}
	for _, r := range rej {
		rt, _ := ix.RouteOf(r.Example)
		if r.Route != rt {
			t.Errorf("rejection of %s carries route %+v, want %+v", r.Example.ID, r.Route, rt)
		}
		if r.Example.ID != "h1" && !strings.Contains(match.Label(r.Example, r.Route), "Users / Admin / Get user") {
			t.Errorf("label of %s lacks the item path: %s", r.Example.ID, match.Label(r.Example, r.Route))
		}
	}
}
