package main

import (
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/workspace"
)

const apiUseridEnv = "testdata/userid.postman_environment.json"

// apiCall makes one request on a fresh connection, with key as x-api-key
// when not empty, and returns status and body.
func apiCall(t *testing.T, method, url, key, body string) (int, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if key != "" {
		req.Header.Set("x-api-key", key)
	}
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: hangGuard}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// apiDecode decodes a JSON object answer.
func apiDecode(t *testing.T, body string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("not a JSON object: %v: %s", err, body)
	}
	return v
}

func apiMember(v map[string]any, keys ...string) string {
	var x any = v
	for _, k := range keys {
		m, _ := x.(map[string]any)
		x = m[k]
	}
	s, _ := x.(string)
	return s
}

func TestAPICommandUploadCreateCallAndShutDown(t *testing.T) {
	before := runtime.NumGoroutine()
	s := startServe(t, "api", "-api-key", "secret", "-api-key", "other")
	if !strings.HasPrefix(s.stdout.String(), "postmock: Postman API for mocks at "+s.base+" ") {
		t.Errorf("stdout = %q, want the URL %s first", s.stdout, s.base)
	}

	if code, body := apiCall(t, "GET", s.base+"/mocks", "", ""); code != 401 || !strings.Contains(body, "AuthenticationError") {
		t.Errorf("GET /mocks without a key = %d %s, want 401", code, body)
	}
	raw, err := os.ReadFile(worked)
	if err != nil {
		t.Fatal(err)
	}
	code, body := apiCall(t, "POST", s.base+"/collections", "other", `{"collection":`+string(raw)+`}`)
	if code != 200 {
		t.Fatalf("POST /collections = %d %s", code, body)
	}
	collUID := apiMember(apiDecode(t, body), "collection", "uid")
	code, body = apiCall(t, "POST", s.base+"/mocks", "secret", `{"mock":{"collection":"`+collUID+`"}}`)
	if code != 200 {
		t.Fatalf("POST /mocks = %d %s", code, body)
	}
	created := apiDecode(t, body)
	mockURL, mockID := apiMember(created, "mock", "mockUrl"), apiMember(created, "mock", "id")
	if mockURL != s.base+"/"+mockID {
		t.Errorf("mockUrl = %q, want %s/%s (the real port)", mockURL, s.base, mockID)
	}
	if code, body := apiCall(t, "GET", mockURL+"/users", "", ""); code != 200 || body != `{"example": "a1"}` {
		t.Errorf("GET mockUrl/users = %d %s", code, body)
	}
	if code, body := apiCall(t, "GET", s.base+"/nothing", "", ""); code != 404 || body != workspace.MockNotFoundBody {
		t.Errorf("GET /nothing = %d %s, want the workspace's 404", code, body)
	}

	// A "<mock id>." host label reaches the mock whatever the path.
	req, _ := http.NewRequest("GET", s.base+"/mocks", nil)
	req.Host = mockID + ".localhost"
	tr := &http.Transport{DisableKeepAlives: true}
	resp, err := (&http.Client{Transport: tr, Timeout: hangGuard}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	tr.CloseIdleConnections()
	if resp.StatusCode != 404 || string(b) != mock.NotFoundBody {
		t.Errorf("GET /mocks on the mock's host = %d %s, want the mock's 404", resp.StatusCode, b)
	}

	// The same keys open private mocks.
	if code, body := apiCall(t, "DELETE", s.base+"/mocks/"+mockID+"/unpublish", "secret", ""); code != 200 {
		t.Fatalf("unpublish = %d %s", code, body)
	}
	if code, _ := apiCall(t, "GET", mockURL+"/users", "", ""); code != 401 {
		t.Errorf("private mock without a key = %d, want 401", code)
	}
	if code, _ := apiCall(t, "GET", mockURL+"/users", "other", ""); code != 200 {
		t.Errorf("private mock with a key = %d, want 200", code)
	}

	if code := s.stop(t); code != 0 {
		t.Errorf("api returned %d after cancel, want 0; stderr:\n%s", code, s.stderr)
	}
	if !strings.Contains(s.stderr.String(), "postmock: shutting down") {
		t.Errorf("stderr = %q, want the shutdown line", s.stderr)
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(s.base, "http://"), time.Second); err == nil {
		t.Errorf("%s still accepts connections after shutdown", s.base)
	}
	waitGoroutines(t, before)
}

func TestAPICommandPreloadsAndListsFiles(t *testing.T) {
	s := startServe(t, "api", "-api-key", "k", "-collection", worked, "-e", apiUseridEnv)
	out := s.stdout.String()
	collLine := regexp.MustCompile(`(?m)^postmock: collection (00000000-[0-9a-f-]+) "Worked examples \(matching\.md §12\)" \(13 examples\) from ` +
		regexp.QuoteMeta(worked) + `$`).FindStringSubmatch(out)
	envLine := regexp.MustCompile(`(?m)^postmock: environment (00000000-5d1f0c2e-0000-4000-8000-000000000e01) "User 7" from ` +
		regexp.QuoteMeta(apiUseridEnv) + `$`).FindStringSubmatch(out)
	if collLine == nil || envLine == nil {
		t.Fatalf("stdout lacks the collection and environment lines:\n%s", out)
	}
	if n := strings.Count(out, "\n"); n != 3 {
		t.Errorf("stdout has %d lines, want 3 (URL, collection, environment):\n%s", n, out)
	}

	raw, err := os.ReadFile(worked)
	if err != nil {
		t.Fatal(err)
	}
	if code, body := apiCall(t, "GET", s.base+"/collections/"+collLine[1], "k", ""); code != 200 || body != `{"collection":`+string(raw)+`}` {
		t.Errorf("GET the pre-loaded collection = %d %.200s, want the file as is", code, body)
	}
	if code, body := apiCall(t, "GET", s.base+"/environments", "k", ""); code != 200 || !strings.Contains(body, envLine[1]) {
		t.Errorf("GET /environments = %d %s", code, body)
	}
	code, body := apiCall(t, "POST", s.base+"/mocks", "k", `{"mock":{"collection":"`+collLine[1]+`","environment":"`+envLine[1]+`"}}`)
	if code != 200 {
		t.Fatalf("POST /mocks = %d %s", code, body)
	}
	mockURL := apiMember(apiDecode(t, body), "mock", "mockUrl")
	if code, body := apiCall(t, "GET", mockURL+"/users/7", "", ""); code != 200 {
		t.Errorf("GET mockUrl/users/7 = %d %s", code, body)
	}
}

func TestAPICommandErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no key", []string{"api"}, 2, "postmock: the api command needs -api-key KEY"},
		{"no key with files", []string{"api", "-collection", worked}, 2, "needs -api-key KEY"},
		{"empty key", []string{"api", "-api-key", " "}, 2, "-api-key must not be empty"},
		{"bad port", []string{"api", "-api-key", "k", "-port", "70000"}, 2, "invalid port 70000"},
		{"argument", []string{"api", "-api-key", "k", "extra"}, 2, `unexpected argument "extra"`},
		{"missing collection", []string{"api", "-api-key", "k", "-collection", "testdata/nope.json"}, 1, "cannot load collection"},
		{"environment as collection", []string{"api", "-api-key", "k", "-collection", apiUseridEnv}, 1, "cannot load collection"},
		{"collection as environment", []string{"api", "-api-key", "k", "-environment", worked}, 1, "cannot load environment"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tc.args...)
			if code != tc.code || !strings.Contains(stderr, tc.want) || stdout != "" {
				t.Errorf("run %v = %d, stdout %q, stderr %q; want %d and %q", tc.args, code, stdout, stderr, tc.code, tc.want)
			}
		})
	}
}

