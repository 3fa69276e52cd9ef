package record

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"unicode/utf8"
)

// Redacted is the placeholder written instead of a secret value. Served by
// a mock it stays as it is (an unresolved variable), and in a query it
// matches any value.
const Redacted = "{{redacted}}"

// DefaultRedactHeaders are the header names always redacted (besides
// names containing a DefaultRedactFragments entry).
var DefaultRedactHeaders = []string{"Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key"}

// DefaultRedactFragments redact a header, query parameter, form field or
// JSON member whose name contains one of them, ignoring case.
var DefaultRedactFragments = []string{"token", "secret", "password", "key"}

// DefaultDropHeaders are the response headers left out of examples: they
// change on every call (Date, request ids), describe the transfer rather
// than the answer (Content-Length, Content-Encoding of a body stored
// decoded), or are the proxy's business.
var DefaultDropHeaders = []string{"Date", "Content-Length", "Content-Encoding", "Age", "Expires",
	"X-Request-Id", "X-Correlation-Id", "X-Amzn-Requestid", "X-Amz-Request-Id", "X-Amz-Cf-Id",
	"Cf-Ray", "Request-Id", "Traceparent", "Server-Timing", "Via", "X-Cache"}

// requestDrop are request headers an example's originalRequest does not
// keep: the transport sets them.
var requestDrop = []string{"Host", "Content-Length", "Accept-Encoding", "Connection"}

type rules struct {
	headers   map[string]bool // canonical names always redacted
	fragments []string        // lower case
	keep      map[string]bool // lower-case names never redacted
	drop      map[string]bool // canonical response header names dropped
}

func newRules(s settings) rules {
	r := rules{headers: map[string]bool{}, keep: map[string]bool{}, drop: map[string]bool{}}
	for _, n := range s.unredact {
		r.keep[strings.ToLower(strings.TrimSpace(n))] = true
	}
	for _, h := range DefaultRedactHeaders {
		if !r.keep[strings.ToLower(h)] {
			r.headers[http.CanonicalHeaderKey(h)] = true
		}
	}
	for _, f := range append(slices.Clone(DefaultRedactFragments), s.redact...) {
		f = strings.ToLower(strings.TrimSpace(f))
		if f != "" && !r.keep[f] {
			r.fragments = append(r.fragments, f)
		}
	}
	for _, h := range append(slices.Clone(DefaultDropHeaders), s.drop...) {
		r.drop[http.CanonicalHeaderKey(strings.TrimSpace(h))] = true
	}
	for _, h := range s.keep {
		delete(r.drop, http.CanonicalHeaderKey(strings.TrimSpace(h)))
	}
	return r
}

// secret reports whether a field or parameter name is redacted.
func (r *rules) secret(name string) bool {
	l := strings.ToLower(name)
	if r.keep[l] {
		return false
	}
	for _, f := range r.fragments {
		if strings.Contains(l, f) {
			return true
		}
	}
	return false
}

func (r *rules) secretHeader(name string) bool {
	return r.headers[http.CanonicalHeaderKey(name)] || r.secret(name)
}

type kv struct{ k, v string }

// call is one recorded call, already redacted and decoded: what the file
// gets.
type call struct {
	id, name  string
	seq       int   // Recorder.count when it was kept
	bytes     int64 // size(), counted against WithMaxBytes
	method    string
	path      string // escaped, as received (without the target's path)
	query     string // raw, redacted
	reqHeader []kv
	reqBody   string
	reqType   string // request Content-Type
	status    int
	resHeader []kv
	resBody   string
	resType   string
	notes     []string
}

func (r *Recorder) newCall(method, path, rawQuery string, reqH http.Header, reqBody *capture, resp *http.Response, resBody *capture) *call {
	c := &call{method: method, path: path, status: resp.StatusCode}
	c.query = r.redactQuery(rawQuery)
	c.reqType = reqH.Get("Content-Type")
	c.reqHeader = r.headerList(reqH, func(k string) bool {
		return slices.Contains(requestDrop, k) || slices.Contains(hopHeaders, k)
	})
	c.reqBody = r.bodyText("request", c, reqBody, reqH.Get("Content-Encoding"), c.reqType)
	c.resType = resp.Header.Get("Content-Type")
	c.resHeader = r.headerList(resp.Header, func(k string) bool {
		return r.rules.drop[k] || slices.Contains(hopHeaders, k)
	})
	c.resBody = r.bodyText("response", c, resBody, resp.Header.Get("Content-Encoding"), c.resType)
	c.name = fmt.Sprintf("%d %s %s", c.status, method, path)
	if c.query != "" {
		c.name += "?" + c.query
	}
	// The id is the call's identity (method, path, query, body): the same
	// call recorded again replaces its example, in this run or the next.
	sum := sha256.Sum256([]byte(method + "\x00" + path + "\x00" + c.query + "\x00" + c.reqBody))
	c.id = uuidOf(sum[:])
	return c
}

// size is about how many bytes c takes in memory: its strings, with a
// little for each header and for the call itself.
func (c *call) size() int64 {
	n := 256 + len(c.id) + len(c.name) + len(c.method) + len(c.path) + len(c.query) +
		len(c.reqBody) + len(c.reqType) + len(c.resBody) + len(c.resType)
	for _, h := range c.reqHeader {
		n += 32 + len(h.k) + len(h.v)
	}
	for _, h := range c.resHeader {
		n += 32 + len(h.k) + len(h.v)
	}
	for _, s := range c.notes {
		n += 16 + len(s)
	}
	return int64(n)
}

