package mock_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/postmock/postmock/mock"
)

// Hostile inputs against a live server (httptest.NewServer): each case
// sends one input, checks the answer, then checks that a normal call right
// after still gets its example (GET /users → 200 {"example": "a1"}). Every
// call has a deadline of hostileTimeout, so a hang fails instead of stalling the suite;
// the heap is sampled throughout and must stay under hostileHeapLimit.

const (
	// hostileTimeout only guards against hangs: a busy machine may take
	// seconds to stream an 8 MiB body through the race detector.
	hostileTimeout   = hangGuard
	hostileHeapLimit = 300 << 20
	a1Body           = `{"example": "a1"}`
)

// hostileReply is what one hostile call got.
type hostileReply struct {
	status  int
	header  http.Header
	body    string
	elapsed time.Duration
	err     error
}

// repeatReader yields n bytes of c without allocating them.
type repeatReader struct {
	c    byte
	left int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), r.left)
	for i := range p[:n] {
		p[i] = r.c
	}
	r.left -= n
	return int(n), nil
}

// clientCall sends a request with the Go client.
func clientCall(srv *httptest.Server, method, target string, hdr map[string]string, body io.Reader, length int64) hostileReply {
	ctx, cancel := context.WithTimeout(context.Background(), hostileTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, srv.URL+target, body)
	if err != nil {
		return hostileReply{err: err}
	}
	if body != nil {
		req.ContentLength = length
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	start := time.Now()
	resp, err := srv.Client().Do(req)
	if err != nil {
		return hostileReply{err: err, elapsed: time.Since(start)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return hostileReply{status: resp.StatusCode, header: resp.Header, body: string(b), elapsed: time.Since(start), err: err}
}

// rawCall writes a request on a bare connection (for targets and sizes the
// Go client refuses or cannot stream past an early answer): head is the
// request line and headers without the blank line; body, if any, is
// streamed after it while the answer is read concurrently.
func rawCall(srv *httptest.Server, head string, body io.Reader) hostileReply {
	start := time.Now()
	conn, err := net.DialTimeout("tcp", srv.Listener.Addr().String(), hostileTimeout)
	if err != nil {
		return hostileReply{err: err}
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(hostileTimeout))
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		w := bufio.NewWriterSize(conn, 32<<10)
		if _, err := io.WriteString(w, head+"\r\n\r\n"); err != nil {
			return
		}
		if body != nil {
			if _, err := io.Copy(w, body); err != nil {
				return
			}
		}
		_ = w.Flush()
	}()
	defer wg.Wait()
	defer conn.Close() // unblocks the writer once the answer is in
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return hostileReply{err: err, elapsed: time.Since(start)}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	return hostileReply{status: resp.StatusCode, header: resp.Header, body: string(b), elapsed: time.Since(start), err: err}
}

// headerBlock returns header lines of about n bytes in total (32 KiB
// values).
func headerBlock(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		v := strings.Repeat("v", min(32<<10, n-b.Len()))
		fmt.Fprintf(&b, "X-Pad-%d: %s\r\n", i, v)
	}
	return strings.TrimSuffix(b.String(), "\r\n")
}

// manyParams returns a query of n parameters.
func manyParams(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte('&')
		}
		fmt.Fprintf(&b, "p%d=%d", i, i)
	}
	return b.String()
}

