package match

import (
	"errors"
	"net/http"
	"strings"

	"github.com/postmock/postmock/collection"
)

// Config is the matching configuration of a mock. The zero value is
// Postman's defaults: query parameters scored, {{var}} wildcards on, body and
// header matching off.
type Config struct {
	// MatchBody turns body matching on for every call
	// (x-mock-match-request-body overrides it per call).
	MatchBody bool
	// IgnoreQueryParams turns query scoring (+10 / +5 / −10) off: Postman's
	// matchQueryParams set to false.
	IgnoreQueryParams bool
	// IgnoreWildcards makes unresolved {{var}} segments literal text:
	// Postman's matchWildcards set to false.
	IgnoreWildcards bool
	// PreferSuccess breaks score ties in favour of success: when a call
	// sends no x-mock-response-code, a 2xx example (a missing code counts
	// as 200) beats the non-2xx examples that tie with it on score. The
	// usual tie rules (distance, then id or document order) decide among
	// the 2xx examples, and among all when none is 2xx. It never changes
	// which score wins. Off is Postman's behaviour.
	PreferSuccess bool
	// SkipSteps takes rungs off the path-score ladder. A candidate is
	// served at the first rung its path matches, or not at all: when that
	// rung is skipped the candidate is dropped rather than demoted to a
	// lower rung. Skipping both case rungs (StepCase and StepSlashCase)
	// also makes the wildcard and id rungs compare literal text, mixed
	// patterns' literal parts included, case-sensitively, so case
	// differences cannot slip in through them; the distance rung, fuzzy by
	// nature, still ignores case. SkipSteps: FuzzySteps is exact mode:
	// exact paths, trailing slashes and {{var}} wildcards only. The zero
	// value skips nothing (Postman's ladder).
	SkipSteps Steps
	// Headers names the request headers that must match for every call
	// (x-mock-match-request-headers overrides it per call).
	Headers []string
	// SubsetBody makes body matching, when on (by MatchBody), compare in subset mode:
	// the example's JSON members, array elements and form fields must be in
	// the request, which may have more; {{name}} placeholders in the
	// example's JSON strings match any value and are captured. Our
	// extension. Per call, x-mock-match-request-body: subset turns body
	// matching on in subset mode, true on in exact mode (Postman's), false
	// off.
	SubsetBody bool
	// IgnoreBodyPaths lists gjson paths ("meta.requestId", "items.#.ts",
	// "*At") left out of body comparison, on both sides, in exact and
	// subset mode; a one-key path also names a urlencoded or form-data
	// field. CheckBodyPaths validates them; Match skips unusable ones.
	IgnoreBodyPaths []string
}

// Steps is a set of ladder steps (bit 1<<Step), as Config.SkipSteps takes
// it. StepSelected and values outside 1–8 are never members.
type Steps uint16

// FuzzySteps are the rungs that serve a path which is not the example's,
// up to a trailing slash or a {{var}} wildcard: case-insensitive (3, 4),
// alphanumeric ids (6, 7) and document distance (8). Skipping them is
// exact mode.
const FuzzySteps Steps = 1<<StepCase | 1<<StepSlashCase | 1<<StepID | 1<<StepSlashID | 1<<StepDistance

// StepsOf returns the set of the given steps, leaving out StepSelected and
// values outside the ladder.
func StepsOf(steps ...Step) Steps {
	var s Steps
	for _, st := range steps {
		if st >= StepExact && st <= StepDistance {
			s |= 1 << st
		}
	}
	return s
}

// Has reports whether st is in the set.
func (s Steps) Has(st Step) bool {
	return st >= StepExact && st <= StepDistance && s&(1<<st) != 0
}

// String names the steps in ladder order, joined by ", " ("none" for the
// empty set).
func (s Steps) String() string {
	var b strings.Builder
	for st := StepExact; st <= StepDistance; st++ {
		if s.Has(st) {
			if b.Len() > 0 {
				b.WriteString(", ")
			}
			b.WriteString(st.String())
		}
	}
	if b.Len() == 0 {
		return "none"
	}
	return b.String()
}

// caseSkipped reports whether both case rungs are skipped, which turns
// case-insensitive comparison off in the rungs below them.
func (s Steps) caseSkipped() bool {
	return s.Has(StepCase) && s.Has(StepSlashCase)
}

// Request is what the matcher needs of an incoming call.
type Request struct {
	// Method is the HTTP method.
	Method string
	// Path is the request path, still percent-encoded, without the query.
	Path string
	// RawQuery is the query string without '?'.
	RawQuery string
	// Header holds the request headers (canonical keys, as net/http keeps
	// them).
	Header http.Header
	// Body is the request body; only read when body matching is on.
	Body []byte
}

