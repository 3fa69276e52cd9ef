package mock

import (
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/jsonsyntax"
	"github.com/postmock/postmock/match"
)

// response is what a call is answered with, built before it is written so
// that the call log can record it.
type response struct {
	status int
	header http.Header
	body   string
	direct bool     // header is the ResponseWriter's own map
	length []string // precomputed Content-Length value, when known
	// lengthSet reports that header already holds length as its
	// Content-Length (a prepared answer's headers), so write need not set it.
	lengthSet bool
	// logged is header as the call log records it, made once for an
	// example without templates (nil: compute it from header). Whatever
	// changes header afterwards must set it to nil.
	logged []calllog.Header
}

func notFound() response {
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	return response{status: http.StatusNotFound, header: h, body: NotFoundBody}
}

func (o *response) write(w http.ResponseWriter, head bool) {
	h := w.Header()
	if !o.direct {
		for k, v := range o.header {
			h[k] = v
		}
		o.header, o.direct = h, true
	}
	if o.length != nil {
		if !o.lengthSet {
			h["Content-Length"] = o.length
		}
	} else {
		h["Content-Length"] = []string{strconv.Itoa(len(o.body))}
	}
	w.WriteHeader(o.status)
	if !head && len(o.body) > 0 {
		_, _ = io.WriteString(w, o.body)
	}
}

// prepared is an example's response side made ready once, when the mock is
// built: status, the headers to send (canonical names, hop-by-hop and
// disabled ones dropped) and which texts need rendering per call.
type prepared struct {
	ex          *collection.Example
	status      int
	headers     []prepHeader
	contentType []string // used when the example sets no Content-Type
	body        string
	bodyNull    bool
	bodyTmpl    bool
	anyTmpl     bool     // some header or the body needs rendering
	length      []string // Content-Length of a body without templates
	// logged is the response's headers as the call log records them when
	// they are only these (no templates, nothing else in the writer's map),
	// Content-Length included.
	logged []calllog.Header
	// vals are logged's values, for the writer's map (a run of one name
	// is one slice of it), and length is vals[lengthAt]: with logged they
	// are held in the record itself when few, so that an exact hit reads
	// one record (nil without logged).
	vals     []string
	lengthAt int
	name, id string // the example's, for the call log
	inlLog   [inlineHeaders]calllog.Header
	inlVals  [inlineHeaders]string
}

// maxSharedKeys bounds the header names Prepare shares between examples.
const maxSharedKeys = 1024

// inlineHeaders is how many response headers (Content-Type and
// Content-Length included) a prepared response holds in itself.
const inlineHeaders = 3

type prepHeader struct {
	key, value string
	tmpl       bool
	values     []string // the value ready to send (full capacity: appends copy)
}

func prepare(ex *collection.Example) *prepared { return prepareKeys(ex, nil) }

// prepareKeys is prepare with header names shared through keys (nil:
// none): one string per name for all examples, so that hashing a name
// into the writer's map reads memory every call reads, not the example's
// own copy in the collection text.
func prepareKeys(ex *collection.Example, keys map[string]string) *prepared {
	p := &prepared{ex: ex, name: ex.Name, id: ex.ID, status: ex.Code, body: ex.Body, bodyNull: ex.BodyNull, bodyTmpl: strings.Contains(ex.Body, "{{")}
	// Our rule: a 1xx code cannot be a final answer over HTTP (net/http
	// sends it as informational and then an implicit 200), so codes outside
	// 200–599 are served as 200.
	if p.status < 200 || p.status > 599 {
		p.status = http.StatusOK
	}
	// One array holds every single value (each header's, Content-Type's
	// and Content-Length's), each sliced to its own full capacity, so that
	// an example costs a few allocations rather than one per value.
	one := make([]string, 0, len(ex.Header)+2)
	single := func(v string) []string {
		one = append(one, v)
		return one[len(one)-1 : len(one) : len(one)]
	}
	if len(ex.Header) > 0 {
		p.headers = make([]prepHeader, 0, len(ex.Header))
	}
	hasCT := false
	for _, hd := range ex.Header {
		if hd.Disabled || hd.Key == "" {
			continue
		}
		k := http.CanonicalHeaderKey(strings.TrimSpace(hd.Key))
		if droppedHeaders[k] || !validHeaderName(k) {
			continue
		}
		if keys != nil {
			if shared, ok := keys[k]; ok {
				k = shared
			} else if len(keys) < maxSharedKeys {
				keys[k] = k
			}
		}
		hasCT = hasCT || k == "Content-Type"
		ph := prepHeader{key: k, value: hd.Value, tmpl: strings.Contains(hd.Value, "{{")}
		if !ph.tmpl {
			ph.values = single(sanitizeValue(hd.Value))
		}
		p.anyTmpl = p.anyTmpl || ph.tmpl
		p.headers = append(p.headers, ph)
	}
	if !hasCT {
		ct, ok := previewTypes[strings.ToLower(ex.PreviewLanguage)]
		if !ok {
			ct = "text/plain; charset=utf-8"
		}
		p.contentType = single(ct)
	}
	p.anyTmpl = p.anyTmpl || p.bodyTmpl
	if !p.bodyTmpl {
		body := p.body
		if p.bodyNull {
			body = ""
		}
		p.length = single(strconv.Itoa(len(body)))
	}
	if !p.anyTmpl {
		// What render and write put into an empty header map, as
		// logHeaders lists it: by name, a name's values in the order
		// added (fill appends them in example order).
		n := len(p.headers) + 2
		p.logged = make([]calllog.Header, 0, n)
		for _, h := range p.headers {
			p.logged = append(p.logged, calllog.Header{Key: h.key, Value: h.values[0]})
		}
		if p.contentType != nil {
			p.logged = append(p.logged, calllog.Header{Key: "Content-Type", Value: p.contentType[0]})
		}
		p.logged = append(p.logged, calllog.Header{Key: "Content-Length", Value: p.length[0]})
		slices.SortStableFunc(p.logged, func(a, b calllog.Header) int { return strings.Compare(a.Key, b.Key) })
		n = len(p.logged)
		if n <= inlineHeaders {
			p.logged = p.inlLog[:copy(p.inlLog[:], p.logged):n]
			p.vals = p.inlVals[:n:n]
		} else {
			p.logged = slices.Clip(p.logged)
			p.vals = make([]string, n)
		}
		for i, h := range p.logged {
			p.vals[i] = h.Value
			if h.Key == "Content-Length" {
				p.lengthAt = i
			}
		}
	}
	return p
}

