package gen_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/gen"
	"github.com/postmock/postmock/match"
)

func sizes(t *testing.T) []int {
	if testing.Short() {
		return []int{100, 1000}
	}
	return []int{100, 1000, 10000}
}

func parse(t *testing.T, examples int, seed uint64) *collection.Collection {
	t.Helper()
	c, err := collection.Parse(gen.Collection(examples, seed), collection.Strict())
	if err != nil {
		t.Fatalf("Collection(%d, %d) does not parse: %v", examples, seed, err)
	}
	return c
}

func TestCollectionDeterministic(t *testing.T) {
	a, b := gen.Collection(1000, 42), gen.Collection(1000, 42)
	if !bytes.Equal(a, b) {
		t.Fatal("same arguments gave different bytes")
	}
	if bytes.Equal(a, gen.Collection(1000, 43)) {
		t.Fatal("another seed gave the same bytes")
	}
	c := parse(t, 1000, 42)
	for _, k := range gen.Kinds() {
		x, y := gen.Calls(c, k, 100, 9), gen.Calls(c, k, 100, 9)
		if !slices.Equal(x, y) {
			t.Errorf("%s: same arguments gave different calls", k)
		}
	}
}

func TestCollectionSize(t *testing.T) {
	for _, n := range sizes(t) {
		c := parse(t, n, 1)
		got := len(c.Examples())
		if d := got - n; 20*d > n || -20*d > n {
			t.Errorf("Collection(%d): %d examples, want within ±5%%", n, got)
		}
		if len(c.Diagnostics) > 0 {
			t.Errorf("Collection(%d): diagnostics: %v", n, c.Diagnostics)
		}
	}
	if c := parse(t, 0, 1); len(c.Examples()) != 0 {
		t.Errorf("Collection(0): %d examples", len(c.Examples()))
	}
}

// TestCollectionShape checks the realistic features the benchmarks rely on.
func TestCollectionShape(t *testing.T) {
	c := parse(t, 1000, 5)
	if c.Version != "2.1.0" {
		t.Errorf("version %q, want 2.1.0", c.Version)
	}
	if len(c.Variables) != 1 || c.Variables[0].Key != "baseUrl" || c.Variables[0].Value != gen.BaseURL {
		t.Errorf("variables %+v, want baseUrl = %s", c.Variables, gen.BaseURL)
	}
	var wildcard, numeric, uuid, paged, post, depth3 bool
	for _, it := range c.Requests() {
		if d := len(it.Folders); d < 2 || d > 3 {
			t.Errorf("%s: %d enclosing folders, want 2–3", it.JSONPath, d)
		}
		depth3 = depth3 || len(it.Folders) == 3
		u := it.Request.URL
		if len(u.Host) != 1 || u.Host[0] != "{{baseUrl}}" {
			t.Errorf("%s: host %q, want {{baseUrl}}", it.JSONPath, u.Host)
		}
		if len(u.Path) >= 2 {
			switch s := u.Path[1]; {
			case s == "{{id}}":
				wildcard = true
			case strings.Count(s, "-") == 4 && len(s) == 36:
				uuid = true
			case strings.Trim(s, "0123456789") == "":
				numeric = true
			}
		}
		paged = paged || len(u.Query) == 2
		if it.Request.Method == "POST" {
			post = true
			if b := it.Request.Body; b == nil || b.Mode != collection.ModeRaw || b.Language != "json" {
				t.Errorf("%s: POST without a raw JSON body", it.JSONPath)
			}
		}
	}
	for name, ok := range map[string]bool{"{{id}} wildcard": wildcard, "numeric id": numeric, "UUID": uuid,
		"query": paged, "POST": post, "third folder level": depth3} {
		if !ok {
			t.Errorf("no request with a %s", name)
		}
	}
	for _, v := range collection.UnresolvedVariables(c, nil) {
		if v.Name != "id" {
			t.Errorf("unexpected unresolved variable {{%s}}", v.Name)
		}
	}
}

// TestSuccessSortsLast checks that every request has 2–4 examples with
// explicit, distinct codes and that the success example has the greatest id.
func TestSuccessSortsLast(t *testing.T) {
	c := parse(t, 1000, 3)
	for _, it := range c.Requests() {
		exs := it.Examples
		if len(exs) < 2 || len(exs) > 4 {
			t.Errorf("%s: %d examples, want 2–4", it.JSONPath, len(exs))
			continue
		}
		codes := map[int]bool{}
		var success *collection.Example
		for _, ex := range exs {
			if strings.HasPrefix(ex.ID, "00000000-0000-4000-8") {
				t.Errorf("%s: synthetic id %s", ex.JSONPath, ex.ID)
			}
			if codes[ex.Code] {
				t.Errorf("%s: code %d twice", it.JSONPath, ex.Code)
			}
			codes[ex.Code] = true
			if ex.Code == 200 || ex.Code == 201 {
				success = ex
			}
		}
		if success == nil {
			t.Errorf("%s: no success example", it.JSONPath)
			continue
		}
		for _, ex := range exs {
			if ex != success && ex.ID >= success.ID {
				t.Errorf("%s: success id %s does not sort after %s", it.JSONPath, success.ID, ex.ID)
			}
		}
	}
}

