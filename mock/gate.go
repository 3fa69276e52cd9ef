package mock

import (
	"crypto/subtle"
	"net/http"
	"strings"
	"time"

	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/serverresponse"
)

// gate is what a mock checks before matching (docs/matching.md#gates): whether it
// is deactivated, private (and which keys open it), and the active server
// response.
type gate struct {
	deactivated bool
	private     bool
	keys        [][]byte
	server      *serverresponse.ServerResponse
}

func (m *Mock) updateGate(f func(g *gate)) {
	for {
		old := m.gate.Load()
		g := gate{}
		if old != nil {
			g = *old
		}
		f(&g)
		if m.gate.CompareAndSwap(old, &g) {
			return
		}
	}
}

// SetPrivate makes the mock private (only calls whose x-api-key header holds
// one of keys are answered; others get 401) or public again.
func (m *Mock) SetPrivate(private bool, keys ...string) {
	bs := make([][]byte, 0, len(keys))
	for _, k := range keys {
		if k != "" {
			bs = append(bs, []byte(k))
		}
	}
	m.updateGate(func(g *gate) { g.private, g.keys = private, bs })
}

// Private reports whether the mock is private.
func (m *Mock) Private() bool {
	g := m.gate.Load()
	return g != nil && g.private
}

// SetServerResponse activates a server response: it answers every call
// (delays still apply, x-mock-* selectors are ignored) until
// SetServerResponse(nil).
func (m *Mock) SetServerResponse(sr *serverresponse.ServerResponse) {
	if sr != nil {
		c := *sr
		c.Headers = append([]serverresponse.Header(nil), sr.Headers...)
		sr = &c
	}
	m.updateGate(func(g *gate) { g.server = sr })
}

// ServerResponse returns the active server response, or nil.
func (m *Mock) ServerResponse() *serverresponse.ServerResponse {
	if g := m.gate.Load(); g != nil {
		return g.server
	}
	return nil
}

// SetDeactivated deactivates the mock (every call gets 404
// mockNotFoundError, as when its collection or environment is removed) or
// activates it again.
func (m *Mock) SetDeactivated(off bool) { m.updateGate(func(g *gate) { g.deactivated = off }) }

// keyOK compares the x-api-key header with every key in constant time.
func (g *gate) keyOK(r *http.Request) bool {
	got := []byte(r.Header.Get("X-Api-Key"))
	ok := 0
	for _, k := range g.keys {
		ok |= subtle.ConstantTimeCompare(got, k)
	}
	return ok == 1 && len(got) > 0
}

// gated answers the call when a gate stops it, and reports whether it did.
// unreadBy is the body deadline of a call whose body it does not read (zero
// for none): see send.
func (m *Mock) gated(w http.ResponseWriter, r *http.Request, start time.Time, cfg *Config, unreadBy time.Time) bool {
	g := m.gate.Load()
	if g == nil {
		return false
	}
	path, rawQuery := requestTarget(r)
	var out response
	var res match.Result
	delay := time.Duration(0)
	switch {
	case g.deactivated:
		out = jsonResponse(http.StatusNotFound, DeactivatedBody)
	case g.private && !g.keyOK(r):
		out = jsonResponse(http.StatusUnauthorized, UnauthorizedBody)
	case g.server != nil:
		sr := g.server
		out = response{status: sr.StatusCode, header: http.Header{}, body: sr.Body}
		for _, h := range sr.Headers {
			k := http.CanonicalHeaderKey(strings.TrimSpace(h.Key))
			if validHeaderName(k) && !droppedHeaders[k] {
				out.header[k] = append(out.header[k], sanitizeValue(h.Value))
			}
		}
		out.header.Set("Content-Type", sr.ContentType())
		delay = m.delay(r, cfg)
		if !m.wait(r.Context(), delay) {
			return true
		}
		cors(out.header, r)
		m.send(w, &out, r.Method == http.MethodHead, unreadBy)
		m.recordNamed(r, path, rawQuery, nil, 0, res, out, start, delay, sr.Name)
		return true
	default:
		return false
	}
	m.send(w, &out, r.Method == http.MethodHead, unreadBy)
	m.record(r, path, rawQuery, nil, res, out, start, delay)
	return true
}

func jsonResponse(status int, body string) response {
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	return response{status: status, header: h, body: body}
}
