package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

const worked = "testdata/worked.postman_collection.json"

// syncBuffer is a bytes.Buffer safe for the concurrent writes of a running
// server and the reads of a test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is a serve command running in the background.
type server struct {
	base           string // http://127.0.0.1:PORT
	stdout, stderr *syncBuffer
	cancel         context.CancelFunc
	done           chan int
}

// startServe runs the serve command with args (plus -port 0) until the test
// stops it, and returns once it listens.
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	return startCLI(t, &cli{}, args...)
}

// startCLI is startServe for a cli with settings of its own (bounds, hooks).
func startCLI(t *testing.T, c *cli, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{stdout: &syncBuffer{}, stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	addrs := make(chan string, 1)
	c.stdout, c.stderr, c.ready = s.stdout, s.stderr, func(addr string) { addrs <- addr }
	go func() { s.done <- c.run(ctx, append(args, "-port", "0")) }()
	select {
	case addr := <-addrs:
		s.base = "http://" + addr
	case code := <-s.done:
		cancel()
		t.Fatalf("serve exited with %d before listening; stderr:\n%s", code, s.stderr)
	case <-time.After(hangGuard):
		cancel()
		t.Fatalf("serve did not start listening within %v", hangGuard)
	}
	t.Cleanup(func() { s.stop(t) })
	return s
}

// stop cancels the command's context and returns its exit code (once).
func (s *server) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case code, ok := <-s.done:
		if ok {
			close(s.done)
		}
		return code
	case <-time.After(hangGuard):
		t.Fatalf("serve did not return within %v of cancellation", hangGuard)
		return -1
	}
}

