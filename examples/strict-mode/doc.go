// Package strictmode shows mocktest.Strict: a test that makes a call no
// example matches fails at cleanup, with the reasons the nearest examples
// were rejected. Without Strict such a call just gets Postman's 404, and a
// client that swallows errors lets the test pass anyway.
//
// In a real test you write
//
//	srv := mocktest.New(t, "billing.postman_collection.json", mocktest.Strict())
//
// and the report appears as a test failure. So that this demonstration
// itself passes, the example hands mocktest a recorder (a testing.TB that
// keeps the failures instead of failing) and prints or checks the report.
//
// Strict also reports calls served through a fuzzy path match: a path one
// letter off, in another case, or with another id where the example has a
// literal one is served, as Postman's mock serves it, but is most often a
// typo in the client. mocktest.AllowFuzzy() turns that part off. A query
// that differs is not reported; assert on the call log for that (see
// call-log-assertions).
//
// The collection is billing.postman_collection.json. Run the example with
//
//	go test ./examples/strict-mode/ -v
package strictmode
