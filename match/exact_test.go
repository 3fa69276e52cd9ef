package match_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/internal/testsupport/gen"
	"github.com/postmock/postmock/match"
)

// exactHitConfigs are the configurations the shortcut must agree with the
// ladder under: the defaults and every switch that changes how the exact
// step's candidates score or tie, plus ones that must turn it off.
var exactHitConfigs = []match.Config{
	{},
	{IgnoreQueryParams: true},
	{IgnoreWildcards: true},
	{PreferSuccess: true},
	{PreferSuccess: true, IgnoreQueryParams: true},
	{SkipSteps: match.FuzzySteps},
	{SkipSteps: match.StepsOf(match.StepExact)},
	{MatchBody: true},
	{Headers: []string{"accept"}},
}

// sameAnswer compares two results: the same example, score, step,
// distance, captures and error.
func sameAnswer(t *testing.T, what string, got, want match.Result) {
	t.Helper()
	if got.Example != want.Example || got.Score != want.Score || got.Step != want.Step ||
		got.Distance != want.Distance || got.Err != want.Err ||
		!cmp.Equal(got.Captures, want.Captures, cmpopts.EquateEmpty()) {
		t.Errorf("%s: Match gave %s at %s/%d (err %v, captures %v); the ladder %s at %s/%d (err %v, captures %v)", what,
			id(got.Example), got.Step, got.Score, got.Err, got.Captures, id(want.Example), want.Step, want.Score, want.Err, want.Captures)
	}
}

func id(ex *collection.Example) string {
	if ex == nil {
		return "nothing"
	}
	return ex.ID
}

// requestsOf returns, for every example, its own method and path, the path
// with a trailing slash and upper-cased, each without a query and with
// the example's query, and with a selection header.
func requestsOf(ix *match.Index, c *collection.Collection) []*match.Request {
	var out []*match.Request
	for i, rt := range ix.Routes() {
		ex := c.Examples()[i]
		for _, path := range []string{rt.Path, rt.Path + "/", strings.ToUpper(rt.Path)} {
			for _, q := range []string{"", rt.Query} {
				out = append(out, &match.Request{Method: ex.Request.MethodOrGet(), Path: path, RawQuery: q, Header: http.Header{}})
			}
		}
		out = append(out, &match.Request{Method: ex.Request.MethodOrGet(), Path: rt.Path,
			Header: http.Header{match.HeaderResponseCode: {fmt.Sprint(ex.Code)}}})
	}
	return out
}

// TestExactHitAgreesWithLadder proves Match's exact-hit shortcut gives the
// answer the full ladder gives, for generated collections (many ties,
// queries, ids and wildcards) under every configuration of
// exactHitConfigs, and that the shortcut is taken for plain exact hits
// (so the comparison covers it).
func TestExactHitAgreesWithLadder(t *testing.T) {
	for _, seed := range []uint64{1, 2, 3} {
		c, err := collection.Parse(gen.Collection(300, seed))
		if err != nil {
			t.Fatal(err)
		}
		checkExactHit(t, c, fmt.Sprintf("gen seed %d", seed), true)
	}
}

// tieCollection has the cases where the exact step's candidates alone do
// not decide, or decide by a tie rule: /t has a 500 with the greater id and
// a 200 (PreferSuccess picks the 200); /q's only exact example carries a
// query, so a plain call to /q is won by /q/'s example on the trailing
// slash step (95+10 beats 100-10).
const tieCollection = `{"info":{"name":"ties","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[
	{"name":"t","request":{"method":"GET","url":"http://h/t"},"response":[
		{"id":"b-ok","name":"ok","originalRequest":{"method":"GET","url":"http://h/t"},"code":200,"body":"ok"},
		{"id":"z-err","name":"err","originalRequest":{"method":"GET","url":"http://h/t"},"code":500,"body":"err"}]},
	{"name":"q","request":{"method":"GET","url":"http://h/q?x=1"},"response":[
		{"id":"q-query","name":"query","originalRequest":{"method":"GET","url":"http://h/q?x=1"},"code":200,"body":"q"}]},
	{"name":"q/","request":{"method":"GET","url":"http://h/q/"},"response":[
		{"id":"q-slash","name":"slash","originalRequest":{"method":"GET","url":"http://h/q/"},"code":200,"body":"q/"}]}]}`

