package collection

import (
	"strings"
)

// tokenMask returns a copy of s in which every byte inside a {{...}} token
// (braces included) is replaced by 'x', so that delimiters inside tokens are
// invisible to the URL splitter while offsets stay those of s.
func tokenMask(s string) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	b := []byte(s)
	for i := 0; i+1 < len(b); {
		if b[i] != '{' || b[i+1] != '{' {
			i++
			continue
		}
		j := i + 2
		for j < len(b) && b[j] != '{' && b[j] != '}' {
			j++
		}
		if j+1 < len(b) && b[j] == '}' && b[j+1] == '}' {
			for k := i; k < j+2; k++ {
				b[k] = 'x'
			}
			i = j + 2
			continue
		}
		i++
	}
	return string(b)
}

// ParseURL parses a Postman URL string the way Postman's URL parser does:
// {{...}} tokens are opaque, the fragment is cut at the first '#', the query
// at the first '?', '\' becomes '/', the protocol is what precedes "://", the
// path starts at the next '/', user info ends at the last '@' and the port
// follows the last ':' unless a ']' comes after it.
func ParseURL(raw string) URL {
	u := URL{Raw: raw}
	s := strings.TrimLeft(raw, " \t\r\n")
	m := tokenMask(s)
	if i := strings.IndexByte(m, '#'); i >= 0 {
		u.Hash = s[i+1:]
		s, m = s[:i], m[:i]
	}
	if i := strings.IndexByte(m, '?'); i >= 0 {
		u.Query = ParseQuery(s[i+1:])
		s, m = s[:i], m[:i]
	}
	if strings.IndexByte(m, '\\') >= 0 {
		b := []byte(s)
		for i := 0; i < len(m); i++ {
			if m[i] == '\\' {
				b[i] = '/'
			}
		}
		s = string(b)
		m = strings.ReplaceAll(m, "\\", "/")
	}
	if i := strings.Index(m, "://"); i >= 0 {
		u.Protocol = s[:i]
		j := i + 3
		for j < len(m) && m[j] == '/' {
			j++
		}
		s, m = s[j:], m[j:]
	}
	authority, am := s, m
	pathText := ""
	hasPath := false
	if i := strings.IndexByte(m, '/'); i >= 0 {
		authority, am = s[:i], m[:i]
		pathText = s[i+1:]
		hasPath = true
	}
	if i := strings.LastIndexByte(am, '@'); i >= 0 {
		authority, am = authority[i+1:], am[i+1:]
	}
	if i := strings.LastIndexByte(am, ':'); i >= 0 && strings.IndexByte(am[i:], ']') < 0 {
		u.Port = authority[i+1:]
		authority, am = authority[:i], am[:i]
	}
	if authority != "" {
		u.Host = splitMasked(authority, am, '.')
	}
	if hasPath {
		u.Path = splitMasked(pathText, tokenMask(pathText), '/')
	}
	return u
}

