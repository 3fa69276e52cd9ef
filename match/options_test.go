package match_test

import (
	"strings"
	"testing"

	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/match"
)

// served names what a Result serves: the example's name, or "404".
func served(r match.Result) string {
	if r.Example == nil {
		return "404"
	}
	return r.Example.Name
}

var exact = match.Config{SkipSteps: match.FuzzySteps}

// TestPreferSuccessBreaksTiesTowardsTwoHundreds proves Config.PreferSuccess
// on a hand-made collection: among examples tied on score the 2xx win (the
// usual tie rules deciding among them), a higher score still wins whatever
// its code, x-mock-response-code turns the preference off, and without a
// 2xx in the tie nothing changes.
func TestPreferSuccessBreaksTiesTowardsTwoHundreds(t *testing.T) {
	ix := compileFile(t, "testdata/options.postman_collection.json")
	prefer := match.Config{PreferSuccess: true}
	tests := []struct {
		name        string
		target      string
		hdr         map[string]string
		def, prefer string // what the default and PreferSuccess serve
	}{
		// Without ids the first in document order wins the tie (404); the
		// first 2xx in document order under prefer-success (200, not 201).
		{"no ids: first 2xx in document order", "/items", nil, "Not Found", "OK"},
		// Own ids: the last id wins (t-z, a 500), the last 2xx id (t-b).
		{"own ids: last 2xx id", "/things", nil, "Things Error", "Things No Content"},
		{"no 2xx in the tie: usual rule", "/broken", nil, "Bad Request", "Bad Request"},
		// The exact 404 example scores 110, the wildcard 200 one 90.
		{"a higher score wins whatever its code", "/users/42", nil, "User 42 gone", "User 42 gone"},
		{"no tie: the only candidate", "/users/7", nil, "User", "User"},
		// Both by distance at 80: distance 1 (404) beats distance 2 (200)
		// by default; prefer-success keeps only the 2xx.
		{"distance ties: 2xx before smaller distance", "/reports/dayly", nil, "Daily missing", "Daily typo"},
		{"x-mock-response-code turns it off", "/items", map[string]string{"x-mock-response-code": "404"}, "Not Found", "Not Found"},
		{"x-mock-response-code 201", "/items", map[string]string{"x-mock-response-code": "201"}, "Created", "Created"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := newRequest("GET", tt.target, tt.hdr, "")
			def, pre := ix.Match(req, match.Config{}), ix.Match(req, prefer)
			if served(def) != tt.def {
				t.Errorf("default: GET %s served %q, want %q", tt.target, served(def), tt.def)
			}
			if served(pre) != tt.prefer {
				t.Errorf("PreferSuccess: GET %s served %q, want %q", tt.target, served(pre), tt.prefer)
			}
			if def.Score != pre.Score {
				t.Errorf("PreferSuccess changed the winning score: %d, default %d", pre.Score, def.Score)
			}
		})
	}
}

// TestPreferSuccessExplainSaysWhyTheTieWentToA2xx proves Explain agrees
// with Match under PreferSuccess: the 404 and 201 that tied with the
// served 200 are rejected for score, and the 404's detail names the
// preference while the 201 (a 2xx losing on document order) does not.
func TestPreferSuccessExplainSaysWhyTheTieWentToA2xx(t *testing.T) {
	ix := compileFile(t, "testdata/options.postman_collection.json")
	cfg := match.Config{PreferSuccess: true}
	rs := ix.Explain(newRequest("GET", "/items", nil, ""), cfg)
	details := map[string]string{}
	for _, r := range rs {
		if r.Reason == match.ReasonScore {
			details[r.Example.Name] = r.Detail
		}
	}
	if d := details["Not Found"]; !strings.Contains(d, "prefer-success") || !strings.Contains(d, "404") {
		t.Errorf("the 404's rejection = %q, want it to say prefer-success served a 2xx over its 404", d)
	}
	if d := details["Created"]; d == "" || strings.Contains(d, "prefer-success") {
		t.Errorf("the 201's rejection = %q, want a plain score tie", d)
	}
	// Without the option the 404 wins, so it is not among the rejections.
	for _, r := range ix.Explain(newRequest("GET", "/items", nil, ""), match.Config{}) {
		if strings.Contains(r.Detail, "prefer-success") || r.Example.Name == "Not Found" {
			t.Errorf("default config: unexpected rejection %s: %s", r.Example.Name, r.Detail)
		}
	}
}

