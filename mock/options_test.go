package mock_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
)

// optionsCollection saves, without example ids, a 404 before a 200 for
// GET /items, and a wildcard path for GET /items/{{id}}.
const optionsCollection = `{"info":{"name":"Options","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
 "item":[{"name":"items","request":{"method":"GET","url":"https://api.example.com/items"},"response":[
  {"name":"Not Found","code":404,"originalRequest":{"method":"GET","url":"https://api.example.com/items"},"body":"not found"},
  {"name":"OK","code":200,"originalRequest":{"method":"GET","url":"https://api.example.com/items"},"body":"ok"}]},
 {"name":"item","request":{"method":"GET","url":"https://api.example.com/items/{{id}}"},"response":[
  {"name":"Item","code":200,"originalRequest":{"method":"GET","url":"https://api.example.com/items/{{id}}"},"body":"item {{id}}"}]}]}`

func optionsMock(t *testing.T, opts ...mock.Option) *mock.Mock {
	t.Helper()
	c, err := collection.Parse([]byte(optionsCollection))
	if err != nil {
		t.Fatal(err)
	}
	m, err := mock.New(c, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestConfigPreferSuccessAndSkipStepsReachTheMatcher proves mock.Config's
// PreferSuccess and SkipSteps change what a running mock serves, through
// WithConfig and SetConfig, and that Config reads them back.
func TestConfigPreferSuccessAndSkipStepsReachTheMatcher(t *testing.T) {
	tests := []struct {
		name string
		cfg  mock.Config
		want map[string]string // target → "status body"
	}{
		{"defaults", mock.Config{}, map[string]string{
			"/items": "404 not found", "/ITEMS": "404 not found", "/Items/7": "200 item 7", "/itms": "404 not found"}},
		{"prefer success", mock.Config{PreferSuccess: true}, map[string]string{
			"/items": "200 ok", "/ITEMS": "200 ok", "/x-mock-404": "404 not found"}},
		{"exact", mock.Config{SkipSteps: match.FuzzySteps}, map[string]string{
			"/items": "404 not found", "/items/": "404 not found", "/ITEMS": "404 no match", "/Items/7": "404 no match",
			"/items/7/": "200 item 7", "/itms": "404 no match"}},
		{"exact and prefer success", mock.Config{SkipSteps: match.FuzzySteps, PreferSuccess: true, MatchBody: true}, map[string]string{
			"/items": "200 ok", "/items/": "200 ok", "/ITEMS": "404 no match"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(m *mock.Mock, how string) {
				t.Helper()
				if got := m.Config(); got.PreferSuccess != tt.cfg.PreferSuccess || got.SkipSteps != tt.cfg.SkipSteps {
					t.Errorf("%s: Config() = %+v, want %+v", how, got, tt.cfg)
				}
				for target, want := range tt.want {
					hdr := map[string]string{}
					if target == "/x-mock-404" {
						target, hdr["x-mock-response-code"] = "/items", "404"
					}
					r := do(t, m, "GET", target, hdr, "")
					body := r.body
					if strings.Contains(body, "mockRequestNotFoundError") {
						body = "no match"
					}
					if got := fmt.Sprintf("%d %s", r.status, body); got != want {
						t.Errorf("%s: GET %s = %s, want %s", how, target, got, want)
					}
				}
			}
			check(optionsMock(t, mock.WithConfig(tt.cfg)), "WithConfig")
			m := optionsMock(t)
			if err := m.SetConfig(tt.cfg); err != nil {
				t.Fatal(err)
			}
			check(m, "SetConfig")
		})
	}
}

// TestExactModeMissExplainsTheSkippedStep proves a mock's near-miss
// explanation in exact mode says the example was reachable only through a
// skipped step.
func TestExactModeMissExplainsTheSkippedStep(t *testing.T) {
	m := optionsMock(t, mock.WithExplain(), mock.WithConfig(mock.Config{SkipSteps: match.FuzzySteps}))
	if r := do(t, m, "GET", "/ITEMS", nil, ""); r.status != 404 {
		t.Fatalf("GET /ITEMS = %d, want 404", r.status)
	}
	misses := m.Misses()
	if len(misses) != 1 || len(misses[0].Rejections) == 0 {
		t.Fatalf("misses = %+v", misses)
	}
	if r := misses[0].Rejections[0]; r.Reason != "path" || !strings.Contains(r.Detail, "(case)") {
		t.Errorf("nearest rejection = %+v, want the case step named as skipped", r)
	}
}
