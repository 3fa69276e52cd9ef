package mock_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/postmock/postmock/mock"
)

// A scripted answer (of an example without templates, whose call-log
// headers are prepared) to a call with an Origin carries
// Access-Control-Allow-Origin, and the call log shows the headers the
// client got, that one included.
func TestScriptedAnswerLogsTheCORSHeaderItSends(t *testing.T) {
	m := newMock(t, jobs, mock.WithScenario(mock.Scenario{Sequences: []mock.Sequence{
		{Pattern: "POST /orders", Steps: mock.Steps("busy", "created")},
	}}))
	r := httptest.NewRequest(http.MethodPost, "/orders", nil)
	r.Header.Set("Origin", "https://app.example")
	w := httptest.NewRecorder()
	m.ServeHTTP(w, r)
	if got := w.Header().Get("Access-Control-Allow-Origin"); got != "https://app.example" {
		t.Fatalf("client got Access-Control-Allow-Origin %q", got)
	}
	e := m.Calls().All()[0]
	found := false
	for _, h := range e.Response.Headers {
		if h.Key == "Access-Control-Allow-Origin" && h.Value == "https://app.example" {
			found = true
		}
	}
	if !found {
		t.Errorf("call log response headers %v lack the Access-Control-Allow-Origin the client got", e.Response.Headers)
	}
}
