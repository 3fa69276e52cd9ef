package verify

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Redacted replaces secret values in the requests a report shows.
const Redacted = "[redacted]"

// maxShownBody is how much of a request body a report shows.
const maxShownBody = 2 << 10

// secretName reports whether a header, query parameter or body field of
// this name holds a secret (docs/verify.md#failures).
func secretName(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key":
		return true
	}
	for _, w := range []string{"token", "secret", "password", "passwd", "key", "auth", "session", "credential"} {
		if strings.Contains(n, w) {
			return true
		}
	}
	return false
}

// Sent is the request verify sent for an example, secrets redacted.
type Sent struct {
	Method string      `json:"method"`
	URL    string      `json:"url"`
	Header http.Header `json:"header,omitempty"`
	// Body is the start of the body (at most 2 KiB, cut with "…").
	Body string `json:"body,omitempty"`
}

// shown is the redacted form of an outgoing request.
func (o *outgoing) shown() Sent {
	u := *o.url
	if u.RawQuery != "" {
		parts := strings.Split(u.RawQuery, "&")
		for i, p := range parts {
			k, _, hasValue := strings.Cut(p, "=")
			name, err := url.QueryUnescape(k)
			if err != nil {
				name = k
			}
			if hasValue && secretName(name) {
				parts[i] = k + "=" + url.QueryEscape(Redacted)
			}
		}
		u.RawQuery = strings.Join(parts, "&")
	}
	u.User = nil
	s := Sent{Method: o.method, URL: u.String()}
	if len(o.header) > 0 {
		s.Header = http.Header{}
		for k, vals := range o.header {
			if secretName(k) {
				s.Header[k] = []string{Redacted}
			} else {
				s.Header[k] = append([]string(nil), vals...)
			}
		}
	}
	s.Body = shownBody(o.header.Get("Content-Type"), o.body)
	return s
}

// shownBody redacts secret fields of a JSON or urlencoded body and cuts
// it to maxShownBody.
func shownBody(contentType string, body []byte) string {
	if len(body) == 0 {
		return ""
	}
	text := string(body)
	switch mt := mediaType(contentType); {
	case mt == "application/x-www-form-urlencoded":
		vals := strings.Split(text, "&")
		for i, p := range vals {
			k, _, ok := strings.Cut(p, "=")
			if name, err := url.QueryUnescape(k); ok && err == nil && secretName(name) {
				vals[i] = k + "=" + url.QueryEscape(Redacted)
			}
		}
		text = strings.Join(vals, "&")
	case json.Valid(body):
		if r, ok := redactJSON(body); ok {
			text = r
		}
	case strings.HasPrefix(mt, "multipart/"):
		text = "(multipart form data)"
	}
	if len(text) > maxShownBody {
		cut := maxShownBody
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text
}

// redactJSON re-encodes a JSON body (members sorted by name) with the
// values of secret members replaced.
func redactJSON(data []byte) (string, bool) {
	v, ok := decodeJSON(data)
	if !ok {
		return "", false
	}
	b, err := json.Marshal(redactValue(v))
	return string(b), err == nil
}

func redactValue(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if secretName(k) {
				v[k] = Redacted
			} else {
				v[k] = redactValue(e)
			}
		}
	case []any:
		for i, e := range v {
			v[i] = redactValue(e)
		}
	}
	return v
}
