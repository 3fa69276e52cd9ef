package verify_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/postmock/postmock/verify"
)

// TestChildContract is run by TestTestReportsSubtests in a child process
// of this test binary: verify.Test against the service of $VERIFY_SERVE.
func TestChildContract(t *testing.T) {
	file := os.Getenv("VERIFY_SERVE")
	if file == "" {
		t.Skip("run by TestTestReportsSubtests")
	}
	srv := serve(t, file)
	verify.Test(t, usersFile, srv.Client(), srv.URL, verify.Parallel(2))
}

// child runs TestChildContract matching run against the service of file.
func child(t *testing.T, file, run string) (string, bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run", run, "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "VERIFY_SERVE="+file)
	out, err := cmd.CombinedOutput()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatal(err)
	}
	return string(out), err == nil
}

func TestTestReportsSubtests(t *testing.T) {
	tests := []struct {
		name, file, run string
		pass            bool
		want, not       []string
	}{
		{"faithful service", usersFile, "^TestChildContract$", true, []string{
			"--- PASS: TestChildContract/Users/List_users/200_OK",
			"--- PASS: TestChildContract/Users/Get_user/404_Not_found",
			"--- PASS: TestChildContract/Health/200_OK",
			"--- SKIP: TestChildContract/Users/Create_user/201_Created",
			"POST is not sent unless allowed",
			"--- SKIP: TestChildContract/Reports/Get_report/200_OK",
		}, []string{"--- FAIL"}},
		{"drifted service", driftFile, "^TestChildContract$", false, []string{
			"--- FAIL: TestChildContract/Users/List_users/200_OK",
			"$.data[0].id: example number, got string",
			"--- FAIL: TestChildContract/Users/Get_user/404_Not_found",
			"Users / Get user / 404 Not found",
			"status: example 404, got 410",
			"Authorization: [redacted]",
		}, nil},
		{"one example selected with -run", driftFile, "^TestChildContract$/^Users$/^Get_user$/^404", false, []string{
			"--- FAIL: TestChildContract/Users/Get_user/404_Not_found",
		}, []string{"List_users", "Get_user/200_OK", "Health"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, pass := child(t, tt.file, tt.run)
			if pass != tt.pass {
				t.Errorf("passed %v, want %v", pass, tt.pass)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("output lacks %q", w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(out, n) {
					t.Errorf("output has %q", n)
				}
			}
			if t.Failed() {
				t.Log(out)
			}
		})
	}
}