// uuidOf formats the first 16 bytes of a hash as a version-8 UUID, the
// form Postman gives ids.
func uuidOf(h []byte) string {
	b := slices.Clone(h[:16])
	b[6] = b[6]&0x0f | 0x80
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

func stableID(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return uuidOf(sum[:])
}

// headerList returns h without the skipped names, secrets redacted, sorted
// by name (Go's maps have no order) with each name's values in order.
func (r *Recorder) headerList(h http.Header, skip func(canon string) bool) []kv {
	var out []kv
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range h {
			if !yield(k) {
				return
			}
		}
	}) {
		ck := http.CanonicalHeaderKey(k)
		if skip(ck) {
			continue
		}
		for _, v := range h[k] {
			if r.rules.secretHeader(k) {
				v = Redacted
			}
			out = append(out, kv{k, v})
		}
	}
	return out
}

func (r *Recorder) redactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	parts := strings.Split(raw, "&")
	for i, p := range parts {
		k, _, hasV := strings.Cut(p, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			name = k
		}
		if hasV && r.rules.secret(name) {
			parts[i] = k + "=" + Redacted
		}
	}
	return strings.Join(parts, "&")
}

// bodyText turns a captured body into the text the file keeps: decoded,
// cut to the limit, secrets redacted; binary bodies are left out. What was
// done is noted on c.
func (r *Recorder) bodyText(side string, c *call, body *capture, encoding, contentType string) string {
	if body.total == 0 {
		return ""
	}
	b := body.buf.Bytes()
	cut := body.cut()
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "gzip", "x-gzip", "deflate":
		d, dcut, err := decode(strings.ToLower(strings.TrimSpace(encoding)), b, r.s.maxBody)
		if err != nil && !cut {
			c.note(r, fmt.Sprintf("%s body (%s, %d bytes) not recorded: cannot decode it: %v", side, encoding, body.total, err))
			return ""
		}
		b, cut = d, cut || dcut
	}
	if cut {
		// A cut may split a character: drop its first bytes.
		for i := 0; i < utf8.UTFMax && len(b) > 0 && !utf8.Valid(b); i++ {
			b = b[:len(b)-1]
		}
		c.note(r, fmt.Sprintf("%s body cut to its first %d bytes (of %d received)", side, len(b), body.total))
	}
	if !utf8.Valid(b) {
		c.note(r, fmt.Sprintf("%s body (%d bytes, %s) not recorded: binary", side, body.total, typeOr(contentType)))
		return ""
	}
	if cut {
		return string(b)
	}
	return r.redactBody(string(b), contentType)
}

func typeOr(ct string) string {
	if ct == "" {
		return "no Content-Type"
	}
	return ct
}

func (c *call) note(r *Recorder, msg string) {
	c.notes = append(c.notes, msg)
	r.s.logger.Warn("record: "+msg, "method", c.method, "path", c.path)
}

// decode inflates a gzip or deflate body, reading at most limit bytes of
// output (a small body may inflate to gigabytes).
func decode(enc string, b []byte, limit int64) ([]byte, bool, error) {
	var rd io.Reader
	switch enc {
	case "deflate":
		// "deflate" is zlib-wrapped by the RFC, raw by some servers.
		if z, err := zlib.NewReader(bytes.NewReader(b)); err == nil {
			rd = z
		} else {
			rd = flate.NewReader(bytes.NewReader(b))
		}
	default:
		z, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, false, err
		}
		rd = z
	}
	out, err := io.ReadAll(io.LimitReader(rd, limit+1))
	if int64(len(out)) > limit {
		return out[:limit], true, nil
	}
	if err != nil {
		return out, true, err
	}
	return out, false, nil
}

// redactBody replaces secret members of a JSON body, or secret fields of a
// form body, with Redacted; other bodies are kept as they came.
func (r *Recorder) redactBody(s, contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case mt == "application/x-www-form-urlencoded":
		return r.redactQuery(s)
	case isJSON(mt) || (mt == "" && looksJSON(s)):
		v, err := decodeTree([]byte(s))
		if err != nil {
			return s
		}
		if !r.redactTree(v) {
			return s // untouched bodies stay byte for byte what was answered
		}
		var b bytes.Buffer
		if writeCompact(&b, v) != nil {
			return s
		}
		return b.String()
	}
	return s
}

func looksJSON(s string) bool {
	t := strings.TrimSpace(s)
	return strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[")
}

func isJSON(mt string) bool { return mt == "application/json" || strings.HasSuffix(mt, "+json") }

// redactTree redacts secret members in place and reports whether any was.
func (r *Recorder) redactTree(v any) bool {
	changed := false
	switch t := v.(type) {
	case *object:
		for _, k := range t.keys {
			if r.rules.secret(k) {
				t.vals[k] = Redacted
				changed = true
			} else if r.redactTree(t.vals[k]) {
				changed = true
			}
		}
	case []any:
		for _, e := range t {
			if r.redactTree(e) {
				changed = true
			}
		}
	}
	return changed
}

// writeCompact writes v as JSON without spaces.
func writeCompact(b *bytes.Buffer, v any) error {
	data, err := encodeTree(v)
	if err != nil {
		return err
	}
	return json.Compact(b, data)
}

// previewLanguage is Postman's _postman_previewlanguage for a content type.
func previewLanguage(contentType string) string {
	mt, _, _ := mime.ParseMediaType(contentType)
	switch {
	case isJSON(mt):
		return "json"
	case mt == "text/html":
		return "html"
	case strings.HasSuffix(mt, "/xml") || strings.HasSuffix(mt, "+xml"):
		return "xml"
	case strings.Contains(mt, "javascript"):
		return "javascript"
	}
	return "text"
}