// TestCallsMatch runs every generated call through the real matcher: it must
// win on its step with its WantID (or match nothing for NoMatch).
func TestCallsMatch(t *testing.T) {
	for _, n := range sizes(t) {
		c := parse(t, n, 11)
		ix, err := match.Compile(c, nil)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]*collection.Example{}
		for _, ex := range c.Examples() {
			byID[ex.ID] = ex
		}
		for _, kind := range gen.Kinds() {
			t.Run(fmt.Sprintf("size=%d/%s", n, kind), func(t *testing.T) {
				calls := gen.Calls(c, kind, 300, 17)
				if len(calls) != 300 {
					t.Fatalf("got %d calls, want 300", len(calls))
				}
				distinct := map[string]bool{}
				for _, call := range calls {
					distinct[call.Method+" "+call.Target()] = true
					if call.Kind != kind || call.Step != kind.Step() {
						t.Fatalf("%s %s: kind %s step %v", call.Method, call.Target(), call.Kind, call.Step)
					}
					res := ix.Match(call.Request(), match.Config{})
					if kind == gen.NoMatch {
						if res.Example != nil || !errors.Is(res.Err, match.ErrNoMatch) {
							t.Errorf("%s %s: matched %v (step %v), want no match", call.Method, call.Target(), res.Example.ID, res.Step)
						}
						continue
					}
					if res.Example == nil {
						t.Errorf("%s %s: no match (%v), want %s at step %v", call.Method, call.Target(), res.Err, call.WantID, call.Step)
						continue
					}
					if res.Step != call.Step || res.Example.ID != call.WantID {
						t.Errorf("%s %s: got %s at step %v, want %s at step %v", call.Method, call.Target(),
							res.Example.ID, res.Step, call.WantID, call.Step)
					}
					// The tie rule makes the success example the answer, except
					// for the list's bad-page query, which is its own path+query.
					if ex := byID[call.WantID]; ex.Code != 200 && ex.Code != 201 && !strings.Contains(call.RawQuery, "page=0") {
						t.Errorf("%s %s: winner %s has code %d, want the success example", call.Method, call.Target(), ex.ID, ex.Code)
					}
				}
				if want := min(len(calls), 20); len(distinct) < want {
					t.Errorf("only %d distinct calls", len(distinct))
				}
			})
		}
	}
}

func TestKindStep(t *testing.T) {
	want := []match.Step{match.StepExact, match.StepTrailingSlash, match.StepCase, match.StepWildcard,
		match.StepID, match.StepDistance, 0}
	for i, k := range gen.Kinds() {
		if k.Step() != want[i] {
			t.Errorf("%s.Step() = %v, want %v", k, k.Step(), want[i])
		}
	}
	if gen.Calls(parse(t, 100, 1), gen.Kind("bogus"), 10, 1) != nil {
		t.Error("unknown kind gave calls")
	}
}

// TestDistanceCallsLeaveOutWhatTheCapMayCut builds a collection whose first
// path level has more look-alike siblings than match.DefaultDistanceCap, so
// that the matcher's distance step may stop before it sees every candidate
// there: distance calls must come only from the small second level, and
// each must still win where the model says.
func TestDistanceCallsLeaveOutWhatTheCapMayCut(t *testing.T) {
	var items []string
	add := func(path string, i int) {
		items = append(items, fmt.Sprintf(`{"name":"r%d","request":{"method":"GET","url":"{{baseUrl}}/%s"},`+
			`"response":[{"id":"e%05d","name":"n%d","code":200,"originalRequest":{"method":"GET","url":"{{baseUrl}}/%s"}}]}`, i, path, i, i, path))
	}
	n := 0
	for a := 'a'; a <= 'z' && n < match.DefaultDistanceCap+1000; a++ {
		for b := 'a'; b <= 'z'; b++ {
			for c := 'a'; c <= 'h'; c++ {
				add("user-"+string([]rune{a, b, c}), n)
				n++
			}
		}
	}
	for i, w := range []string{"orders", "invoices", "payments", "customers", "shipments", "refunds", "reports", "devices"} {
		add("ab/"+w, n+i)
	}
	data := `{"info":{"name":"cap","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},` +
		`"variable":[{"key":"baseUrl","value":"https://api.example.com"}],"item":[` + strings.Join(items, ",") + `]}`
	c, err := collection.Parse([]byte(data), collection.Strict())
	if err != nil {
		t.Fatal(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	calls := gen.Calls(c, gen.Distance, 5, 3)
	if len(calls) == 0 {
		t.Fatal("no distance calls from the small level")
	}
	for _, call := range calls {
		if !strings.HasPrefix(call.Path, "/ab/") {
			t.Errorf("%s %s: a call on the level the cap may cut", call.Method, call.Path)
			continue
		}
		res := ix.Match(call.Request(), match.Config{})
		if res.Example == nil || res.Step != match.StepDistance || res.Example.ID != call.WantID {
			t.Errorf("%s %s: got %v at step %v, want %s at step distance", call.Method, call.Path, res.Example, res.Step, call.WantID)
		}
	}
}
