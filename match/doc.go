// Package match implements Postman's mock matching algorithm: the second
// step of postmock's data flow,
//
//	collection → match → serverresponse / calllog → mock → workspace
//	(management) → postmanapi (HTTP Postman API) → mocktest / cmd → examples
//
// It takes what package collection loaded and answers, for one request,
// which example to serve; it knows nothing of HTTP servers or response
// rendering, which mock and serverresponse do with the example it picks.
//
// # At a glance
//
//   - Compiling: Compile turns a *collection.Collection (and an optional
//     *collection.Environment) into an *Index; option DistanceCap (default
//     DefaultDistanceCap).
//   - Matching: Index.Match takes a Request and a Config (the zero Config is
//     Postman's defaults; PreferSuccess and SkipSteps, a Steps set such as
//     FuzzySteps for exact mode, are our options for tests) and returns a Result: the example, its Score, the
//     ladder Step (StepExact...StepDistance, or StepSelected) and Captures;
//     or, with no example, Err: ErrNoMatch, ErrUnknownID, ErrUnknownName or
//     ErrBadCode. BodyMatching says whether a request needs its body read.
//   - Body matching (our extensions): Config.SubsetBody and the header
//     value "subset" compare bodies in subset mode, with {{name}}
//     placeholders captured into Result.Captures; Config.IgnoreBodyPaths
//     leaves gjson paths out in both modes (CheckBodyPaths, BodyPathError,
//     ErrBodyPath validate them).
//   - Debugging: Index.Explain lists Rejections, each with a Reason
//     (ReasonMethod...ReasonScore) and a Detail in words.
//   - Inspecting: Index.Routes (one Route per example), Index.Warnings
//     (Warning), Index.Ties (each Tie: examples that answer one request
//     with the same score, and the Winner Match serves),
//     Index.RequestsWithoutExamples (items a mock never serves), Index.Len,
//     Index.Collection, Index.Resolver.
//   - The control headers: HeaderResponseCode, HeaderResponseID,
//     HeaderResponseName, HeaderMatchRequestBody, HeaderMatchHeaders.
//   - Path segments: IsID, the alphanumeric-id rule of the id step.
//
// # The algorithm
//
// Compile turns a loaded collection (and an optional environment) into an
// Index once; Index.Match then chooses, for one request, the example
// Postman's cloud mock would serve:
//
//  1. method filter (HEAD matches only HEAD examples);
//  2. x-mock-response-code filters by status; x-mock-response-id serves that
//     example at once; x-mock-response-name serves the first (by id) of the
//     examples with that name (examples without an id of their own after
//     those with one, in document order);
//  3. the path-score ladder: 100 exact, 95 trailing slash, 90 case, 85 both,
//     80 {{var}} wildcards, 79 alphanumeric ids, 75 ids + trailing slash, 70
//     document distance;
//  4. query scoring: +10 equal, +5 equal ignoring case, −10 otherwise;
//  5. header and body filters (x-mock-match-request-headers,
//     x-mock-match-request-body, or the mock's Config), which drop, never
//     re-score;
//  6. the highest score wins; ties go to the id last in byte order (or, when
//     all tied examples matched by distance, the smallest distance first);
//     an example with an id of its own beats one without, and among
//     examples without one the first in document order wins.
//
// Two options, off in the zero Config, make a mock predictable for tests.
// Config.PreferSuccess lets a 2xx example win a score tie against non-2xx
// ones when the call sends no x-mock-response-code (the rules above then
// decide among the 2xx). Config.SkipSteps takes rungs off the ladder: a
// candidate is served at the first rung its path matches or not at all,
// never demoted to a lower rung; with both case rungs skipped the wildcard
// and id rungs compare case-sensitively. SkipSteps: FuzzySteps (case, ids,
// distance) is exact mode, which serves exact paths, trailing slashes and
// {{var}} wildcards only, at no extra cost per call.
//
// The Result carries the example, its score, the ladder step, and the values
// its wildcards captured. Explain says why near candidates were rejected.
//
// Speed: exact paths are one map lookup; trailing slash and case one more;
// wildcards and ids walk segment tries; document distance walks the trie
// of distinct paths, finding the children close to a request segment
// through bigram and letter posting lists where a node has many, and
// counts at most DefaultDistanceCap children against its budget per call
// (distance.go). Stages that cannot beat the best score found so far are
// skipped. A plain exact hit (no query, no selection or matching header,
// no pattern in the example's path) is decided from the exact lookup alone
// (exact.go): no lower step can reach its score. The lookups of the other
// steps are built on the first call that needs them, so Compile does
// little more than resolve the examples.
//
// Our rules where Postman is silent (marked "postmock's rule" in
// docs/matching.md) are documented there and on the functions that
// implement them: what counts as an alphanumeric id (IsID), the 0.75
// similarity threshold, query pairs decoded with '+' as a space, an extra
// request parameter spoiling a perfect query, header values compared after
// trimming, body equality per mode.
//
// Body matching (body.go, bodyjson.go, bodypath.go) reads the request body
// once per call in each form it is compared in (JSON decoded once, after a
// non-recursive syntax check that bounds nesting at 10,000), however many
// candidates reach the body filter. Exact mode is Postman's equality;
// subset mode asks the example's JSON members, array elements
// (same length) and form fields to be in the request, and treats unresolved
// {{name}} and {{$...}} strings of the example's JSON as placeholders.
// Explain's ReasonBody detail names the first difference as a path
// ($.items[2].sku: example "A-1", request "A-2").
package match
