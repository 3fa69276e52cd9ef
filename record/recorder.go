package record

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/postmock/postmock/mock"
)

// DefaultMaxBody is how many bytes of each request and response body a
// Recorder keeps (the caller and the target still get the whole body).
const DefaultMaxBody = 1 << 20

// DefaultMaxCalls is how many distinct calls a Recorder keeps in memory;
// later new calls are forwarded but not recorded (a repeat of a kept call
// still replaces it).
const DefaultMaxCalls = 10000

// DefaultMaxBytes is how many bytes the calls a Recorder holds in memory
// may take together (bodies, headers, URLs), as much as a call log's
// budget: without it, DefaultMaxCalls calls with two DefaultMaxBody bodies
// each could take 20 GB. Calls written by WriteFile stop counting.
const DefaultMaxBytes = 256 << 20

// warnEvery spaces the warnings about calls not kept: a full recorder
// under load would otherwise log every call.
const warnEvery = 10 * time.Second

// ErrTarget is wrapped by New's error when the target URL is unusable.
var ErrTarget = errors.New("record: bad target URL")

// Option configures New.
type Option func(*settings)

type settings struct {
	name     string
	redact   []string
	unredact []string
	drop     []string
	keep     []string
	maxBody  int64
	maxCalls int
	maxBytes int64
	logger   *slog.Logger
	rt       http.RoundTripper
}

// WithName sets info.name of a collection file the Recorder creates
// (default "Recorded from <target host>"); an existing file keeps its name.
func WithName(name string) Option { return func(s *settings) { s.name = name } }

// WithRedact adds names to redact: a header, query parameter, form field or
// JSON member whose name contains one of them (ignoring case) is written as
// {{redacted}}. Repeated, the lists add up.
func WithRedact(names ...string) Option {
	return func(s *settings) { s.redact = append(s.redact, names...) }
}

// WithoutRedact keeps names in the clear: a name equal to one of them
// (ignoring case) is never redacted, and a default fragment equal to one
// of them ("key", say) is no longer used.
func WithoutRedact(names ...string) Option {
	return func(s *settings) { s.unredact = append(s.unredact, names...) }
}

// WithDropHeaders adds response header names to leave out of examples (on
// top of DefaultDropHeaders).
func WithDropHeaders(names ...string) Option {
	return func(s *settings) { s.drop = append(s.drop, names...) }
}

// WithKeepHeaders keeps response headers that DefaultDropHeaders (or
// WithDropHeaders) would leave out.
func WithKeepHeaders(names ...string) Option {
	return func(s *settings) { s.keep = append(s.keep, names...) }
}

// WithMaxBody sets how many bytes of each body are kept (default
// DefaultMaxBody); an example whose body was cut says so in its
// description.
func WithMaxBody(n int64) Option { return func(s *settings) { s.maxBody = n } }

// WithMaxCalls sets how many distinct calls are kept (default
// DefaultMaxCalls).
func WithMaxCalls(n int) Option { return func(s *settings) { s.maxCalls = n } }

// WithMaxBytes sets how many bytes the calls held in memory, not yet
// written, may take together (default DefaultMaxBytes); past it, calls are
// forwarded and answered but not recorded, with a warning every few
// seconds.
func WithMaxBytes(n int64) Option { return func(s *settings) { s.maxBytes = n } }

// WithLogger sets where warnings go (a binary body skipped, a body cut, a
// call not kept; default: discard).
func WithLogger(l *slog.Logger) Option { return func(s *settings) { s.logger = l } }

// WithTransport sets the RoundTripper that reaches the target (default: a
// clone of http.DefaultTransport). Redirects are never followed: the
// caller gets, and the file keeps, what the target answered.
func WithTransport(rt http.RoundTripper) Option { return func(s *settings) { s.rt = rt } }

// Recorder forwards calls to a target and keeps what it answered, to be
// written as a Postman collection by WriteFile. It is an http.Handler (a
// reverse proxy); Transport serves it in-process. Safe for concurrent use.
type Recorder struct {
	target *url.URL
	base   string // the target as {{baseUrl}}, without a trailing '/'
	s      settings
	rt     http.RoundTripper
	own    *http.Transport // closed by Close when we made it
	rules  rules

	mu    sync.Mutex
	calls []*call // held in memory: recorded and not yet written
	byID  map[string]int
	count int
	bytes int64 // the size of calls
	// released counts the calls WriteFile wrote and let go of.
	released int
	// notKept counts the calls not kept since the last warning about
	// them, at warned.
	notKept int
	warned  time.Time
	now     func() time.Time // time.Now; tests move it
}

