package verify_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/verify"
)

const (
	usersFile = "testdata/users.postman_collection.json"
	driftFile = "testdata/users-drift.postman_collection.json"
)

// serve starts a local service answering with the examples of file.
func serve(t *testing.T, file string) *httptest.Server {
	t.Helper()
	m, err := mock.New(load(t, file))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return srv
}

func load(t *testing.T, file string) *collection.Collection {
	t.Helper()
	c, err := collection.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func run(t *testing.T, file, base string, opts ...verify.Option) *verify.Report {
	t.Helper()
	rep, err := verify.Run(context.Background(), load(t, file), http.DefaultClient, base, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// outcomes maps each example's name to its outcome and, for a failure, its
// differences or error, for a skip its reason.
func outcomes(rep *verify.Report) map[string]string {
	out := map[string]string{}
	for _, r := range rep.Results {
		s := string(r.Outcome)
		switch r.Outcome {
		case verify.Skip:
			s += ": " + r.Reason
		case verify.Fail:
			var parts []string
			for _, d := range r.Differences {
				parts = append(parts, d.String())
			}
			if r.Error != "" {
				parts = append(parts, "error")
			}
			s += ": " + strings.Join(parts, "; ")
		}
		out[r.Name()] = s
	}
	return out
}

const (
	skipPOST = "skip: POST is not sent unless allowed (it may change data); allowed: GET, HEAD, OPTIONS"
	skipPUT  = "skip: PUT is not sent unless allowed (it may change data); allowed: GET, HEAD, OPTIONS"
	skipVar  = "skip: variable {{reportId}} in the path is not defined"
)

func TestFaithfulServicePasses(t *testing.T) {
	srv := serve(t, usersFile)
	rep := run(t, usersFile, srv.URL)
	want := map[string]string{
		"Users / List users / 200 OK":            "pass",
		"Users / Get user / 200 OK":              "pass",
		"Users / Get user / 404 Not found":       "pass",
		"Users / Create user / 201 Created":      skipPOST,
		"Users / Upload avatar / 204 No content": skipPUT,
		"Reports / Get report / 200 OK":          skipVar,
		"Health / 200 OK":                        "pass",
	}
	if diff := cmp.Diff(want, outcomes(rep)); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if !rep.OK() || rep.Passed != 4 || rep.Skipped != 3 || rep.Failed != 0 {
		t.Errorf("counts: %s, OK %v", rep.Summary(), rep.OK())
	}
}

func TestEveryBodyModePassesAFaithfulService(t *testing.T) {
	srv := serve(t, usersFile)
	for _, mode := range []verify.BodyMode{verify.BodyShape, verify.BodySubset, verify.BodyExact, verify.BodyNone} {
		rep := run(t, usersFile, srv.URL, verify.Body(mode), verify.Methods("GET", "POST", "PUT"))
		if rep.Failed != 0 || rep.Passed != 5 {
			var b bytes.Buffer
			_ = rep.WriteText(&b)
			t.Errorf("mode %s:\n%s", mode, b.String())
		}
	}
}

func TestDriftIsCaught(t *testing.T) {
	srv := serve(t, driftFile)
	rep := run(t, usersFile, srv.URL)
	want := map[string]string{
		"Users / List users / 200 OK":            "fail: $.data[0].id: example number, got string",
		"Users / Get user / 200 OK":              "fail: $.active: missing; the example has a boolean",
		"Users / Get user / 404 Not found":       "fail: status: example 404, got 410",
		"Users / Create user / 201 Created":      skipPOST,
		"Users / Upload avatar / 204 No content": skipPUT,
		"Reports / Get report / 200 OK":          skipVar,
		"Health / 200 OK":                        "fail: header Content-Type: example text/plain, got text/html",
	}
	if diff := cmp.Diff(want, outcomes(rep)); diff != "" {
		t.Errorf("outcomes (-want +got):\n%s", diff)
	}
	if rep.OK() || rep.Failed != 4 {
		t.Errorf("counts: %s, OK %v", rep.Summary(), rep.OK())
	}
}

func TestDriftInOtherBodyModes(t *testing.T) {
	srv := serve(t, driftFile)
	tests := []struct {
		mode verify.BodyMode
		want map[string]string
	}{
		{verify.BodySubset, map[string]string{
			"Users / List users / 200 OK": "fail: $.data: example has 2 elements, got 1; $.data[0].id: example number, got string; $.total: example 2, got 1",
			"Users / Get user / 200 OK":   "fail: $.active: missing; the example has a boolean",
		}},
		{verify.BodyExact, map[string]string{
			"Users / List users / 200 OK": "fail: $.data: example has 2 elements, got 1; $.data[0].id: example number, got string; $.total: example 2, got 1",
			"Users / Get user / 200 OK":   "fail: $.active: missing; the example has a boolean; $.address.zip: not in the example; got a string",
		}},
		{verify.BodyNone, map[string]string{
			"Users / List users / 200 OK": "pass",
			"Users / Get user / 200 OK":   "pass",
		}},
	}
	for _, tt := range tests {
		got := outcomes(run(t, usersFile, srv.URL, verify.Body(tt.mode), verify.Only("Users/List users"), verify.Only("Get user"), verify.Codes("2xx")))
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("mode %s (-want +got):\n%s", tt.mode, diff)
		}
	}
}

func TestExactModeFailureHasABodyDiff(t *testing.T) {
	srv := serve(t, driftFile)
	rep := run(t, usersFile, srv.URL, verify.Body(verify.BodyExact), verify.Only("Get user"), verify.Codes("200"))
	if len(rep.Results) != 1 {
		t.Fatalf("results: %+v", rep.Results)
	}
	f := rep.Results[0].Failure()
	for _, want := range []string{"sent GET " + srv.URL + "/v1/users/1\n", "body diff (-example +got):"} {
		if !strings.Contains(f, want) {
			t.Errorf("failure lacks %q:\n%s", want, f)
		}
	}
	// go-cmp varies its spacing on purpose: look for the lines' parts.
	var removed, added bool
	for line := range strings.Lines(f) {
		l := strings.TrimSpace(line)
		removed = removed || strings.HasPrefix(l, "-") && strings.Contains(l, `"active"`) && strings.Contains(l, "true")
		added = added || strings.HasPrefix(l, "+") && strings.Contains(l, `"zip"`) && strings.Contains(l, `"0150"`)
	}
	if !removed || !added {
		t.Errorf("diff does not show -active and +zip:\n%s", f)
	}
}

func TestSelectionByOnlyAndCodes(t *testing.T) {
	srv := serve(t, usersFile)
	tests := []struct {
		opts []verify.Option
		want []string
	}{
		{[]verify.Option{verify.Only("Reports")}, []string{"Reports / Get report / 200 OK"}},
		{[]verify.Option{verify.Only("Health")}, []string{"Health / 200 OK"}},
		{[]verify.Option{verify.Only("Users / Get user")}, []string{"Users / Get user / 200 OK", "Users / Get user / 404 Not found"}},
		{[]verify.Option{verify.Only("Users/Get user"), verify.Codes("4xx")}, []string{"Users / Get user / 404 Not found"}},
		{[]verify.Option{verify.Codes("201, 204")}, []string{"Users / Create user / 201 Created", "Users / Upload avatar / 204 No content"}},
		{[]verify.Option{verify.Only("Nothing")}, nil},
	}
	for _, tt := range tests {
		var got []string
		for _, r := range run(t, usersFile, srv.URL, tt.opts...).Results {
			got = append(got, r.Name())
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("selected %q, want %q", got, tt.want)
		}
	}
}

func TestOtherMethodsOnlyWhenAllowed(t *testing.T) {
	var mu sync.Mutex
	var methods []string
	m, err := mock.New(load(t, usersFile))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		methods = append(methods, r.Method)
		mu.Unlock()
		m.ServeHTTP(w, r)
	}))
	defer srv.Close()
	sent := func() []string {
		mu.Lock()
		defer mu.Unlock()
		out := methods
		methods = nil
		return out
	}
	run(t, usersFile, srv.URL)
	if m := sent(); slices.ContainsFunc(m, func(m string) bool { return m != "GET" }) {
		t.Errorf("default run sent %q", m)
	}
	got := outcomes(run(t, usersFile, srv.URL, verify.Methods("get", "post", "put")))
	if got["Users / Create user / 201 Created"] != "pass" {
		t.Errorf("create: %s", got["Users / Create user / 201 Created"])
	}
	if want := `skip: the body is a file ("/tmp/avatar.png"), which verify does not read`; got["Users / Upload avatar / 204 No content"] != want {
		t.Errorf("upload: %s, want %s", got["Users / Upload avatar / 204 No content"], want)
	}
	if m := sent(); !slices.Contains(m, "POST") || slices.Contains(m, "PUT") {
		t.Errorf("allowed run sent %q", m)
	}
}

