package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	verifyUsers = "../../verify/testdata/users.postman_collection.json"
	verifyDrift = "../../verify/testdata/users-drift.postman_collection.json"
)

// runVerify runs postmock verify with args and returns the exit code and
// outputs.
func runVerify(t *testing.T, ctx context.Context, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(ctx, append([]string{"verify"}, args...), &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestVerifyAgainstServePasses(t *testing.T) {
	s := startServe(t, "-collection", verifyUsers, "-q")
	junit := filepath.Join(t.TempDir(), "out.xml")
	code, out, errOut := runVerify(t, context.Background(), "-collection", verifyUsers, "-base-url", s.base, "-junit", junit, "-methods", "GET,POST")
	if code != 0 {
		t.Fatalf("exit %d; stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"PASS  Users / List users / 200 OK\n",
		"PASS  Users / Create user / 201 Created\n",
		"SKIP  Users / Upload avatar / 204 No content: PUT is not sent unless allowed (it may change data); allowed: GET, POST\n",
		"SKIP  Reports / Get report / 200 OK: variable {{reportId}} in the path is not defined\n",
		"7 examples: 5 passed, 0 failed, 2 skipped\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Tests != 7 || doc.Failures != 0 || doc.Skipped != 2 || len(doc.Suites) != 3 || doc.Suites[0].Name != "Users" || len(doc.Suites[0].Cases) != 5 {
		t.Errorf("JUnit: %+v", doc)
	}
}

func TestVerifyCatchesDrift(t *testing.T) {
	s := startServe(t, "-collection", verifyDrift, "-q")
	code, out, errOut := runVerify(t, context.Background(), "-collection", verifyUsers, "-base-url", s.base,
		"-H", "Authorization: Bearer real-secret")
	if code != 1 {
		t.Fatalf("exit %d, want 1; stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"FAIL  Users / List users / 200 OK\n",
		"      $.data[0].id: example number, got string\n",
		"      $.active: missing; the example has a boolean\n",
		"      status: example 404, got 410\n",
		"        Authorization: [redacted]\n",
		"7 examples: 0 passed, 4 failed, 3 skipped\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "real-secret") {
		t.Errorf("stdout shows the -H secret:\n%s", out)
	}
	if want := "postmock: the service differs from the collection: 4 of 7 examples failed\n"; errOut != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
}

func TestVerifyJSON(t *testing.T) {
	srv := startServe(t, "-collection", verifyDrift, "-q")
	code, out, _ := runVerify(t, context.Background(), "-c", verifyUsers, "-base-url", srv.base, "-json", "-only", "Health", "-body", "none")
	var rep struct {
		Failed  int
		Results []struct {
			Outcome     string
			Differences []struct{ Path, Message string }
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if code != 1 || rep.Failed != 1 || len(rep.Results) != 1 || rep.Results[0].Differences[0].Path != "header Content-Type" {
		t.Errorf("exit %d, report %+v", code, rep)
	}
}

func TestVerifyUnansweredBaseURL(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ln.Close()
	code, out, _ := runVerify(t, context.Background(), "-collection", verifyUsers, "-base-url", base, "-timeout", "2s")
	if code != 1 || strings.Count(out, "FAIL  ") != 4 || strings.Count(out, "error: ") != 4 || !strings.Contains(out, "connection refused") {
		t.Errorf("exit %d:\n%s", code, out)
	}
}

func TestVerifyInterrupted(t *testing.T) {
	arrived := make(chan struct{}, 8)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-r.Context().Done()
	}))
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		select {
		case <-arrived:
		case <-time.After(hangGuard):
		}
		cancel() // as SIGINT does
	}()
	code, out, errOut := runVerify(t, ctx, "-collection", verifyUsers, "-base-url", srv.URL, "-parallel", "1")
	if code != 1 || !strings.Contains(errOut, "postmock: interrupted: 0 of 7 examples verified") || strings.Contains(out, "FAIL") {
		t.Errorf("exit %d; stdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
}

func TestVerifyUsageErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"-base-url", "http://127.0.0.1:1"}, "verify needs -collection FILE"},
		{[]string{"-collection", verifyUsers}, "verify needs -base-url URL"},
		{[]string{"-collection", verifyUsers, "-base-url", "127.0.0.1:1"}, `invalid -base-url "127.0.0.1:1"`},
		{[]string{"-collection", verifyUsers, "-base-url", "http://127.0.0.1:1", "-codes", "2yy"}, `codes "2yy"`},
		{[]string{"-collection", verifyUsers, "-base-url", "http://127.0.0.1:1", "-body", "deep"}, `body mode "deep"`},
		{[]string{"-collection", verifyUsers, "-base-url", "http://127.0.0.1:1", "-parallel", "0"}, "invalid -parallel 0"},
		{[]string{"-collection", verifyUsers, "-base-url", "http://127.0.0.1:1", "-timeout", "0s"}, "invalid -timeout 0s"},
		{[]string{"-collection", verifyUsers, "-base-url", "http://127.0.0.1:1", "-methods", ","}, "no methods"},
		{[]string{"-collection", verifyUsers, "-port", "1"}, "-port is a flag of serve, api and record, not of verify"},
	}
	for _, tt := range tests {
		code, _, errOut := runVerify(t, context.Background(), tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q, want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	if code, _, errOut := runVerify(t, context.Background(), "-collection", "nothing.json", "-base-url", "http://127.0.0.1:1"); code != 1 || !strings.Contains(errOut, "cannot load collection") {
		t.Errorf("missing file: exit %d, %q", code, errOut)
	}
}

// TestVerifySeedReproducesDynamicVariables runs verify three times against
// a service that notes the {{$guid}} each request carries: the same -seed
// sends the same guid, another seed another one.
func TestVerifySeedReproducesDynamicVariables(t *testing.T) {
	coll := filepath.Join(t.TempDir(), "dyn.postman_collection.json")
	err := os.WriteFile(coll, []byte(`{"info":{"name":"dyn","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
"item":[{"name":"Echo","request":{"method":"GET","url":"http://api.example.invalid/echo?id={{$guid}}"},
"response":[{"name":"ok","code":200,"status":"OK","originalRequest":{"method":"GET","url":"http://api.example.invalid/echo?id={{$guid}}"},"body":""}]}]}`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	got := make(chan string, 10)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.URL.Query().Get("id")
	}))
	defer srv.Close()
	sent := func(seed string) string {
		t.Helper()
		code, out, errOut := runVerify(t, context.Background(), "-collection", coll, "-base-url", srv.URL, "-body", "none", "-seed", seed)
		if code != 0 {
			t.Fatalf("-seed %s: exit %d; stdout:\n%s\nstderr:\n%s", seed, code, out, errOut)
		}
		select {
		case id := <-got:
			if len(id) != 36 {
				t.Fatalf("-seed %s sent id=%q, want a guid", seed, id)
			}
			return id
		default:
			t.Fatalf("-seed %s: the service got no request; stdout:\n%s", seed, out)
			return ""
		}
	}
	a, b, c := sent("7"), sent("7"), sent("8")
	if a != b {
		t.Errorf("-seed 7 sent %s, then %s: want the same guid", a, b)
	}
	if a == c {
		t.Errorf("-seed 7 and -seed 8 both sent %s", a)
	}
}