// New returns a Recorder that forwards to target, an absolute http or https
// URL (a path in it prefixes every forwarded path).
func New(target string, opts ...Option) (*Recorder, error) {
	u, err := url.Parse(target)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%w %q: want http(s)://host[:port][/path]", ErrTarget, target)
	}
	s := settings{maxBody: DefaultMaxBody, maxCalls: DefaultMaxCalls, maxBytes: DefaultMaxBytes}
	for _, o := range opts {
		o(&s)
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBody
	}
	if s.maxCalls <= 0 {
		s.maxCalls = DefaultMaxCalls
	}
	if s.maxBytes <= 0 {
		s.maxBytes = DefaultMaxBytes
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	if s.name == "" {
		s.name = "Recorded from " + u.Host
	}
	r := &Recorder{target: u, base: strings.TrimSuffix(u.String(), "/"), s: s, byID: map[string]int{}, now: time.Now}
	r.rules = newRules(s)
	r.rt = s.rt
	if r.rt == nil {
		r.own = http.DefaultTransport.(*http.Transport).Clone()
		r.own.Proxy = nil // the target is named; an environment proxy would surprise
		r.rt = r.own
	}
	return r, nil
}

// Target returns the target URL as written to the {{baseUrl}} variable.
func (r *Recorder) Target() string { return r.base }

// Close releases the idle connections to the target.
func (r *Recorder) Close() error {
	if r.own != nil {
		r.own.CloseIdleConnections()
	}
	return nil
}

// Transport returns an http.RoundTripper that runs the Recorder in-process:
// each request is forwarded to the target, whatever its host.
func (r *Recorder) Transport() http.RoundTripper { return mock.Transport(r) }

// Len returns how many distinct calls were recorded: those held in memory
// and those WriteFile wrote and released (a call recorded again after it
// was written counts again).
func (r *Recorder) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.calls) + r.released
}

// Count returns how many calls were recorded so far, repeats included: it
// changes whenever there is something new to write.
func (r *Recorder) Count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count
}

