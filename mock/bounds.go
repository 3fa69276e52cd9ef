package mock

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/postmock/postmock/match"
)

// maxDrain is how much of a body that is not matched a call reads past
// what its call-log entry keeps.
const maxDrain = 64 << 20

// bodyDeadline bounds reading the request body (WithTimeouts). It is a
// deadline for the whole body rather than a minimum rate: bodies are bounded
// in size (the body limit, maxDrain), so a deadline is what bounds how long
// one client holds a connection, however it paces its bytes, and it is set
// once instead of at every read. The write deadline gets the same bound
// while the body is read: a "100 Continue" may be written then, and a
// deadline left by the connection's previous response must not fail it.
//
// Once the body has been read to its end, net/http lifts the read deadline
// itself when it starts reading ahead on the connection (to notice a client
// that goes away), so the deadline cannot cancel the call during its delay;
// a body not read to its end keeps it, which also bounds the server's own
// discard of the rest.
// It returns the deadline (zero for none).
func (m *Mock) bodyDeadline(w http.ResponseWriter) time.Time {
	if m.bodyTime <= 0 {
		return time.Time{}
	}
	d := time.Now().Add(m.bodyTime)
	setDeadlines(w, d, true, d, true)
	return d
}

// send writes out, with the write deadline (WithTimeouts) counted from now:
// after the call's delay. A call that answers without reading its body
// passes the body deadline as unreadBy: net/http reads (and discards) up to
// 256 KiB of an unread body before it writes the answer, until the body
// deadline at worst, so the write bound starts there.
func (m *Mock) send(w http.ResponseWriter, out *response, head bool, unreadBy time.Time) {
	if m.writeTime > 0 && hasDeadlines(w) {
		from := time.Now()
		if unreadBy.After(from) {
			from = unreadBy
		}
		setDeadlines(w, time.Time{}, false, from.Add(m.writeTime), true)
	}
	out.write(w, head)
}

// setDeadlines sets the read deadline (if read) and the write deadline (if
// write) of w's connection, as http.ResponseController does (through
// Unwrap), without allocating one on every call. A writer without deadlines
// (a recorder, Transport) gets none: there is no connection to hold.
func setDeadlines(w http.ResponseWriter, rd time.Time, read bool, wd time.Time, write bool) {
	for {
		switch x := w.(type) {
		case interface {
			SetReadDeadline(time.Time) error
			SetWriteDeadline(time.Time) error
		}:
			if read {
				_ = x.SetReadDeadline(rd)
			}
			if write {
				_ = x.SetWriteDeadline(wd)
			}
			return
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return
		}
	}
}

// hasDeadlines reports whether setDeadlines can set w's deadlines, so that
// a writer without them (Mock.Transport's) costs no clock reading.
func hasDeadlines(w http.ResponseWriter) bool {
	for {
		switch x := w.(type) {
		case interface {
			SetReadDeadline(time.Time) error
			SetWriteDeadline(time.Time) error
		}:
			return true
		case interface{ Unwrap() http.ResponseWriter }:
			w = x.Unwrap()
		default:
			return false
		}
	}
}

// RequestTimeoutBody answers a call whose request body did not arrive
// within the body timeout (408; our rule).
const RequestTimeoutBody = `{"error":{"name":"requestTimeoutError","message":"The request body did not arrive in time."}}`

// bodyTimedOut answers a call whose body did not arrive in time, at once
// (no delay: the client is too slow already) and closes the connection.
func (m *Mock) bodyTimedOut(w http.ResponseWriter, r *http.Request, req *match.Request, start time.Time) {
	out := jsonResponse(http.StatusRequestTimeout, RequestTimeoutBody)
	out.header.Set("Connection", "close")
	m.send(w, &out, false, time.Time{})
	m.record(r, req.Path, req.RawQuery, nil, match.Result{}, out, start, 0)
}

var errTooLarge = errors.New("body too large")

// readLimited reads at most limit bytes; a longer body is errTooLarge (and
// nothing past limit+1 bytes is buffered).
func readLimited(r io.Reader, limit int64) ([]byte, error) {
	if r == nil || r == http.NoBody {
		return nil, nil
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if int64(len(b)) > limit {
		return b[:limit], errTooLarge
	}
	return b, err
}

func (m *Mock) tooLarge(w http.ResponseWriter, r *http.Request, req *match.Request, start time.Time, cfg *Config) {
	out := response{status: http.StatusRequestEntityTooLarge, header: http.Header{},
		body: fmt.Sprintf(`{"error":{"name":"payloadTooLargeError","message":"The request body is larger than the mock's body limit of %d bytes."}}`, m.bodyLimit)}
	out.header.Set("Content-Type", "application/json; charset=utf-8")
	out.header.Set("Connection", "close")
	delay := m.delay(r, cfg)
	if !m.wait(r.Context(), delay) {
		return
	}
	m.send(w, &out, false, time.Time{})
	m.record(r, req.Path, req.RawQuery, nil, match.Result{}, out, start, delay)
}

// uriTooLong answers 414 uriTooLongError, before any gate or matching, when
// the request-target passes MaxRequestTarget or its path MaxPathSegments,
// and reports whether it did. The call log keeps the first
// MaxRequestTarget bytes of the target, copied, so that a hostile call
// holds no more memory there than a legal one.
func (m *Mock) uriTooLong(w http.ResponseWriter, r *http.Request, path, rawQuery string, start time.Time) bool {
	size := len(path)
	if rawQuery != "" {
		size += 1 + len(rawQuery)
	}
	var msg string
	switch {
	case size > MaxRequestTarget:
		msg = fmt.Sprintf("The request-target is %d bytes, over the mock's limit of %d bytes.", size, MaxRequestTarget)
	case strings.Count(strings.TrimPrefix(path, "/"), "/")+1 > MaxPathSegments:
		msg = fmt.Sprintf("The request path has more than the mock's limit of %d segments.", MaxPathSegments)
	default:
		return false
	}
	out := jsonResponse(http.StatusRequestURITooLong,
		`{"error":{"name":"uriTooLongError","message":`+strconv.Quote(msg)+`}}`)
	out.write(w, r.Method == http.MethodHead)
	if len(path) >= MaxRequestTarget {
		path, rawQuery = strings.Clone(path[:MaxRequestTarget]), ""
	} else if size > MaxRequestTarget {
		rawQuery = strings.Clone(rawQuery[:MaxRequestTarget-len(path)-1])
	}
	m.record(r, path, rawQuery, nil, match.Result{}, out, start, 0)
	return true
}
