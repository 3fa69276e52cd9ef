package main

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

// TestMain runs the command's own main, in a child process, when a test
// asks for it (startMain): main subscribes to signals, which run's tests
// cannot reach.
func TestMain(m *testing.M) {
	if os.Getenv("POSTMOCK_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// mainProcess is the command started as a user starts it.
type mainProcess struct {
	cmd    *exec.Cmd
	stdout *bufio.Reader
	stderr bytes.Buffer
}

// startMain starts main with args in a child process.
func startMain(t *testing.T, args ...string) *mainProcess {
	t.Helper()
	p := &mainProcess{cmd: exec.Command(os.Args[0], args...)}
	p.cmd.Env = append(os.Environ(), "POSTMOCK_TEST_RUN_MAIN=1")
	p.cmd.Stderr = &p.stderr
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	p.stdout = bufio.NewReader(out)
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.cmd.Process.Kill(); p.cmd.Wait() })
	return p
}

// line reads stdout up to a line matching re and returns its submatches.
func (p *mainProcess) line(t *testing.T, re string) []string {
	t.Helper()
	rx := regexp.MustCompile(re)
	var seen []string
	for {
		l, err := p.stdout.ReadString('\n')
		if m := rx.FindStringSubmatch(l); m != nil {
			return m
		}
		seen = append(seen, l)
		if err != nil {
			t.Fatalf("no line matching %q on stdout (%v); got %q; stderr %q", re, err, seen, p.stderr.String())
		}
	}
}

// stop sends sig and returns the exit code and the rest of stdout.
func (p *mainProcess) stop(t *testing.T, sig os.Signal) (int, string) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatal(err)
	}
	rest, _ := io.ReadAll(p.stdout)
	err := p.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			t.Fatalf("killed by %v, want a clean stop; stderr %q", ws.Signal(), p.stderr.String())
		}
		return ee.ExitCode(), string(rest)
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, string(rest)
}

// TestSignalsStopTheCommandCleanly proves the process's own signal
// handling: SIGINT or SIGTERM to a serving postmock shuts it down with
// exit code 0, and SIGTERM to postmock record writes the calls it recorded
// before it exits.
func TestSignalsStopTheCommandCleanly(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run("serve/"+sig.String(), func(t *testing.T) {
			p := startMain(t, "-port", "0", "-q")
			url := p.line(t, `serving .* at (http://\S+)`)[1]
			resp, err := http.Get(url + "/users/7")
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			code, _ := p.stop(t, sig)
			if code != 0 || !strings.Contains(p.stderr.String(), "shutting down") {
				t.Errorf("exit code %d, stderr %q; want 0 and a shutdown", code, p.stderr.String())
			}
		})
	}
	t.Run("record/terminated", func(t *testing.T) {
		target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"id": 7}`)
		}))
		defer target.Close()
		out := filepath.Join(t.TempDir(), "rec.postman_collection.json")
		p := startMain(t, "record", "-target", target.URL, "-o", out, "-port", "0", "-every", "1h")
		url := p.line(t, `recording .* at (http://\S+) into`)[1]
		resp, err := http.Get(url + "/users/7")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		code, rest := p.stop(t, syscall.SIGTERM)
		if code != 0 || !strings.Contains(rest, "1 call recorded") {
			t.Fatalf("exit code %d, stdout %q; want 0 and the call recorded", code, rest)
		}
		data, err := os.ReadFile(out)
		if err != nil || !bytes.Contains(data, []byte(`/users/7`)) {
			t.Errorf("recorded file: %v, %.200q; want the call to /users/7", err, data)
		}
	})
}