// TestExactModeServesOnlyExactSlashAndWildcardPaths proves SkipSteps =
// FuzzySteps on a hand-made collection: exact paths, trailing slashes and
// {{var}} wildcards are served; case differences (also inside a wildcard
// path and a mixed pattern's literal text), alphanumeric ids and typos are
// not, while the default ladder serves them all.
func TestExactModeServesOnlyExactSlashAndWildcardPaths(t *testing.T) {
	ix := compileFile(t, "testdata/options.postman_collection.json")
	tests := []struct {
		target    string
		def       string
		defStep   match.Step
		exact     string
		exactStep match.Step
	}{
		{"/products", "Products", match.StepExact, "Products", match.StepExact},
		{"/products/", "Products", match.StepTrailingSlash, "Products", match.StepTrailingSlash},
		{"/PRODUCTS", "Products", match.StepCase, "404", 0},
		{"/Products/", "Products", match.StepSlashCase, "404", 0},
		{"/products/42", "Product", match.StepWildcard, "Product", match.StepWildcard},
		{"/products/42/", "Product", match.StepWildcard, "Product", match.StepWildcard},
		{"/Products/42", "Product", match.StepWildcard, "404", 0},
		// The literal example is reached only through case; the wildcard
		// one, which takes any segment, serves instead.
		{"/products/SPECIAL", "Special", match.StepCase, "Product", match.StepWildcard},
		{"/orders/87654321", "Order", match.StepID, "404", 0},
		{"/prodcts", "Products", match.StepDistance, "404", 0},
		{"/files/report.json", "JSON file", match.StepWildcard, "JSON file", match.StepWildcard},
		{"/files/report.JSON", "JSON file", match.StepWildcard, "404", 0},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			req := newRequest("GET", tt.target, nil, "")
			def, ex := ix.Match(req, match.Config{}), ix.Match(req, exact)
			if served(def) != tt.def || def.Step != tt.defStep {
				t.Errorf("default: GET %s served %q at %s, want %q at %s", tt.target, served(def), def.Step, tt.def, tt.defStep)
			}
			if served(ex) != tt.exact || ex.Step != tt.exactStep {
				t.Errorf("exact: GET %s served %q at %s, want %q at %s", tt.target, served(ex), ex.Step, tt.exact, tt.exactStep)
			}
		})
	}
}

// TestSkippedStepsDropRatherThanDemote proves the rule for single skipped
// steps: a candidate whose first matching step is skipped is not served
// at a lower one (the order's id path would otherwise match by distance),
// and skipping one case step keeps case folding in the other and in the
// wildcard step.
func TestSkippedStepsDropRatherThanDemote(t *testing.T) {
	ix := compileFile(t, "testdata/options.postman_collection.json")
	tests := []struct {
		name   string
		skip   match.Steps
		target string
		want   string
		step   match.Step
	}{
		{"ids kept: id step", 0, "/orders/12345679", "Order", match.StepID},
		{"ids skipped: not demoted to distance", match.StepsOf(match.StepID, match.StepSlashID), "/orders/12345679", "404", 0},
		{"distance skipped: typo not served", match.StepsOf(match.StepDistance), "/prodcts", "404", 0},
		{"distance skipped: case still served", match.StepsOf(match.StepDistance), "/PRODUCTS", "Products", match.StepCase},
		{"case skipped: dropped", match.StepsOf(match.StepCase), "/PRODUCTS", "404", 0},
		{"case skipped: slash + case still served", match.StepsOf(match.StepCase), "/PRODUCTS/", "Products", match.StepSlashCase},
		{"one case step skipped: wildcards still fold", match.StepsOf(match.StepCase), "/Products/42", "Product", match.StepWildcard},
		{"trailing slash skipped", match.StepsOf(match.StepTrailingSlash), "/products/", "404", 0},
		{"wildcard step skipped", match.StepsOf(match.StepWildcard), "/products/42", "404", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := ix.Match(newRequest("GET", tt.target, nil, ""), match.Config{SkipSteps: tt.skip})
			if served(res) != tt.want || res.Step != tt.step {
				t.Errorf("SkipSteps %s: GET %s served %q at %s, want %q at %s", tt.skip, tt.target, served(res), res.Step, tt.want, tt.step)
			}
		})
	}
}

// TestExactModeExplainNamesTheSkippedStep proves Explain agrees with Match
// in exact mode: the example a fuzzy step would have served is rejected
// for its path, naming the step that was skipped.
func TestExactModeExplainNamesTheSkippedStep(t *testing.T) {
	ix := compileFile(t, "testdata/options.postman_collection.json")
	for target, step := range map[string]string{"/PRODUCTS": "case", "/prodcts": "document distance", "/orders/87654321": "alphanumeric id"} {
		rs := ix.Explain(newRequest("GET", target, nil, ""), exact)
		if len(rs) == 0 {
			t.Fatalf("GET %s: no rejections", target)
		}
		r := rs[0]
		if r.Reason != match.ReasonPath || !strings.Contains(r.Detail, "("+step+")") || !strings.Contains(r.Detail, "skips") {
			t.Errorf("GET %s: nearest rejection %s %q: %s, want a path rejection naming the skipped %s step", target, r.Example.Name, r.Reason, r.Detail, step)
		}
	}
}

