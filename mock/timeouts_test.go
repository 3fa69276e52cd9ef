package mock_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
)

// Short bounds, so that the tests cut slow clients quickly; the waits on
// the cuts have a generous ceiling that only guards against hangs.
const (
	shortBody  = 300 * time.Millisecond
	shortWrite = 300 * time.Millisecond
	hangGuard  = 60 * time.Second // ceiling of every wait on an event in this package's tests
	bigBody    = 16 << 20         // more than the socket buffers of both ends hold
)

// timeoutsCollection serves POST /echo (body "hello"; a small answer), GET
// /small and GET /big (a bigBody answer).
func timeoutsCollection(t testing.TB) *collection.Collection {
	t.Helper()
	item := func(method, path, body string) map[string]any {
		req := map[string]any{"method": method, "url": map[string]any{"raw": "{{baseUrl}}/" + path, "host": []string{"{{baseUrl}}"}, "path": []string{path}}}
		if method == "POST" {
			req["body"] = map[string]any{"mode": "raw", "raw": "hello"}
		}
		return map[string]any{"name": path, "request": req, "response": []any{map[string]any{
			"name": path, "originalRequest": req, "code": 200, "body": body}}}
	}
	raw, err := json.Marshal(map[string]any{
		"info": map[string]any{"name": "timeouts", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
		"item": []any{item("POST", "echo", `{"ok": true}`), item("GET", "small", `{"ok": true}`), item("GET", "big", strings.Repeat("x", bigBody))},
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := collection.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// closedConns serves m and reports each server-side connection close on the
// returned channel.
func closedConns(t *testing.T, m http.Handler) (*httptest.Server, <-chan struct{}) {
	t.Helper()
	closed := make(chan struct{}, 100)
	srv := httptest.NewUnstartedServer(m)
	srv.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateClosed {
			closed <- struct{}{}
		}
	}
	srv.Start()
	t.Cleanup(srv.Close)
	return srv, closed
}

func waitClosed(t *testing.T, closed <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-closed:
	case <-time.After(hangGuard):
		t.Fatalf("%s: the server still holds the connection after %v", what, hangGuard)
	}
}

func TestSlowBodyGets408AndItsConnectionClosed(t *testing.T) {
	m, err := mock.New(timeoutsCollection(t), mock.WithTimeouts(shortBody, shortWrite))
	if err != nil {
		t.Fatal(err)
	}
	srv, closed := closedConns(t, m)
	for _, tc := range []struct {
		name   string
		header string
	}{
		{"drained body (no body matching)", ""},
		{"matched body", "x-mock-match-request-body: true\r\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			// One byte of a 100-byte body, then nothing.
			head := "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n" + tc.header + "Content-Length: 100\r\n\r\nx"
			if _, err := io.WriteString(conn, head); err != nil {
				t.Fatal(err)
			}
			waitClosed(t, closed, "slow body")
			_ = conn.SetReadDeadline(time.Now().Add(hangGuard))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("no answer before the close: %v", err)
			}
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusRequestTimeout || string(b) != mock.RequestTimeoutBody {
				t.Errorf("got %d %s, want 408 %s", resp.StatusCode, b, mock.RequestTimeoutBody)
			}
		})
	}
	if n := m.Calls().Len(); n != 2 {
		t.Errorf("call log holds %d entries, want the 2 timed-out calls", n)
	}
}

func TestNeverReadingClientIsCutOff(t *testing.T) {
	m, err := mock.New(timeoutsCollection(t), mock.WithTimeouts(shortBody, shortWrite))
	if err != nil {
		t.Fatal(err)
	}
	srv, closed := closedConns(t, m)
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A fixed receive buffer: the kernel may otherwise grow it to hold the
	// whole answer (tcp_rmem allows 32 MiB), and then no write blocks.
	if err := conn.(*net.TCPConn).SetReadBuffer(256 << 10); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(conn, "GET /big HTTP/1.1\r\nHost: x\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	// Read nothing until the server gives up on the connection.
	waitClosed(t, closed, "never-reading client")
	_ = conn.SetReadDeadline(time.Now().Add(hangGuard))
	n, err := io.Copy(io.Discard, conn)
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		t.Fatalf("the connection is still open after the server closed it: %v", err)
	}
	if n >= bigBody {
		t.Errorf("received %d bytes, the whole answer: it was not cut off", n)
	}
}

func TestDelayLongerThanTheBoundsStillAnswers(t *testing.T) {
	m, err := mock.New(timeoutsCollection(t), mock.WithTimeouts(shortBody, shortWrite))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()
	delay := strconv.Itoa(int(4 * (shortBody + shortWrite) / time.Millisecond))
	for _, tc := range []struct {
		name, method, path, body string
		header                   map[string]string
		want                     int // answer length
	}{
		{"GET", "GET", "/small", "", nil, len(`{"ok": true}`)},
		{"POST, drained body", "POST", "/echo", "hello", nil, len(`{"ok": true}`)},
		{"POST, matched body", "POST", "/echo", "hello", map[string]string{"x-mock-match-request-body": "true"}, len(`{"ok": true}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var body io.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, body)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set(mock.HeaderResponseDelay, delay)
			for k, v := range tc.header {
				req.Header.Set(k, v)
			}
			resp, err := (&http.Client{Timeout: hangGuard}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			n, err := io.Copy(io.Discard, resp.Body)
			if err != nil || resp.StatusCode != http.StatusOK || n != int64(tc.want) {
				t.Errorf("got %d with %d bytes (%v), want 200 with %d bytes", resp.StatusCode, n, err, tc.want)
			}
		})
	}
}

// The deadlines are set through http.ResponseController: under a writer
// that has none (a recorder), the mock answers as before.
func TestTimeoutsNeedNoDeadlineSupport(t *testing.T) {
	m, err := mock.New(timeoutsCollection(t), mock.WithTimeouts(shortBody, shortWrite))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	if !errors.Is(http.NewResponseController(rec).SetReadDeadline(time.Time{}), http.ErrNotSupported) {
		t.Fatal("httptest.ResponseRecorder supports deadlines now: this test needs another writer without them")
	}
	m.ServeHTTP(rec, httptest.NewRequest("POST", "/echo", strings.NewReader("hello")))
	if rec.Code != http.StatusOK || rec.Body.String() != `{"ok": true}` {
		t.Errorf("got %d %s, want 200 {\"ok\": true}", rec.Code, rec.Body)
	}
}

// A deactivated mock answers without reading the body: net/http discards
// the unread body (until the body deadline at worst) before it writes the
// answer, and the write bound must leave it time to.
func TestUnreadSlowBodyStillGetsItsAnswer(t *testing.T) {
	m, err := mock.New(timeoutsCollection(t), mock.WithTimeouts(shortBody, shortWrite))
	if err != nil {
		t.Fatal(err)
	}
	m.SetDeactivated(true)
	srv, closed := closedConns(t, m)
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nx"); err != nil {
		t.Fatal(err)
	}
	_ = conn.SetReadDeadline(time.Now().Add(hangGuard))
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusNotFound || string(b) != mock.DeactivatedBody {
		t.Errorf("got %d %s, want 404 %s", resp.StatusCode, b, mock.DeactivatedBody)
	}
	waitClosed(t, closed, "unread slow body")
}