// fillPlain is fill and write's headers for a response without
// templates into an empty map, from the record alone; it returns the
// Content-Length value.
func (p *prepared) fillPlain(dst http.Header) []string {
	for i := 0; i < len(p.logged); {
		j := i + 1
		for j < len(p.logged) && p.logged[j].Key == p.logged[i].Key {
			j++
		}
		dst[p.logged[i].Key] = p.vals[i:j:j]
		i = j
	}
	return p.vals[p.lengthAt : p.lengthAt+1 : p.lengthAt+1]
}

// fill adds the example's headers to dst, rendering templates with t.
func (p *prepared) fill(dst http.Header, t *template) {
	for _, h := range p.headers {
		switch {
		case h.tmpl:
			dst[h.key] = append(dst[h.key], sanitizeValue(t.render(h.value)))
		case dst[h.key] == nil:
			dst[h.key] = h.values
		default:
			dst[h.key] = append(dst[h.key], h.values...)
		}
	}
	if p.contentType != nil {
		dst["Content-Type"] = p.contentType
	}
}

// droppedHeaders are example headers a mock never replays: the length is
// recomputed and the transfer is the server's own (docs/matching.md#building-the-response).
var droppedHeaders = map[string]bool{
	"Content-Length": true, "Content-Encoding": true, "Transfer-Encoding": true,
	"Connection": true, "Keep-Alive": true,
}

// previewTypes maps _postman_previewlanguage to a Content-Type, used when
// the example sets none.
var previewTypes = map[string]string{
	"json":       "application/json; charset=utf-8",
	"xml":        "application/xml; charset=utf-8",
	"html":       "text/html; charset=utf-8",
	"javascript": "application/javascript; charset=utf-8",
}

// render builds the response for a matched example into dst (the
// ResponseWriter's header map): status, headers and body with variables,
// captures, dynamic variables and template helpers resolved (docs/variables.md#where-variables-are-resolved).
func (m *Mock) render(res match.Result, r *http.Request, ix *match.Index, body []byte, dst http.Header) response {
	return m.renderPrepared(nil, res, r, ix, body, dst)
}

// renderPrepared is render with the example's prepared side when the
// caller has it (nil: looked up).
func (m *Mock) renderPrepared(p *prepared, res match.Result, r *http.Request, ix *match.Index, body []byte, dst http.Header) response {
	if p == nil {
		p = m.prepared[res.Example]
	}
	if p == nil {
		p = prepare(res.Example)
	}
	if p.vals != nil && len(dst) == 0 {
		out := response{status: p.status, header: dst, direct: true, logged: p.logged}
		out.length, out.lengthSet = p.fillPlain(dst), true
		if !p.bodyNull {
			out.body = p.body
		}
		return out
	}
	var t *template
	if p.anyTmpl {
		t = &template{m: m, res: ix.Resolver(), caps: res.Captures, r: r, body: body}
	}
	var logged []calllog.Header
	if len(dst) == 0 {
		logged = p.logged
	}
	p.fill(dst, t)
	out := response{status: p.status, header: dst, direct: true, length: p.length, logged: logged}
	if !p.bodyNull {
		out.body = p.body
		if p.bodyTmpl {
			out.body = t.render(p.body)
		}
	}
	return out
}

// validHeaderName reports whether k is a valid HTTP header token.
func validHeaderName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if c <= ' ' || c >= 0x7f || strings.IndexByte("\"(),/:;<=>?@[\\]{}", c) >= 0 {
			return false
		}
	}
	return true
}

