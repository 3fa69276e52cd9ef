package match_test

import (
	"fmt"
	"net/http"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
)

// Compile once, then match each request: the result names the example, its
// score, the ladder step and what wildcards captured.
func ExampleIndex_Match() {
	c, err := collection.LoadFile("testdata/worked.postman_collection.json")
	if err != nil {
		panic(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		panic(err)
	}
	for _, target := range []string{"/users", "/USERS/", "/users/carol", "/documents/my-documnt", "/status"} {
		res := ix.Match(&match.Request{Method: "GET", Path: target, Header: http.Header{}}, match.Config{})
		if res.Example == nil {
			fmt.Printf("%-22s → 404 (%v)\n", target, res.Err)
			continue
		}
		fmt.Printf("%-22s → %s %q score %d (%s) %v\n", target, res.Example.ID, res.Example.Name, res.Score, res.Step, res.Captures)
	}
	// Output:
	// /users                 → a1 "List users" score 110 (exact) map[]
	// /USERS/                → a1 "List users" score 95 (trailing slash + case) map[]
	// /users/carol           → a3 "User by id" score 90 (wildcard) map[userId:carol]
	// /documents/my-documnt  → b2 "Document" score 80 (document distance) map[]
	// /status                → 404 (no matching example)
}

// Compile resolves every example's request side once and lists what the
// mock will serve, and what its user should know.
func ExampleCompile() {
	c, err := collection.Parse([]byte(`{"info": {"name": "Shop", "schema": "v2.1.0"},
	  "variable": [{"key": "base", "value": "https://shop.example.com/api"}],
	  "item": [{"name": "Order", "request": "{{base}}/orders/{{orderId}}", "response": [
	    {"id": "o1", "name": "Found", "code": 200, "originalRequest": "{{base}}/orders/{{orderId}}?full=1"},
	    {"id": "o2", "name": "Gone", "code": 410}]}]}`))
	if err != nil {
		panic(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		panic(err)
	}
	for _, r := range ix.Routes() {
		fmt.Println(r.Method, r.Path, r.Query, r.Code, r.Name)
	}
	for _, w := range ix.Warnings() {
		fmt.Println(w)
	}
	// Output:
	// GET /api/orders/{{orderId}} full=1 200 Found
	// GET /api/orders/{{orderId}}  410 Gone
	// item[0].response[0]: variable {{orderId}} is defined nowhere; it is a wildcard in 2 example(s)
	// item[0].response[1]: example "Gone" has no originalRequest; it is matched through its parent request
}

// Explain says why the near candidates of a request were not served,
// nearest first; each Rejection's Reason names the filter.
func ExampleIndex_Explain() {
	c, err := collection.LoadFile("testdata/worked.postman_collection.json")
	if err != nil {
		panic(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		panic(err)
	}
	req := &match.Request{Method: "GET", Path: "/users/42", Header: http.Header{"X-Mock-Response-Code": {"500"}}}
	fmt.Println(ix.Match(req, match.Config{}).Err)
	for _, r := range ix.Explain(req, match.Config{}) {
		fmt.Println(r.Example.ID, r.Detail)
	}
	// Output:
	// no matching example
	// a4 code: the example answers 200, x-mock-response-code wants 500
	// a5 code: the example answers 404, x-mock-response-code wants 500
	// a3 code: the example answers 200, x-mock-response-code wants 500
	// a1 path /users does not match /users/42
	// a2 path /users does not match /users/42
}

// Ties names, once per request side, the examples that tie there and the
// one that answers; without ids of their own the first in document order
// wins, and PreferSuccessWinner says which 2xx example prefer-success
// would serve instead.
func ExampleIndex_Ties() {
	c, err := collection.Parse([]byte(`{"info": {"name": "Todos", "schema": "v2.1.0"},
	  "item": [{"name": "Todo", "request": "/todos/{{id}}", "response": [
	    {"name": "Not found", "code": 404, "originalRequest": "/todos/{{id}}"},
	    {"name": "OK", "code": 200, "originalRequest": "/todos/{{id}}"}]}]}`))
	if err != nil {
		panic(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		panic(err)
	}
	for _, t := range ix.Ties(match.Config{}) {
		fmt.Println(t.Method, t.Path, len(t.Examples), "examples tie;", t.Winner.Name, "answers; prefer-success:", t.PreferSuccessWinner.Name)
	}
	// Output:
	// GET /todos/{{id}} 2 examples tie; Not found answers; prefer-success: OK
}
