package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// defaultMaxConns is how many connections serve and api hold open at once
// by default: well under the usual limit of 1,024 file descriptors, so that
// a crowd of slow clients cannot make accept fail for everyone ("too many
// open files") while their deadlines run.
const defaultMaxConns = 512

// limitListener accepts at most cap(slots) connections at a time. Past the
// cap it accepts a new connection and closes it at once: the client learns
// straight away, instead of waiting in the kernel's backlog (where a
// connection looks open but nothing answers it).
type limitListener struct {
	net.Listener
	slots chan struct{}
	// refused is called (from Accept's goroutine) for each connection
	// closed because all slots are taken.
	refused func()
	// event, if set, is called with the number of connections open after
	// each one is accepted or closed (tests wait on it).
	event func(open int)
}

func newLimitListener(ln net.Listener, max int, refused func(), event func(int)) *limitListener {
	return &limitListener{Listener: ln, slots: make(chan struct{}, max), refused: refused, event: event}
}

// Accept returns the next connection that fits under the cap.
func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			l.notify()
			return &limitConn{Conn: c, l: l}, nil
		default:
			// Report before closing, so that whoever sees the close can
			// also see the report.
			if l.refused != nil {
				l.refused()
			}
			_ = c.Close()
		}
	}
}

func (l *limitListener) notify() {
	if l.event != nil {
		l.event(len(l.slots))
	}
}

// limitConn gives its slot back when it is closed, once, however it is
// closed: by the server (idle, shut down, an error), or by a handler that
// hijacked it.
type limitConn struct {
	net.Conn
	l    *limitListener
	once sync.Once
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		<-c.l.slots
		c.l.notify()
	})
	return err
}

// NetConn returns the wrapped connection, as tls.Conn's does: the mock's
// connection-reset fault sets SO_LINGER on it.
func (c *limitConn) NetConn() net.Conn { return c.Conn }

// CloseWrite half-closes the connection: net/http does it before closing a
// connection whose body it did not read, so that the client gets the answer
// rather than a reset.
func (c *limitConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// refusalLog reports refused connections on w, at most once per interval:
// a crowd past the cap would otherwise flood the log.
func refusalLog(w io.Writer, max int, interval time.Duration) func() {
	var last atomic.Int64
	return func() {
		now := time.Now().UnixNano()
		prev := last.Load()
		if prev != 0 && now-prev < int64(interval) || !last.CompareAndSwap(prev, now) {
			return
		}
		fmt.Fprintf(w, "postmock: %d connections open (-max-conns): refusing new ones\n", max)
	}
}

// bounded bounds every request h serves, whichever handler answers it (a
// mock, the management API, a 404 for an unknown mock): the request body
// must arrive within body of the start of the request, and the response
// must be written within write of its first byte.
//
// The body bound is a deadline for the whole body rather than a minimum
// rate: bodies are bounded in size (8 MiB for a mock's body matching,
// postmanapi.MaxBody for the API), so a whole-body deadline is what bounds how
// long one client holds a connection however it paces its bytes, and it is
// set once instead of at each read. The write bound starts at the first
// byte of the response, which comes after any x-mock-response-delay or
// configured delay, so 180-second delays keep working; http.Server's
// ReadTimeout and WriteTimeout count from the start of the request and
// would cut them off.
//
// Mocks set the same bounds themselves (mock.WithTimeouts); this wrapper is
// what bounds the requests no mock reads. A request without a body gets no
// read deadline: net/http is already reading ahead on its connection (to
// notice a client that goes away), and a deadline passing there would cancel
// the request during its delay. A body read to its end has its deadline
// lifted by net/http for the same read-ahead.
func bounded(h http.Handler, body, write time.Duration) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := http.NewResponseController(w)
		var bodyBy time.Time
		if body > 0 && r.Body != nil && r.Body != http.NoBody {
			bodyBy = time.Now().Add(body)
			_ = rc.SetReadDeadline(bodyBy)
			// A "100 Continue" may be written while the body is read;
			// a deadline left by the connection's previous response
			// must not fail it.
			_ = rc.SetWriteDeadline(bodyBy)
		}
		if write > 0 {
			w = &writeBound{ResponseWriter: w, rc: rc, write: write, bodyBy: bodyBy}
		}
		h.ServeHTTP(w, r)
	})
}

// writeBound sets the write deadline when the response starts.
type writeBound struct {
	http.ResponseWriter
	rc    *http.ResponseController
	write time.Duration
	// bodyBy is the body deadline (zero for none): net/http reads (and
	// discards) up to 256 KiB of a body the handler left unread before it
	// writes the answer, until this deadline at worst, so the write bound
	// starts there if it is later.
	bodyBy  time.Time
	started bool
}

func (w *writeBound) start() {
	if !w.started {
		w.started = true
		from := time.Now()
		if w.bodyBy.After(from) {
			from = w.bodyBy
		}
		_ = w.rc.SetWriteDeadline(from.Add(w.write))
	}
}

func (w *writeBound) WriteHeader(code int) {
	if code >= 200 || code == http.StatusSwitchingProtocols {
		w.start() // not on a 1xx informational answer: more follows
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *writeBound) Write(p []byte) (int, error) {
	w.start()
	return w.ResponseWriter.Write(p)
}

// WriteString keeps the server writer's copy-free path for string bodies
// (the mock writes its answers with io.WriteString).
func (w *writeBound) WriteString(s string) (int, error) {
	w.start()
	return io.WriteString(w.ResponseWriter, s)
}

// Unwrap lets http.ResponseController (and the mock's deadlines) reach the
// server's writer.
func (w *writeBound) Unwrap() http.ResponseWriter { return w.ResponseWriter }