// splitMasked splits s on sep wherever the mask m (same length) has sep.
func splitMasked(s, m string, sep byte) []string {
	n := strings.Count(m, string(sep)) + 1
	out := make([]string, 0, n)
	start := 0
	for i := 0; i < len(m); i++ {
		if m[i] == sep {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// ParseQuery splits a query string the way Postman does: on '&', then on the
// first '='; a part without '=' has a null value; empty parts are skipped.
// {{...}} tokens are opaque: an '&' or '=' inside one does not split. Keys
// and values are kept as written (not percent-decoded).
func ParseQuery(q string) []QueryParam {
	if q == "" {
		return nil
	}
	m := tokenMask(q)
	out := make([]QueryParam, 0, strings.Count(m, "&")+1)
	for start := 0; start <= len(m); {
		end := strings.IndexByte(m[start:], '&')
		if end < 0 {
			end = len(m)
		} else {
			end += start
		}
		part, pm := q[start:end], m[start:end]
		start = end + 1
		if part == "" {
			continue
		}
		if i := strings.IndexByte(pm, '='); i >= 0 {
			out = append(out, QueryParam{Key: part[:i], Value: part[i+1:]})
		} else {
			out = append(out, QueryParam{Key: part, ValueNull: true})
		}
	}
	return out
}

// String renders the URL as text. When the URL came with host, path or query
// fields these are used and raw is ignored (Postman's rule); disabled query
// parameters are left out, and as the SDK's unparse does, a key's '&', '#'
// and '=' and a value's '&' and '#' are percent-encoded, so that a value
// holding a URL with its own query stays one pair when the text is parsed
// again (docs/collections.md#urls). Text inside {{...}} tokens is kept, so
// that the tokens still resolve.
func (u *URL) String() string {
	if !u.fields {
		return u.Raw
	}
	var b strings.Builder
	b.Grow(u.textLen())
	if u.Protocol != "" {
		b.WriteString(u.Protocol)
		b.WriteString("://")
	}
	for i, h := range u.Host {
		if i > 0 {
			b.WriteByte('.')
		}
		b.WriteString(h)
	}
	if u.Port != "" {
		b.WriteByte(':')
		b.WriteString(u.Port)
	}
	for _, seg := range u.Path {
		b.WriteByte('/')
		b.WriteString(seg)
	}
	first := true
	for _, q := range u.Query {
		if q.Disabled || q.KeyNull {
			continue
		}
		if first {
			b.WriteByte('?')
			first = false
		} else {
			b.WriteByte('&')
		}
		writeEscaped(&b, q.Key, "&#=")
		if !q.ValueNull {
			b.WriteByte('=')
			writeEscaped(&b, q.Value, "&#")
		}
	}
	if u.Hash != "" {
		b.WriteByte('#')
		b.WriteString(u.Hash)
	}
	return b.String()
}

// textLen is the length of String's text when no query character needs
// escaping: the size to make room for once (a key is built for every
// example when a mock compiles).
func (u *URL) textLen() int {
	n := len(u.Protocol) + 3 + len(u.Port) + 1 + len(u.Hash) + 1
	for _, h := range u.Host {
		n += len(h) + 1
	}
	for _, seg := range u.Path {
		n += len(seg) + 1
	}
	for _, q := range u.Query {
		n += len(q.Key) + len(q.Value) + 2
	}
	return n
}

// isPlaceholder reports whether v is an OpenAPI placeholder such as <string>.
func isPlaceholder(v string) bool {
	return len(v) >= 2 && v[0] == '<' && v[len(v)-1] == '>' && !strings.ContainsAny(v[1:len(v)-1], "<>")
}

// keptToken marks the wildcard tokens withPathVariables writes: no variable
// is named with it, so resolution leaves them, and ResolveURL then drops
// it (docs/collections.md#path-variables).
const keptToken = "\x00"

// ResolveKey returns what Resolver.ResolveURL resolves u from: URLs with
// the same key resolve alike, and Resolver.ResolveURLKey(u.ResolveKey())
// is ResolveURL(u). A caller resolving many URLs, most of them alike (the
// examples of one request mostly share theirs), can resolve each key once.
// The key is String with its ":name" path segments rewritten; it is not
// meant for display.
func (u *URL) ResolveKey() string { return u.withPathVariables() }

// withPathVariables returns the URL text with every ":name" path segment
// rewritten: an enabled, non-empty url.variable value replaces ":name"; an
// empty, missing or disabled value, or an OpenAPI placeholder, turns it into
// the wildcard {{name}} (our rule), written {{<keptToken>name}} so that a
// collection or environment variable of the same name does not resolve it.
// The name runs to the first '.', so ":file.json" keeps ".json".
func (u *URL) withPathVariables() string {
	text := u.String()
	if strings.Count(text, ":") == strings.Count(text, "://") {
		// No ':' but a scheme's: no :name segment, nothing to parse for.
		return text
	}
	parsed := u
	if !u.fields {
		p := ParseURL(text)
		parsed = &p
	}
	hasVar := false
	for _, seg := range parsed.Path {
		if len(seg) > 1 && seg[0] == ':' {
			hasVar = true
			break
		}
	}
	if !hasVar {
		return text
	}
	// Rebuild only the path part of the text; everything else stays verbatim.
	m := tokenMask(text)
	end := len(m)
	if i := strings.IndexAny(m, "?#"); i >= 0 {
		end = i
	}
	start := 0
	if i := strings.Index(m[:end], "://"); i >= 0 {
		start = i + 3
		for start < end && m[start] == '/' {
			start++
		}
	}
	slash := strings.IndexByte(m[start:end], '/')
	if slash < 0 {
		return text
	}
	pathStart := start + slash + 1
	segs := splitMasked(text[pathStart:end], m[pathStart:end], '/')
	values := make(map[string]string, len(u.Variables))
	for _, v := range u.Variables {
		if !v.Disabled {
			values[v.Key] = v.Value // the last enabled one wins
		}
	}
	for i, seg := range segs {
		if len(seg) < 2 || seg[0] != ':' {
			continue
		}
		name, rest := seg[1:], ""
		if j := strings.IndexByte(name, '.'); j >= 0 {
			name, rest = name[:j], name[j:]
		}
		if name == "" {
			continue
		}
		val, ok := values[name]
		if !ok || val == "" || isPlaceholder(val) {
			val = "{{" + keptToken + name + "}}"
		}
		segs[i] = val + rest
	}
	return text[:pathStart] + strings.Join(segs, "/") + text[end:]
}

// writeEscaped writes s with each byte of chars percent-encoded, except
// inside {{...}} tokens.
func writeEscaped(b *strings.Builder, s, chars string) {
	if !strings.ContainsAny(s, chars) {
		b.WriteString(s)
		return
	}
	m := tokenMask(s)
	for i := 0; i < len(s); i++ {
		if c := m[i]; strings.IndexByte(chars, c) >= 0 {
			b.WriteByte('%')
			b.WriteByte("0123456789ABCDEF"[c>>4])
			b.WriteByte("0123456789ABCDEF"[c&15])
			continue
		}
		b.WriteByte(s[i])
	}
}
