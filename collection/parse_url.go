package collection

import (
	"strings"

	"github.com/tidwall/gjson"
)

// url loads a request URL given as a string (parsed like Postman's SDK) or
// as an object; an object with neither host, path nor query is parsed from
// its raw text.
func (p *parser) url(v gjson.Result, path *jpath) URL {
	switch {
	case v.Type == gjson.String:
		return ParseURL(v.Str)
	case !v.IsObject():
		if v.Exists() && v.Type != gjson.Null {
			p.diag(path, "ignored", "want an object or a string, got %s", describe(v))
		}
		return URL{}
	}
	var u URL
	var raw, host, port, pth, query, protocol, hash gjson.Result
	p.d.each(v, func(k, f gjson.Result) bool {
		switch k.Str {
		case "raw":
			raw = f
		case "protocol":
			protocol = f
		case "host":
			host = f
		case "port":
			port = f
		case "path":
			pth = f
		case "query":
			query = f
		case "hash":
			hash = f
		case "variable":
			if f.IsArray() {
				p.d.each(f, func(_, e gjson.Result) bool {
					if e.IsObject() {
						u.Variables = append(u.Variables, variable(p.d, e, "disabled"))
					}
					return true
				})
			}
		}
		return true
	})
	u.Raw = text(raw)
	if !host.Exists() && !pth.Exists() && !query.Exists() {
		parsed := ParseURL(u.Raw)
		parsed.Variables = u.Variables
		return parsed
	}
	u.fields = true
	u.Protocol = text(protocol)
	u.Port = text(port)
	u.Hash = text(hash)
	switch {
	case host.IsArray():
		labels := p.strs[:0]
		p.d.each(host, func(_, h gjson.Result) bool {
			labels = append(labels, text(h))
			return true
		})
		u.Host, p.strs = exact(labels), labels[:0]
	case host.Type == gjson.String:
		u.Host = splitMasked(host.Str, tokenMask(host.Str), '.')
	}
	switch {
	case pth.IsArray():
		segs := p.strs[:0]
		p.d.each(pth, func(_, s gjson.Result) bool {
			if s.IsObject() {
				segs = append(segs, text(p.d.member(s, "value")))
			} else {
				segs = append(segs, text(s))
			}
			return true
		})
		u.Path, p.strs = exact(segs), segs[:0]
	case pth.Type == gjson.String:
		s := strings.TrimPrefix(pth.Str, "/")
		u.Path = splitMasked(s, tokenMask(s), '/')
	}
	if query.IsArray() {
		i := 0
		params := p.queries[:0]
		p.d.each(query, func(_, q gjson.Result) bool {
			if !q.IsObject() {
				p.diag(path.field("query").index(i), "ignored", "want an object, got %s", describe(q))
				i++
				return true
			}
			var qp QueryParam
			qp.ValueNull = true
			hasKey := false
			p.d.each(q, func(k, f gjson.Result) bool {
				switch k.Str {
				case "key":
					qp.Key, qp.KeyNull, hasKey = text(f), f.Type == gjson.Null, true
				case "value":
					qp.Value, qp.ValueNull = text(f), f.Type == gjson.Null
				case "disabled":
					qp.Disabled = f.Type == gjson.True
				}
				return true
			})
			if !hasKey {
				qp.KeyNull = true
			}
			params = append(params, qp)
			i++
			return true
		})
		u.Query, p.queries = exact(params), params[:0]
	}
	return u
}
