package collection

import "github.com/tidwall/gjson"

// body loads a request body; a missing or empty mode means no body, an
// unknown one is treated as raw.
func (p *parser) body(v gjson.Result, path *jpath) *Body {
	if !v.IsObject() {
		if v.Exists() && v.Type != gjson.Null {
			p.diag(path, "ignored", "want an object, got %s", describe(v))
		}
		return nil
	}
	b := &Body{}
	var raw, urlenc, form, file, gql, opts gjson.Result
	p.d.each(v, func(k, f gjson.Result) bool {
		switch k.Str {
		case "mode":
			b.Mode = text(f)
		case "disabled":
			b.Disabled = f.Type == gjson.True
		case "raw":
			raw = f
		case "urlencoded":
			urlenc = f
		case "formdata":
			form = f
		case "file":
			file = f
		case "graphql":
			gql = f
		case "options":
			opts = f
		}
		return true
	})
	switch b.Mode {
	case "":
		return nil
	case ModeRaw, ModeURLEncoded, ModeFormData, ModeFile, ModeGraphQL:
	default:
		b.Mode = ModeRaw
	}
	b.Raw = text(raw)
	b.Language = text(p.d.member(p.d.member(opts, "raw"), "language"))
	switch {
	case urlenc.IsArray():
		p.d.each(urlenc, func(_, e gjson.Result) bool {
			if e.IsObject() {
				b.URLEncoded = append(b.URLEncoded, Param{Key: text(p.d.member(e, "key")), Value: text(p.d.member(e, "value")), Disabled: p.d.member(e, "disabled").Type == gjson.True})
			}
			return true
		})
	case urlenc.Type == gjson.String:
		for _, q := range ParseQuery(urlenc.Str) {
			b.URLEncoded = append(b.URLEncoded, Param{Key: q.Key, Value: q.Value})
		}
	}
	if form.IsArray() {
		p.d.each(form, func(_, e gjson.Result) bool {
			if e.IsObject() {
				fp := FormParam{Key: text(p.d.member(e, "key")), Value: text(p.d.member(e, "value")), Type: text(p.d.member(e, "type")),
					Src: text(p.d.member(e, "src")), ContentType: text(p.d.member(e, "contentType")), Disabled: p.d.member(e, "disabled").Type == gjson.True}
				if fp.Type == "" {
					fp.Type = "text"
				}
				b.FormData = append(b.FormData, fp)
			}
			return true
		})
	}
	switch {
	case file.IsObject():
		b.File = FileRef{Src: text(p.d.member(file, "src")), Content: text(p.d.member(file, "content"))}
	case file.Type == gjson.String:
		b.File = FileRef{Src: file.Str}
	}
	if gql.IsObject() {
		b.GraphQL = GraphQL{Query: text(p.d.member(gql, "query")), Variables: text(p.d.member(gql, "variables"))}
	}
	return b
}