// Header names the matcher reads (canonical form).
const (
	HeaderResponseCode     = "X-Mock-Response-Code"
	HeaderResponseID       = "X-Mock-Response-Id"
	HeaderResponseName     = "X-Mock-Response-Name"
	HeaderMatchRequestBody = "X-Mock-Match-Request-Body"
	HeaderMatchHeaders     = "X-Mock-Match-Request-Headers"
	headerContentType      = "Content-Type"
)

// Step is the rung of the path-score ladder a candidate matched on
// (docs/matching.md#path-ladder), 1 (exact) to 8 (document distance). StepSelected means
// the example was chosen by x-mock-response-id or x-mock-response-name.
type Step int

// The ladder's steps.
const (
	StepSelected      Step = 0 // chosen by x-mock-response-id/-name; path not compared
	StepExact         Step = 1 // exact path
	StepTrailingSlash Step = 2 // trailing slashes removed (−5)
	StepCase          Step = 3 // case-insensitive (−10)
	StepSlashCase     Step = 4 // both (−15)
	StepWildcard      Step = 5 // {{var}} wildcards + slash + case (−20)
	StepID            Step = 6 // alphanumeric IDs + case + wildcards (−21)
	StepSlashID       Step = 7 // IDs + slash + case + wildcards (−25)
	StepDistance      Step = 8 // document distance + slash + case + wildcards (−30)
)

var stepBase = [...]int{0, 100, 95, 90, 85, 80, 79, 75, 70}

var stepNames = [...]string{"selected", "exact", "trailing slash", "case", "trailing slash + case",
	"wildcard", "alphanumeric id", "trailing slash + id", "document distance"}

// String names the step ("exact", "wildcard", ...).
func (s Step) String() string {
	if s < 0 || int(s) >= len(stepNames) {
		return "unknown"
	}
	return stepNames[s]
}

// Base returns the path score of the step (100 for exact ... 70 for
// distance).
func (s Step) Base() int {
	if s < 0 || int(s) >= len(stepBase) {
		return 0
	}
	return stepBase[s]
}

// Errors a Result carries when nothing is served; all of them mean Postman's
// 404 mockRequestNotFoundError.
var (
	// ErrNoMatch: no candidate survived the method filter, the path ladder
	// and the header and body filters.
	ErrNoMatch = errors.New("no matching example")
	// ErrUnknownID: x-mock-response-id names no example of the request's
	// method (and x-mock-response-code, if given).
	ErrUnknownID = errors.New("x-mock-response-id names no example")
	// ErrUnknownName: x-mock-response-name names no example of the request's
	// method (and x-mock-response-code, if given).
	ErrUnknownName = errors.New("x-mock-response-name names no example")
	// ErrBadCode: x-mock-response-code is not an integer 100–599, so it keeps
	// nothing.
	ErrBadCode = errors.New("x-mock-response-code is not an integer 100-599")
)

// Result is the outcome of matching one request.
type Result struct {
	// Example is the example to serve; nil when nothing matched (Err says
	// why).
	Example *collection.Example
	// Score is the winner's score: 100 + path adjustment + query
	// adjustment. 0 when the example was selected by id or name.
	Score int
	// Step is the ladder step the winner's path matched on.
	Step Step
	// Distance is the summed edit distance of a StepDistance winner.
	Distance int
	// Captures maps each wildcard name to the request text it captured.
	Captures map[string]string
	// Err is ErrNoMatch, ErrUnknownID, ErrUnknownName or ErrBadCode when
	// Example is nil.
	Err error
}

// Reason says which filter rejected a candidate.
type Reason string

// Why near candidates were rejected.
const (
	ReasonMethod Reason = "method" // the example's method differs
	ReasonPath   Reason = "path"   // no ladder step matched the path
	ReasonCode   Reason = "code"   // x-mock-response-code filtered it
	ReasonHeader Reason = "header" // header matching dropped it
	ReasonBody   Reason = "body"   // body matching dropped it
	ReasonScore  Reason = "score"  // it matched but another example scored higher
)

// Rejection explains why one near candidate was not served.
type Rejection struct {
	// Example is the rejected example.
	Example *collection.Example
	// Reason names the filter that rejected it.
	Reason Reason
	// Detail says what differed, in words.
	Detail string
	// Route is the rejected example's method and path as the mock matches
	// them ({{var}} wildcards kept), for naming it in reports (Label).
	Route Route
}

// Route is what the mock serves for one example: its method, mock path
// ({{var}} wildcards kept), enabled query string, status, name and id.
type Route struct {
	Method string `json:"method"`
	Path   string `json:"path"`
	Query  string `json:"query"`
	Code   int    `json:"code"`
	Name   string `json:"name"`
	ID     string `json:"id"`
}

// Warning is something about a collection worth telling a mock's user:
// examples matched through their parent request, duplicate names, variables
// that became wildcards.
type Warning struct {
	// Path is the JSON path of the example concerned.
	Path string
	// Message says what and why it matters.
	Message string
}

// String formats the warning as "path: message".
func (w Warning) String() string { return w.Path + ": " + w.Message }
