package mock_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

// waitGoroutines polls until runtime.NumGoroutine() is back to at most
// base (for up to hangGuard, which only guards against a leak: goroutines
// of closed connections may take a while to end on a busy machine) and fails
// with every goroutine's stack if it is not. A handler still in a 180 s delay
// is caught: the ceiling is shorter.
func waitGoroutines(t *testing.T, base int) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	n := runtime.NumGoroutine()
	for n > base && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		runtime.Gosched()
		n = runtime.NumGoroutine()
	}
	if n > base {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		t.Fatalf("%d goroutines, baseline %d: leaked\n%s", n, base, buf)
	}
}

// TestNoGoroutineLeakLiveServer serves calls through a live server — plain,
// with a body, unmatched, a preflight, and a delayed call whose client gives
// up — then closes the server: the goroutine count must return to its
// baseline.
func TestNoGoroutineLeakLiveServer(t *testing.T) {
	base := runtime.NumGoroutine()
	m := newMock(t, "testdata/worked.postman_collection.json")
	srv := httptest.NewServer(m)
	tr := &http.Transport{}
	client := &http.Client{Transport: tr, Timeout: hangGuard}

	call := func(method, target string, hdr map[string]string, body string) int {
		t.Helper()
		req, err := http.NewRequest(method, srv.URL+target, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		for k, v := range hdr {
			req.Header.Set(k, v)
		}
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode
	}
	for range 5 {
		if s := call("GET", "/users", nil, ""); s != 200 {
			t.Fatalf("GET /users: %d", s)
		}
	}
	call("POST", "/users", map[string]string{"x-mock-match-request-body": "true", "Content-Type": "application/json"}, `{"name":"Ann"}`)
	call("GET", "/nothing/here", nil, "")
	call("OPTIONS", "/users", map[string]string{"Origin": "https://a.example", "Access-Control-Request-Method": "PUT"}, "")
	call("GET", "/users", map[string]string{"x-mock-response-delay": "20"}, "")

	// A delayed call whose client gives up: the handler must stop waiting.
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/users", nil)
	req.Header.Set("x-mock-response-delay", "180000")
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("the 180 s delay answered before the client gave up")
	} else if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("delayed call: %v", err)
	}
	cancel()

	tr.CloseIdleConnections()
	closed := make(chan struct{})
	go func() { srv.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(hangGuard): // under the 180 s delay
		t.Fatal("Server.Close still waiting for the abandoned delayed handler")
	}
	waitGoroutines(t, base)
}

// TestNoGoroutineLeakTransport serves calls in-process through
// Mock.Transport, including a delayed call whose context ends and one with
// a body the handler does not read.
func TestNoGoroutineLeakTransport(t *testing.T) {
	base := runtime.NumGoroutine()
	m := newMock(t, "testdata/worked.postman_collection.json")
	client := &http.Client{Transport: m.Transport(), Timeout: hangGuard}
	for range 5 {
		resp, err := client.Get("http://mock.test/users")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || string(b) != a1Body {
			t.Fatalf("GET /users: %d %s", resp.StatusCode, b)
		}
	}
	resp, err := client.Post("http://mock.test/users", "application/json", bytes.NewReader(make([]byte, 3<<20)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://mock.test/users", nil)
	req.Header.Set("x-mock-response-delay", "180000")
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("the 180 s delay answered before the context ended")
	}
	// A handler still waiting out the delay would keep its goroutine.
	waitGoroutines(t, base)
}
