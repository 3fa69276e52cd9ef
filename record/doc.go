// Package record turns real traffic into a Postman collection: a Recorder
// forwards each call to a target API, answers with the target's response
// and keeps the call, and WriteFile writes (or extends) a collection v2.1
// file that a mock (or Postman) then serves. It sits beside workspace in
// postmock's data flow,
//
//	collection → match → serverresponse / calllog → mock → workspace /
//	record → postmanapi → mocktest / cmd → examples
//
// importing collection (to check a file it extends), match (the id rule,
// match.IsID) and mock (its in-process Transport); mocktest's record modes
// and the CLI's "postmock record" use it.
//
// # What is written
//
// One item per method and path template, in a folder named after the first
// path segment; id-like segments become path variables (/users/42 →
// /users/:userId) while each example's originalRequest keeps the literal
// path; the target is the {{baseUrl}} collection variable. Examples are
// named "200 GET /users/42" and have ids derived from the call (method,
// path, query, request body), so recording the same call again replaces
// its example, in this run or a later one. Response headers that change on
// every call (DefaultDropHeaders) are dropped, gzip and deflate bodies are
// stored decoded, bodies that are not UTF-8 are left out with a note in
// the example's description (as are bodies cut at the WithMaxBody bound),
// and _postman_previewlanguage follows the Content-Type. The request body
// kept is the one the caller sent, however little of it the target reads
// (a body sent without a length: what the target read, noted).
//
// # Secrets
//
// DefaultRedactHeaders, and every header, query parameter, form field or
// JSON member whose name contains one of DefaultRedactFragments, are
// written as Redacted ("{{redacted}}"); WithRedact and WithoutRedact
// change the names. The caller still gets the real response.
//
// The exact rules are in docs/record.md.
package record
