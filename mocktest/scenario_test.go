package mocktest_test

import (
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

const jobsFile = "testdata/jobs.postman_collection.json"

func status(t *testing.T, srv *mocktest.Server, method, path string) (int, string, error) {
	t.Helper()
	req, _ := http.NewRequest(method, srv.URL+path, nil)
	if srv.URL == "" {
		req, _ = http.NewRequest(method, "http://mock.local"+path, nil)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

func TestChaosAndRateLimitOptionsCombineWithWithScenario(t *testing.T) {
	srv := mocktest.New(t, jobsFile,
		mocktest.RateLimit(mock.RateLimit{Calls: 2}),
		mocktest.WithScenario(mock.Scenario{Faults: []mock.RouteFault{{Pattern: "GET /flaky2", Fault: mock.FaultEmptyResponse}}}),
		mocktest.Chaos(mock.Chaos{Rate: 0}))
	sc := srv.Mock().Scenario()
	if sc.RateLimit.Calls != 2 || len(sc.Faults) != 1 {
		t.Fatalf("scenario: %+v", sc)
	}
	for i, want := range []int{200, 200, 429} {
		if code, _, err := status(t, srv, "GET", "/health"); err != nil || code != want {
			t.Fatalf("call %d: %d %v, want %d", i+1, code, err, want)
		}
	}
}

func TestFaultOverTheListenerAndWithoutIt(t *testing.T) {
	for _, opts := range [][]mocktest.Option{nil, {mocktest.WithoutListener()}} {
		srv := mocktest.New(t, jobsFile, opts...)
		srv.Fault("GET /health", mock.FaultConnectionReset)
		_, _, err := status(t, srv, "GET", "/health")
		if !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("listener %v: %v, want ECONNRESET", srv.URL != "", err)
		}
	}
}

func TestScenarioFileOption(t *testing.T) {
	file := filepath.Join(t.TempDir(), "s.json")
	if err := os.WriteFile(file, []byte(`{"sequences":[{"pattern":"GET /jobs/{id}","steps":["done"],"afterEnd":"not-found"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	srv := mocktest.New(t, jobsFile, mocktest.WithScenarioFile(file))
	for i, want := range []int{200, 404} {
		if code, _, err := status(t, srv, "GET", "/jobs/1"); err != nil || code != want {
			t.Fatalf("call %d: %d %v", i+1, code, err)
		}
	}
}

// fatalTB records Fatalf instead of stopping, to check the message.
type fatalTB struct {
	testing.TB
	msg string
}

func (f *fatalTB) Helper() {}
func (f *fatalTB) Fatalf(format string, args ...any) {
	f.msg = format
	if len(args) > 0 {
		f.msg = strings.TrimSpace(strings.ReplaceAll(format, "%v", "")) + " " + args[0].(error).Error()
	}
}

func TestSequenceWithUnknownExampleFailsTheTestAtOnce(t *testing.T) {
	ftb := &fatalTB{TB: t}
	bad := mocktest.New(ftb, jobsFile)
	bad.Sequence("GET /jobs/{id}", "pending", "finished")
	if !strings.Contains(ftb.msg, `no such example named or with id "finished"`) {
		t.Fatalf("Fatalf message: %q", ftb.msg)
	}
}
