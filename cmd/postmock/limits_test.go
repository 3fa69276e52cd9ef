package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/workspace"
)

// Short bounds, so that slow clients are cut quickly; waits on the cuts
// have a generous ceiling that only guards against hangs.
const (
	testBody  = 300 * time.Millisecond
	testWrite = 300 * time.Millisecond
	hangGuard = 60 * time.Second // ceiling of every wait on an event in this package's tests
)

// openConns follows the open-connection count of a cli through its
// connEvent hook.
type openConns struct {
	mu     sync.Mutex
	cond   *sync.Cond
	n      int // open now
	closed int // closed so far
}

func newOpenConns(c *cli) *openConns {
	o := &openConns{}
	o.cond = sync.NewCond(&o.mu)
	c.connEvent = func(n int) {
		o.mu.Lock()
		if n < o.n {
			o.closed++
		}
		o.n = n
		o.mu.Unlock()
		o.cond.Broadcast()
	}
	return o
}

// wait waits until ok(open connections) holds, for at most hangGuard.
func (o *openConns) wait(t *testing.T, what string, ok func(n int) bool) {
	t.Helper()
	o.waitFor(t, what, func() bool { return ok(o.n) })
}

// waitClosed waits until k connections have been closed.
func (o *openConns) waitClosed(t *testing.T, what string, k int) {
	t.Helper()
	o.waitFor(t, what, func() bool { return o.closed >= k })
}

func (o *openConns) waitFor(t *testing.T, what string, ok func() bool) {
	t.Helper()
	timer := time.AfterFunc(hangGuard, o.cond.Broadcast)
	defer timer.Stop()
	deadline := time.Now().Add(hangGuard)
	o.mu.Lock()
	defer o.mu.Unlock()
	for !ok() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %d connections open after %v", what, o.n, hangGuard)
		}
		o.cond.Wait()
	}
}

func dial(t *testing.T, s *server) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.base, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// slowRequest writes a request head announcing a 100-byte body, and one
// byte of it.
func slowRequest(t *testing.T, conn net.Conn, target string, header ...string) {
	t.Helper()
	head := "POST " + target + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
	for _, h := range header {
		head += h + "\r\n"
	}
	if _, err := io.WriteString(conn, head+"Content-Length: 100\r\n\r\n{"); err != nil {
		t.Fatal(err)
	}
}

// readAnswer reads one answer from conn, with hangGuard as the ceiling.
func readAnswer(t *testing.T, conn net.Conn) (int, string) {
	t.Helper()
	_ = conn.SetReadDeadline(time.Now().Add(hangGuard))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the answer: %v", err)
	}
	return resp.StatusCode, string(b)
}

