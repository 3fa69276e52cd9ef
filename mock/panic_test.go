package mock_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/postmock/postmock/mock"
)

// An override that panics fails the client's call with an error naming
// the panic, through either in-process transport, as a server would drop
// the connection; the mock keeps serving.
func TestPanickingOverrideFailsTheCallNotTheTest(t *testing.T) {
	m := newMock(t, jobs)
	if err := m.AddOverride("POST /orders", func(w http.ResponseWriter, r *http.Request, fb mock.Fallback) {
		panic("override bug")
	}); err != nil {
		t.Fatal(err)
	}
	for name, rt := range map[string]http.RoundTripper{"Mock.Transport": m.Transport(), "Transport": mock.Transport(m)} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, "http://mock.local/orders", strings.NewReader("{}"))
			resp, err := (&http.Client{Transport: rt}).Do(req)
			if resp != nil {
				resp.Body.Close()
			}
			if !errors.Is(err, mock.ErrHandlerPanic) || !strings.Contains(err.Error(), "override bug") {
				t.Fatalf("got %v, %v; want an error wrapping ErrHandlerPanic naming the panic", resp, err)
			}
			resp, err = (&http.Client{Transport: rt}).Get("http://mock.local/health")
			if err != nil || resp.StatusCode != http.StatusOK {
				t.Fatalf("the next call: %v, %v", resp, err)
			}
			resp.Body.Close()
		})
	}
}

// A hand-made HTTP/2 request served a fault through a writer that cannot
// be hijacked gets a 500 saying so, not a panic out of ServeHTTP.
func TestFaultOverAnUnhijackableWriterAnswers500EvenForHTTP2(t *testing.T) {
	m := newMock(t, jobs, mock.WithScenario(mock.Scenario{Faults: []mock.RouteFault{
		{Pattern: "GET /health", Fault: mock.FaultConnectionReset},
	}}))
	r := httptest.NewRequest(http.MethodGet, "/health", nil)
	r.Proto, r.ProtoMajor, r.ProtoMinor = "HTTP/2.0", 2, 0
	w := httptest.NewRecorder()
	m.ServeHTTP(w, r)
	if w.Code != http.StatusInternalServerError || !strings.Contains(w.Body.String(), "faultUnsupportedError") {
		t.Fatalf("got %d %s, want 500 faultUnsupportedError", w.Code, w.Body)
	}
}
