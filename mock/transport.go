package mock

import (
	"net/http"
	"net/http/httptest"
)

// Transport returns an http.RoundTripper that serves every request with h
// in-process: no listener, no socket. The request's context still bounds
// the call (a delayed response ends when the context does).
func Transport(h http.Handler) http.RoundTripper { return transport{h} }

type transport struct{ h http.Handler }

// RoundTrip runs the handler on a server-side copy of req and returns what
// it wrote.
func (t transport) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	defer recoverRoundTrip(&resp, &err)
	r := req.Clone(req.Context())
	if r.Body == nil {
		r.Body = http.NoBody
	} else {
		defer req.Body.Close()
	}
	if r.Host == "" {
		r.Host = req.URL.Host
	}
	r.RemoteAddr = "127.0.0.1:0"
	r.RequestURI = ""
	rec := httptest.NewRecorder()
	sink := &faultSink{ResponseWriter: rec} // a fault becomes the client's error (fault.go)
	t.h.ServeHTTP(sink, r)
	if err := req.Context().Err(); err != nil {
		return nil, err
	}
	if sink.fault != "" {
		return faultResult(sink.fault, req)
	}
	resp = rec.Result()
	resp.Request = req
	return resp, nil
}

// Transport returns an http.RoundTripper that serves the mock in-process,
// as Transport(m) does but without copying the request or the response
// body: the mock reads the caller's request and never changes it.
func (m *Mock) Transport() http.RoundTripper { return mockTransport{m} }
