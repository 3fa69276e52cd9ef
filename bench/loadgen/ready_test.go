package main

import (
	"bytes"

	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMain runs the test binary as a stand-in server when
// LOADGEN_TEST_SERVER names one (see testServer).
func TestMain(m *testing.M) {
	if mode := os.Getenv("LOADGEN_TEST_SERVER"); mode != "" {
		os.Exit(testServer(mode, os.Args[len(os.Args)-1]))
	}
	os.Exit(m.Run())
}

// lineDelay is how long the stand-in servers wait before they announce
// themselves (or listen); a lower bound in the tests, never an upper one.
const lineDelay = 300 * time.Millisecond

// testServer is a stand-in server on 127.0.0.1:port. Modes:
//   - "line": listens at once and prints "starting", then "serving at URL"
//     after lineDelay, or as soon as a request came before it. GET /probe
//     answers 503 before the line and 200 after; GET /early says how many
//     probes came before the line. It also writes "to stderr" on stderr.
//   - "late": listens only after lineDelay; GET /probe answers 200 and
//     GET /total says how many requests it served.
//   - "exit": prints "bye" and exits with status 3.
func testServer(mode, port string) int {
	if mode == "exit" {
		fmt.Println("bye")
		return 3
	}
	if mode == "late" {
		time.Sleep(lineDelay)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	var (
		mu           sync.Mutex
		lined        = mode != "line"
		early, total int
		announce     = sync.OnceFunc(func() {
			mu.Lock()
			defer mu.Unlock()
			fmt.Println("serving at http://" + ln.Addr().String())
			lined = true
		})
	)
	if mode == "line" {
		fmt.Println("starting")
		fmt.Fprintln(os.Stderr, "to stderr")
		time.AfterFunc(lineDelay, announce)
	}
	http.Serve(ln, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		total++
		switch r.URL.Path {
		case "/early":
			fmt.Fprint(w, early)
		case "/total":
			fmt.Fprint(w, total)
		case "/probe":
			if !lined {
				early++
				mu.Unlock()
				w.WriteHeader(http.StatusServiceUnavailable)
				announce()
				return
			}
		}
		mu.Unlock()
	}))
	return 0
}

// spawnTestServer starts testServer(mode) through startServer, as loadgen
// starts a command, and returns it with its base URL and log path.
func spawnTestServer(t *testing.T, mode string, ready readiness) (*server, string, string) {
	t.Helper()
	t.Setenv("LOADGEN_TEST_SERVER", mode)
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	args, base, err := prepare([]string{exe, "-test.run=^$", "{port}"}, "")
	if err != nil {
		t.Fatal(err)
	}
	logPath := t.TempDir() + "/server.log"
	s, err := startServer(args, logPath, "", ready.line)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.stop)
	return s, base, logPath
}

// get returns the body of GET base+path.
func get(t *testing.T, base, path string) string {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return string(b)
}

