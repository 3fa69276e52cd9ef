// Package serverresponses simulates an outage with a Postman "server
// response": a mock-wide 5xx reply that, once activated, answers every
// call of the mock — any method, any path, whatever x-mock-* headers ask
// for — until it is deactivated again.
//
// Server responses belong to mocks managed with the Postman API's
// semantics, so the example uses mocktest.NewWorkspace rather than
// mocktest.New: it creates a mock, adds a 503 server response to it
// (workspace.Workspace.CreateServerResponse), activates it by setting the mock
// config's ServerResponseID (workspace.Workspace.UpdateMock), checks that every path
// answers 503, then sets the id to "" and gets the saved examples back.
// This is how to test a client's retry or fallback logic.
//
// The collection is catalog.postman_collection.json. Run the example with
//
//	go test ./examples/server-responses/ -v
package serverresponses
