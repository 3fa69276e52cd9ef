package mocktest_test

import (
	"errors"
	"net/http"
	"syscall"
	"testing"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

// testSurvivesAReset is a test of your own (TestSurvivesAReset in your
// _test.go file; lower case here so that this file shows whole as
// Server.Override's example, and TestExamplesRunAsTests runs it).
func testSurvivesAReset(t *testing.T) {
	srv := mocktest.New(t, "testdata/jobs.postman_collection.json")
	calls := 0 // one client, one call at a time
	srv.Override("GET /health", func(w http.ResponseWriter, r *http.Request, fb mock.Fallback) {
		calls++
		if calls == 1 {
			_ = fb.ServeFault(mock.FaultConnectionReset) // the first call's connection drops
			return
		}
		fb.Serve() // then the saved example answers
	})

	client := srv.Client()
	_, err := client.Get(srv.URL + "/health")
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("first call: %v, want a connection reset", err)
	}
	resp, err := client.Get(srv.URL + "/health") // the retry
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("retry: %d", resp.StatusCode)
	}
	if f := srv.Entries()[0].Fault; f != "connection-reset" {
		t.Errorf("first call logged with fault %q", f)
	}
}

// Server.Override answers a route in Go and hands calls back to the
// collection; here the first call fails with a reset, as a dropped
// connection would. This function is compiled, not run: the code to copy
// is testSurvivesAReset above.
func ExampleServer_Override() {}