func mustReadiness(t *testing.T, v string) readiness {
	t.Helper()
	var r readiness
	if err := r.Set(v); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReadyLineHoldsTheFirstProbeUntilTheServerAnnouncesItself(t *testing.T) {
	for _, tc := range []struct {
		ready     string
		wantEarly func(int) bool
		want      string
	}{
		// Polling probes from the spawn on: its first probe comes before
		// the line (and makes the stand-in print it).
		{"poll", func(n int) bool { return n >= 1 }, "at least 1"},
		// Waiting for the line sends nothing before it, though the server
		// accepts connections all along.
		{"line:^serving at ", func(n int) bool { return n == 0 }, "0"},
	} {
		t.Run(tc.ready, func(t *testing.T) {
			ready := mustReadiness(t, tc.ready)
			s, base, logPath := spawnTestServer(t, "line", ready)
			d, err := waitReady(s, base, call{method: "GET", target: "/probe"}, ready.mode, time.Minute)
			if err != nil {
				t.Fatal(err)
			}
			var early int
			fmt.Sscan(get(t, base, "/early"), &early)
			if !tc.wantEarly(early) {
				t.Errorf("%d probes reached the server before its line, want %s", early, tc.want)
			}
			if ready.mode == "line" && d < lineDelay {
				t.Errorf("start-up %v, want at least the %v the server waits before its line", d, lineDelay)
			}
			s.stop()
			<-s.done
			log, err := os.ReadFile(logPath)
			if err != nil {
				t.Fatal(err)
			}
			for _, line := range []string{"starting", "serving at http://127.0.0.1:", "to stderr"} {
				if !bytes.Contains(log, []byte(line)) {
					t.Errorf("log %q lacks the server's %q", log, line)
				}
			}
		})
	}
}

func TestReadyConnectProbesOnceTheServerListens(t *testing.T) {
	ready := mustReadiness(t, "connect")
	s, base, _ := spawnTestServer(t, "late", ready)
	d, err := waitReady(s, base, call{method: "GET", target: "/probe"}, ready.mode, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if d < lineDelay {
		t.Errorf("start-up %v, want at least the %v the server waits before it listens", d, lineDelay)
	}
	// The connections that found the port open carried no request: the
	// probe was the first, this GET the second.
	if got := get(t, base, "/total"); got != "2" {
		t.Errorf("the server served %s requests, want 2 (the probe and this one)", got)
	}
}

func TestReadyFailsWhenTheServerExitsFirst(t *testing.T) {
	for _, v := range []string{"poll", "connect", "line:^serving"} {
		t.Run(v, func(t *testing.T) {
			ready := mustReadiness(t, v)
			s, base, logPath := spawnTestServer(t, "exit", ready)
			_, err := waitReady(s, base, call{method: "GET", target: "/probe"}, ready.mode, time.Minute)
			if err == nil || !strings.Contains(err.Error(), "exited") || !strings.Contains(err.Error(), "exit status 3") {
				t.Fatalf("waitReady: %v, want an error saying the server exited with status 3", err)
			}
			<-s.done
			if log, _ := os.ReadFile(logPath); !bytes.Contains(log, []byte("bye")) {
				t.Errorf("log %q lacks the server's output", log)
			}
		})
	}
}

func TestReadinessFlagValues(t *testing.T) {
	for _, tc := range []struct {
		in, want, err string
	}{
		{"poll", "poll", ""},
		{"connect", "connect", ""},
		{"line:^postmock: serving", "line:^postmock: serving", ""},
		{"line:(", "", "line: error parsing regexp"},
		{"lines", "", `want poll, connect or line:REGEXP, got "lines"`},
		{"", "", `want poll, connect or line:REGEXP, got ""`},
	} {
		var r readiness
		err := r.Set(tc.in)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("Set(%q) = %v, want an error containing %q", tc.in, err, tc.err)
			}
			continue
		}
		if err != nil || r.String() != tc.want {
			t.Errorf("Set(%q): %v, String() = %q, want %q", tc.in, err, r.String(), tc.want)
		}
	}
}

func TestWatchLinesCopiesEverythingAndCallsReadyOnce(t *testing.T) {
	long := strings.Repeat("x", 100<<10) // longer than the reader's buffer
	for _, tc := range []struct {
		name, in string
		matched  bool
	}{
		{"match in the middle", "a\nserving at x\nb\n", true},
		{"match without a final newline", "a\nserving at x", true},
		{"match after a long line", long + "\nserving at x\n" + long, true},
		{"no match", "a\nb\n" + long, false},
		{"empty", "", false},
		{"carriage return", "serving at x\r\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var log bytes.Buffer
			calls := 0
			var matched bool
			watchLines(strings.NewReader(tc.in), &log, regexp.MustCompile(`^serving at x$`), func(m bool) {
				calls++
				matched = m
			})
			if calls != 1 || matched != tc.matched {
				t.Errorf("ready called %d times, last with %v; want once with %v", calls, matched, tc.matched)
			}
			if log.String() != tc.in {
				t.Errorf("log has %d bytes, want the %d of the output", log.Len(), len(tc.in))
			}
		})
	}
}

func TestWaitAcceptConnectsOnceAndSendsNothing(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	type conn struct{ bytes int64 }
	got := make(chan conn, 4)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			n, _ := io.Copy(io.Discard, c) // until waitAccept closes it
			c.Close()
			got <- conn{n}
		}
	}()
	if err := waitAccept(ln.Addr().String(), time.Now().Add(time.Minute), func() bool { return false }); err != nil {
		t.Fatal(err)
	}
	if c := <-got; c.bytes != 0 {
		t.Errorf("the connection carried %d bytes, want none", c.bytes)
	}
	select {
	case c := <-got:
		t.Errorf("a second connection (%d bytes), want one", c.bytes)
	case <-time.After(50 * time.Millisecond):
	}
}

func TestWaitAcceptGivesUp(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := ln.Addr().String() // refused from now on
	ln.Close()
	for _, tc := range []struct {
		name     string
		deadline time.Time
		exited   func() bool
		want     string
	}{
		{"the server exited", time.Now().Add(time.Minute), func() bool { return true }, "server exited before accepting a connection at " + closed},
		{"past the deadline", time.Now(), func() bool { return false }, "no connection accepted at " + closed + " in time (last: connection refused)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := waitAccept(closed, tc.deadline, tc.exited)
			if err == nil || err.Error() != tc.want {
				t.Errorf("waitAccept: %v, want %q", err, tc.want)
			}
		})
	}
}
