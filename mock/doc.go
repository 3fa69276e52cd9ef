// Package mock serves a Postman collection as an http.Handler: the third
// step of postmock's data flow (collection → match → mock → mocktest / cmd).
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
// A call no example matches gets Postman's exact 404 body (NotFoundBody). A
// request body larger than the body limit, with body matching on, gets 413
// and is not buffered past the limit. CORS: a call with an Origin gets
// Access-Control-Allow-Origin; a preflight no OPTIONS example matches gets
// 204.
//
// Transport serves a handler in-process, without a socket.
package mock
