package mock

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"syscall"
	"time"
)

// HeaderFault names a fault (our extension, docs/scenarios.md#faults): on a
// saved example's response, the example's calls fail with it; on a call,
// that call does.
const HeaderFault = "X-Mock-Fault"

// Fault is a way a call fails below HTTP, as networks fail (the same four as
// WireMock's faults). The zero value is no fault.
type Fault string

// The faults.
const (
	// FaultConnectionReset resets the connection (TCP RST) before any
	// answer: the client's read fails with ECONNRESET.
	FaultConnectionReset Fault = "connection-reset"
	// FaultEmptyResponse closes the connection without an answer: the
	// client reads EOF.
	FaultEmptyResponse Fault = "empty-response"
	// FaultMalformedChunk sends the status and headers of a chunked answer,
	// then a chunk that is not one, and closes: the client gets the
	// response and fails reading its body.
	FaultMalformedChunk Fault = "malformed-chunk"
	// FaultRandomDataThenClose sends bytes that are not HTTP and closes:
	// the client fails parsing the response.
	FaultRandomDataThenClose Fault = "random-data-then-close"
)

// Faults lists every fault.
var Faults = []Fault{FaultConnectionReset, FaultEmptyResponse, FaultMalformedChunk, FaultRandomDataThenClose}

// ErrBadFault is wrapped by the error for a name that is no Fault.
var ErrBadFault = errors.New("unknown fault")

// Validate reports whether f is a fault (or none): an ErrBadFault error
// naming the valid ones, else nil.
func (f Fault) Validate() error {
	switch f {
	case "", FaultConnectionReset, FaultEmptyResponse, FaultMalformedChunk, FaultRandomDataThenClose:
		return nil
	}
	return fmt.Errorf("%w %q: want connection-reset, empty-response, malformed-chunk or random-data-then-close", ErrBadFault, string(f))
}

// BadFaultBody answers 400 a call whose x-mock-fault names no fault.
const BadFaultBody = `{"error":{"name":"badFaultError","message":"x-mock-fault must be connection-reset, empty-response, malformed-chunk or random-data-then-close."}}`

// faultLimit bounds how long serving a fault may hold a hijacked
// connection.
const faultLimit = 10 * time.Second

// garbage is what random-data-then-close sends: fixed bytes that no HTTP
// client takes for a status line, so that every run fails alike.
var garbage = func() []byte {
	b := make([]byte, 512)
	x := uint64(19)
	for i := range b {
		x = splitmix(x)
		b[i] = byte(x)
	}
	b[0] = 0x80 // not 'H': never the start of "HTTP/"
	return b
}()

// malformedChunk is the answer malformed-chunk sends: a chunked 200 whose
// first chunk size is not hexadecimal.
const malformedChunk = "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{\"broken\r\n"

// serveFault fails the call with f. Under Transport it hands f to the
// transport, which returns the error a client would see; under net/http's
// HTTP/1 server it hijacks the connection; under HTTP/2 it aborts the
// stream (the closest a handler gets); under any other writer, which can
// do none of these, it answers 500 saying so. It calls logged with the
// status the client will see (0 for none; the 500's response) before the
// client sees anything, so that the call is in the log by the time the
// client's call fails.
func serveFault(w http.ResponseWriter, r *http.Request, f Fault, logged func(out response)) {
	status := 0
	if f == FaultMalformedChunk {
		status = http.StatusOK
	}
	if fw := faultTakerOf(w); fw != nil {
		logged(response{status: status, header: http.Header{}})
		fw.takeFault(f)
		return
	}
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		out := jsonResponse(http.StatusInternalServerError,
			fmt.Sprintf(`{"error":{"name":"faultUnsupportedError","message":"fault %s cannot be served over this ResponseWriter: it cannot be hijacked."}}`, f))
		if _, h2 := w.(http.Pusher); h2 && r.ProtoMajor >= 2 {
			// Only net/http's HTTP/2 server writer pushes; it recovers this
			// panic by resetting the stream, and logs nothing. Any other
			// writer (a recorder given a hand-made HTTP/2 request) gets the
			// 500 below rather than a panic.
			logged(response{header: http.Header{}})
			panic(http.ErrAbortHandler)
		}
		logged(out)
		out.write(w, r.Method == http.MethodHead)
		return
	}
	logged(response{status: status, header: http.Header{}})
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(faultLimit))
	switch f {
	case FaultConnectionReset:
		raw := conn
		if tc, ok := conn.(*tls.Conn); ok {
			raw = tc.NetConn() // no close_notify: the reset is the point
		}
		setLinger0(raw)
		_ = raw.Close() // through any wrapper, so that its own Close runs
	case FaultMalformedChunk:
		_, _ = io.WriteString(conn, malformedChunk)
	case FaultRandomDataThenClose:
		_, _ = conn.Write(garbage)
	}
}

// setLinger0 makes closing c send a TCP RST: on c, or on the connection a
// listener's wrapper holds, found through NetConn (as tls.Conn has it).
func setLinger0(c net.Conn) {
	for range 8 { // wrappers do not nest deeper
		switch x := c.(type) {
		case interface{ SetLinger(int) error }:
			_ = x.SetLinger(0)
			return
		case interface{ NetConn() net.Conn }:
			c = x.NetConn()
		default:
			return
		}
	}
}

// faultSink is the ResponseWriter Transport serves through: a handler's
// fault is noted in it for RoundTrip to turn into an error.
type faultSink struct {
	http.ResponseWriter
	fault Fault
}

// Unwrap gives http.ResponseController the recorder underneath.
func (f *faultSink) Unwrap() http.ResponseWriter { return f.ResponseWriter }

// Flush passes a flush to the recorder.
func (f *faultSink) Flush() {
	if fl, ok := f.ResponseWriter.(http.Flusher); ok {
		fl.Flush()
	}
}

// faultTaker is a ResponseWriter of an in-process transport (Transport's
// faultSink, Mock.Transport's inprocWriter): it takes a fault for its
// RoundTrip to turn into the error a client would see.
type faultTaker interface{ takeFault(Fault) }

func (f *faultSink) takeFault(fl Fault) { f.fault = fl }

// faultTakerOf finds the faultTaker under w's wrappers, nil if none.
func faultTakerOf(w http.ResponseWriter) faultTaker {
	for {
		switch x := w.(type) {
		case faultTaker:
			return x
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return nil
		}
	}
}

// faultResult is what RoundTrip returns for a fault: the error a client of
// a real server would get, or, for malformed-chunk, a response whose body
// read fails.
func faultResult(f Fault, req *http.Request) (*http.Response, error) {
	addr := &net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}
	switch f {
	case FaultConnectionReset:
		return nil, &net.OpError{Op: "read", Net: "tcp", Addr: addr, Err: os.NewSyscallError("read", syscall.ECONNRESET)}
	case FaultEmptyResponse:
		return nil, io.EOF
	case FaultMalformedChunk:
		h := http.Header{}
		h.Set("Content-Type", "application/json; charset=utf-8")
		return &http.Response{Status: "200 OK", StatusCode: http.StatusOK, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
			Header: h, TransferEncoding: []string{"chunked"}, ContentLength: -1,
			Body: io.NopCloser(errReader{errMalformedChunk}), Request: req}, nil
	default:
		return nil, fmt.Errorf("net/http: HTTP/1.x transport connection broken: malformed HTTP response %q", strings.ToValidUTF8(string(garbage[:16]), "\ufffd"))
	}
}

// errMalformedChunk is the body error of malformed-chunk under Transport,
// worded as net/http words it.
var errMalformedChunk = errors.New("invalid byte in chunk length")

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