func TestHostileInputs(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json") // default 8 MiB body limit, no delay cap
	srv := httptest.NewServer(m)
	defer srv.Close()

	// Sample the heap while the table runs, starting from a collected heap
	// (other tests of the package leave large garbage behind).
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	defer func() {
		close(stop)
		<-sampled
		t.Logf("peak HeapInuse %.1f MiB", float64(peak.Load())/(1<<20))
		if p := peak.Load(); p > hostileHeapLimit {
			t.Errorf("peak HeapInuse %d MiB, want under %d MiB: a hostile input was buffered", p>>20, hostileHeapLimit>>20)
		}
	}()

	// Checks.
	status := func(want ...int) func(*testing.T, hostileReply) {
		return func(t *testing.T, r hostileReply) {
			t.Helper()
			for _, w := range want {
				if r.status == w {
					return
				}
			}
			t.Errorf("status %d, want one of %v (body %.200q)", r.status, want, r.body)
		}
	}
	// fast checks that the call was served without a delay, from its
	// call-log entry (the mock records a call before returning, and
	// net/http sends a small answer only then).
	fast := func(t *testing.T, r hostileReply) {
		t.Helper()
		e := m.Calls().All()
		if len(e) == 0 {
			t.Fatal("the call was not recorded")
		}
		if d := e[len(e)-1].Delay; d != 0 {
			t.Errorf("the call waited %v: the delay was not ignored", d)
		}
	}
	isA1 := func(t *testing.T, r hostileReply) {
		t.Helper()
		status(200)(t, r)
		if r.body != a1Body {
			t.Errorf("body %.200q, want %s", r.body, a1Body)
		}
	}
	notFound := func(t *testing.T, r hostileReply) {
		t.Helper()
		status(404)(t, r)
		if r.body != mock.NotFoundBody {
			t.Errorf("body %.200q, want Postman's 404 body", r.body)
		}
	}
	answered := func(t *testing.T, r hostileReply) { // no hang: any well-formed answer
		t.Helper()
		if r.status < 100 || r.status > 599 {
			t.Errorf("status %d", r.status)
		}
	}
	tooLarge := func(t *testing.T, r hostileReply) {
		t.Helper()
		status(413)(t, r)
		if !strings.HasPrefix(r.body, `{"error":{"name":"payloadTooLargeError","message":`) {
			t.Errorf("body %.200q, want a payloadTooLargeError", r.body)
		}
	}
	all := func(cs ...func(*testing.T, hostileReply)) func(*testing.T, hostileReply) {
		return func(t *testing.T, r hostileReply) {
			t.Helper()
			for _, c := range cs {
				c(t, r)
			}
		}
	}
	get := func(target string, hdr map[string]string) func() hostileReply {
		return func() hostileReply { return clientCall(srv, "GET", target, hdr, nil, 0) }
	}
	raw := func(head string) func() hostileReply {
		return func() hostileReply { return rawCall(srv, head, nil) }
	}
	const (
		mb = "x-mock-match-request-body"
		md = "x-mock-response-delay"
		mc = "x-mock-response-code"
	)

	tests := []struct {
		name  string
		send  func() hostileReply
		check func(*testing.T, hostileReply)
	}{
		// Bodies: 64 MiB streamed, never allocated by the client.
		{"64MiB body, body matching on, Content-Length", func() hostileReply {
			return rawCall(srv, fmt.Sprintf("POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n%s: true\r\nContent-Length: %d", mb, 64<<20),
				&repeatReader{c: 'a', left: 64 << 20})
		}, tooLarge},
		{"64MiB body, body matching on, chunked (Go client)", func() hostileReply {
			return clientCall(srv, "POST", "/users", map[string]string{mb: "true", "Content-Type": "application/json"}, &repeatReader{c: 'a', left: 64 << 20}, -1)
		}, tooLarge},
		{"64MiB body, body matching off: drained", func() hostileReply {
			return clientCall(srv, "POST", "/users", map[string]string{"Content-Type": "application/json"}, &repeatReader{c: 'a', left: 64 << 20}, 64<<20)
		}, status(400)}, // a7: no body matching, tie, last id (docs/matching.md#worked-examples #15)
		{"8MiB body exactly at the limit", func() hostileReply {
			return clientCall(srv, "POST", "/users", map[string]string{mb: "true", "Content-Type": "application/json"}, &repeatReader{c: ' ', left: 8 << 20}, 8<<20)
		}, notFound}, // read whole, matches neither a6 nor a7

		// Headers around net/http's 1 MiB limit (DefaultMaxHeaderBytes).
		{"headers just under 1MiB", raw("GET /users HTTP/1.1\r\nHost: x\r\n" + headerBlock(http.DefaultMaxHeaderBytes-8<<10)), isA1},
		// net/http reads up to MaxHeaderBytes plus 4 KiB of slack.
		{"headers exactly 1MiB", raw("GET /users HTTP/1.1\r\nHost: x\r\n" + headerBlock(http.DefaultMaxHeaderBytes)), isA1},
		{"headers past 1MiB", raw("GET /users HTTP/1.1\r\nHost: x\r\n" + headerBlock(http.DefaultMaxHeaderBytes+64<<10)), status(431)},
		{"one 2MiB header", raw("GET /users HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("b", 2<<20)), status(431)},

		// x-mock-response-delay out of range: ignored, answered at once.
		{"delay abc", get("/users", map[string]string{md: "abc"}), all(isA1, fast)},
		{"delay -5", get("/users", map[string]string{md: "-5"}), all(isA1, fast)},
		{"delay 0", get("/users", map[string]string{md: "0"}), all(isA1, fast)},
		{"delay 180001", get("/users", map[string]string{md: "180001"}), all(isA1, fast)},
		{"delay 1e9", get("/users", map[string]string{md: "1e9"}), all(isA1, fast)},
		{"delay 2^63-1", get("/users", map[string]string{md: "9223372036854775807"}), all(isA1, fast)},
		{"delay 2^64", get("/users", map[string]string{md: "18446744073709551616"}), all(isA1, fast)},
		{"delay 0x10", get("/users", map[string]string{md: "0x10"}), all(isA1, fast)},

		// x-mock-response-code not an integer 100–599: Postman's 404.
		{"code abc", get("/users", map[string]string{mc: "abc"}), notFound},
		{"code 99", get("/users", map[string]string{mc: "99"}), notFound},
		{"code 1000", get("/users", map[string]string{mc: "1000"}), notFound},
		{"code empty", raw("GET /users HTTP/1.1\r\nHost: x\r\n" + mc + ":"), notFound},
		{"code 2^64", get("/users", map[string]string{mc: "18446744073709551616"}), notFound},

		// Paths.
		{"percent-encoded invalid UTF-8 /users/%FF", get("/users/%FF", nil), status(200, 404)},
		{"bad escape /users/%zz (raw)", raw("GET /users/%zz HTTP/1.1\r\nHost: x"), answered},
		{"raw invalid UTF-8 bytes", raw("GET /users/\xff\xfe HTTP/1.1\r\nHost: x"), answered},
		{"overlong UTF-8 escape", get("/users/%C0%AF", nil), status(200, 404)},
		{"encoded slash", get("/users%2F42", nil), status(200, 404)},
		{"dot-dot segments", get("/users/../users/../../users", nil), status(200, 404)},
		{"dot-dot raw", raw("GET /../../etc/passwd HTTP/1.1\r\nHost: x"), answered},
		{"slash runs", get("//users////", nil), status(200, 404)},
		{"10k segments", get(strings.Repeat("/a", 10000), nil), status(414)}, // over MaxRequestTarget
		{"10k wildcard-shaped segments", get("/users"+strings.Repeat("/42", 10000), nil), status(414)},
		{"one 512KiB segment", get("/users/"+strings.Repeat("x", 512<<10), nil), status(414)},
		{"5000 query params", get("/users?"+manyParams(5000), nil), status(414)},
		{"5000 empty query parts", get("/users?"+strings.Repeat("&", 5000), nil), isA1},
		{"absolute-form target", raw("GET http://other.example/users HTTP/1.1\r\nHost: x"), answered},
		{"asterisk target", raw("OPTIONS * HTTP/1.1\r\nHost: x"), answered},
		{"HTTP/1.0 without Host", raw("GET /users HTTP/1.0"), isA1},

		// Selection headers with hostile values.
		{"x-mock-response-id 64KiB", get("/users", map[string]string{"x-mock-response-id": strings.Repeat("z", 64<<10)}), notFound},
		{"x-mock-match-request-headers 10k names", get("/users", map[string]string{"x-mock-match-request-headers": strings.Repeat("a,", 10000)}), isA1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tt.send()
			if r.err != nil {
				t.Fatalf("no answer after %v: %v", r.elapsed, r.err)
			}
			tt.check(t, r)
			t.Logf("%d in %v (%d-byte body)", r.status, r.elapsed.Round(time.Millisecond), len(r.body))
			after := clientCall(srv, "GET", "/users", nil, nil, 0)
			if after.err != nil {
				t.Fatalf("normal call after it: %v", after.err)
			}
			if after.status != 200 || after.body != a1Body {
				t.Errorf("normal call after it: %d %.200q, want 200 %s", after.status, after.body, a1Body)
			}
		})
	}
}
