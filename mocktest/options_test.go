package mocktest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

// TestPreferSuccessAndExactComposeWithWithConfig proves PreferSuccess and
// Exact change the config WithConfig sets, in either order, keeping
// WithConfig's fields (here MatchBody, Headers and a delay), and that
// without WithConfig they start from Postman's defaults.
func TestPreferSuccessAndExactComposeWithWithConfig(t *testing.T) {
	base := mock.Config{MatchBody: true, Headers: []string{"x-none"}, Delay: time.Millisecond}
	withBase := base
	withBase.PreferSuccess, withBase.SkipSteps = true, match.FuzzySteps
	tests := []struct {
		name string
		opts []mocktest.Option
		want mock.Config
	}{
		{"options after WithConfig", []mocktest.Option{mocktest.WithConfig(base), mocktest.PreferSuccess(), mocktest.Exact()}, withBase},
		{"options before WithConfig", []mocktest.Option{mocktest.Exact(), mocktest.PreferSuccess(), mocktest.WithConfig(base)}, withBase},
		{"through WithMockOptions", []mocktest.Option{mocktest.PreferSuccess(), mocktest.WithMockOptions(mock.WithConfig(base)), mocktest.Exact()}, withBase},
		{"without WithConfig", []mocktest.Option{mocktest.Exact()}, mock.Config{SkipSteps: match.FuzzySteps}},
		{"prefer success alone", []mocktest.Option{mocktest.PreferSuccess()}, mock.Config{PreferSuccess: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := mocktest.New(t, api, append(tt.opts, mocktest.WithoutListener())...).Mock().Config()
			if got.MatchBody != tt.want.MatchBody || got.PreferSuccess != tt.want.PreferSuccess ||
				got.SkipSteps != tt.want.SkipSteps || got.Delay != tt.want.Delay || strings.Join(got.Headers, ",") != strings.Join(tt.want.Headers, ",") {
				t.Errorf("Config() = %+v, want %+v", got, tt.want)
			}
		})
	}
}

// TestPreferSuccessAnswersTheHappyPath proves mocktest.PreferSuccess over
// a live mock: GET /users/42 (a 200 and a 404 saved for the same path,
// the 404 holding the later id) and POST /users (201 and 400) answer their
// 2xx; x-mock-response-code still picks the error.
func TestPreferSuccessAnswersTheHappyPath(t *testing.T) {
	def := mocktest.New(t, api)
	srv := mocktest.New(t, api, mocktest.PreferSuccess())
	if code, _ := get(t, def.Client(), def.URL+"/users/42"); code != 404 {
		t.Errorf("default: GET /users/42 = %d, want 404 (the later id)", code)
	}
	if code, body := get(t, srv.Client(), srv.URL+"/users/42"); code != 200 || !strings.Contains(body, "a4") {
		t.Errorf("PreferSuccess: GET /users/42 = %d %s, want 200 from a4", code, body)
	}
	if code, _ := get(t, srv.Client(), srv.URL+"/users/42", "x-mock-response-code", "404"); code != 404 {
		t.Errorf("PreferSuccess with x-mock-response-code 404: %d, want 404", code)
	}
	resp, err := srv.Client().Post(srv.URL+"/users", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Errorf("PreferSuccess: POST /users = %d, want 201", resp.StatusCode)
	}
}

// TestExactServesOnlyExactPaths proves mocktest.Exact over a live mock:
// case differences, other ids and typos get Postman's 404, while exact
// paths, trailing slashes and wildcards are served.
func TestExactServesOnlyExactPaths(t *testing.T) {
	def := mocktest.New(t, api)
	srv := mocktest.New(t, api, mocktest.Exact())
	tests := []struct {
		target       string
		def, exact   int
		exactExample string
	}{
		{"/users", 200, 200, "a1"},
		{"/users/", 200, 200, "a1"},
		{"/users/carol", 200, 200, "a3"},
		{"/Reports/Daily/", 200, 200, "a9"},
		{"/USERS", 200, 404, ""},
		{"/reports/daily", 200, 404, ""},
		{"/documents/my-documnt", 200, 404, ""},
		{"/orders/5b0e2a1c-1111-4222-8333-444455556666/items", 200, 404, ""},
	}
	for _, tt := range tests {
		if code, _ := get(t, def.Client(), def.URL+tt.target); code != tt.def {
			t.Errorf("default: GET %s = %d, want %d", tt.target, code, tt.def)
		}
		code, body := get(t, srv.Client(), srv.URL+tt.target)
		if code != tt.exact || tt.exactExample != "" && !strings.Contains(body, tt.exactExample) ||
			tt.exactExample == "" && !strings.Contains(body, "mockRequestNotFoundError") {
			t.Errorf("Exact: GET %s = %d %s, want %d %s", tt.target, code, body, tt.exact, tt.exactExample)
		}
	}
}
