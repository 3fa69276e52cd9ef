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
