package workspace

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/postmock/postmock/mock"
)

// MockNotFoundBody answers a call whose URL names no mock (404).
const MockNotFoundBody = `{"error":{"name":"mockNotFoundError","message":"We could not find the mock you are looking for."}}`

// ServeHTTP routes a call to its mock: the first path segment is the mock id
// (stripped before matching), or the first host label is. Unknown mocks get
// 404 mockNotFoundError.
func (w *Workspace) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	m, rest := w.route(r)
	if m == nil {
		h := rw.Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		rw.WriteHeader(http.StatusNotFound)
		_, _ = rw.Write([]byte(MockNotFoundBody))
		return
	}
	if rest != nil {
		r = rest
	}
	m.ServeHTTP(rw, r)
}

// route finds the mock of a call and, for a path prefix, returns the
// request with the prefix stripped.
func (w *Workspace) route(r *http.Request) (*mock.Mock, *http.Request) {
	path, rawQuery := requestTarget(r)
	trimmed := strings.TrimPrefix(path, "/")
	first, rest, _ := strings.Cut(trimmed, "/")
	w.mu.RLock()
	wm := w.mocks[first]
	if wm == nil {
		host := r.Host
		if i := strings.IndexByte(host, '.'); i > 0 {
			if hm := w.mocks[host[:i]]; hm != nil {
				w.mu.RUnlock()
				return hm.m, nil
			}
		}
	}
	w.mu.RUnlock()
	if wm == nil {
		return nil, nil
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/" + rest
	r2.URL.RawPath = ""
	if strings.IndexByte(rest, '%') >= 0 {
		r2.URL.RawPath = "/" + rest
		if p, err := url.PathUnescape("/" + rest); err == nil {
			r2.URL.Path = p
		}
	}
	r2.RequestURI = "/" + rest
	if rawQuery != "" {
		r2.RequestURI += "?" + rawQuery
	}
	return wm.m, r2
}

// requestTarget returns a call's request-target as received (escaped path,
// raw query), as the mock reads it, so that the prefix stripped is the one
// the client sent.
func requestTarget(r *http.Request) (path, rawQuery string) {
	if u := r.RequestURI; strings.HasPrefix(u, "/") {
		path, rawQuery, _ = strings.Cut(u, "?")
		return path, rawQuery
	}
	return r.URL.EscapedPath(), r.URL.RawQuery
}
