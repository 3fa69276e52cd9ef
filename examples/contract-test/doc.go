// Package contracttest shows package verify: a contract test that checks a
// real service (here a small bookshop API written in Go, Service) against
// the Postman collection its clients' tests mock, so that the mock and the
// service cannot drift apart unnoticed.
//
// verify.Test sends each example's request to the service and compares the
// status, the Content-Type and the JSON shape of the body with the
// example, one subtest per example (TestBookshopContract/Books/Get_book/200_OK).
// The POST example is skipped unless the test allows POST; a second test
// shows what a drifted service looks like in verify's report.
//
// The collection is bookshop.postman_collection.json, beside this file.
// Run the example with
//
//	go test ./examples/contract-test/ -v
//
// and the same check from a shell, against a running service, with
//
//	go run ./cmd/postmock verify -collection examples/contract-test/bookshop.postman_collection.json -base-url http://127.0.0.1:8080
package contracttest
