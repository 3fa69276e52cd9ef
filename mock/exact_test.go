package mock

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/internal/testsupport/gen"
	"github.com/postmock/postmock/match"
)

// TestExactTableServesWhatMatchServes proves a mock's exact table answers
// as the index's Match does: every generated call of every kind, served by
// mocks under each configuration the table's answer depends on (and ones
// that turn it off), is logged with Match's example, score and step, and
// with the generator's predicted example under the defaults. Plain calls
// must have been answered from the table, so that the comparison covers
// it.
func TestExactTableServesWhatMatchServes(t *testing.T) {
	configs := []Config{{}, {IgnoreQueryParams: true}, {PreferSuccess: true},
		{IgnoreQueryParams: true, PreferSuccess: true}, {IgnoreWildcards: true}, {MatchBody: true}}
	for _, seed := range []uint64{1, 2} {
		c, err := collection.Parse(gen.Collection(300, seed))
		if err != nil {
			t.Fatal(err)
		}
		var calls []gen.Call
		for _, k := range gen.Kinds() {
			calls = append(calls, gen.Calls(c, k, 60, seed)...)
		}
		for ci, cfg := range configs {
			m, err := New(c, WithConfig(cfg))
			if err != nil {
				t.Fatal(err)
			}
			fromTable := 0
			for _, cl := range calls {
				what := fmt.Sprintf("seed %d %+v: %s %s %s", seed, cfg, cl.Kind, cl.Method, cl.Target())
				mreq := cl.Request()
				mcfg := cfg.MatchConfig()
				if _, _, ok := m.exact.Load().lookup(mreq, &mcfg); ok {
					fromTable++
				}
				want := m.Index().Match(mreq, mcfg)
				m.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(cl.Method, cl.Target(), nil))
				all := m.Calls().All()
				e := all[len(all)-1]
				if want.Example == nil {
					if e.Matched {
						t.Errorf("%s: served %s, Match serves nothing", what, e.ExampleID)
					}
					continue
				}
				if e.ExampleID != want.Example.ID || e.ExampleName != want.Example.Name || e.Score != want.Score || e.Step != want.Step {
					t.Errorf("%s: served %s (%q) at %s/%d, Match serves %s at %s/%d", what, e.ExampleID, e.ExampleName, e.Step, e.Score,
						want.Example.ID, want.Step, want.Score)
				}
				if ci == 0 && cl.WantID != "" && e.ExampleID != cl.WantID {
					t.Errorf("%s: served %s, the generator predicts %s", what, e.ExampleID, cl.WantID)
				}
			}
			if fromTable == 0 && !cfg.MatchBody {
				t.Errorf("seed %d %+v: no call answered from the exact table", seed, cfg)
			}
			if fromTable != 0 && cfg.MatchBody {
				t.Errorf("seed %d %+v: %d calls answered from the exact table under body matching", seed, cfg, fromTable)
			}
		}
	}
}

