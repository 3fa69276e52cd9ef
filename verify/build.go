package verify

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/postmock/postmock/collection"
)

// skip is why an example cannot be sent.
type skip struct{ reason string }

func (s *skip) Error() string { return s.reason }

func skipf(format string, args ...any) *skip { return &skip{fmt.Sprintf(format, args...)} }

// outgoing is an example's request, ready to send.
type outgoing struct {
	method string
	url    *url.URL
	header http.Header
	body   []byte
}

// dynamic returns the value of a dynamic variable ({{$guid}}...).
func (v *verifier) dynamic(name string) (string, bool) {
	if !strings.HasPrefix(name, "$") {
		return "", false
	}
	return v.gen.Value(name)
}

// resolve resolves the variables of s, then dynamic variables, and
// returns the names left unresolved.
func (v *verifier) resolve(s string) (string, []string) {
	out := v.res.ResolveFunc(s, v.dynamic)
	return out, collection.Tokens(out)
}

// build turns an example's request side into the request verify sends
// (docs/verify.md#the-request-sent), or says with a *skip why it cannot.
func (v *verifier) build(ex *collection.Example) (*outgoing, error) {
	r := ex.Request
	out := &outgoing{method: strings.ToUpper(r.MethodOrGet()), header: http.Header{}}
	if !v.allowed(out.method) {
		return nil, skipf("%s is not sent unless allowed (it may change data); allowed: %s", out.method, strings.Join(v.s.methods, ", "))
	}
	ru := v.res.ResolveURL(&r.URL)
	if len(ru.PathVariables) > 0 {
		return nil, skipf("path variable :%s has no value in the example", ru.PathVariables[0])
	}
	// The base URL replaces the scheme, host and port; a host variable
	// left undefined may have held a path prefix, so the path is unknown.
	host := collection.ParseURL(ru.Text)
	for _, label := range append(host.Host, host.Port) {
		for _, name := range collection.Tokens(label) {
			if strings.HasPrefix(name, "$") {
				continue // a dynamic variable: the base URL replaces it anyway
			}
			return nil, skipf("host variable {{%s}} is not defined (in the environment or the collection), so the path it may hold is unknown", name)
		}
	}
	segs := make([]string, len(ru.Path))
	for i, seg := range ru.Path {
		s, left := v.resolve(seg)
		if len(left) > 0 {
			return nil, skipf("variable {{%s}} in the path is not defined", left[0])
		}
		if u, err := url.PathUnescape(s); err == nil {
			s = u
		}
		segs[i] = url.PathEscape(s)
	}
	u := *v.base
	u.Path, u.RawPath = "", strings.TrimSuffix(v.base.EscapedPath(), "/")+"/"+strings.Join(segs, "/")
	if p, err := url.PathUnescape(u.RawPath); err == nil {
		u.Path = p
	}
	var q []string
	for _, p := range ru.Query {
		if p.Disabled {
			continue
		}
		k, left := v.resolve(p.Key)
		val, left2 := v.resolve(p.Value)
		if left = append(left, left2...); len(left) > 0 {
			return nil, skipf("variable {{%s}} in the query is not defined", left[0])
		}
		if p.ValueNull {
			q = append(q, queryText(k))
		} else {
			q = append(q, queryText(k)+"="+queryText(val))
		}
	}
	u.RawQuery, u.Fragment, u.RawFragment = strings.Join(q, "&"), "", ""
	out.url = &u

	for _, h := range r.Header {
		if h.Disabled || h.Key == "" {
			continue
		}
		k, _ := v.resolve(h.Key)
		if v.s.header.Get(k) != "" || isFixedHeader(k) {
			continue
		}
		val, left := v.resolve(h.Value)
		if len(left) > 0 {
			return nil, skipf("variable {{%s}} in header %s is not defined (set the header for the run instead)", left[0], k)
		}
		out.header.Add(k, val)
	}
	if err := v.buildBody(r, out); err != nil {
		return nil, err
	}
	for k, vals := range v.s.header {
		out.header[http.CanonicalHeaderKey(k)] = append([]string(nil), vals...)
	}
	return out, nil
}

// isFixedHeader names the headers net/http sets itself.
func isFixedHeader(k string) bool {
	switch http.CanonicalHeaderKey(k) {
	case "Host", "Content-Length", "Transfer-Encoding", "Connection":
		return true
	}
	return false
}

// languageType is the Content-Type Postman sends for a raw body's language.
var languageType = map[string]string{
	"json":       "application/json",
	"xml":        "application/xml",
	"html":       "text/html",
	"text":       "text/plain",
	"javascript": "application/javascript",
}

func (v *verifier) buildBody(r *collection.Request, out *outgoing) error {
	b := r.Body
	if b == nil || b.Disabled {
		return nil
	}
	setType := func(t string) {
		if out.header.Get("Content-Type") == "" {
			out.header.Set("Content-Type", t)
		}
	}
	switch b.Mode {
	case collection.ModeFile:
		return skipf("the body is a file (%q), which verify does not read", b.File.Src)
	case collection.ModeURLEncoded:
		var parts []string
		for _, p := range b.URLEncoded {
			if p.Disabled {
				continue
			}
			k, left := v.resolve(p.Key)
			val, left2 := v.resolve(p.Value)
			if left = append(left, left2...); len(left) > 0 {
				return skipf("variable {{%s}} in the body is not defined", left[0])
			}
			parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(val))
		}
		out.body = []byte(strings.Join(parts, "&"))
		setType("application/x-www-form-urlencoded")
	case collection.ModeFormData:
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		for _, p := range b.FormData {
			if p.Disabled {
				continue
			}
			if p.Type == "file" {
				return skipf("form-data field %q is a file, which verify does not read", p.Key)
			}
			k, left := v.resolve(p.Key)
			val, left2 := v.resolve(p.Value)
			if left = append(left, left2...); len(left) > 0 {
				return skipf("variable {{%s}} in the body is not defined", left[0])
			}
			if err := w.WriteField(k, val); err != nil {
				return skipf("form-data field %q: %v", p.Key, err)
			}
		}
		_ = w.Close() // writes to a buffer: cannot fail
		out.body = buf.Bytes()
		out.header.Set("Content-Type", w.FormDataContentType()) // the boundary is ours
	case collection.ModeGraphQL:
		query, left := v.resolve(b.GraphQL.Query)
		vars, left2 := v.resolve(b.GraphQL.Variables)
		if left = append(left, left2...); len(left) > 0 {
			return skipf("variable {{%s}} in the body is not defined", left[0])
		}
		doc := map[string]any{"query": query}
		if strings.TrimSpace(vars) != "" {
			if !json.Valid([]byte(vars)) {
				return skipf("the GraphQL variables are not valid JSON")
			}
			doc["variables"] = json.RawMessage(vars)
		}
		out.body, _ = json.Marshal(doc) // strings and valid JSON: cannot fail
		setType("application/json")
	default: // raw
		text, left := v.resolve(b.Raw)
		if len(left) > 0 {
			return skipf("variable {{%s}} in the body is not defined", left[0])
		}
		out.body = []byte(text)
		if t, ok := languageType[b.Language]; ok && text != "" {
			setType(t)
		}
	}
	return nil
}

// queryText escapes what may not stand in a URL's query as written,
// keeping valid %XX escapes: examples write keys and values as sent.
func queryText(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			b.WriteByte(c)
		case c <= ' ' || c >= 0x7f || strings.IndexByte("%#\"<>\\^`{|}", c) >= 0:
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