// bigCollection writes a collection whose GET /big answers n bytes.
func bigCollection(t *testing.T, n int) string {
	t.Helper()
	req := map[string]any{"method": "GET", "url": map[string]any{"raw": "{{baseUrl}}/big", "host": []string{"{{baseUrl}}"}, "path": []string{"big"}}}
	raw, err := json.Marshal(map[string]any{
		"info": map[string]any{"name": "big", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
		"item": []any{map[string]any{"name": "big", "request": req, "response": []any{map[string]any{
			"name": "big", "originalRequest": req, "code": 200, "body": strings.Repeat("x", n)}}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "big.postman_collection.json")
	if err := os.WriteFile(path, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSlowBodiesAreCutWithinTheBound(t *testing.T) {
	tests := []struct {
		name       string
		args       []string
		target     string
		header     []string
		wantStatus int
		wantBody   string
	}{
		{"serve, body not matched", nil, "/orders", nil, http.StatusRequestTimeout, mock.RequestTimeoutBody},
		{"serve, body matched", nil, "/orders", []string{"x-mock-match-request-body: true"}, http.StatusRequestTimeout, mock.RequestTimeoutBody},
		{"api, management request", []string{"api", "-api-key", "k"}, "/collections", []string{"x-api-key: k"}, http.StatusRequestTimeout, ""},
		{"api, unknown mock (no handler reads the body)", []string{"api", "-api-key", "k"}, "/nomock/orders", nil, http.StatusNotFound, workspace.MockNotFoundBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := &cli{bodyTimeout: testBody, writeTimeout: testWrite}
			open := newOpenConns(c)
			s := startCLI(t, c, tt.args...)
			conn := dial(t, s)
			slowRequest(t, conn, tt.target, tt.header...)
			open.waitClosed(t, "slow body", 1)
			code, body := readAnswer(t, conn)
			if code != tt.wantStatus || tt.wantBody != "" && body != tt.wantBody {
				t.Errorf("got %d %s, want %d %s", code, body, tt.wantStatus, tt.wantBody)
			}
		})
	}
}

func TestNeverReadingClientsAreCutWithinTheBound(t *testing.T) {
	const size = 16 << 20 // more than the socket buffers of both ends hold
	c := &cli{bodyTimeout: testBody, writeTimeout: testWrite}
	open := newOpenConns(c)
	s := startCLI(t, c, "-collection", bigCollection(t, size))
	conn := dial(t, s)
	// A fixed receive buffer: the kernel may otherwise grow it to hold
	// the whole answer, and then no write blocks.
	if err := conn.(*net.TCPConn).SetReadBuffer(256 << 10); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(conn, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	open.waitClosed(t, "never-reading client", 1)
	_ = conn.SetReadDeadline(time.Now().Add(hangGuard))
	n, err := io.Copy(io.Discard, conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the connection is still open after the server closed it: %v", err)
	}
	if n >= size {
		t.Errorf("received %d bytes, the whole answer: it was not cut off", n)
	}
}

func TestDelaysLongerThanTheBoundsStillAnswer(t *testing.T) {
	delay := strconv.Itoa(int(4 * (testBody + testWrite) / time.Millisecond))
	tests := []struct {
		name, method, path, body string
		header                   map[string]string
		wantStatus               int
	}{
		{"GET", "GET", "/products", "", nil, http.StatusOK},
		{"POST with a body", "POST", "/orders", `{"productId": 7, "quantity": 2}`, nil, http.StatusCreated},
		{"POST with a matched body", "POST", "/orders", `{"productId": 7, "quantity": 2}`, map[string]string{"x-mock-match-request-body": "true"}, 0},
	}
	c := &cli{bodyTimeout: testBody, writeTimeout: testWrite}
	s := startCLI(t, c)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var body io.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			req, err := http.NewRequest(tt.method, s.base+tt.path, body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set(mock.HeaderResponseDelay, delay)
			for k, v := range tt.header {
				req.Header.Set(k, v)
			}
			resp, err := (&http.Client{Timeout: hangGuard}).Do(req)
			if err != nil {
				t.Fatalf("the delayed call failed: %v", err)
			}
			defer resp.Body.Close()
			b, err := io.ReadAll(resp.Body)
			if err != nil || len(b) == 0 || tt.wantStatus != 0 && resp.StatusCode != tt.wantStatus {
				t.Errorf("got %d %q (%v), want %d and the example's body", resp.StatusCode, b, err, tt.wantStatus)
			}
			if resp.StatusCode == http.StatusRequestTimeout {
				t.Errorf("the body deadline cut the delayed call: %d %s", resp.StatusCode, b)
			}
		})
	}
}

func TestConnectionsOverTheCapAreClosedAtOnce(t *testing.T) {
	before := runtime.NumGoroutine()
	c := &cli{}
	open := newOpenConns(c)
	s := startCLI(t, c, "-max-conns", "3")

	// Three keep-alive connections, each answered once and left open.
	held := make([]net.Conn, 3)
	for i := range held {
		held[i] = dial(t, s)
		if _, err := io.WriteString(held[i], "GET /products HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
			t.Fatal(err)
		}
		if code, _ := readAnswer(t, held[i]); code != http.StatusOK {
			t.Fatalf("held connection %d: got %d, want 200", i, code)
		}
	}
	open.wait(t, "three held", func(n int) bool { return n == 3 })

	// A fourth is closed without an answer, rather than left hanging.
	extra := dial(t, s)
	_, _ = io.WriteString(extra, "GET /products HTTP/1.1\r\nHost: x\r\n\r\n")
	_ = extra.SetReadDeadline(time.Now().Add(hangGuard))
	n, err := extra.Read(make([]byte, 1))
	var ne net.Error
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		t.Fatalf("the connection over the cap was left hanging for %v", hangGuard)
	case n > 0 || err == nil:
		t.Errorf("the connection over the cap got an answer")
	case !errors.Is(err, io.EOF) && !errors.Is(err, syscall.ECONNRESET):
		t.Errorf("the connection over the cap failed with %v, want EOF or a reset", err)
	}
	if !strings.Contains(s.stderr.String(), "3 connections open (-max-conns): refusing new ones") {
		t.Errorf("stderr does not report the refusal:\n%s", s.stderr)
	}

	// Closing a held connection frees its slot.
	held[0].Close()
	open.wait(t, "one closed", func(n int) bool { return n == 2 })
	if code, _ := call(t, "GET", s.base+"/products", nil); code != http.StatusOK {
		t.Errorf("call after a slot was freed: got %d, want 200", code)
	}
	for _, h := range held[1:] {
		h.Close()
	}
	open.wait(t, "all closed", func(n int) bool { return n == 0 })
	s.stop(t)
	waitGoroutines(t, before)
}

func TestMaxConnsMustBePositive(t *testing.T) {
	for _, args := range [][]string{{"-max-conns", "0"}, {"api", "-api-key", "k", "-max-conns", "-1"}} {
		code, _, stderr := runCmd(t, args...)
		if code != 2 || !strings.Contains(stderr, "invalid -max-conns") {
			t.Errorf("%v: exit %d, stderr %q; want 2 and invalid -max-conns", args, code, stderr)
		}
	}
}

// slowClients is how many slow clients TestNormalCallIsAnsweredBesideThousandsOfSlowClients
// connects: the 2,000, fewer if the descriptor limit cannot be
// raised to hold them (each takes two descriptors in this process: its end
// and the server's), but always more than the default cap.
func slowClients(t *testing.T) int {
	const want, spare = 2000, 256
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatal(err)
	}
	if need := uint64(2*want + spare); lim.Cur < need && lim.Max > lim.Cur {
		old := lim
		lim.Cur = min(need, lim.Max)
		if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = syscall.Setrlimit(syscall.RLIMIT_NOFILE, &old) })
	}
	n := min(want, int(lim.Cur-spare)/2)
	if n <= defaultMaxConns {
		t.Skipf("the descriptor limit (%d) cannot hold more slow clients than the default cap (%d)", lim.Cur, defaultMaxConns)
	}
	return n
}

