package mock

import (
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// mockTransport is a Mock's own in-process RoundTripper. Unlike Transport,
// which serves any handler a server-side copy of the request through a
// recorder, it hands the mock the caller's request as is (the mock only
// reads a request, never changes it) and a writer that becomes the
// http.Response itself: no copy of the request, its headers or URL, and no
// copy of a prepared body, which is written as a string and read back from
// it.
type mockTransport struct{ m *Mock }

// RoundTrip serves req with the mock.
func (t mockTransport) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	defer recoverRoundTrip(&resp, &err)
	if req.Body != nil {
		defer req.Body.Close()
	}
	w := &inprocWriter{header: make(http.Header, 8)}
	t.m.ServeHTTP(w, req)
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if w.fault != "" {
		return faultResult(w.fault, req)
	}
	return w.result(req), nil
}

// inprocWriter is an http.ResponseWriter whose result is an
// http.Response; one allocation holds the writer, the response and its
// body reader. It behaves as httptest.ResponseRecorder does for the
// response: status 200 unless written, headers as they were at
// WriteHeader, Content-Type sniffed when the body is written without
// WriteHeader and none is set.
type inprocWriter struct {
	resp    http.Response
	body    stringBody
	header  http.Header
	status  int
	wrote   bool
	str     string    // the body, when written by one WriteString
	buf     []byte    // the body, when written otherwise
	written bool      // str or buf holds the body so far
	fault   Fault     // a fault the mock served (fault.go), for RoundTrip
	vals    [4]string // the response's header values, copied at WriteHeader
}

func (w *inprocWriter) takeFault(f Fault) { w.fault = f }

func (w *inprocWriter) Header() http.Header {
	if w.wrote {
		// Changes after WriteHeader do not reach the response (as with a
		// recorder's snapshot).
		return http.Header{}
	}
	return w.header
}

func (w *inprocWriter) WriteHeader(code int) {
	if w.wrote || code < 200 {
		// A 1xx is informational: the final answer is still to come, and a
		// mock sends none.
		return
	}
	w.status, w.wrote = code, true
	// The header map holds the mock's prepared value slices: the client
	// gets copies, so that changing its response cannot change the mock.
	// They are kept in the writer itself (allocated anyway, and held by
	// the response) while they fit.
	free := w.vals[:]
	for k, vs := range w.header {
		if len(vs) > len(free) {
			free = make([]string, max(len(vs), len(w.vals)))
		}
		c := copy(free, vs)
		w.header[k], free = free[:c:c], free[c:]
	}
}

func (w *inprocWriter) implicitHeader(p []byte, s string) {
	if w.wrote {
		return
	}
	if _, ok := w.header["Content-Type"]; !ok && w.header.Get("Transfer-Encoding") == "" {
		if p == nil {
			p = []byte(s[:min(len(s), 512)])
		}
		w.header.Set("Content-Type", http.DetectContentType(p))
	}
	w.WriteHeader(http.StatusOK)
}

// WriteString keeps a first write's string as the body, without a copy.
func (w *inprocWriter) WriteString(s string) (int, error) {
	w.implicitHeader(nil, s)
	if !w.written {
		w.str, w.written = s, true
		return len(s), nil
	}
	w.spill()
	w.buf = append(w.buf, s...)
	return len(s), nil
}

func (w *inprocWriter) Write(p []byte) (int, error) {
	w.implicitHeader(p, "")
	w.spill()
	w.written = true
	w.buf = append(w.buf, p...)
	return len(p), nil
}

// spill moves a body kept as a string into buf, for a write that follows.
func (w *inprocWriter) spill() {
	if w.str != "" {
		w.buf = append(w.buf, w.str...)
		w.str = ""
	}
}

// Flush does nothing: the response is whole when the handler returns.
func (w *inprocWriter) Flush() {}

func (w *inprocWriter) result(req *http.Request) *http.Response {
	if !w.wrote {
		w.WriteHeader(http.StatusOK)
	}
	w.body.s = w.str
	if w.buf != nil {
		w.body.s = string(w.buf)
	}
	w.resp = http.Response{Status: statusLine(w.status), StatusCode: w.status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: w.header, Body: &w.body, ContentLength: contentLength(w.header), Request: req}
	return &w.resp
}

// contentLength parses the Content-Length header, -1 when absent or bad.
func contentLength(h http.Header) int64 {
	v := h["Content-Length"]
	if len(v) == 0 {
		return -1
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v[0]), 10, 64)
	if err != nil || n < 0 {
		return -1
	}
	return n
}

// statusLines are "200 OK" and the like for the codes 200–599, made once.
var statusLines = sync.OnceValue(func() []string {
	s := make([]string, 600)
	for c := 200; c < 600; c++ {
		s[c] = strconv.Itoa(c) + " " + http.StatusText(c)
	}
	return s
})

func statusLine(code int) string {
	if code >= 200 && code < 600 {
		return statusLines()[code]
	}
	return strconv.Itoa(code) + " " + http.StatusText(code)
}

// stringBody reads a response body out of a string.
type stringBody struct {
	s   string
	off int
}

func (b *stringBody) Read(p []byte) (int, error) {
	if b.off >= len(b.s) {
		return 0, io.EOF
	}
	n := copy(p, b.s[b.off:])
	b.off += n
	return n, nil
}

// WriteTo lets io.Copy write the rest of the body at once.
func (b *stringBody) WriteTo(w io.Writer) (int64, error) {
	if b.off >= len(b.s) {
		return 0, nil
	}
	n, err := io.WriteString(w, b.s[b.off:])
	b.off += n
	return int64(n), err
}

func (b *stringBody) Close() error { return nil }
