// Package typedclient is a tiny typed client for a users API, and an
// example of testing such a client against a Postman mock with no socket.
//
// The client takes an *http.Client and a base URL, as clients should, so
// the test can hand it an http.Client whose Transport is the mock's
// (mocktest.Server.Transport): requests to "https://api.example.com" are
// served in-process by the mock, whatever the host, without DNS, TLS or a
// listener. mocktest.WithoutListener skips the loopback listener entirely.
//
// The "User created" example echoes the request with the template helper
// {{$body 'name'}}, so the test sees its own input come back.
//
// The collection is users.postman_collection.json. Run the example with
//
//	go test ./examples/typed-client/ -v
package typedclient