func TestNormalCallIsAnsweredBesideThousandsOfSlowClients(t *testing.T) {
	if testing.Short() {
		t.Skip("thousands of connections")
	}
	n := slowClients(t)
	// The default body bound (60 s) keeps every slow client connected for
	// the whole test; the cap is raised above them so that all are let in.
	c := &cli{}
	open := newOpenConns(c)
	s := startCLI(t, c, "-max-conns", strconv.Itoa(n+10))
	addr := strings.TrimPrefix(s.base, "http://")
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, conn := range conns {
			conn.Close()
		}
	}()
	for i := range n {
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatalf("slow client %d: %v", i, err)
		}
		conns = append(conns, conn)
		slowRequest(t, conn, "/orders")
	}
	open.wait(t, "slow clients connected", func(k int) bool { return k >= n })

	start := time.Now()
	code, body := call(t, "POST", s.base+"/orders", nil)
	t.Logf("normal call beside %d slow clients answered in %v", n, time.Since(start))
	if code != http.StatusCreated || !strings.Contains(body, `"status": "pending"`) {
		t.Errorf("normal call: got %d %s, want 201 and the order", code, body)
	}
	for _, conn := range conns {
		conn.Close()
	}
	conns = nil
	open.wait(t, "slow clients gone", func(k int) bool { return k == 0 })
}
