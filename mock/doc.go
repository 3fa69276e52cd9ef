// Package mock serves one Postman collection as an http.Handler: the serving
// step of postmock's data flow (collection → match → serverresponse / calllog
// → mock → workspace → postmanapi → mocktest / cmd). Package workspace manages
// many mocks with the Postman API's semantics; package postmanapi serves that
// management over HTTP. docs/matching.md in the repository describes every
// rule a mock follows, with postmock's own marked.
//
// New compiles a collection (see package match) and returns a *Mock. Each
// call is matched to the example Postman's cloud mock would choose, delayed
// if asked (x-mock-response-delay, or the configured delay), rendered and
// recorded in the mock's call log (package calllog):
//
//   - status from the example's code (200 when missing or out of range);
//   - the example's enabled headers, values rendered, hop-by-hop headers and
//     Content-Length dropped (Content-Length is recomputed), a Content-Type
//     derived from the preview language when none is set;
//   - the body with {{variables}} resolved: environment over collection
//     variables, then the values wildcards captured, then dynamic variables
//     ({{$guid}}, {{$randomFirstName}}, ... all 118 of Postman's, reproducible
//     with WithSeed), then the template helpers {{$body 'path'}},
//     {{$queryParams 'name'}}, {{$pathSegments 'i'}} and {{$headers 'name'}}.
//
// Config.DefaultHeaders applies x-mock-* request headers to every call that
// does not send them itself (x-mock-response-code: 200 for the success
// examples, say); the caller's request is not changed.
//
// A call no example matches gets Postman's exact 404 body (NotFoundBody). A
// request body larger than the body limit, with body matching on, gets 413
// and is not buffered past the limit. CORS: a call with an Origin gets
// Access-Control-Allow-Origin; a preflight no OPTIONS example matches gets
// 204.
//
// Transport serves a handler in-process, without a socket.
//
// # Scenarios
//
// A Scenario scripts a mock beyond its examples (docs/scenarios.md), by
// route pattern in ServeMux syntax: sequences answer a route's calls with
// given examples in order (AddSequence), overrides hand them to Go code
// that may fall back to the collection (AddOverride, Fallback), faults fail
// them below HTTP (AddFault, the x-mock-fault header on an example or a
// call), chaos fails a seeded fraction of all calls and a rate limit
// answers 429 past N calls per window. WithScenario and SetScenario set a
// whole one, ParseScenario reads the JSON file form. Scenarios are checked
// when set (ErrInvalidScenario), never at call time; an unscripted mock
// serves exactly as without them.
//
// # Slow clients
//
// A Mock bounds its own calls (WithTimeouts): the request body must arrive
// within DefaultBodyTimeout of the start of the call (else 408
// requestTimeoutError and the connection is closed), and the response must
// be taken within DefaultWriteTimeout of the end of the call's delay (else
// it is cut off). It sets these as deadlines on the connection, through the
// ResponseWriter, so they need a net/http server (or one whose writer has
// SetReadDeadline and SetWriteDeadline). Embedders choose their server; for
// one that serves a Mock (or a Workspace) we recommend:
//
//	srv := &http.Server{
//		Handler:           m,
//		ReadHeaderTimeout: 10 * time.Second, // a client that never finishes its headers
//		IdleTimeout:       2 * time.Minute,  // keep-alive connections left open
//		MaxHeaderBytes:    1 << 20,
//	}
//
// and no ReadTimeout or WriteTimeout: net/http counts both from the start
// of the request, so any value under a call's delay (up to MaxDelay, 180 s)
// would cut delayed answers off, and any value above it leaves a slow client
// its connection for minutes. The mock's own bounds start where they
// should: the write bound after the delay. A server facing many clients
// should also cap its connections (with a listener that closes those past a
// limit at once, as cmd/postmock's -max-conns does), so that slow clients
// cannot use up the process's file descriptors before their bounds cut them.
package mock
