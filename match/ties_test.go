package match_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/match"
)

// tieSummary is a Tie by ids, for comparing with a want.
type tieSummary struct {
	Side          string   // "METHOD path?query"
	IDs           []string // tied examples, document order
	Winner        string
	PreferSuccess string // "" when nil
}

func summarize(ties []match.Tie) []tieSummary {
	var out []tieSummary
	for _, t := range ties {
		s := tieSummary{Side: t.Method + " " + t.Path + "?" + t.Query, Winner: t.Winner.ID}
		for _, ex := range t.Examples {
			s.IDs = append(s.IDs, ex.ID)
		}
		if t.PreferSuccessWinner != nil {
			s.PreferSuccess = t.PreferSuccessWinner.ID
		}
		out = append(out, s)
	}
	return out
}

// compileItems compiles a hand-made v2.1 collection from its item array.
func compileItems(t *testing.T, items string) *match.Index {
	t.Helper()
	c, err := collection.Parse([]byte(`{"info": {"name": "ties", "schema": "v2.1.0"}, "item": ` + items + `}`))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// syn is the synthetic id of the n-th example of a file without ids.
func syn(n int) string { return collection.SyntheticID(n) }

// TestTiesNameTheWinnerByTheTieRules: Ties reports each request side where
// several examples reach the same score, once, with the winner of
// docs/matching.md#winner-and-ties (own ids: the last; no ids: the first in document order;
// mixed: an own id) and the 2xx example prefer-success would serve instead.
func TestTiesNameTheWinnerByTheTieRules(t *testing.T) {
	tests := []struct {
		name  string
		items string
		cfg   match.Config
		want  []tieSummary
	}{
		{"own ids: the last id wins; prefer-success names the 2xx one",
			`[{"name": "user", "request": "/users/42", "response": [
			   {"id": "b", "name": "ok", "code": 200, "originalRequest": "/users/42"},
			   {"id": "c", "name": "missing", "code": 404, "originalRequest": "/users/42"},
			   {"id": "a", "name": "created", "code": 201, "originalRequest": "/users/42"}]}]`,
			match.Config{},
			[]tieSummary{{"GET /users/42?", []string{"b", "c", "a"}, "c", "b"}}},
		{"no ids: the first in document order wins",
			`[{"name": "todo", "request": "/todos/1", "response": [
			   {"name": "404 Not Found", "code": 404, "originalRequest": "/todos/1"},
			   {"name": "200 OK", "code": 200, "originalRequest": "/todos/1"}]}]`,
			match.Config{},
			[]tieSummary{{"GET /todos/1?", []string{syn(1), syn(2)}, syn(1), syn(2)}}},
		{"an own id beats examples without one",
			`[{"name": "mixed", "request": "/m", "response": [
			   {"name": "first", "code": 200, "originalRequest": "/m"},
			   {"id": "own", "name": "own", "code": 500, "originalRequest": "/m"},
			   {"name": "third", "code": 201, "originalRequest": "/m"}]}]`,
			match.Config{},
			[]tieSummary{{"GET /m?", []string{syn(1), "own", syn(3)}, "own", syn(1)}}},
		{"winner 2xx: nothing for prefer-success to change",
			`[{"name": "p", "request": "/p", "response": [
			   {"id": "a", "name": "bad", "code": 400, "originalRequest": "/p"},
			   {"id": "z", "name": "ok", "code": 200, "originalRequest": "/p"}]}]`,
			match.Config{},
			[]tieSummary{{"GET /p?", []string{"a", "z"}, "z", ""}}},
		{"no 2xx example: nothing for prefer-success to serve",
			`[{"name": "e", "request": "/e", "response": [
			   {"id": "a", "name": "bad", "code": 400, "originalRequest": "/e"},
			   {"id": "b", "name": "gone", "code": 410, "originalRequest": "/e"},
			   {"id": "c", "name": "moved", "code": 301, "originalRequest": "/e"}]}]`,
			match.Config{},
			[]tieSummary{{"GET /e?", []string{"a", "b", "c"}, "c", ""}}},
		{"a wildcard path ties with itself, across request items",
			`[{"name": "one", "request": "/users/{{id}}", "response": [
			   {"id": "a", "name": "found", "code": 200, "originalRequest": "/users/{{id}}"}]},
			  {"name": "two", "request": "/users/{{id}}", "response": [
			   {"id": "b", "name": "missing", "code": 404, "originalRequest": "/users/{{id}}"}]}]`,
			match.Config{},
			[]tieSummary{{"GET /users/{{id}}?", []string{"a", "b"}, "b", "a"}}},
		{"query, method and case tell request sides apart: no tie",
			`[{"name": "q", "request": "/q", "response": [
			   {"id": "a", "name": "plain", "originalRequest": "/q"},
			   {"id": "b", "name": "paged", "originalRequest": "/q?page=2"},
			   {"id": "c", "name": "upper", "originalRequest": "/Q"},
			   {"id": "d", "name": "post", "originalRequest": {"method": "POST", "url": "/q"}}]}]`,
			match.Config{},
			nil},
		{"the same query ties, and is reported with it",
			`[{"name": "q", "request": "/q", "response": [
			   {"id": "a", "name": "one", "code": 500, "originalRequest": "/q?page=2&size=10"},
			   {"id": "b", "name": "two", "code": 200, "originalRequest": "/q?page=2&size=10"}]}]`,
			match.Config{},
			[]tieSummary{{"GET /q?page=2&size=10", []string{"a", "b"}, "b", ""}}},
		{"paths equal once decoded are one tie, reported once",
			`[{"name": "enc", "request": "/ab", "response": [
			   {"id": "a", "name": "encoded", "code": 500, "originalRequest": "/a%62"},
			   {"id": "b", "name": "plain", "code": 200, "originalRequest": "/ab"}]}]`,
			match.Config{},
			[]tieSummary{{"GET /a%62?", []string{"a", "b"}, "b", ""}}},
		{"body and header matching are left out: different bodies still tie",
			`[{"name": "post", "request": {"method": "POST", "url": "/orders"}, "response": [
			   {"id": "a", "name": "created", "code": 201, "originalRequest": {"method": "POST", "url": "/orders",
			     "body": {"mode": "raw", "raw": "{\"n\":1}"}}},
			   {"id": "b", "name": "invalid", "code": 400, "originalRequest": {"method": "POST", "url": "/orders",
			     "body": {"mode": "raw", "raw": "{\"n\":-1}"}}}]}]`,
			match.Config{MatchBody: true, Headers: []string{"x-tenant"}},
			[]tieSummary{{"POST /orders?", []string{"a", "b"}, "b", "a"}}},
		{"query matching off: sides differing only in query tie",
			`[{"name": "q", "request": "/q", "response": [
			   {"id": "a", "name": "plain", "code": 200, "originalRequest": "/q"},
			   {"id": "b", "name": "paged", "code": 404, "originalRequest": "/q?page=2"}]}]`,
			match.Config{IgnoreQueryParams: true},
			[]tieSummary{{"GET /q?", []string{"a", "b"}, "b", "a"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := compileItems(t, tt.items)
			got := summarize(ix.Ties(tt.cfg))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ties (-want +got):\n%s", diff)
			}
		})
	}
}

// TestTiesOfTheWorkedCollection pins the ties of the fixture of docs/matching.md#worked-examples:
// /users/42 (a5 answers, worked example 7), POST /users (a7, worked
// example 15) and /tenants/users (b4, worked example 26).
func TestTiesOfTheWorkedCollection(t *testing.T) {
	ix := compileFile(t, "testdata/worked.postman_collection.json")
	want := []tieSummary{
		{"GET /users/42?", []string{"a4", "a5"}, "a5", "a4"},
		{"POST /users?", []string{"a6", "a7"}, "a7", "a6"},
		{"GET /tenants/users?", []string{"b3", "b4"}, "b4", ""},
	}
	if diff := cmp.Diff(want, summarize(ix.Ties(match.Config{}))); diff != "" {
		t.Errorf("ties (-want +got):\n%s", diff)
	}
}

// checkTiesAgainstMatch checks ix.Ties against the matcher and the routes,
// independently of how Ties finds them:
//   - sending a tie's request (its method, path and query, no header) is
//     answered by its Winner;
//   - each tied example reaches the winner's score (sent with
//     x-mock-response-code of its status, the answer scores the same);
//   - every set of examples with the same route side (method, path,
//     query) is within one reported tie;
//   - no example is in two ties, and no tie has fewer than two examples.
//
// It returns the number of ties.
func checkTiesAgainstMatch(t *testing.T, ix *match.Index) int {
	t.Helper()
	ties := ix.Ties(match.Config{})
	tieOf := map[*collection.Example]int{}
	for i, tie := range ties {
		if len(tie.Examples) < 2 {
			t.Errorf("tie %d at %s %s has %d example(s)", i, tie.Method, tie.Path, len(tie.Examples))
		}
		req := &match.Request{Method: tie.Method, Path: tie.Path, RawQuery: tie.Query, Header: http.Header{}}
		res := ix.Match(req, match.Config{})
		if res.Example != tie.Winner {
			t.Errorf("%s %s?%s: Match serves %v, Ties names %s", tie.Method, tie.Path, tie.Query, idOf(res.Example), tie.Winner.ID)
			continue
		}
		for _, ex := range tie.Examples {
			if j, ok := tieOf[ex]; ok {
				t.Errorf("%s (%s) is in ties %d and %d", ex.ID, ex.JSONPath, j, i)
			}
			tieOf[ex] = i
			h := http.Header{match.HeaderResponseCode: {strconv.Itoa(ex.Code)}}
			byCode := ix.Match(&match.Request{Method: tie.Method, Path: tie.Path, RawQuery: tie.Query, Header: h}, match.Config{})
			if byCode.Example == nil || byCode.Score != res.Score {
				t.Errorf("%s %s?%s: tied %s (%d) does not reach the winner's score %d: with its code %v scores %d",
					tie.Method, tie.Path, tie.Query, ex.ID, ex.Code, res.Score, idOf(byCode.Example), byCode.Score)
			}
		}
	}
	// Examples of one route side must share one tie.
	sides := map[string][]*collection.Example{}
	routes := ix.Routes()
	for i, ex := range ix.Collection().Examples() {
		r := routes[i]
		k := r.Method + " " + r.Path + "?" + r.Query
		sides[k] = append(sides[k], ex)
	}
	for k, exs := range sides {
		if len(exs) < 2 {
			continue
		}
		first, ok := tieOf[exs[0]]
		for _, ex := range exs {
			if j, in := tieOf[ex]; !ok || !in || j != first {
				t.Errorf("%s: examples %s and %s share the route side but not a tie", k, exs[0].ID, ex.ID)
				break
			}
		}
	}
	return len(ties)
}

func idOf(ex *collection.Example) string {
	if ex == nil {
		return "nothing"
	}
	return ex.ID
}

// TestCorpusTiesAreWhatMatchServes runs checkTiesAgainstMatch over every
// corpus collection.
func TestCorpusTiesAreWhatMatchServes(t *testing.T) {
	total := 0
	corpus.EachCollection(t, func(t *testing.T, c *collection.Collection) {
		ix, err := match.Compile(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		total += checkTiesAgainstMatch(t, ix)
	})
	t.Logf("%d ties in the corpus", total)
}

// TestCorpusTiesOfKnownCollections pins ties the issue names: the todo
// collection (no ids: "200 OK" before "404 Not Found" answers GET
// /todos/1; GET /todos answers 304 by document order, 200 under
// prefer-success) and GitHub's GET /repos/{owner}/{repo} (200, 301, 403,
// 404 without ids: the first, 200, answers).
func TestCorpusTiesOfKnownCollections(t *testing.T) {
	dir := corpus.Dir(t)
	tests := []struct {
		file string
		side string
		want []string // "code name" of the tied examples, winner first
		ps   string   // "code name" of PreferSuccessWinner, "" for nil
	}{
		{"kevinswiber__postman2openapi__todo.json", "GET /todos/1?", []string{"200 200 OK", "404 404 Not Found"}, ""},
		{"kevinswiber__postman2openapi__todo.json", "GET /todos?", []string{"304 304 Not Modified", "200 200 OK"}, "200 200 OK"},
		{"kevinswiber__postman2openapi__github-v3-rest.json", "GET /repos/{{owner}}/{{repo}}?",
			[]string{"200 response", "301 Moved Permanently", "403 Forbidden", "404 Resource Not Found"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.file+" "+tt.side, func(t *testing.T) {
			ix := compileFile(t, dir+"/collections/"+tt.file)
			var found *match.Tie
			for _, tie := range ix.Ties(match.Config{}) {
				if tie.Method+" "+tie.Path+"?"+tie.Query == tt.side {
					found = &tie
					break
				}
			}
			if found == nil {
				t.Fatalf("no tie at %s", tt.side)
			}
			label := func(ex *collection.Example) string {
				if ex == nil {
					return ""
				}
				return strconv.Itoa(ex.Code) + " " + ex.Name
			}
			got := []string{label(found.Winner)}
			for _, ex := range found.Examples {
				if ex != found.Winner {
					got = append(got, label(ex))
				}
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("tie (-want +got):\n%s", diff)
			}
			if ps := label(found.PreferSuccessWinner); ps != tt.ps {
				t.Errorf("PreferSuccessWinner = %q, want %q", ps, tt.ps)
			}
		})
	}
}

// TestRequestsWithoutExamples lists the request items without a saved
// example, folders walked in document order, and none when all have one.
func TestRequestsWithoutExamples(t *testing.T) {
	ix := compileItems(t, `[
	  {"name": "Served", "request": "/a", "response": [{"id": "a", "name": "ok"}]},
	  {"name": "Orders", "item": [
	    {"name": "List", "request": "/orders"},
	    {"name": "Nested", "item": [{"name": "Get", "request": "/orders/1", "response": []}]},
	    {"name": "Create", "request": {"method": "POST", "url": "/orders"}, "response": [{"id": "c", "name": "created"}]}]},
	  {"name": "Health", "request": "/health"}]`)
	var got []string
	for _, it := range ix.RequestsWithoutExamples() {
		got = append(got, strings.Join(append(append([]string{}, it.Folders...), it.Name), " / "))
	}
	want := []string{"Orders / List", "Orders / Nested / Get", "Health"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("requests without examples (-want +got):\n%s", diff)
	}
	if got := compileFile(t, "testdata/worked.postman_collection.json").RequestsWithoutExamples(); len(got) != 0 {
		t.Errorf("worked collection: %d requests without examples, want none", len(got))
	}
}

// TestCorpusRequestsWithoutExamplesOfSabre: Sabre's booking collection has
// 1,077 requests and saved examples for only 4 of them (counted in the
// file's JSON: items with a non-empty response array).
func TestCorpusRequestsWithoutExamplesOfSabre(t *testing.T) {
	dir := corpus.Dir(t)
	ix := compileFile(t, dir+"/collections/sabredevstudio__postman-collections__booking-management-v2026.04.json")
	got := ix.RequestsWithoutExamples()
	if n, all := len(got), len(ix.Collection().Requests()); n != 1073 || all != 1077 {
		t.Fatalf("%d of %d requests without examples, want 1073 of 1077", n, all)
	}
	if it := got[0]; it.Name != "SessionCreateRQ (Stateful ATH) create session" || !slices.Equal(it.Folders, []string{"Authentication"}) {
		t.Errorf("first = %v / %q, want Authentication / SessionCreateRQ (Stateful ATH) create session", it.Folders, it.Name)
	}
	for _, it := range got {
		if len(it.Examples) != 0 || it.Request == nil {
			t.Fatalf("%s: listed with %d examples (request %v)", it.JSONPath, len(it.Examples), it.Request)
		}
	}
}