// TestExactHitTies proves Match (shortcut and ladder alike) serves what
// Postman's rules say on tieCollection, and that the shortcut agrees with
// the ladder there.
func TestExactHitTies(t *testing.T) {
	c, err := collection.Parse([]byte(tieCollection))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path string
		cfg  match.Config
		want string
	}{
		{"/t", match.Config{}, "z-err"},                          // last id wins the tie
		{"/t", match.Config{PreferSuccess: true}, "b-ok"},        // the 2xx wins it
		{"/q", match.Config{}, "q-slash"},                        // 95+10 beats 100-10
		{"/q", match.Config{IgnoreQueryParams: true}, "q-query"}, // 100 beats 95
	} {
		req := &match.Request{Method: "GET", Path: tc.path, Header: http.Header{}}
		if got := ix.Match(req, tc.cfg); id(got.Example) != tc.want {
			t.Errorf("%s %+v: served %s, want %s", tc.path, tc.cfg, id(got.Example), tc.want)
		}
	}
	checkExactHit(t, c, "ties", true)
}

// TestCorpusExactHitAgreesWithLadder is TestExactHitAgreesWithLadder over
// the corpus (CI=true).
func TestCorpusExactHitAgreesWithLadder(t *testing.T) {
	corpus.EachCollection(t, func(t *testing.T, c *collection.Collection) {
		// Some have no example a plain call reaches (every path has a
		// variable or an escape): the shortcut need not be taken there.
		checkExactHit(t, c, c.Info.Name, false)
	})
}

func checkExactHit(t *testing.T, c *collection.Collection, name string, wantShortcut bool) {
	t.Helper()
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	shortcuts := 0
	for _, cfg := range exactHitConfigs {
		for _, req := range requestsOf(ix, c) {
			got := ix.Match(req, cfg)
			if _, ok := ix.ExactHit(req, cfg); ok {
				shortcuts++
			}
			if req.Header.Get(match.HeaderResponseCode) != "" {
				continue // the ladder hook takes no selection headers
			}
			sameAnswer(t, fmt.Sprintf("%s: %+v %s %s?%s", name, cfg, req.Method, req.Path, req.RawQuery), got, ix.MatchLadder(req, cfg))
		}
	}
	if wantShortcut && shortcuts == 0 {
		t.Errorf("%s: no request took the exact-hit shortcut", name)
	}
	checkExactRoutes(t, ix, c, name)
}

// checkExactRoutes holds Index.ExactRoutes and PlainCall to Match: for
// every request of requestsOf under every configuration, a plain call to a
// listed route gets win's answer from Match and from the ladder alone
// exactly when Match takes its shortcut, and every call that takes the
// shortcut is a plain call to a listed route. win must not depend on
// IgnoreWildcards.
func checkExactRoutes(t *testing.T, ix *match.Index, c *collection.Collection, name string) {
	t.Helper()
	wins := map[string]func(match.Config) (match.Result, bool){}
	ix.ExactRoutes(func(method, path string, win func(match.Config) (match.Result, bool)) {
		k := method + " " + path
		if _, dup := wins[k]; dup || strings.Contains(path, "%") {
			t.Errorf("%s: route %q listed twice or with an escape", name, k)
		}
		wins[k] = win
	})
	for _, cfg := range exactHitConfigs {
		for _, req := range requestsOf(ix, c) {
			what := fmt.Sprintf("%s: %+v %s %s?%s %v", name, cfg, req.Method, req.Path, req.RawQuery, req.Header)
			short, shortOK := ix.ExactHit(req, cfg)
			win := wins[strings.ToUpper(req.Method)+" "+strings.TrimPrefix(req.Path, "/")]
			if !match.PlainCall(req, cfg) || win == nil {
				if shortOK {
					t.Errorf("%s: Match took its shortcut, but PlainCall says %v and the route is listed: %v", what, match.PlainCall(req, cfg), win != nil)
				}
				continue
			}
			got, ok := win(cfg)
			if ok != shortOK {
				t.Errorf("%s: win says %v, Match's shortcut %v", what, ok, shortOK)
				continue
			}
			if !ok {
				continue
			}
			sameAnswer(t, what+" (win against Match)", got, short)
			sameAnswer(t, what+" (win against the ladder)", got, ix.MatchLadder(req, cfg))
			flipped := cfg
			flipped.IgnoreWildcards = !cfg.IgnoreWildcards
			if other, ok := win(flipped); !ok || other.Example != got.Example || other.Score != got.Score {
				t.Errorf("%s: win changes with IgnoreWildcards", what)
			}
		}
	}
}

