package collection

import (
	"strings"

	"github.com/tidwall/gjson"
)

// request loads a request given as a URL string or as an object. A request of
// another type is reported and its owner ("item" or "example") skipped (ok
// false).
func (p *parser) request(v gjson.Result, path *jpath, owner string) (*Request, bool) {
	switch {
	case v.Type == gjson.String:
		return &Request{Method: "GET", URL: ParseURL(v.Str)}, true
	case v.Type == gjson.Null:
		return &Request{Method: "GET", URL: URL{}}, true
	case !v.IsObject():
		p.diag(path, owner+" skipped", "want an object or a URL string, got %s", describe(v))
		return nil, false
	}
	r := &Request{}
	p.d.each(v, func(k, f gjson.Result) bool {
		switch k.Str {
		case "method":
			r.Method = strings.TrimSpace(text(f))
		case "url":
			r.URL = p.url(f, path.field("url"))
		case "header":
			r.Header = p.headers(f, path.field("header"))
		case "body":
			r.Body = p.body(f, path.field("body"))
		case "description":
			r.Description = description(p.d, f)
		}
		return true
	})
	return r, true
}

// headers loads a header list: an array of {key, value, disabled} objects or
// "Key: value" strings, or one string of "Key: value" lines.
func (p *parser) headers(v gjson.Result, path *jpath) []Header {
	switch {
	case v.Type == gjson.String:
		return ParseHeaderLines(v.Str)
	case !v.IsArray():
		if v.Exists() && v.Type != gjson.Null {
			p.diag(path, "ignored", "want an array or a string, got %s", describe(v))
		}
		return nil
	}
	out := p.hdrs[:0]
	i := 0
	p.d.each(v, func(_, h gjson.Result) bool {
		switch {
		case h.IsObject():
			var hd Header
			p.d.each(h, func(k, f gjson.Result) bool {
				switch k.Str {
				case "key":
					hd.Key = text(f)
				case "value":
					hd.Value = text(f)
				case "disabled":
					hd.Disabled = f.Type == gjson.True
				}
				return true
			})
			out = append(out, hd)
		case h.Type == gjson.String:
			out = append(out, ParseHeaderLines(h.Str)...)
		default:
			p.diag(path.index(i), "ignored", "want an object or a string, got %s", describe(h))
		}
		i++
		return true
	})
	p.hdrs = out[:0]
	return exact(out)
}

// ParseHeaderLines parses "Key: value" lines; folded lines (starting with a
// space or tab) continue the previous value. Values are trimmed; lines
// without a colon are ignored.
func ParseHeaderLines(s string) []Header {
	var out []Header
	var folded []string // continuation lines of the last header, trimmed
	flush := func() {
		if len(folded) > 0 {
			last := &out[len(out)-1]
			last.Value = strings.TrimSpace(last.Value + " " + strings.Join(folded, " "))
			folded = folded[:0]
		}
	}
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(out) > 0 {
			if part := strings.TrimSpace(line); part != "" {
				folded = append(folded, part)
			}
			continue
		}
		k, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		flush()
		out = append(out, Header{Key: strings.TrimSpace(k), Value: strings.TrimSpace(val)})
	}
	flush()
	return out
}
