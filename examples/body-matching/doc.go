// Package bodymatching shows how a mock tells apart examples that share a
// method and path but were saved with different request bodies.
//
// Postman ignores request bodies by default: POST /orders matches both
// examples of "Place order" equally well and the id last in byte order wins
// ("order-400-invalid"). Body matching turns the comparison on, per call
// with the header x-mock-match-request-body: true, or for every call with
// the mock's config (mock.Config.MatchBody, set with mocktest.WithConfig).
// Examples whose body differs are then dropped; when none is left the call
// gets Postman's 404.
//
// How bodies compare depends on the example's body mode: raw JSON is
// compared as JSON values (key order and spacing ignored, numbers by value);
// urlencoded bodies are compared as sets of key=value pairs (order ignored).
// This is Postman's exact comparison; examples/body-subset shows subset
// matching, where the request may send more fields than the example has.
//
// The collection is checkout.postman_collection.json. Run the example with
//
//	go test ./examples/body-matching/ -v
package bodymatching