// TestStepsSet proves the Steps helpers: StepsOf keeps only ladder steps,
// Has reads them back, String lists them in ladder order, and FuzzySteps
// is the case, id and distance steps.
func TestStepsSet(t *testing.T) {
	s := match.StepsOf(match.StepDistance, match.StepCase, match.StepSelected, match.Step(9), match.Step(-1))
	if s != match.StepsOf(match.StepCase, match.StepDistance) {
		t.Errorf("StepsOf kept steps outside the ladder: %b", s)
	}
	for st := match.Step(-1); st <= 9; st++ {
		want := st == match.StepCase || st == match.StepDistance
		if s.Has(st) != want {
			t.Errorf("Has(%d) = %v, want %v", st, s.Has(st), want)
		}
	}
	if got, want := s.String(), "case, document distance"; got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
	if got := match.Steps(0).String(); got != "none" {
		t.Errorf("empty String() = %q, want none", got)
	}
	fuzzy := match.StepsOf(match.StepCase, match.StepSlashCase, match.StepID, match.StepSlashID, match.StepDistance)
	if match.FuzzySteps != fuzzy {
		t.Errorf("FuzzySteps = %s, want %s", match.FuzzySteps, fuzzy)
	}
}

// TestExactModeAllocatesNoMoreThanDefault proves exact mode adds no
// per-call work in allocations: an exact hit, a trailing-slash hit, a
// wildcard hit and a miss allocate no more than under the default ladder.
func TestExactModeAllocatesNoMoreThanDefault(t *testing.T) {
	ix := compileFile(t, "testdata/options.postman_collection.json")
	for _, target := range []string{"/products", "/products/", "/products/42", "/nothing/here"} {
		req := newRequest("GET", target, nil, "")
		def := testing.AllocsPerRun(50, func() { ix.Match(req, match.Config{}) })
		ex := testing.AllocsPerRun(50, func() { ix.Match(req, exact) })
		if ex > def {
			t.Errorf("GET %s: exact mode allocates %.0f per call, the default %.0f", target, ex, def)
		}
	}
}

// TestCorpusPreferSuccessAndExactMode runs both options over corpus
// collections: the todo collection (examples without ids, so document
// order breaks ties) and GitHub's (a 404 saved before the 200 and 204).
func TestCorpusPreferSuccessAndExactMode(t *testing.T) {
	dir := corpus.Dir(t)
	todo := compileFile(t, dir+"/collections/kevinswiber__postman2openapi__todo.json")
	github := compileFile(t, dir+"/collections/kevinswiber__postman2openapi__github-v3-rest.json")
	prefer := match.Config{PreferSuccess: true}
	tests := []struct {
		name   string
		ix     *match.Index
		target string
		cfg    match.Config
		want   string // example name, "404"
		code   int
	}{
		// GET /todos saved 304 then 200: the first wins by default.
		{"todo /todos default", todo, "/todos", match.Config{}, "304 Not Modified", 304},
		{"todo /todos prefer-success", todo, "/todos", prefer, "200 OK", 200},
		// GET /todos/:id saved 200 then 404: document order already gives 200.
		{"todo /todos/1 default", todo, "/todos/1", match.Config{}, "200 OK", 200},
		{"todo /todos/1 prefer-success", todo, "/todos/1", prefer, "200 OK", 200},
		{"todo /tdos default", todo, "/tdos", match.Config{}, "304 Not Modified", 304},
		{"todo /tdos exact", todo, "/tdos", exact, "404", 0},
		{"todo /todo/1 default", todo, "/todo/1", match.Config{}, "200 OK", 200},
		{"todo /todo/1 exact", todo, "/todo/1", exact, "404", 0},
		{"todo /TODOS exact", todo, "/TODOS", exact, "404", 0},
		{"todo /todos/ exact", todo, "/todos/", exact, "304 Not Modified", 304},
		{"todo /todos/ exact + prefer-success", todo, "/todos/", match.Config{SkipSteps: match.FuzzySteps, PreferSuccess: true}, "200 OK", 200},
		// GitHub's "Get a repository": 200, 301, 403, 404 in that order.
		{"github /repos/o/r default", github, "/repos/o/r", match.Config{}, "response", 200},
		{"github /repos/o/r prefer-success", github, "/repos/o/r", prefer, "response", 200},
		{"github /repos/o/r exact", github, "/repos/o/r", exact, "response", 200},
		{"github /Repos/o/r exact", github, "/Repos/o/r", exact, "404", 0},
		// The legacy team check saves its 404 first, then 200 and 204.
		{"github team repo default", github, "/teams/41891364/repos/o/r", match.Config{}, "Response if repository is not managed by this team", 404},
		{"github team repo prefer-success", github, "/teams/41891364/repos/o/r", prefer, "Alternative response with extra repository information", 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := tt.ix.Match(newRequest("GET", tt.target, nil, ""), tt.cfg)
			code := 0
			if res.Example != nil {
				code = res.Example.Code
			}
			if served(res) != tt.want || code != tt.code {
				t.Errorf("GET %s served %q (%d) at %s, want %q (%d)", tt.target, served(res), code, res.Step, tt.want, tt.code)
			}
		})
	}
}
