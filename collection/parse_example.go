package collection

import (
	"fmt"

	"github.com/tidwall/gjson"
)

// SyntheticID is the id given to the n-th (1-based, document order) example
// of a file when it has none: stable across loads, and later examples sort
// last (our rule).
func SyntheticID(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}

// syntheticID returns SyntheticID(n), unless an earlier example of the file
// (ids holds theirs) uses that id as its own: then the first free id of the same form with the
// fourth group counting up from 8001, so that ids stay unique.
func syntheticID(ids map[string]bool, n int) string {
	id := SyntheticID(n)
	for k := 1; ids[id]; k++ {
		id = fmt.Sprintf("00000000-0000-4000-%04x-%012d", 0x8000+k, n)
	}
	return id
}

// example loads one example of it (ok false when it is skipped). Its number
// (Index, within the item until finish), id and uid are set by finish.
func (p *parser) example(it *Item, v gjson.Result, path *jpath) (le leafExample, ok bool) {
	if !v.IsObject() {
		p.diag(path, "example skipped", "want an object, got %s", describe(v))
		return le, false
	}
	ex := &Example{Item: it, Code: 200, BodyNull: true}
	var id, code, orig, req gjson.Result
	var hasOrig, hasReq bool
	p.d.each(v, func(k, f gjson.Result) bool {
		switch k.Str {
		case "id":
			id = f
		case "uid":
			ex.UID = text(f)
		case "name":
			ex.Name = text(f)
		case "originalRequest":
			orig, hasOrig = f, true
		case "request":
			req, hasReq = f, true
		case "code":
			code = f
		case "status":
			ex.Status = text(f)
		case "header":
			ex.Header = p.headers(f, path.field("header"))
		case "cookie":
			if f.IsArray() {
				p.d.each(f, func(_, c gjson.Result) bool {
					if c.IsObject() {
						ex.Cookies = append(ex.Cookies, Cookie{Name: text(p.d.member(c, "name")), Value: text(p.d.member(c, "value")),
							Domain: text(p.d.member(c, "domain")), Path: text(p.d.member(c, "path"))})
					}
					return true
				})
			}
		case "body":
			if f.Type != gjson.Null {
				ex.Body, ex.BodyNull = text(f), false
			}
		case "_postman_previewlanguage":
			ex.PreviewLanguage = text(f)
		}
		return true
	})
	if code.Exists() && code.Type != gjson.Null {
		n, ok := integer(code)
		if !ok {
			p.diag(path.field("code"), "example skipped", "want a number, got %s", describe(code))
			return le, false
		}
		ex.Code = n
	}
	switch {
	case hasOrig && orig.Type != gjson.Null:
		r, ok := p.request(orig, path.field("originalRequest"), "example")
		if !ok {
			return le, false
		}
		ex.Request, ex.RequestFrom = r, FromOriginalRequest
	case hasReq && req.Type != gjson.Null:
		r, ok := p.request(req, path.field("request"), "example")
		if !ok {
			return le, false
		}
		ex.Request, ex.RequestFrom = r, FromExampleRequest
	case it.Request != nil:
		ex.Request, ex.RequestFrom = it.Request, FromParent
	default:
		p.diag(path, "example skipped", "no request side (originalRequest, request or a parent request)")
		return le, false
	}
	ex.JSONPath = path.String()
	return leafExample{ex: ex, path: path, id: text(id)}, true
}