// hopHeaders are connection-level headers a proxy must not forward.
var hopHeaders = []string{"Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate",
	"Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

func removeHop(h http.Header) {
	for _, f := range h.Values("Connection") {
		for _, name := range strings.Split(f, ",") {
			h.Del(strings.TrimSpace(name))
		}
	}
	for _, k := range hopHeaders {
		h.Del(k)
	}
}

// ServeHTTP forwards one call to the target, answers with the target's
// response and records it. A target that cannot be reached answers 502
// with a JSON error, and nothing is recorded.
func (r *Recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	path, rawQuery := requestTarget(req)
	out, err := http.NewRequestWithContext(req.Context(), req.Method, r.base+path, nil)
	if err != nil {
		badGateway(w, fmt.Sprintf("cannot forward %s %s: %v", req.Method, path, err))
		return
	}
	out.URL.RawQuery = rawQuery
	out.Header = req.Header.Clone()
	removeHop(out.Header)
	out.Header.Del("Host")
	if _, ok := out.Header["User-Agent"]; !ok {
		out.Header["User-Agent"] = nil // do not add Go's
	}
	tap := &requestTap{c: capture{limit: r.s.maxBody}}
	if req.Body != nil && req.Body != http.NoBody {
		tap.src = req.Body
		out.Body = io.NopCloser(tap)
		out.ContentLength = req.ContentLength
		if req.ContentLength > 0 {
			// The length is known, so the caller is sending it all: read
			// what the example keeps before forwarding, so that it holds
			// the body sent however little of it the target reads. The
			// rest, past the cut, streams.
			if _, err := io.CopyN(io.Discard, tap, min(req.ContentLength, r.s.maxBody)); err != nil {
				if req.Context().Err() == nil {
					badRequest(w, fmt.Sprintf("cannot read the request body of %s %s: %v", req.Method, path, err))
				}
				return
			}
			// The capture holds what was read and takes no more bytes
			// (it is full, or the body is at its end), so its bytes stay
			// as they are while the target reads them.
			out.Body = io.NopCloser(io.MultiReader(bytes.NewReader(tap.c.buf.Bytes()), tap))
		}
	}
	resp, err := r.rt.RoundTrip(out)
	if err != nil {
		tap.seal()
		if req.Context().Err() != nil {
			return // the caller went away
		}
		badGateway(w, fmt.Sprintf("cannot reach the target %s: %v", r.base, err))
		return
	}
	defer resp.Body.Close()
	h := w.Header()
	for k, vs := range resp.Header {
		h[k] = append([]string(nil), vs...)
	}
	removeHop(h)
	w.WriteHeader(resp.StatusCode)
	resBody := capture{limit: r.s.maxBody}
	if resp.ContentLength < 0 {
		err = copyFlushing(w, io.TeeReader(resp.Body, &resBody))
	} else {
		_, err = io.Copy(w, io.TeeReader(resp.Body, &resBody))
	}
	// The transport may still be sending the request body (the target
	// answered before reading it all): what it reads from now on is not
	// recorded, nor raced with.
	reqBody, short := tap.seal()
	if err != nil && !errors.Is(err, io.EOF) {
		// The body did not arrive whole (or the caller left): a partial
		// answer is no record of what the target says.
		r.s.logger.Warn("record: call not recorded, body incomplete", "method", req.Method, "path", path, "err", err)
		return
	}
	if req.ContentLength > reqBody.total {
		reqBody.total = req.ContentLength // what was sent, past the part kept
	}
	c := r.newCall(req.Method, path, rawQuery, req.Header, reqBody, resp, &resBody)
	if short && req.ContentLength <= 0 {
		// Without a length nothing was read ahead: the target read what
		// it wanted, and the caller may still be sending the rest.
		c.note(r, fmt.Sprintf("request body (sent without a length) kept as far as the target read it, %d bytes, before it answered", reqBody.total))
	}
	r.add(c)
}

// errAnswered ends the target's reading of a request body once its
// answer is recorded.
var errAnswered = errors.New("record: the target has answered; the rest of the request body is not sent")

// requestTap is the request body as the target reads it: it keeps the
// first bytes in c, and seal stops it, so that the transport, which may
// still be sending the body after the answer came, does not race with
// the recording.
type requestTap struct {
	src    io.Reader // nil: no body
	mu     sync.Mutex
	c      capture
	eof    bool
	sealed bool
}

func (t *requestTap) Read(p []byte) (int, error) {
	t.mu.Lock()
	sealed := t.sealed
	t.mu.Unlock()
	if sealed {
		return 0, errAnswered
	}
	n, err := t.src.Read(p) // not under mu: it may block on the caller
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.sealed {
		return 0, errAnswered
	}
	t.c.Write(p[:n])
	if err == io.EOF {
		t.eof = true
	}
	return n, err
}

// seal stops the tap and returns what it kept, which no longer changes,
// and whether the body was not read to its end.
func (t *requestTap) seal() (*capture, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.sealed = true
	return &t.c, t.src != nil && !t.eof
}

// copyFlushing copies a body of unknown length (a stream: server-sent
// events, a long poll, a slow chunked body) to the caller, flushing after
// each read, so that it reaches the caller as it comes rather than when
// 4 KiB have piled up in the server's buffer. The caller still sees the
// body end (the last chunk) only when ServeHTTP returns, after the call
// is recorded; a body of known length is not flushed, since the caller
// would see its end as soon as its last byte left.
func copyFlushing(w http.ResponseWriter, body io.Reader) error {
	rc := http.NewResponseController(w)
	buf := make([]byte, 32<<10)
	for {
		n, err := body.Read(buf)
		if n > 0 {
			if _, werr := w.Write(buf[:n]); werr != nil {
				return werr
			}
			if ferr := rc.Flush(); ferr != nil && !errors.Is(ferr, http.ErrNotSupported) {
				return ferr
			}
		}
		if err != nil {
			return err
		}
	}
}

// requestTarget returns the escaped path and the raw query as received.
func requestTarget(r *http.Request) (string, string) {
	if u := r.RequestURI; u != "" && u[0] == '/' {
		p, q, _ := strings.Cut(u, "?")
		return p, q
	}
	p := r.URL.EscapedPath()
	if p == "" {
		p = "/"
	}
	return p, r.URL.RawQuery
}

func badGateway(w http.ResponseWriter, msg string) {
	jsonError(w, http.StatusBadGateway, "upstreamError", msg)
}

func badRequest(w http.ResponseWriter, msg string) {
	jsonError(w, http.StatusBadRequest, "badRequest", msg)
}

func jsonError(w http.ResponseWriter, status int, name, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	b := &bytes.Buffer{}
	b.WriteString(`{"error":{"name":`)
	writeString(b, name)
	b.WriteString(`,"message":`)
	writeString(b, msg)
	b.WriteString("}}")
	w.Write(b.Bytes())
}

// capture keeps the first limit bytes written to it and counts the rest.
type capture struct {
	buf   bytes.Buffer
	limit int64
	total int64
}

func (c *capture) Write(p []byte) (int, error) {
	c.total += int64(len(p))
	if room := c.limit - int64(c.buf.Len()); room > 0 {
		c.buf.Write(p[:min(int64(len(p)), room)])
	}
	return len(p), nil
}

func (c *capture) cut() bool { return c.total > int64(c.buf.Len()) }

// add keeps c, replacing an identical call held since its last write.
func (r *Recorder) add(c *call) {
	size := c.size()
	r.mu.Lock()
	defer r.mu.Unlock()
	if i, ok := r.byID[c.id]; ok {
		old := r.calls[i]
		if r.bytes-old.bytes+size > r.s.maxBytes {
			// The earlier recording stays: it is what the target said.
			r.full(c, r.bytesFull())
			return
		}
		r.count++
		c.seq, c.bytes = r.count, size
		r.calls[i] = c
		r.bytes += size - old.bytes
		return
	}
	if len(r.calls) >= r.s.maxCalls {
		r.full(c, fmt.Sprintf("the recorder holds %d calls, its most (record.WithMaxCalls)", r.s.maxCalls))
		return
	}
	if r.bytes+size > r.s.maxBytes {
		r.full(c, r.bytesFull())
		return
	}
	r.byID[c.id] = len(r.calls)
	r.count++
	c.seq, c.bytes = r.count, size
	r.calls = append(r.calls, c)
	r.bytes += size
}

func (r *Recorder) bytesFull() string {
	return fmt.Sprintf("the calls held take %s of the recorder's %s budget (raise it with postmock record -max-bytes SIZE or record.WithMaxBytes; written calls stop counting)",
		sizeText(r.bytes), sizeText(r.s.maxBytes))
}

// full notes that c was not kept, and warns about it unless a warning
// went out less than warnEvery ago: a full recorder sees call after call.
// r.mu is held.
func (r *Recorder) full(c *call, why string) {
	r.notKept++
	now := r.now()
	if !r.warned.IsZero() && now.Sub(r.warned) < warnEvery {
		return
	}
	r.s.logger.Warn("record: calls forwarded but not recorded: "+why,
		"not_kept", r.notKept, "last", c.name)
	r.warned, r.notKept = now, 0
}

// sizeText writes n bytes in the largest binary unit that divides it,
// as -max-bytes takes it back.
func sizeText(n int64) string {
	for _, u := range []struct {
		name string
		mult int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.mult && n%u.mult == 0 {
			return fmt.Sprintf("%d%s", n/u.mult, u.name)
		}
	}
	return fmt.Sprintf("%d bytes", n)
}

// release lets go of the calls recorded up to count, which WriteFile has
// written: they no longer count against the budget, and a repeat of one
// is kept anew (its example in the file is replaced by id).
func (r *Recorder) release(count int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	kept := r.calls[:0]
	clear(r.byID)
	for _, c := range r.calls {
		if c.seq <= count {
			r.bytes -= c.bytes
			r.released++
			continue
		}
		r.byID[c.id] = len(kept)
		kept = append(kept, c)
	}
	clear(r.calls[len(kept):]) // drop the references, for the collector
	r.calls = kept
}

// snapshot returns the calls kept, with the count they were taken at.
func (r *Recorder) snapshot() ([]*call, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*call(nil), r.calls...), r.count
}
