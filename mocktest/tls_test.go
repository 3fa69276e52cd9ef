package mocktest_test

import (
	"crypto/tls"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/postmock/postmock/mocktest"
)

// TestNewTLSServesHTTPSToItsOwnClient: NewTLS serves https at an https URL;
// its Client trusts the certificate and a client that does not know it is
// refused, so the test really went through TLS.
func TestNewTLSServesHTTPSToItsOwnClient(t *testing.T) {
	srv := mocktest.NewTLS(t, api, mocktest.WithHeader("x-mock-response-code", "200"))
	if !strings.HasPrefix(srv.URL, "https://127.0.0.1:") {
		t.Fatalf("URL = %q, want https://127.0.0.1:port", srv.URL)
	}
	if code, body := get(t, srv.Client(), srv.URL+"/users/42"); code != 200 || body != `{"example": "a4"}` {
		t.Errorf("GET /users/42 over TLS = %d %s, want 200 from a4", code, body)
	}
	_, err := (&http.Client{Transport: &http.Transport{}}).Get(srv.URL + "/health")
	var verr *tls.CertificateVerificationError
	if !errors.As(err, &verr) {
		t.Errorf("a client without the server's certificate: err = %v, want a certificate verification error", err)
	}
	srv.AssertCalls(t, []mocktest.Call{{Method: "GET", Path: "/users/42", Status: 200, Example: "User 42"}})
}

// TestNewTLSWithoutListenerFails: TLS without a socket is a mistake the
// test hears about at once.
func TestNewTLSWithoutListenerFails(t *testing.T) {
	ft := &fakeTB{TB: t}
	func() {
		defer func() { _ = recover() }()
		mocktest.NewTLS(ft, api, mocktest.WithoutListener())
	}()
	if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], "TLS needs a listener") {
		t.Errorf("failures = %q", ft.errs)
	}
}