// TestExactHitOnlyWhenSafe proves the shortcut stands aside whenever
// something but the exact step could decide: selection and matching
// headers, body or header matching, a skipped exact step, a query under
// query scoring, an escaped path, a pattern in the path, and examples that
// all carry a query.
func TestExactHitOnlyWhenSafe(t *testing.T) {
	c, err := collection.Parse([]byte(`{"info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[
	{"name":"a","request":{"method":"GET","url":"http://h/a/b"},"response":[{"name":"ok","originalRequest":{"method":"GET","url":"http://h/a/b"},"code":200,"body":"a"}]},
	{"name":"q","request":{"method":"GET","url":"http://h/q?x=1"},"response":[{"name":"ok","originalRequest":{"method":"GET","url":"http://h/q?x=1"},"code":200,"body":"q"}]},
	{"name":"w","request":{"method":"GET","url":"http://h/w/{{id}}"},"response":[{"name":"ok","originalRequest":{"method":"GET","url":"http://h/w/{{id}}"},"code":200,"body":"w"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	get := func(path, q string, h http.Header) *match.Request {
		if h == nil {
			h = http.Header{}
		}
		return &match.Request{Method: "GET", Path: path, RawQuery: q, Header: h}
	}
	if _, ok := ix.ExactHit(get("/a/b", "", nil), match.Config{}); !ok {
		t.Fatal("plain exact hit did not take the shortcut")
	}
	for _, tc := range []struct {
		name string
		req  *match.Request
		cfg  match.Config
	}{
		{"query", get("/a/b", "x=1", nil), match.Config{}},
		{"escaped path", get("/a/%62", "", nil), match.Config{}},
		{"examples with a query only", get("/q", "", nil), match.Config{}},
		{"pattern segment", get("/w/{{id}}", "", nil), match.Config{}},
		{"body matching", get("/a/b", "", nil), match.Config{MatchBody: true}},
		{"header matching", get("/a/b", "", nil), match.Config{Headers: []string{"accept"}}},
		{"exact step skipped", get("/a/b", "", nil), match.Config{SkipSteps: match.StepsOf(match.StepExact)}},
		{"response code", get("/a/b", "", http.Header{match.HeaderResponseCode: {"200"}}), match.Config{}},
		{"response id", get("/a/b", "", http.Header{match.HeaderResponseID: {"x"}}), match.Config{}},
		{"response name", get("/a/b", "", http.Header{match.HeaderResponseName: {"ok"}}), match.Config{}},
		{"match body header", get("/a/b", "", http.Header{match.HeaderMatchRequestBody: {"true"}}), match.Config{}},
		{"match headers header", get("/a/b", "", http.Header{match.HeaderMatchHeaders: {"accept"}}), match.Config{}},
		{"no example there", get("/a/c", "", nil), match.Config{}},
	} {
		if res, ok := ix.ExactHit(tc.req, tc.cfg); ok {
			t.Errorf("%s: shortcut taken (served %s)", tc.name, id(res.Example))
		}
	}
}

// TestLadderLookupsBuiltOnFirstUseUnderConcurrency proves the ladder's
// lookups, built on the first call that needs them, give every one of many
// concurrent first calls (wildcard, id, case and distance hits, misses) the
// answer a warmed-up index gives (run it with -race).
func TestLadderLookupsBuiltOnFirstUseUnderConcurrency(t *testing.T) {
	data := gen.Collection(500, 4)
	c, err := collection.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	var reqs []*match.Request
	for _, kind := range gen.Kinds() {
		for _, call := range gen.Calls(c, kind, 20, 2) {
			reqs = append(reqs, call.Request())
		}
	}
	warm, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := make([]match.Result, len(reqs))
	for i, r := range reqs {
		want[i] = warm.Match(r, match.Config{})
	}
	fresh, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := make([][]match.Result, 8)
	done := make(chan int)
	for g := range got {
		go func() {
			got[g] = make([]match.Result, len(reqs))
			for i := range reqs {
				k := (i + g*len(reqs)/len(got)) % len(reqs)
				got[g][k] = fresh.Match(reqs[k], match.Config{})
			}
			done <- g
		}()
	}
	for range got {
		<-done
	}
	for g := range got {
		for i, r := range reqs {
			if got[g][i].Example != want[i].Example || got[g][i].Step != want[i].Step {
				t.Errorf("goroutine %d, %s %s?%s: served %s at %s, warm index %s at %s", g, r.Method, r.Path, r.RawQuery,
					id(got[g][i].Example), got[g][i].Step, id(want[i].Example), want[i].Step)
			}
		}
	}
}