func TestUnansweredBaseURLFailsEveryExample(t *testing.T) {
	// A port nothing listens on: every request is refused.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := "http://" + ln.Addr().String()
	ln.Close()

	// A listener that accepts and never answers: every request times out.
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	var conns []net.Conn
	var mu sync.Mutex
	go func() {
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	defer func() {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	}()

	tests := []struct {
		name, base, want string
	}{
		{"refused", closed, "connect: connection refused"},
		{"silent", "http://" + silent.Addr().String(), "context deadline exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep := run(t, usersFile, tt.base, verify.Timeout(300*time.Millisecond), verify.Only("Users"), verify.Only("Health"))
			if rep.OK() || rep.Failed != 4 {
				t.Errorf("counts: %s", rep.Summary())
			}
			for _, r := range rep.Results {
				if r.Outcome == verify.Fail && !strings.Contains(r.Error, tt.want) {
					t.Errorf("%s: error %q, want it to say %q", r.Name(), r.Error, tt.want)
				}
				if r.Outcome == verify.Fail && !strings.Contains(r.Failure(), "error: ") {
					t.Errorf("%s: failure does not show the error:\n%s", r.Name(), r.Failure())
				}
			}
		})
	}
}

func TestCancelStopsTheRun(t *testing.T) {
	arrived := make(chan struct{}, 16)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var rep *verify.Report
	var err error
	go func() {
		defer close(done)
		rep, err = verify.Run(ctx, load(t, usersFile), nil, srv.URL, verify.Parallel(1))
	}()
	select {
	case <-arrived:
	case <-time.After(30 * time.Second):
		t.Fatal("no request arrived")
	}
	cancel()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Run did not return after cancel")
	}
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if rep.Failed != 0 || rep.Passed != 0 || rep.Skipped != len(rep.Results) || len(rep.Results) != 7 {
		t.Errorf("after cancel: %s", rep.Summary())
	}
	for _, r := range rep.Results {
		if !strings.Contains(r.Reason, "canceled") && !strings.Contains(r.Reason, "not sent unless") && !strings.Contains(r.Reason, "not defined") {
			t.Errorf("%s: reason %q", r.Name(), r.Reason)
		}
	}
}

