package mocktest

import (
	"errors"
	"io/fs"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/record"
)

// The environment variables of the record modes, so that a suite switches
// between replaying and recording without a code change.
const (
	// EnvRecord selects the mode of a New given Upstream: "" or "0"
	// replays (the default), "1" (or "all") records every call, "missing"
	// records the calls no example matches.
	EnvRecord = "POSTMOCK_RECORD"
	// EnvUpstream names the upstream when EnvRecord asks to record and no
	// option named one.
	EnvUpstream = "POSTMOCK_UPSTREAM"
)

type recordMode int

const (
	replay recordMode = iota
	recordAll
	recordMissing
	fromEnv // Upstream: EnvRecord decides
)

// recording is what the record options set.
type recording struct {
	mode     recordMode
	upstream string
	opts     []record.Option
	// handler, set by start, puts the proxy in front of the mock.
	handler func(m *mock.Mock) http.Handler
}

// Record makes New a recorder, as go-vcr's record mode: every call is
// forwarded to upstreamURL and answered with its response, and at cleanup
// the calls are written to the collection file (created, or extended:
// see record.Recorder.WriteFile). The file need not exist. Calls and the
// Assert methods see the recorded calls (with their status; Example is
// empty, as no example answered). Transport records too.
func Record(upstreamURL string) Option {
	return func(s *settings) { s.rec.mode, s.rec.upstream = recordAll, upstreamURL }
}

// RecordMissing replays what the file already answers and records the
// rest: a call that an example matches without a fuzzy step (method, path
// and query; bodies are not compared) is served by the mock, any other is
// forwarded to upstreamURL and added to the file at cleanup.
func RecordMissing(upstreamURL string) Option {
	return func(s *settings) { s.rec.mode, s.rec.upstream = recordMissing, upstreamURL }
}

// Upstream names the API behind the collection and lets the environment
// choose the mode: with EnvRecord unset New replays as always; with
// POSTMOCK_RECORD=1 it records as Record(upstreamURL) does, with
// POSTMOCK_RECORD=missing as RecordMissing does.
func Upstream(upstreamURL string) Option {
	return func(s *settings) { s.rec.mode, s.rec.upstream = fromEnv, upstreamURL }
}

// WithRecordOptions passes options to the recorder of a record mode (what
// to redact, which headers to keep, body bounds).
func WithRecordOptions(opts ...record.Option) Option {
	return func(s *settings) { s.rec.opts = append(s.rec.opts, opts...) }
}

// active resolves the mode (EnvRecord for Upstream, and for no option at
// all when EnvUpstream names an upstream) and reports whether New records.
func (r *recording) active(t testing.TB) bool {
	t.Helper()
	if r.mode == replay || r.mode == fromEnv {
		env := strings.ToLower(strings.TrimSpace(os.Getenv(EnvRecord)))
		switch env {
		case "", "0", "false", "off", "replay":
			r.mode = replay
		case "1", "true", "on", "all":
			r.mode = recordAll
		case "missing":
			r.mode = recordMissing
		default:
			t.Fatalf("mocktest: %s=%q: want 1 (record every call), missing (record what the file lacks) or 0 (replay)", EnvRecord, env)
		}
		if r.upstream == "" {
			r.upstream = os.Getenv(EnvUpstream)
		}
		if r.mode != replay && r.upstream == "" {
			t.Fatalf("mocktest: %s is set but no upstream is named: pass mocktest.Upstream(url) or set %s", EnvRecord, EnvUpstream)
		}
	}
	return r.mode != replay
}

// emptyCollection is what a recording serves from when it has no file yet.
const emptyCollection = `{"info":{"name":"recording","schema":"` + record.Schema + `"},"item":[]}`

// start serves a record mode: a mock of the file (record missing) or of
// nothing (record), behind a proxy to the upstream; the file is written
// when the test ends.
func (r *recording) start(t testing.TB, file string, s *settings) *Server {
	t.Helper()
	rec, err := record.New(r.upstream, r.opts...)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	if err := record.CheckFile(file); err != nil {
		rec.Close()
		t.Fatalf("mocktest: %v", err)
	}
	// Registered before the server's own cleanup, so it runs after it:
	// every call has ended when the file is written.
	t.Cleanup(func() {
		defer rec.Close()
		if err := rec.WriteFile(file); err != nil {
			t.Errorf("mocktest: %v", err)
		}
	})
	c, err := collection.Parse([]byte(emptyCollection))
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	if r.mode == recordMissing {
		if _, err := os.Stat(file); err == nil {
			f, err := collections.get(file)
			if err != nil {
				t.Fatalf("mocktest: %v", err)
			}
			c = f.v
		} else if !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("mocktest: %v", err)
		}
	}
	env := s.env
	if s.envFile != "" {
		e, err := environments.get(s.envFile)
		if err != nil {
			t.Fatalf("mocktest: %v", err)
		}
		env = e.v
	}
	missing := r.mode == recordMissing
	r.handler = func(m *mock.Mock) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			if missing && answers(m, req) {
				m.ServeHTTP(w, req)
				return
			}
			sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
			rec.ServeHTTP(sw, req)
			path := req.URL.EscapedPath()
			if req.URL.RawQuery != "" {
				path += "?" + req.URL.RawQuery
			}
			// Logged beside the mock's own calls, so that Calls and the
			// Assert methods work in every mode.
			m.Calls().Append(calllog.Entry{
				Request:  calllog.Request{Method: req.Method, Path: path},
				Response: calllog.Response{StatusCode: sw.code},
			})
		})
	}
	return start(t, c, env, nil, s)
}

// answers reports whether an example of m matches req without a fuzzy
// step (so that /users/43 is recorded even though /users/42's example
// would answer it through the id step).
func answers(m *mock.Mock, req *http.Request) bool {
	mr := &match.Request{Method: req.Method, Path: req.URL.EscapedPath(), RawQuery: req.URL.RawQuery, Header: req.Header}
	res := m.Index().Match(mr, match.Config{SkipSteps: match.FuzzySteps})
	return res.Example != nil
}

// statusWriter remembers the status a handler sent.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the server's writer, so that
// the recorder's flushes pass through.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