// call makes one request on a fresh connection and returns status and body.
func call(t *testing.T, method, url string, header map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: hangGuard}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// runCmd runs a command that returns by itself.
func runCmd(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	code = run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

// waitGoroutines waits until the number of goroutines is back to at most
// want (the server's connection goroutines end shortly after shutdown).
func waitGoroutines(t *testing.T, want int) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for {
		n := runtime.NumGoroutine()
		if n <= want {
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			buf = buf[:runtime.Stack(buf, true)]
			t.Fatalf("%d goroutines left, want at most %d:\n%s", n, want, buf)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestServeAnswersCallsAndStopsCleanlyOnCancel(t *testing.T) {
	before := runtime.NumGoroutine()
	s := startServe(t, "-collection", worked, "-seed", "7")

	tests := []struct {
		name     string
		method   string
		path     string
		header   map[string]string
		wantCode int
		wantBody string
	}{
		{"exact path", "GET", "/users", nil, 200, `{"example": "a1"}`},
		{"query", "GET", "/users?page=2", nil, 200, `{"example": "a2"}`},
		{"wildcard", "GET", "/users/carol", nil, 200, `{"example": "a3"}`},
		{"score tie takes the last id", "GET", "/users/42", nil, 404, `{"example": "a5"}`},
		{"x-mock-response-code", "GET", "/users/42", map[string]string{"x-mock-response-code": "200"}, 200, `{"example": "a4"}`},
		{"x-mock-response-name", "GET", "/whatever", map[string]string{"x-mock-response-name": "User 42"}, 200, `{"example": "a4"}`},
		{"no match", "GET", "/status", nil, 404, mock.NotFoundBody},
		{"method", "DELETE", "/users", nil, 404, mock.NotFoundBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := call(t, tt.method, s.base+tt.path, tt.header)
			if code != tt.wantCode || body != tt.wantBody {
				t.Errorf("%s %s = %d %s, want %d %s", tt.method, tt.path, code, body, tt.wantCode, tt.wantBody)
			}
		})
	}
	if body := `{"error":{"name":"mockRequestNotFoundError","message":"Double check your method and the request path and try again.","header":"No matching requests"}}`; mock.NotFoundBody != body {
		t.Errorf("mock.NotFoundBody = %s, want Postman's %s", mock.NotFoundBody, body)
	}

	if code := s.stop(t); code != 0 {
		t.Errorf("run returned %d after cancel, want 0; stderr:\n%s", code, s.stderr)
	}
	if _, err := net.DialTimeout("tcp", strings.TrimPrefix(s.base, "http://"), time.Second); err == nil {
		t.Errorf("%s still accepts connections after shutdown", s.base)
	}
	waitGoroutines(t, before)
}

func TestServePrintsTheURLWithTheRealPort(t *testing.T) {
	s := startServe(t, "serve", "-c", worked)
	want := `postmock: serving "Worked examples (matching.md §12)" (13 examples) at ` + s.base + "\n"
	if got := s.stdout.String(); got != want {
		t.Errorf("stdout = %q, want %q", got, want)
	}
	if strings.HasSuffix(s.base, ":0") {
		t.Errorf("URL %s shows port 0, want the port picked", s.base)
	}
	// The worked collection has a wildcard variable: one match warning.
	if got := s.stderr.String(); !strings.Contains(got, "warning: ") || !strings.Contains(got, "{{userId}}") {
		t.Errorf("stderr = %q, want a warning about {{userId}}", got)
	}
}

func TestServeUsesTheEnvironment(t *testing.T) {
	// With userId defined, /users/{{userId}} is no longer a wildcard.
	s := startServe(t, "-c", worked, "-e", "testdata/userid.postman_environment.json")
	if code, body := call(t, "GET", s.base+"/users/7", nil); code != 200 || body != `{"example": "a3"}` {
		t.Errorf("GET /users/7 = %d %s, want a3", code, body)
	}
	if code, body := call(t, "GET", s.base+"/users/carol", nil); code != 404 || body != mock.NotFoundBody {
		t.Errorf("GET /users/carol = %d %s, want the 404 (no wildcard left)", code, body)
	}
	if strings.Contains(s.stderr.String(), "{{userId}}") {
		t.Errorf("stderr warns about {{userId}} although the environment defines it:\n%s", s.stderr)
	}
}

func TestServeHeaderFlagsApplyToCallsThatDoNotSendThem(t *testing.T) {
	s := startServe(t, "-c", worked, "-H", "x-mock-response-code: 200", "-H", "X-Mock-Match-Request-Headers;")
	tests := []struct {
		name   string
		header map[string]string
		code   int
		body   string
	}{
		// Without -H the tie at /users/42 goes to the 404 (a5).
		{"the default code picks the 200", nil, 200, `{"example": "a4"}`},
		{"the call's own code wins", map[string]string{"x-mock-response-code": "404"}, 404, `{"example": "a5"}`},
	}
	for _, tt := range tests {
		if code, body := call(t, "GET", s.base+"/users/42", tt.header); code != tt.code || body != tt.body {
			t.Errorf("%s: GET /users/42 = %d %s, want %d %s", tt.name, code, body, tt.code, tt.body)
		}
	}
}

func TestServeVerboseLogsEachCall(t *testing.T) {
	s := startServe(t, "-c", worked, "-v")
	call(t, "GET", s.base+"/health", nil)
	deadline := time.Now().Add(hangGuard)
	for !strings.Contains(s.stderr.String(), "path=/health") {
		if time.Now().After(deadline) {
			t.Fatalf("stderr has no log line for GET /health:\n%s", s.stderr)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// The example's name says which answered, its id tells apart examples
	// that share a name.
	if got := s.stderr.String(); !strings.Contains(got, "level=DEBUG") || !strings.Contains(got, "example=Health id=b1 ") {
		t.Errorf("log = %q, want a DEBUG line naming example b1 and its name", got)
	}
}

func TestServeWithoutVerboseLogsNothing(t *testing.T) {
	s := startServe(t, "-c", worked)
	call(t, "GET", s.base+"/health", nil)
	call(t, "GET", s.base+"/nothing", nil)
	s.stop(t)
	if got := s.stderr.String(); strings.Contains(got, "level=") {
		t.Errorf("stderr has log lines without -v:\n%s", got)
	}
}

func TestServeSeedMakesDynamicValuesReproducible(t *testing.T) {
	get := func() string {
		s := startServe(t, "-seed", "42")
		_, body := call(t, "GET", s.base+"/orders/1001", nil)
		s.stop(t)
		// {{$isoTimestamp}} is the time of the call, seed or not.
		return regexp.MustCompile(`"createdAt": "[^"]*"`).ReplaceAllString(body, "")
	}
	a, b := get(), get()
	if a != b {
		t.Errorf("same seed, different bodies:\n%s\n%s", a, b)
	}
}

func TestDemoServesTheShop(t *testing.T) {
	s := startServe(t)
	out := s.stdout.String()
	for _, want := range []string{
		`postmock: serving "Demo Shop" (7 examples) at ` + s.base + "\n",
		"curl " + s.base + "/products/42\n",
		"curl -H 'x-mock-response-name: Product not found' " + s.base + "/products/42\n",
		"curl -H 'x-mock-response-code: 400' -X POST " + s.base + "/orders\n",
		"-H 'x-mock-response-delay: 500'",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}

	guid := `[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`
	tests := []struct {
		name     string
		method   string
		path     string
		header   map[string]string
		wantCode int
		wantBody string // regexp
	}{
		{"list", "GET", "/products", nil, 200, `"Espresso Machine"`},
		{"capture in the body", "GET", "/products/42", nil, 200, `"id": "42"`},
		{"named 404", "GET", "/products/42", map[string]string{"x-mock-response-name": "Product not found"}, 404, `No product with id 42\.`},
		{"order created", "POST", "/orders", nil, 201, `"id": "` + guid + `"`},
		{"order rejected by code", "POST", "/orders", map[string]string{"x-mock-response-code": "400"}, 400, `"invalid_order"`},
		{"dynamic variables", "GET", "/orders/1001", nil, 200, `(?s)"id": "1001",\s+"reference": "` + guid + `",.*"createdAt": "\d{4}-\d\d-\d\dT[^"]+Z",.*"firstName": "[A-Z][a-z]+"`},
		{"delay", "GET", "/health", map[string]string{"x-mock-response-delay": "20"}, 200, `"status": "ok"`},
		{"unknown path", "GET", "/nothing-here", nil, 404, regexp.QuoteMeta(mock.NotFoundBody)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := call(t, tt.method, s.base+tt.path, tt.header)
			if code != tt.wantCode || !regexp.MustCompile(tt.wantBody).MatchString(body) {
				t.Errorf("%s %s = %d %s\nwant %d and a body matching %s", tt.method, tt.path, code, body, tt.wantCode, tt.wantBody)
			}
		})
	}
}

func TestDemoCollectionIsClean(t *testing.T) {
	c, err := collection.Parse(demoCollection, collection.Strict())
	if err != nil {
		t.Fatalf("demo collection: %v", err)
	}
	seen := map[string]bool{}
	for _, ex := range c.Examples() {
		if ex.RequestFrom != collection.FromOriginalRequest {
			t.Errorf("example %q takes its request from %s, want originalRequest", ex.Name, ex.RequestFrom)
		}
		if ex.ID == "" || seen[ex.ID] {
			t.Errorf("example %q: id %q is empty or repeated", ex.Name, ex.ID)
		}
		seen[ex.ID] = true
	}
	var raw struct {
		Variable []struct{ Key string } `json:"variable"`
	}
	if err := json.Unmarshal(demoCollection, &raw); err != nil {
		t.Fatal(err)
	}
	if len(raw.Variable) != 1 || raw.Variable[0].Key != "baseUrl" {
		t.Errorf("demo variables = %+v, want one baseUrl", raw.Variable)
	}
}

func TestRoutesText(t *testing.T) {
	code, stdout, stderr := runCmd(t, "routes", "-collection", worked)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("stderr = %q, want nothing", stderr)
	}
	golden := filepath.Join("testdata", "routes.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if stdout != string(want) {
		t.Errorf("routes output differs from %s (go test -update rewrites it)\ngot:\n%s\nwant:\n%s", golden, stdout, want)
	}
}

func TestRoutesJSON(t *testing.T) {
	code, stdout, stderr := runCmd(t, "routes", "-c", worked, "-json")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	var routes []map[string]any
	if err := json.Unmarshal([]byte(stdout), &routes); err != nil {
		t.Fatalf("stdout is not a JSON array: %v\n%s", err, stdout)
	}
	if len(routes) != 13 {
		t.Fatalf("%d routes, want 13", len(routes))
	}
	keys := []string{"code", "id", "method", "name", "path", "query"}
	for i, r := range routes {
		got := make([]string, 0, len(r))
		for k := range r {
			got = append(got, k)
		}
		slices.Sort(got)
		if !slices.Equal(got, keys) {
			t.Errorf("route %d has keys %v, want exactly %v", i, got, keys)
		}
	}
	if r := routes[1]; r["method"] != "GET" || r["path"] != "/users" || r["query"] != "page=2" ||
		r["code"] != 200.0 || r["name"] != "List users page 2" || r["id"] != "a2" {
		t.Errorf("routes[1] = %v, want GET /users page=2 200 a2", r)
	}
	if !strings.Contains(stderr, "warning: ") {
		t.Errorf("stderr = %q, want the warnings there", stderr)
	}
}

func TestRoutesJSONOfTheDemoListsEveryExample(t *testing.T) {
	code, stdout, stderr := runCmd(t, "routes", "-json")
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	var routes []struct {
		Method, Path, Query, Name, ID string
		Code                          int
	}
	if err := json.Unmarshal([]byte(stdout), &routes); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, stdout)
	}
	c, err := collection.Parse(demoCollection)
	if err != nil {
		t.Fatal(err)
	}
	exs := c.Examples()
	if len(routes) != len(exs) {
		t.Fatalf("%d routes, want one per example (%d)", len(routes), len(exs))
	}
	for i, ex := range exs {
		if r := routes[i]; r.ID != ex.ID || r.Name != ex.Name || r.Code != ex.Code {
			t.Errorf("route %d = %+v, want example %s %q %d", i, r, ex.ID, ex.Name, ex.Code)
		}
	}
	want := []string{"GET /products 200", "GET /products/{{productId}} 200", "GET /products/{{productId}} 404",
		"POST /orders 201", "POST /orders 400", "GET /orders/{{orderId}} 200", "GET /health 200"}
	for i, w := range want {
		if got := routes[i].Method + " " + routes[i].Path + " " + strconv.Itoa(routes[i].Code); got != w {
			t.Errorf("route %d = %s, want %s", i, got, w)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"-h"}, {"--help"}, {"help"}, {"routes", "-h"}, {"serve", "-help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := runCmd(t, args...)
			if code != 0 || stderr != "" {
				t.Errorf("exit %d, stderr %q; want 0 and nothing", code, stderr)
			}
			for _, want := range []string{"postmock [serve]", "postmock routes", "-collection, -c", "-environment, -e",
				"-port, -p", "-host", "-seed", "-v", "-json", "-q"} {
				if !strings.Contains(stdout, want) {
					t.Errorf("usage lacks %q", want)
				}
			}
		})
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	badJSON := write("bad.json", "{\"info\": {\"name\": \"x\"},\n  \"item\": [}")
	openapiYAML := write("openapi.yaml", "openapi: 3.0.3\ninfo:\n  title: Pets\npaths: {}\n")
	wrongType := write("wrongtype.json", `{"info": {"name": "x", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": {}}`)
	env := "testdata/userid.postman_environment.json"

	tests := []struct {
		name     string
		args     []string
		wantCode int
		want     []string // substrings of the one stderr line
	}{
		{"missing collection file", []string{"-c", filepath.Join(dir, "nope.json")}, 1,
			[]string{"postmock: cannot load collection: open ", "nope.json", "no such file or directory"}},
		{"invalid JSON", []string{"-c", badJSON}, 1,
			[]string{"postmock: cannot load collection: " + badJSON + ": invalid JSON at line 2, column 12, byte 35"}},
		{"OpenAPI in YAML", []string{"routes", "-c", openapiYAML}, 1,
			[]string{"postmock: cannot load collection: " + openapiYAML + ": want a Postman collection in JSON, got an OpenAPI 3.0.3 document in YAML", "openapi-to-postmanv2"}},
		{"JSON path of a wrong type", []string{"routes", "-c", wrongType}, 1,
			[]string{"postmock: cannot load collection: ", "item: want an array, got an object"}},
		{"environment passed as collection", []string{"-c", env}, 1,
			[]string{"postmock: cannot load collection: ", "got a Postman environment", "load it as an environment"}},
		{"collection passed as environment", []string{"routes", "-e", worked}, 1,
			[]string{"postmock: cannot load environment: ", "got a Postman collection"}},
		{"missing environment file", []string{"-c", worked, "-e", filepath.Join(dir, "nope.json")}, 1,
			[]string{"postmock: cannot load environment: open ", "no such file or directory"}},
		{"unknown flag", []string{"-x"}, 2,
			[]string{"postmock: flag provided but not defined: -x (see postmock -h)"}},
		{"serve flag on routes", []string{"routes", "-port", "1"}, 2,
			[]string{"postmock: -port is a flag of serve, api and record, not of routes (postmock serve -port ...) (see postmock -h)"}},
		{"bad port value", []string{"-port", "http"}, 2,
			[]string{"postmock: invalid value \"http\" for flag -port"}},
		{"port out of range", []string{"-p", "70000"}, 2,
			[]string{"postmock: invalid port 70000: want 0-65535"}},
		{"flag without value", []string{"-c"}, 2,
			[]string{"postmock: flag needs an argument: -c"}},
		{"stray argument", []string{"serve", "-c", worked, "extra"}, 2,
			[]string{`postmock: unexpected argument "extra"`}},
		{"-H without a colon", []string{"-c", worked, "-H", "x-mock-response-code 200"}, 2,
			[]string{`postmock: invalid value "x-mock-response-code 200" for flag -H: want -H 'Name: value'`}},
		{"-H with an empty name", []string{"-c", worked, "-H", ": 200"}, 2,
			[]string{`for flag -H: want -H 'Name: value'`}},
		{"-H not an x-mock header", []string{"-c", worked, "-H", "Authorization: Bearer x"}, 2,
			[]string{`postmock: cannot build the mock: invalid mock config: default header "Authorization"`, "(see postmock -h)"}},
		{"-H with a bad code", []string{"-c", worked, "-H", "x-mock-response-code: ok"}, 2,
			[]string{`default header X-Mock-Response-Code: "ok" is not an integer 100-599`}},
		{"unknown command", []string{"start"}, 2,
			[]string{`postmock: unknown command "start"`}},
		{"file without -collection", []string{"users.json"}, 2,
			[]string{`postmock: unknown command "users.json" (to serve a file: postmock -collection users.json)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != tt.wantCode {
				t.Errorf("exit %d, want %d", code, tt.wantCode)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
			if n := strings.Count(stderr, "\n"); n != 1 || !strings.HasSuffix(stderr, "\n") {
				t.Errorf("stderr = %q, want one line", stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("stderr = %q, want it to contain %q", stderr, w)
				}
			}
		})
	}
}

func TestBusyPortFailsBeforePrintingTheURL(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	code, stdout, stderr := runCmd(t, "-c", worked, "-p", port)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing (no URL for a server that is not listening)", stdout)
	}
	want := "postmock: cannot listen on 127.0.0.1:" + port + ": address already in use\n"
	if runtime.GOOS == "windows" {
		want = "postmock: cannot listen on 127.0.0.1:" + port + ": "
	}
	if !strings.HasPrefix(stderr, want) || strings.Count(stderr, "\n") != 1 {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
}

func TestServeCutsOffCallsStillRunningAfterTheShutdownTimeout(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	addrs := make(chan string, 1)
	c := &cli{stdout: &stdout, stderr: &stderr, ready: func(a string) { addrs <- a }, shutdownTimeout: 100 * time.Millisecond}
	active := make(chan struct{}, 1)
	c.handling = func(*http.Request) {
		select {
		case active <- struct{}{}:
		default:
		}
	}
	done := make(chan int, 1)
	go func() { done <- c.run(ctx, []string{"-c", worked, "-port", "0"}) }()
	addr := <-addrs

	// A call delayed by 180 s is in flight when the server stops.
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	req, _ := http.NewRequest("GET", "http://"+addr+"/health", nil)
	req.Header.Set("x-mock-response-delay", "180000")
	callErr := make(chan error, 1)
	go func() {
		resp, err := (&http.Client{Transport: tr}).Do(req)
		if err == nil {
			resp.Body.Close()
		}
		callErr <- err
	}()
	select {
	case <-active: // the call is read and handed to the mock
	case <-time.After(hangGuard):
		t.Fatal("the delayed call never reached the server")
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit %d, want 0", code)
		}
	case <-time.After(hangGuard): // well under the 180 s delay
		t.Fatalf("serve did not return within %v: the delayed call was not cut off", hangGuard)
	}
	<-callErr
	if got := stderr.String(); !strings.Contains(got, "postmock: calls still running after 100ms were cut off") {
		t.Errorf("stderr = %q, want the cut-off notice", got)
	}
	waitGoroutines(t, before)
}

func TestServeStopsWhenCanceledBeforeAnyCall(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr syncBuffer
	code := (&cli{stdout: &stdout, stderr: &stderr}).run(ctx, []string{"-c", worked, "-port", "0"})
	if code != 0 {
		t.Errorf("exit %d, want 0; stderr:\n%s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), "postmock: serving ") {
		t.Errorf("stdout = %q, want the URL line", stdout.String())
	}
	waitGoroutines(t, before)
}

// TestFlagOfAnotherCommandNamesItsCommand: a flag given to a command that
// does not take it, but another one does, is a usage error naming the
// command it belongs to; a flag no command takes keeps the flag package's
// message.
func TestFlagOfAnotherCommandNamesItsCommand(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"routes", "-port", "1"}, "-port is a flag of serve, api and record, not of routes (postmock serve -port ...)"},
		{[]string{"routes", "-p", "1"}, "-p is a flag of serve, api and record, not of routes"},
		{[]string{"routes", "-host", "0.0.0.0"}, "-host is a flag of serve, api and record, not of routes"},
		{[]string{"routes", "-seed", "7"}, "-seed is a flag of serve, api and verify, not of routes"},
		{[]string{"routes", "-H", "x-mock-response-code: 200"}, "-H is a flag of serve and verify, not of routes (postmock serve -H ...)"},
		{[]string{"routes", "-max-conns", "4"}, "-max-conns is a flag of serve, api and record, not of routes"},
		{[]string{"routes", "-v"}, "-v is a flag of serve and api, not of routes"},
		{[]string{"routes", "-match-body"}, "-match-body is a flag of serve, not of routes"},
		{[]string{"routes", "-api-key", "k"}, "-api-key is a flag of api, not of routes"},
		{[]string{"-json"}, "-json is a flag of routes and verify, not of serve (postmock routes -json ...)"},
		{[]string{"serve", "-calllog-max-bytes", "1MiB"}, "-calllog-max-bytes is a flag of api, not of serve"},
		{[]string{"api", "-api-key", "k", "-prefer-success"}, "-prefer-success is a flag of serve and routes, not of api"},
		{[]string{"api", "-api-key", "k", "-q"}, "-q is a flag of serve and routes, not of api"},
		{[]string{"routes", "-nope"}, "flag provided but not defined: -nope"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tt.args...)
			if code != 2 || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing", code, stdout)
			}
			if want := "postmock: " + tt.want; !strings.HasPrefix(stderr, want) || !strings.HasSuffix(stderr, " (see postmock -h)\n") {
				t.Errorf("stderr = %q, want %q ... (see postmock -h)", stderr, want)
			}
		})
	}
}

// TestRoutesCutsLongCells: a very long path or name is cut with "…" in
// the table, so that the other lines stay narrow; the id is kept whole and
// -json keeps everything.
func TestRoutesCutsLongCells(t *testing.T) {
	longPath := "/v1/" + strings.Repeat("segment/", 112) + "end"
	longName := strings.Repeat("Très long nom ", 10)
	coll := `{"info": {"name": "long", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
	  "item": [
	    {"name": "long", "request": {"method": "GET", "url": "` + longPath + `"},
	     "response": [{"id": "long-1", "name": "` + longName + `", "code": 200, "originalRequest": {"method": "GET", "url": "` + longPath + `"}}]},
	    {"name": "short", "request": {"method": "GET", "url": "/a"},
	     "response": [{"id": "short-1", "name": "short", "code": 200, "originalRequest": {"method": "GET", "url": "/a"}}]}]}`
	file := filepath.Join(t.TempDir(), "long.json")
	if err := os.WriteFile(file, []byte(coll), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCmd(t, "routes", "-q", "-c", file)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want a header and 2 routes:\n%s", len(lines), stdout)
	}
	// METHOD(6)+2, PATH(72)+2, CODE(4)+2, NAME(40)+2, then the id.
	const width = 8 + 74 + 6 + 42 + len("short-1")
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n > width {
			t.Errorf("line of %d runes, want at most %d: %q", n, width, l)
		}
	}
	long := lines[1]
	if !strings.HasPrefix(long, "GET     /v1/segment/") || !strings.Contains(long, "…") ||
		!strings.Contains(long, "segment/end  200") || !strings.HasSuffix(long, "…  long-1") {
		t.Errorf("long route line = %q, want the path's start and end, the name cut, the id whole", long)
	}
	if !strings.HasPrefix(lines[2], "GET     /a ") || !strings.Contains(lines[2], " short  ") {
		t.Errorf("short route line = %q", lines[2])
	}

	code, stdout, stderr = runCmd(t, "routes", "-q", "-json", "-c", file)
	if code != 0 {
		t.Fatalf("-json: exit %d; stderr:\n%s", code, stderr)
	}
	if !strings.Contains(stdout, `"path": "`+longPath+`"`) || !strings.Contains(stdout, `"name": "`+longName+`"`) {
		t.Errorf("-json cut the path or the name:\n%s", stdout)
	}
}

func TestClipCutsToTheWidth(t *testing.T) {
	tests := []struct {
		s        string
		n        int
		end, mid string
	}{
		{"short", 10, "short", "short"},
		{"exactly10!", 10, "exactly10!", "exactly10!"},
		{"abcdefghijk", 10, "abcdefghi…", "abcd…ghijk"},
		{"ééééééééééé", 10, "ééééééééé…", "éééé…ééééé"},
	}
	for _, tt := range tests {
		if got := clip(tt.s, tt.n); got != tt.end {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.end)
		}
		if got := clipMiddle(tt.s, tt.n); got != tt.mid {
			t.Errorf("clipMiddle(%q, %d) = %q, want %q", tt.s, tt.n, got, tt.mid)
		}
	}
}

// TestUsageNamesEveryFlag proves the help text documents every flag each
// command defines, so that a new flag cannot be left out of it.
func TestUsageNamesEveryFlag(t *testing.T) {
	_, usage, _ := runCmd(t, "-h")
	for _, def := range commandFlags {
		fs := def()
		fs.VisitAll(func(f *flag.Flag) {
			if !regexp.MustCompile(`(^|[\s,])-` + regexp.QuoteMeta(f.Name) + `\b`).MatchString(usage) {
				t.Errorf("usage does not name -%s (a flag of %s)", f.Name, fs.Name())
			}
		})
	}
}
