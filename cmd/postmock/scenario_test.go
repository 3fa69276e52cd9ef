package main

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

const jobsColl = "testdata/jobs.postman_collection.json"

func writeScenario(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "scenario.json")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestServeScenarioFileScriptsSequencesAndFaults(t *testing.T) {
	file := writeScenario(t, `{
  "sequences": [{"name": "poll", "pattern": "GET /jobs/{id}", "steps": ["pending", "done"]}],
  "faults": [{"pattern": "GET /health", "fault": "connection-reset"}],
  "rateLimit": {"calls": 100, "window": "1m"}
}`)
	s := startServe(t, "serve", "-c", jobsColl, "-scenario", file)
	if want := "postmock: scenario " + file + ": 1 sequence, 1 route fault, rate limit 100 per 1m0s"; !strings.Contains(s.stdout.String(), want) {
		t.Errorf("stdout %q lacks %q", s.stdout.String(), want)
	}
	for _, want := range []string{"pending", "done", "done"} {
		if code, body := call(t, "GET", s.base+"/jobs/5", nil); code != 200 || !strings.Contains(body, want) {
			t.Fatalf("GET /jobs/5 = %d %s, want %s", code, body, want)
		}
	}
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	_, err := (&http.Client{Transport: tr, Timeout: hangGuard}).Get(s.base + "/health")
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Errorf("GET /health: %v, want a connection reset", err)
	}
}

func TestServeScenarioErrorsNameTheFileAndThePart(t *testing.T) {
	tests := []struct{ name, content, want string }{
		{"unknown field", `{"faults":[{"pattern":"/x","falut":"empty-response"}]}`, `unknown field "falut"`},
		{"bad fault", `{"faults":[{"pattern":"/x","fault":"drop"}]}`, `faults[0].fault: unknown fault "drop"`},
		{"rate 2.0", `{"chaos":{"rate":2.0}}`, `chaos rate 2 is outside 0–1`},
		{"unknown example", `{"sequences":[{"pattern":"GET /jobs/{id}","steps":["pending","finished"]}]}`, `step 2: no such example named or with id "finished"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := writeScenario(t, tt.content)
			code, _, stderr := runCmd(t, "serve", "-c", jobsColl, "-scenario", file, "-port", "0")
			if code != 1 || !strings.Contains(stderr, "-scenario "+file) || !strings.Contains(stderr, tt.want) {
				t.Fatalf("exit %d, stderr %q; want 1 and %q", code, stderr, tt.want)
			}
		})
	}
	code, _, stderr := runCmd(t, "serve", "-c", jobsColl, "-scenario", filepath.Join(t.TempDir(), "missing.json"), "-port", "0")
	if code != 1 || !strings.Contains(stderr, "cannot read -scenario file") {
		t.Fatalf("missing file: exit %d, stderr %q", code, stderr)
	}
}

// A bad x-mock-fault saved on an example is the collection's fault, not the
// scenario file's, with or without -scenario.
func TestBadExampleFaultNamesTheCollection(t *testing.T) {
	coll := filepath.Join(t.TempDir(), "bad-fault.postman_collection.json")
	content := `{"info":{"name":"f","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
"item":[{"name":"h","request":{"method":"GET","url":"http://x/h"},
"response":[{"name":"boom","code":200,"header":[{"key":"x-mock-fault","value":"explode"}],"body":"x"}]}]}`
	if err := os.WriteFile(coll, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	file := writeScenario(t, `{"rateLimit": {"calls": 5, "window": "1m"}}`)
	for _, args := range [][]string{
		{"serve", "-c", coll, "-port", "0"},
		{"serve", "-c", coll, "-scenario", file, "-port", "0"},
	} {
		code, _, stderr := runCmd(t, args...)
		if code != 1 || !strings.Contains(stderr, "collection "+coll) || !strings.Contains(stderr, `"explode"`) || strings.Contains(stderr, "-scenario") {
			t.Errorf("%v: exit %d, stderr %q; want 1, naming the collection and the bad value, not -scenario", args, code, stderr)
		}
	}
}
