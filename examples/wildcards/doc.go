// Package wildcards shows path wildcards: a {{variable}} in an example's
// URL that neither the collection nor the environment defines matches any
// one non-empty path segment, and the mock puts the text it captured
// wherever the response body or a header value says {{variable}}.
//
// GET /users/carol is served by the example saved for
// {{baseUrl}}/users/{{userId}}, with "carol" in its body and X-User-Id
// header. An exact path still beats a wildcard: GET /users/me gets its own
// example. With the mock's IgnoreWildcards switch on (mocktest.WithConfig),
// {{userId}} is plain text and GET /users/carol gets Postman's 404.
//
// The collection is users.postman_collection.json. Run the example with
//
//	go test ./examples/wildcards/ -v
package wildcards
