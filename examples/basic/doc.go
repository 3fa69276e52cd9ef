// Package basic is the smallest postmock example: a Postman collection with
// two requests, served by mocktest.New for the length of one test, and
// called with GET and POST. The tests check what a client sees: the status
// code, the headers the example saved, and a JSON body that decodes into Go
// structs. A call that no example matches gets Postman's own 404 body.
//
// The collection is todos.postman_collection.json, beside this file. Run the
// example with
//
//	go test ./examples/basic/ -v
package basic