// TestExactTableFollowsEnvironment proves SetEnvironment replaces the
// exact table with the new index's: a path that a variable resolves is
// answered at its new value (from the table) and no longer at its old one.
func TestExactTableFollowsEnvironment(t *testing.T) {
	c, err := collection.Parse([]byte(`{"info":{"name":"env","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[
	{"name":"a","request":{"method":"GET","url":"http://h/{{ver}}/a"},"response":[{"id":"a1","name":"a","originalRequest":{"method":"GET","url":"http://h/{{ver}}/a"},"code":200,"body":"a"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	env := func(v string) *collection.Environment {
		return &collection.Environment{Values: []collection.Variable{{Key: "ver", Value: v}}}
	}
	m, err := New(c, WithEnvironment(env("v1")))
	if err != nil {
		t.Fatal(err)
	}
	status := func(path string) (int, bool) {
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		cfg := match.Config{}
		_, _, ok := m.exact.Load().lookup(&match.Request{Method: http.MethodGet, Path: path, Header: http.Header{}}, &cfg)
		return rec.Code, ok
	}
	for _, step := range []struct {
		ver     string
		path    string
		code    int
		inTable bool
	}{
		{"v1", "/v1/a", 200, true}, {"v1", "/v2/a", 404, false},
		{"v2", "/v2/a", 200, true}, {"v2", "/v1/a", 404, false},
	} {
		if err := m.SetEnvironment(env(step.ver)); err != nil {
			t.Fatal(err)
		}
		if code, ok := status(step.path); code != step.code || ok != step.inTable {
			t.Errorf("ver %s, %s: %d (from the table: %v), want %d (%v)", step.ver, step.path, code, ok, step.code, step.inTable)
		}
	}
}

// TestFillPlainIsFillAndWrite proves the headers an exact hit takes from
// its prepared record alone are those fill and write put into an empty
// map, and that the call log's precomputed list is that map as logHeaders
// lists it, for every example without templates of generated collections
// and the corpus (CI=true); records with few headers hold them inline.
func TestFillPlainIsFillAndWrite(t *testing.T) {
	check := func(t *testing.T, c *collection.Collection) {
		keys := map[string]string{}
		plain := 0
		for _, ex := range c.Examples() {
			p := prepareKeys(ex, keys)
			if p.vals == nil {
				if !p.anyTmpl {
					t.Errorf("%s: no plain headers for an example without templates", ex.ID)
				}
				continue
			}
			plain++
			got := http.Header{}
			got["Content-Length"] = p.fillPlain(got)
			want := http.Header{}
			p.fill(want, nil)
			want["Content-Length"] = []string{fmt.Sprint(len(p.body))}
			if p.bodyNull {
				want["Content-Length"] = []string{"0"}
			}
			if !cmp.Equal(got, want) {
				t.Errorf("%s: fillPlain gave %v, fill and write %v", ex.ID, got, want)
			}
			if lh := logHeaders(want); !cmp.Equal(p.logged, lh) {
				t.Errorf("%s: logged %v, the map lists as %v", ex.ID, p.logged, lh)
			}
			if inline := len(p.vals) <= inlineHeaders; inline != (&p.vals[0] == &p.inlVals[0]) {
				t.Errorf("%s: %d headers, held inline: %v", ex.ID, len(p.vals), !inline)
			}
		}
		if plain == 0 && len(c.Examples()) > 0 {
			t.Logf("%s: no example without templates", c.Info.Name)
		}
	}
	for _, seed := range []uint64{1, 2, 3} {
		c, err := collection.Parse(gen.Collection(300, seed))
		if err != nil {
			t.Fatal(err)
		}
		check(t, c)
	}
	corpus.EachCollection(t, check)
}

// TestExactTableTies proves the exact table answers a tie on one path as
// Postman's rules do under each configuration it depends on: the greatest
// id wins, the 2xx with PreferSuccess, and a path whose only exact example
// has a query is left to the ladder (its trailing-slash twin wins there)
// unless queries are ignored.
func TestExactTableTies(t *testing.T) {
	c, err := collection.Parse([]byte(`{"info":{"name":"ties","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[
	{"name":"t","request":{"method":"GET","url":"http://h/t"},"response":[
		{"id":"b-ok","name":"ok","originalRequest":{"method":"GET","url":"http://h/t"},"code":200,"body":"ok"},
		{"id":"z-err","name":"err","originalRequest":{"method":"GET","url":"http://h/t"},"code":500,"body":"err"}]},
	{"name":"q","request":{"method":"GET","url":"http://h/q?x=1"},"response":[
		{"id":"q-query","name":"query","originalRequest":{"method":"GET","url":"http://h/q?x=1"},"code":200,"body":"q"}]},
	{"name":"q/","request":{"method":"GET","url":"http://h/q/"},"response":[
		{"id":"q-slash","name":"slash","originalRequest":{"method":"GET","url":"http://h/q/"},"code":200,"body":"q/"}]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		path    string
		cfg     Config
		want    string
		inTable bool
	}{
		{"/t", Config{}, "z-err", true},
		{"/t", Config{PreferSuccess: true}, "b-ok", true},
		{"/t", Config{PreferSuccess: true, IgnoreQueryParams: true}, "b-ok", true},
		{"/t", Config{IgnoreQueryParams: true}, "z-err", true},
		{"/q", Config{}, "q-slash", false},
		{"/q", Config{IgnoreQueryParams: true}, "q-query", true},
	} {
		m, err := New(c, WithConfig(tc.cfg))
		if err != nil {
			t.Fatal(err)
		}
		m.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, tc.path, nil))
		mcfg := tc.cfg.MatchConfig()
		_, _, ok := m.exact.Load().lookup(&match.Request{Method: http.MethodGet, Path: tc.path, Header: http.Header{}}, &mcfg)
		if e := m.Calls().All()[0]; e.ExampleID != tc.want || ok != tc.inTable {
			t.Errorf("%s %+v: served %s (from the table: %v), want %s (%v)", tc.path, tc.cfg, e.ExampleID, ok, tc.want, tc.inTable)
		}
	}
}

// TestExactTableBuildsOnlyTheVariantsInUse proves the table is built per
// configuration variant, on the first plain call under it: a mock that
// never changes its configuration builds one, and one that switches
// (SetConfig) builds the new variant then and answers from it as Match
// does.
func TestExactTableBuildsOnlyTheVariantsInUse(t *testing.T) {
	c, err := collection.Parse(gen.Collection(200, 3))
	if err != nil {
		t.Fatal(err)
	}
	calls := gen.Calls(c, gen.Kinds()[0], 40, 3)
	m, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	built := func() []int {
		var vs []int
		for v, routes := range m.exact.Load().variants {
			if routes != nil {
				vs = append(vs, v)
			}
		}
		return vs
	}
	if got := built(); len(got) != 0 {
		t.Fatalf("before any call: variants %v built, want none", got)
	}
	for i, cfg := range []Config{{}, {}, {PreferSuccess: true}, {IgnoreQueryParams: true, PreferSuccess: true}} {
		if err := m.SetConfig(cfg); err != nil {
			t.Fatal(err)
		}
		mcfg := cfg.MatchConfig()
		fromTable := 0
		for _, cl := range calls {
			res, _, ok := m.exact.Load().lookup(cl.Request(), &mcfg)
			if !ok {
				continue
			}
			fromTable++
			want := m.Index().Match(cl.Request(), mcfg)
			if res.Example != want.Example || res.Score != want.Score || res.Step != want.Step {
				t.Errorf("%+v %s %s: table answers %v/%d/%s, Match %v/%d/%s", cfg, cl.Method, cl.Target(),
					res.Example.ID, res.Score, res.Step, want.Example.ID, want.Score, want.Step)
			}
		}
		if fromTable == 0 {
			t.Fatalf("%+v: no call answered from the table (%s calls)", cfg, gen.Kinds()[0])
		}
		want := [][]int{{0}, {0}, {0, 2}, {0, 2, 3}}[i]
		if got := built(); !cmp.Equal(got, want) {
			t.Errorf("after calls under %+v: variants %v built, want %v", cfg, got, want)
		}
	}
}

// TestLargeMockBuildsItsExactTableAhead checks that New builds the table of
// a large mock's configuration without waiting for a call, for that
// variant only, and that a small mock leaves it to the first call.
func TestLargeMockBuildsItsExactTableAhead(t *testing.T) {
	if runtime.GOMAXPROCS(0) < 2 {
		t.Skip("the build ahead needs a second core")
	}
	for _, tc := range []struct {
		name     string
		examples int
		cfg      Config
		want     []int // variants built before any call
	}{
		{"small", exactAheadMin / 4, Config{}, nil},
		{"large", exactAheadMin + 100, Config{}, []int{0}},
		{"large, preferring success", exactAheadMin + 100, Config{PreferSuccess: true}, []int{2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := collection.Parse(gen.Collection(tc.examples, 5))
			if err != nil {
				t.Fatal(err)
			}
			if n := len(c.Examples()); (n >= exactAheadMin) != (tc.want != nil) {
				t.Fatalf("generated %d examples: the case needs the other side of %d", n, exactAheadMin)
			}
			m, err := New(c, WithConfig(tc.cfg))
			if err != nil {
				t.Fatal(err)
			}
			m.ahead.Wait()
			var got []int
			for v, routes := range m.exact.Load().variants {
				if routes != nil {
					got = append(got, v)
				}
			}
			if !cmp.Equal(got, tc.want) {
				t.Errorf("variants built before any call: %v, want %v", got, tc.want)
			}
		})
	}
}
