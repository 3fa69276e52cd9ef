package main

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// pageURL is the address serve printed for its -ui page.
func pageURL(t *testing.T, s *server) string {
	t.Helper()
	m := regexp.MustCompile(`postmock: web page at (http://\S+)/\n`).FindStringSubmatch(s.stdout.String())
	if m == nil {
		t.Fatalf("no page URL in stdout:\n%s", s.stdout)
	}
	return m[1]
}

func TestServeUIShowsTheCallsOfTheMock(t *testing.T) {
	s := startServe(t, "-collection", worked, "-ui", "0")
	ui := pageURL(t, s)
	if !strings.HasPrefix(ui, "http://127.0.0.1:") {
		t.Errorf("-ui 0 serves at %s, want 127.0.0.1 (loopback unless named)", ui)
	}
	if ui == s.base {
		t.Fatal("the page shares the mock's listener")
	}
	code, body := call(t, "GET", ui+"/", nil)
	if code != 200 || !strings.Contains(body, "<title>postmock</title>") {
		t.Errorf("GET /: %d %.80q", code, body)
	}
	call(t, "GET", s.base+"/users", nil)
	code, body = call(t, "GET", ui+"/api/calls", nil)
	var got struct {
		Calls []struct {
			Path    string `json:"path"`
			Example string `json:"example"`
			Matched bool   `json:"matched"`
		} `json:"calls"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil || code != 200 || len(got.Calls) != 1 || got.Calls[0].Path != "/users" || !got.Calls[0].Matched {
		t.Errorf("GET /api/calls: %d %s (%v)", code, body, err)
	}
	// The mock's own paths are the collection's, not the page's.
	if code, _ := call(t, "GET", s.base+"/api/calls", nil); code != 404 {
		t.Errorf("the mock answered /api/calls with %d, want its 404", code)
	}
}

// A live stream open at shutdown does not hold the command up.
func TestServeUIStopsWithAStreamOpen(t *testing.T) {
	s := startServe(t, "-collection", worked, "-ui", "127.0.0.1:0")
	resp, err := http.Get(pageURL(t, s) + "/api/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if code := s.stop(t); code != 0 {
		t.Errorf("exit %d; stderr:\n%s", code, s.stderr)
	}
	io.Copy(io.Discard, resp.Body) // ends: the stream was closed
}

func TestServeLogJSONPrintsOneObjectPerCall(t *testing.T) {
	s := startServe(t, "-collection", worked, "-log", "json")
	call(t, "GET", s.base+"/users", nil)
	call(t, "GET", s.base+"/nope", nil)
	if code := s.stop(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
	var calls []map[string]any
	for _, line := range strings.Split(s.stdout.String(), "\n") {
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var c map[string]any
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		calls = append(calls, c)
	}
	if len(calls) != 2 {
		t.Fatalf("%d JSON lines, want 2:\n%s", len(calls), s.stdout)
	}
	if calls[0]["path"] != "/users" || calls[0]["matched"] != true || calls[0]["status"] != 200.0 || calls[0]["example"] == nil {
		t.Errorf("first call %v", calls[0])
	}
	if calls[1]["path"] != "/nope" || calls[1]["matched"] != false || calls[1]["status"] != 404.0 {
		t.Errorf("second call %v", calls[1])
	}
	if _, err := time.Parse(time.RFC3339Nano, calls[0]["time"].(string)); err != nil {
		t.Errorf("time %v: %v", calls[0]["time"], err)
	}
}

func TestUIFlagsRefuseBadValues(t *testing.T) {
	for _, tc := range []struct{ args []string }{
		{[]string{"-ui", "nope"}},
		{[]string{"-ui", "127.0.0.1:70000"}},
		{[]string{"-log", "text"}},
		{[]string{"api", "-api-key", "k", "-ui", "x:y"}},
	} {
		code, _, stderr := runCmd(t, tc.args...)
		if code != 2 || !strings.Contains(stderr, "-ui") && !strings.Contains(stderr, "-log") {
			t.Errorf("%v: exit %d, stderr %q; want 2 naming the flag", tc.args, code, stderr)
		}
	}
}