func TestParallelBoundsRequestsInFlight(t *testing.T) {
	const limit = 2
	var mu sync.Mutex
	inFlight, most, total := 0, 0, 0
	full := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		total++
		most = max(most, inFlight)
		if inFlight == limit && total == limit {
			close(full) // the first requests wait for each other
		}
		mu.Unlock()
		select {
		case <-full:
		case <-time.After(30 * time.Second):
		}
		mu.Lock()
		inFlight--
		mu.Unlock()
	}))
	defer srv.Close()
	rep := run(t, usersFile, srv.URL, verify.Parallel(limit), verify.Body(verify.BodyNone))
	mu.Lock()
	defer mu.Unlock()
	if total != 4 {
		t.Errorf("%d requests, want 4 (%s)", total, rep.Summary())
	}
	if most != limit {
		t.Errorf("at most %d requests in flight, want %d", most, limit)
	}
}

func TestJUnitGroupsExamplesByFolder(t *testing.T) {
	srv := serve(t, driftFile)
	rep := run(t, usersFile, srv.URL)
	var buf bytes.Buffer
	if err := rep.WriteJUnit(&buf); err != nil {
		t.Fatal(err)
	}
	type message struct {
		Message string `xml:"message,attr"`
		Text    string `xml:",chardata"`
	}
	type testcase struct {
		Name      string   `xml:"name,attr"`
		Classname string   `xml:"classname,attr"`
		Failure   *message `xml:"failure"`
		Skipped   *message `xml:"skipped"`
	}
	type suite struct {
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Skipped  int        `xml:"skipped,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	var doc struct {
		XMLName  xml.Name `xml:"testsuites"`
		Name     string   `xml:"name,attr"`
		Tests    int      `xml:"tests,attr"`
		Failures int      `xml:"failures,attr"`
		Suites   []suite  `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if doc.Name != "Users API" || doc.Tests != 7 || doc.Failures != 4 {
		t.Errorf("testsuites %q tests %d failures %d", doc.Name, doc.Tests, doc.Failures)
	}
	var got []string
	for _, s := range doc.Suites {
		got = append(got, s.Name)
		for _, c := range s.Cases {
			line := s.Name + " | " + c.Name
			switch {
			case c.Failure != nil:
				line += " | failure: " + c.Failure.Message
				if !strings.Contains(c.Failure.Text, "sent GET ") {
					t.Errorf("%s: failure text lacks the request:\n%s", c.Name, c.Failure.Text)
				}
			case c.Skipped != nil:
				line += " | skipped: " + c.Skipped.Message
			}
			if c.Classname != s.Name {
				t.Errorf("%s: classname %q in suite %q", c.Name, c.Classname, s.Name)
			}
			got = append(got, line)
		}
	}
	want := []string{
		"Users",
		"Users | List users / 200 OK | failure: $.data[0].id: example number, got string",
		"Users | Get user / 200 OK | failure: $.active: missing; the example has a boolean",
		"Users | Get user / 404 Not found | failure: status: example 404, got 410",
		"Users | Create user / 201 Created | skipped: " + strings.TrimPrefix(skipPOST, "skip: "),
		"Users | Upload avatar / 204 No content | skipped: " + strings.TrimPrefix(skipPUT, "skip: "),
		"Reports",
		"Reports | Get report / 200 OK | skipped: " + strings.TrimPrefix(skipVar, "skip: "),
		"Users API",
		"Users API | Health / 200 OK | failure: header Content-Type: example text/plain, got text/html",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JUnit (-want +got):\n%s", diff)
	}
	if s := doc.Suites[0]; s.Tests != 5 || s.Failures != 3 || s.Skipped != 2 {
		t.Errorf("suite Users: tests %d failures %d skipped %d", s.Tests, s.Failures, s.Skipped)
	}
}

func TestJSONReport(t *testing.T) {
	srv := serve(t, driftFile)
	rep := run(t, usersFile, srv.URL, verify.Only("Get user"))
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Collection string
		Passed     int
		Failed     int
		Results    []struct {
			Folders []string
			Item    string
			Example string
			Outcome string
			Status  int
			Sent    struct {
				Method, URL string
				Header      map[string][]string
			}
			Differences []struct{ Path, Message string }
		}
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Collection != "Users API" || doc.Failed != 2 || len(doc.Results) != 2 {
		t.Fatalf("report: %s", buf.String())
	}
	r := doc.Results[1]
	if !slices.Equal(r.Folders, []string{"Users"}) || r.Item != "Get user" || r.Example != "404 Not found" || r.Outcome != "fail" || r.Status != 410 {
		t.Errorf("result: %+v", r)
	}
	if r.Sent.Method != "GET" || r.Sent.URL != srv.URL+"/v1/users/999" || r.Sent.Header["Authorization"][0] != verify.Redacted {
		t.Errorf("sent: %+v", r.Sent)
	}
	if len(r.Differences) != 1 || r.Differences[0].Path != "status" || r.Differences[0].Message != "example 404, got 410" {
		t.Errorf("differences: %+v", r.Differences)
	}
}

func TestTextReport(t *testing.T) {
	srv := serve(t, driftFile)
	rep := run(t, usersFile, srv.URL, verify.Only("Users/Get user"), verify.Only("Reports"))
	var buf bytes.Buffer
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	want := `FAIL  Users / Get user / 200 OK
      sent GET ` + srv.URL + `/v1/users/1
        Accept: application/json
        Authorization: [redacted]
      $.active: missing; the example has a boolean
FAIL  Users / Get user / 404 Not found
      sent GET ` + srv.URL + `/v1/users/999
        Accept: application/json
        Authorization: [redacted]
      status: example 404, got 410
SKIP  Reports / Get report / 200 OK: variable {{reportId}} in the path is not defined
3 examples: 0 passed, 2 failed, 1 skipped
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("text (-want +got):\n%s", diff)
	}
}

func TestInvalidOptionsSendNothing(t *testing.T) {
	var sent atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { sent.Add(1) }))
	defer srv.Close()
	tests := []struct {
		name string
		base string
		opt  verify.Option
		want string
	}{
		{"codes", srv.URL, verify.Codes("2yy"), `codes "2yy": "2yy" is not a status code or class`},
		{"body", srv.URL, verify.Body("deep"), `body mode "deep"`},
		{"methods", srv.URL, verify.Methods(), "no methods"},
		{"scheme", "ftp://x", nil, `base URL "ftp://x"`},
		{"relative", "/v1", nil, `base URL "/v1"`},
	}
	for _, tt := range tests {
		_, err := verify.Run(context.Background(), load(t, usersFile), nil, tt.base, tt.opt)
		if !errors.Is(err, verify.ErrInvalidOption) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err %v, want ErrInvalidOption saying %q", tt.name, err, tt.want)
		}
	}
	if n := sent.Load(); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}
