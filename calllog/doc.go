// Package calllog records the calls a mock server answers and answers queries
// over them with the Postman API's call-log semantics
// (GET /mocks/{mockId}/call-logs).
//
// It sits before the mock server in postmock's data flow (collection → match
// → serverresponse / calllog → mock → workspace → postmanapi → mocktest /
// cmd): the mock package appends one Entry per call after the response is
// written — 401s, 404s and server responses included — and package workspace
// pages through the log with Store.Query (and shares a Budget among its
// mocks); mocktest reads the test-facing fields
// (example id, score, ladder step, captures, delay) that the Postman JSON
// leaves out.
//
// A Store is a bounded ring buffer, one per mock: at most Limits.MaxEntries
// entries (default 10,000) and Limits.MaxBytes bytes of them (default
// 64 MiB, as Store.Bytes counts them), oldest evicted first; bodies are cut
// at Limits.MaxBodyBytes (default 1 MiB) and end with a marker saying how
// much was dropped ("…[truncated 1048576 bytes]"; Body.Truncated and
// Body.Dropped set). Stores can share a Budget (Limits.Budget; a mock
// Workspace shares one of 256 MiB among its mocks): past it the oldest
// entries of all of them are evicted. Append is cheap — the entry is
// prepared outside the lock, then a mutex and one ring slot write (plus an
// atomic add with a budget); nothing is encoded until a query asks for it. The values of the
// request headers x-api-key, Authorization and Cookie are replaced by
// "[REDACTED]" unless Limits.KeepSecrets is set.
//
// Store.Watch follows the log live (postmock's -ui page and -log json): each
// Watch gets the entries stored after it starts through a bounded buffer;
// an entry that finds it full is dropped for that watch only and counted,
// so a slow reader never slows Append. While nobody watches, Append pays one
// atomic load for it.
//
// Queries follow the Postman API: limit 1–100 (default 100), since/until
// (inclusive), responseStatusCode, responseType, requestMethod and
// requestPath filters (the last three case-insensitive), sort=servedAt with
// direction asc|desc (default newest first), and include, a subset of
// request.headers, request.body, response.headers and response.body. A page
// holds at most Limit entries or MaxPageBytes (6.5 MB) of encoded entries,
// and at least one. Page.NextCursor is an opaque base64 position plus a hash
// of the filters: paging returns every matching entry exactly once even while
// calls keep arriving. Invalid parameters, a garbled cursor or a cursor reused
// with other filters yield a *QueryError that wraps ErrInvalidParams (HTTP 400
// invalidParamsError in the Postman API).
//
// Rules of our own where Postman is silent (docs/postman-api.md#call-logs
// marks them "postmock's rule"): entries are ordered by servedAt, then by the order they were
// appended; a ParseQuery "until" is inclusive at the precision it is written
// in (until=2024-06-10T06:13:20.512Z covers that whole millisecond, a date
// the whole day); entry headers are {key, value} arrays.
package calllog
