package survivingreset_test

import (
	"context"
	"errors"
	"syscall"
	"testing"

	survivingreset "github.com/postmock/postmock/examples/surviving-reset"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

// resetThenOK makes the first call of GET /status fail with a reset and
// every later one answer the saved example.
func resetThenOK(t *testing.T, srv *mocktest.Server) {
	t.Helper()
	err := srv.Mock().AddSequence(mock.Sequence{Pattern: "GET /status", Steps: []mock.Step{
		{Fault: mock.FaultConnectionReset},
		{Example: "ok"},
	}})
	if err != nil {
		t.Fatal(err)
	}
}

func TestGetRetriesAResetOverARealConnection(t *testing.T) {
	srv := mocktest.New(t, "status.postman_collection.json")
	// The first call's connection is reset; the retry gets the saved example.
	err := srv.Mock().AddSequence(mock.Sequence{Pattern: "GET /status", Steps: []mock.Step{
		{Fault: mock.FaultConnectionReset},
		{Example: "ok"},
	}})
	if err != nil {
		t.Fatal(err)
	}

	body, attempts, err := survivingreset.Get(context.Background(), srv.Client(), srv.URL+"/status", 3)
	if err != nil || attempts != 2 || string(body) != `{"healthy":true}` {
		t.Fatalf("Get = %s after %d attempts, %v", body, attempts, err)
	}
	if e := srv.Entries()[0]; e.Fault != "connection-reset" || e.ScenarioStep != 1 {
		t.Errorf("first call logged with fault %q, step %d", e.Fault, e.ScenarioStep)
	}
}

func TestGetRetriesAResetInProcess(t *testing.T) {
	srv := mocktest.New(t, "status.postman_collection.json", mocktest.WithoutListener())
	resetThenOK(t, srv)

	body, attempts, err := survivingreset.Get(context.Background(), srv.Client(), "https://api.example.com/status", 3)
	if err != nil || attempts != 2 || string(body) != `{"healthy":true}` {
		t.Fatalf("Get = %s after %d attempts, %v", body, attempts, err)
	}
}

func TestGetGivesUpOnAnExampleThatAlwaysResets(t *testing.T) {
	// GET /broken's saved example carries x-mock-fault: connection-reset.
	srv := mocktest.New(t, "status.postman_collection.json")

	_, attempts, err := survivingreset.Get(context.Background(), srv.Client(), srv.URL+"/broken", 3)
	if !errors.Is(err, syscall.ECONNRESET) || attempts != 3 {
		t.Fatalf("Get: %v after %d attempts, want ECONNRESET after 3", err, attempts)
	}
	srv.AssertCallCount(t, 3)
}

func TestGetRetriesAnEmptyResponse(t *testing.T) {
	srv := mocktest.New(t, "status.postman_collection.json")
	if err := srv.Mock().AddSequence(mock.Sequence{Pattern: "GET /status", Steps: []mock.Step{
		{Fault: mock.FaultEmptyResponse}, {Fault: mock.FaultEmptyResponse}, {Example: "ok"},
	}}); err != nil {
		t.Fatal(err)
	}
	if _, attempts, err := survivingreset.Get(context.Background(), srv.Client(), srv.URL+"/status", 5); err != nil || attempts != 3 {
		t.Fatalf("Get: %v after %d attempts, want success on the third", err, attempts)
	}
}
