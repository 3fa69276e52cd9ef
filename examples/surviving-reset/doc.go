// Package survivingreset shows faults: a client that retries a call whose
// connection was reset, tested against a mock that resets it.
//
// A fault fails a call below HTTP, the way networks fail: connection-reset
// (a TCP RST), empty-response (the connection closes with no answer),
// malformed-chunk (the body breaks off mid-way) and random-data-then-close
// (bytes that are not HTTP). A fault is set
//
//   - on a saved example, with the response header "x-mock-fault:
//     connection-reset" (our extension): every call that example answers
//     fails (GET /broken in this collection);
//   - on a call, with the request header x-mock-fault;
//   - from Go, for a route (mocktest.Server.Fault) or for one step of a
//     sequence (mock.Step.Fault), which is how a test makes the first call
//     fail and the retry succeed.
//
// Over a listener the connection really is reset; through Transport (and
// mocktest.WithoutListener) the client gets the error it would get from a
// real server: a *url.Error wrapping a *net.OpError wrapping
// syscall.ECONNRESET, so errors.Is(err, syscall.ECONNRESET) holds either
// way.
//
// The collection is status.postman_collection.json. Run the example with
//
//	go test ./examples/surviving-reset/ -v
package survivingreset