func TestAPICommandInUsage(t *testing.T) {
	code, stdout, _ := runCmd(t, "help")
	for _, want := range []string{"postmock api -api-key KEY", "Flags of api:", "-api-key KEY"} {
		if code != 0 || !strings.Contains(stdout, want) {
			t.Errorf("help (exit %d) lacks %q", code, want)
		}
	}
	if code, stdout, _ := runCmd(t, "api", "-h"); code != 0 || !strings.Contains(stdout, "Flags of api:") {
		t.Errorf("api -h = %d %q", code, stdout)
	}
}

func TestIsEnvelope(t *testing.T) {
	for _, tc := range []struct {
		raw, kind string
		want      bool
	}{
		{`{"info":{},"item":[]}`, "collection", false},
		{`{"collection":{"info":{},"item":[]}}`, "collection", true},
		{`{"collection":"x","item":[]}`, "collection", false},
		{`{"name":"e","values":[]}`, "environment", false},
		{`{"environment":{"name":"e","values":[]}}`, "environment", true},
		{`not json`, "environment", false},
	} {
		if got := isEnvelope([]byte(tc.raw), tc.kind); got != tc.want {
			t.Errorf("isEnvelope(%s, %s) = %v, want %v", tc.raw, tc.kind, got, tc.want)
		}
	}
}
