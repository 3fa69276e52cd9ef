package mocktest_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/postmock/postmock/mocktest"
)

// testJobPolling is a test of your own (TestJobPolling in your _test.go
// file; lower case here so that this file shows whole as
// Server.Sequence's example, and TestExamplesRunAsTests runs it).
func testJobPolling(t *testing.T) {
	srv := mocktest.New(t, "testdata/jobs.postman_collection.json")
	// The saved examples "pending" and "done", in that order: the last one
	// repeats. Calls to other routes are matched as usual.
	srv.Sequence("GET /jobs/{id}", "pending", "pending", "done")

	polls := 0
	for state := ""; state != "done"; polls++ {
		resp, err := srv.Client().Get(srv.URL + "/jobs/42")
		if err != nil {
			t.Fatal(err)
		}
		var job struct{ State string }
		err = json.NewDecoder(resp.Body).Decode(&job)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("poll %d: %d %v", polls+1, resp.StatusCode, err)
		}
		state = job.State
	}
	if polls != 3 {
		t.Errorf("done after %d polls, want 3", polls)
	}
	// The call log says which step answered.
	if e := srv.Entries()[2]; e.ScenarioStep != 3 || e.ExampleName != "done" {
		t.Errorf("third poll answered by step %d (%s)", e.ScenarioStep, e.ExampleName)
	}
}

// Server.Sequence scripts a route: a polling client sees "pending" twice,
// then "done". This function is compiled, not run: the code to copy is
// testJobPolling above.
func ExampleServer_Sequence() {}