// sanitizeValue keeps a rendered header value on one line: a value built
// from request data must never inject another header.
func sanitizeValue(v string) string {
	if strings.ContainsAny(v, "\r\n\x00") {
		return strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' || r == 0 {
				return ' '
			}
			return r
		}, v)
	}
	return v
}

// template renders one response text for one call.
type template struct {
	m    *Mock
	res  *collection.Resolver
	caps map[string]string
	r    *http.Request
	body []byte
}

// render resolves the environment and collection variables first (chains
// included), then makes one last pass for captures, dynamic variables and
// helpers whose output is never read again: text that came from the request
// cannot reach a variable.
func (t *template) render(s string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	return collection.Substitute(t.res.Resolve(s), t.lookup)
}

// lookup resolves what the environment and collection do not: captured
// wildcard values, then dynamic variables, then template helpers.
func (t *template) lookup(name string) (string, bool) {
	if v, ok := t.caps[name]; ok {
		return v, true
	}
	if !strings.HasPrefix(name, "$") {
		return "", false
	}
	if v, ok := t.m.gen.Value(name); ok {
		return v, true
	}
	return t.helper(name)
}

// helper evaluates a template helper token: {{$body}}, {{$body 'path'
// 'default'}}, {{$queryParams 'name'}}, {{$pathSegments 'i'}}, {{$headers
// 'name'}} (docs/variables.md#template-helpers).
func (t *template) helper(tok string) (string, bool) {
	name, rest, _ := strings.Cut(tok, " ")
	args, ok := helperArgs(rest)
	if !ok {
		return "", false
	}
	arg := func(i int) string {
		if i < len(args) {
			return args[i]
		}
		return ""
	}
	def := arg(1)
	switch name {
	case "$body":
		if len(args) == 0 {
			return string(t.body), true
		}
		if v, ok := bodyValue(t.body, t.r.Header.Get("Content-Type"), arg(0)); ok {
			return v, true
		}
		return def, true
	case "$queryParams":
		q, err := url.ParseQuery(t.r.URL.RawQuery)
		if err == nil {
			if vs, ok := q[arg(0)]; ok && len(vs) > 0 {
				return vs[0], true
			}
		}
		return def, true
	case "$pathSegments":
		segs := strings.Split(strings.TrimPrefix(t.r.URL.Path, "/"), "/")
		i, err := strconv.Atoi(arg(0))
		if err == nil && i >= 0 && i < len(segs) {
			return segs[i], true
		}
		return def, true
	case "$headers":
		if vs := t.r.Header.Values(arg(0)); len(vs) > 0 {
			return vs[0], true
		}
		return def, true
	}
	return "", false
}

// helperArgs splits a helper's arguments: up to two single- or
// double-quoted strings separated by spaces.
func helperArgs(s string) ([]string, bool) {
	var args []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return args, true
		}
		q := s[0]
		if q != '\'' && q != '"' {
			return nil, false
		}
		end := strings.IndexByte(s[1:], q)
		if end < 0 {
			return nil, false
		}
		args = append(args, s[1:1+end])
		s = s[end+2:]
		if len(args) > 2 {
			return nil, false
		}
	}
}

// bodyValue returns the value at an object path ("user.name", "items.0.id",
// "\." for a dot inside a key) of a JSON body, or a form field of an
// urlencoded body. Strings are returned as is, other JSON values as compact
// JSON.
func bodyValue(body []byte, contentType, path string) (string, bool) {
	if strings.Contains(strings.ToLower(contentType), "application/x-www-form-urlencoded") {
		q, err := url.ParseQuery(string(body))
		if err == nil {
			if vs, ok := q[path]; ok && len(vs) > 0 {
				return vs[0], true
			}
		}
		return "", false
	}
	if !jsonsyntax.Valid(body) {
		return "", false
	}
	v := gjson.ParseBytes(body)
	for _, key := range splitObjectPath(path) {
		switch {
		case v.IsObject():
			var found gjson.Result
			v.ForEach(func(k, val gjson.Result) bool {
				if k.Str == key {
					found = val
					return false
				}
				return true
			})
			v = found
		case v.IsArray():
			i, err := strconv.Atoi(key)
			if err != nil || i < 0 {
				return "", false
			}
			arr := v.Array()
			if i >= len(arr) {
				return "", false
			}
			v = arr[i]
		default:
			return "", false
		}
		if !v.Exists() {
			return "", false
		}
	}
	if v.Type == gjson.String {
		return v.Str, true
	}
	if v.Type == gjson.JSON {
		return compactJSON(v.Raw), true
	}
	return v.Raw, true
}

func compactJSON(raw string) string {
	var b strings.Builder
	inStr, esc := false, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case !inStr && (c == ' ' || c == '\n' || c == '\r' || c == '\t'):
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func splitObjectPath(p string) []string {
	var out []string
	var cur strings.Builder
	for i := 0; i < len(p); i++ {
		switch {
		case p[i] == '\\' && i+1 < len(p) && p[i+1] == '.':
			cur.WriteByte('.')
			i++
		case p[i] == '.':
			out = append(out, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(p[i])
		}
	}
	return append(out, cur.String())
}
