// Package verify checks a real service against a collection's saved
// examples, so that a mock cannot drift from the API it imitates. In
// postmock's data flow,
//
//	collection → match → serverresponse / calllog / verify → mock → workspace
//	→ postmanapi → mocktest / cmd → examples
//
// it needs only package collection: it sends what collection loads to the
// real service, where package mock serves the same examples in its place.
//
// Run sends each selected example's request side to a base URL (the path
// and query with {{variables}} resolved from the environment and the
// collection, ":params" from the example's own values, its headers and
// body, dynamic variables such as {{$guid}} generated) and compares the
// response with the example: the status code, the media type of
// Content-Type and, per BodyMode, the body. Test does the same from a Go
// test, one subtest per example; the postmock verify command from a shell
// or CI, with JUnit XML.
//
// Only GET, HEAD and OPTIONS examples are sent unless Methods allows
// more, so that a run does not create or delete data by surprise. Each
// request has a timeout, at most Parallel are in flight, and canceling
// the context stops the run. An example that cannot be sent (a file body,
// an undefined variable in the host, path, query, headers or body, a
// path variable without a value) is skipped with the reason.
//
// Each failure names the example (folders / item / example), the request
// sent with secrets redacted, and each difference with its place, such as
//
//	$.data[0].id: example number, got string
//
// docs/verify.md in the repository describes the rules in full.
package verify
