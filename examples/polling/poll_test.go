package polling_test

import (
	"context"
	"testing"

	"github.com/postmock/postmock/examples/polling"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

func TestWaitPollsUntilDone(t *testing.T) {
	srv := mocktest.New(t, "jobs.postman_collection.json")
	srv.Sequence("GET /jobs/{id}", "pending", "pending", "done")

	job, polls, err := polling.Wait(context.Background(), srv.Client(), srv.URL, "j-7", 0)
	if err != nil {
		t.Fatal(err)
	}
	if polls != 3 || job.State != "done" || job.Result != "https://files.example.com/j-7.csv" {
		t.Errorf("Wait = %+v after %d polls, want done after 3", job, polls)
	}
	// Which step of the sequence answered each call.
	for i, e := range srv.Entries() {
		t.Logf("call %d: %s, step %d: example %q", i+1, e.Scenario, e.ScenarioStep, e.ExampleName)
		if e.ScenarioStep != i+1 {
			t.Errorf("call %d answered by step %d", i+1, e.ScenarioStep)
		}
	}
}

func TestWaitReportsAFailedJob(t *testing.T) {
	srv := mocktest.New(t, "jobs.postman_collection.json", mocktest.WithoutListener())
	srv.Sequence("GET /jobs/{id}", "pending", "failed")

	_, polls, err := polling.Wait(context.Background(), srv.Client(), "https://api.example.com", "j-8", 0)
	if err == nil || err.Error() != "job j-8 failed" || polls != 2 {
		t.Errorf("Wait: %v after %d polls, want the failure after 2", err, polls)
	}
}

func TestWaitStopsAtA404AfterTheSequence(t *testing.T) {
	// A sequence can also end in Postman's 404: a client that polls past
	// the end gets an error instead of a repeat.
	srv := mocktest.New(t, "jobs.postman_collection.json", mocktest.WithoutListener())
	if err := srv.Mock().AddSequence(mock.Sequence{Pattern: "GET /jobs/{id}",
		Steps: mock.Steps("pending", "pending"), AfterEnd: mock.NotFoundAfterEnd}); err != nil {
		t.Fatal(err)
	}
	_, polls, err := polling.Wait(context.Background(), srv.Client(), "https://api.example.com", "j-9", 0)
	if err == nil || polls != 3 {
		t.Errorf("Wait: %v after %d polls, want a 404 error on the third", err, polls)
	}
}
