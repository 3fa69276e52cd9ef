package mock_test

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
)

func TestWithExplainRecordsCallsServedThroughFuzzySteps(t *testing.T) {
	m := newMock(t, worked, mock.WithExplain())
	calls := []struct {
		target string
		fuzzy  bool
		step   match.Step
		id     string
	}{
		{"/users", false, match.StepExact, "a1"},
		{"/users/", false, match.StepTrailingSlash, "a1"},
		{"/users/carol", false, match.StepWildcard, "a3"},
		{"/USERS", true, match.StepCase, "a1"},
		{"/reports/daily", true, match.StepSlashCase, "a9"},
		{"/orders/9f1c2e3a-0000-4000-8000-000000000002/items", true, match.StepID, "a8"},
		{"/helth", true, match.StepDistance, "b1"},
	}
	var want []mock.Fuzzy
	for _, c := range calls {
		do(t, m, "GET", c.target, nil, "")
		e := m.Calls().All()[m.Calls().Len()-1]
		if e.Step != c.step || e.ExampleID != c.id {
			t.Fatalf("%s: served %s through %v, want %s through %v", c.target, e.ExampleID, e.Step, c.id, c.step)
		}
		if match.FuzzySteps.Has(c.step) != c.fuzzy {
			t.Errorf("FuzzySteps.Has(%v) = %v, want %v", c.step, !c.fuzzy, c.fuzzy)
		}
		if c.fuzzy {
			want = append(want, mock.Fuzzy{Method: "GET", Path: c.target, Step: c.step})
		}
	}
	got := m.FuzzyMatches()
	if len(got) != len(want) {
		t.Fatalf("%d fuzzy matches recorded, want %d: %+v", len(got), len(want), got)
	}
	for i, f := range got {
		if f.Method != want[i].Method || f.Path != want[i].Path || f.Step != want[i].Step {
			t.Errorf("fuzzy[%d] = %s %s %v, want %s %s %v", i, f.Method, f.Path, f.Step, want[i].Method, want[i].Path, want[i].Step)
		}
		if f.Example == nil || f.Route.Path == "" || f.Route.Name != f.Example.Name {
			t.Errorf("fuzzy[%d] does not name its example and route: %+v", i, f)
		}
	}
}

func TestWithoutExplainNoFuzzyMatchesAreKept(t *testing.T) {
	m := newMock(t, worked)
	do(t, m, "GET", "/helth", nil, "")
	if got := m.FuzzyMatches(); len(got) != 0 {
		t.Errorf("recorded %d fuzzy matches without WithExplain", len(got))
	}
}

func TestNearMissLogNamesTheItemAndPath(t *testing.T) {
	var buf bytes.Buffer
	m := newMock(t, worked, mock.WithLogger(slog.New(slog.NewTextHandler(&buf, nil))))
	do(t, m, "DELETE", "/users/42", nil, "")
	out := buf.String()
	for _, want := range []string{"no example matched", `method \"User 42\" (a4) [User 42, GET /users/42]`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
}
