// Package record shows postmock's record modes: a test that records the
// real API (here a local httptest server standing in for it) into a Postman
// collection through mocktest.Record, and the same test replaying the file
// with no API at all. The file is written in a temporary folder; a real
// suite keeps it under testdata/ and commits it, records again with
// POSTMOCK_RECORD=1 when the API changes, and replays otherwise.
//
// Run the example with
//
//	go test ./examples/record/ -v
package record
