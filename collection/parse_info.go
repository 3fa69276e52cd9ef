package collection

import (
	"strings"

	"github.com/tidwall/gjson"
)

// errV1 returns the error for a collection in the v1 layout.
func errV1() error {
	return &Error{Message: "a Postman collection v1 (requests/order/folders layout); export it again as v2.1 from Postman", Kind: ErrUnsupportedVersion}
}

// isV1 reports whether root has the v1 layout: a requests array, or an order
// array of request ids (and no item array).
func isV1(d *doc, root gjson.Result) bool {
	return d.member(root, "requests").IsArray() || d.member(root, "order").IsArray()
}

// notCollection explains a JSON object without an item array: what it looks
// like when it is something else (an environment, an OpenAPI document, a v1
// collection), else a missing item array when it has info.
func notCollection(d *doc, root gjson.Result, hasInfo bool) error {
	what := "an object without info and item"
	switch {
	case d.member(root, "values").IsArray():
		what = "a Postman environment (it has a values array); load it as an environment"
	case d.member(root, "openapi").Exists() || d.member(root, "swagger").Exists():
		what = "an OpenAPI document; " + openAPIAdvice
	case isV1(d, root):
		return errV1()
	case d.member(root, "environment").IsObject():
		what = "a Postman API environment envelope; load it as an environment"
	case hasInfo:
		return invalid(&jpath{key: "item"}, "missing: a collection needs an item array")
	}
	return &Error{Message: "want a Postman collection, got " + what, Kind: ErrNotCollection}
}

// info loads the info object and sets the collection's format version from
// its schema; a v1 schema fails the load, an unknown one is reported.
func (p *parser) info(info gjson.Result, path *jpath) error {
	var err error
	p.d.each(info, func(k, v gjson.Result) bool {
		switch k.Str {
		case "name":
			p.c.Info.Name = text(v)
		case "_postman_id":
			p.c.Info.ID = text(v)
		case "schema":
			if v.Type != gjson.String && v.Type != gjson.Null {
				err = invalid(path.field("schema"), "want a string, got %s", describe(v))
				return false
			}
			p.c.Info.Schema = v.Str
		case "description":
			p.c.Info.Description = description(p.d, v)
		case "version":
			p.c.Info.Version = version(p.d, v)
		}
		return true
	})
	if err != nil {
		return err
	}
	switch s := p.c.Info.Schema; {
	case strings.Contains(s, "v2.1.0"):
		p.c.Version = "2.1.0"
	case strings.Contains(s, "v2.0.0"):
		p.c.Version = "2.0.0"
	case strings.Contains(s, "v1.0.0"):
		return &Error{Path: path.field("schema").String(), Message: "a Postman collection v1 (" + s + "); export it again as v2.1 from Postman", Kind: ErrUnsupportedVersion}
	default:
		p.c.Version = "2.1.0"
		if s == "" {
			p.diag(path.field("schema"), "loaded as v2.1.0", "missing")
		} else {
			p.diag(path.field("schema"), "loaded as v2.1.0", "unknown schema %q", s)
		}
	}
	return nil
}

// version renders info.version: a string, or {major, minor, patch, identifier}.
func version(d *doc, v gjson.Result) string {
	if !v.IsObject() {
		return text(v)
	}
	s := text(d.member(v, "major")) + "." + text(d.member(v, "minor")) + "." + text(d.member(v, "patch"))
	if id := text(d.member(v, "identifier")); id != "" {
		s += "-" + id
	}
	return s
}

// variables loads a variable list: {key (or legacy id/name), value, type,
// disabled}. A non-array is an error; a non-object element is skipped.
func variables(d *doc, v gjson.Result, path *jpath) ([]Variable, error) {
	if !v.IsArray() {
		return nil, invalid(path, "want an array, got %s", describe(v))
	}
	var out []Variable
	i := 0
	var err error
	d.each(v, func(_, e gjson.Result) bool {
		if !e.IsObject() {
			err = invalid(path.index(i), "want an object, got %s", describe(e))
			return false
		}
		out = append(out, variable(d, e, "disabled"))
		i++
		return true
	})
	return out, err
}

// variable reads one variable object; off is the member that disables it
// ("disabled" in collections, the negated "enabled" in environments).
func variable(d *doc, e gjson.Result, off string) Variable {
	var va Variable
	var key, id, name gjson.Result
	d.each(e, func(k, v gjson.Result) bool {
		switch k.Str {
		case "key":
			key = v
		case "id":
			id = v
		case "name":
			name = v
		case "value":
			va.Value = text(v)
		case "type":
			va.Type = text(v)
		case "disabled":
			if off == "disabled" {
				va.Disabled = v.Type == gjson.True
			}
		case "enabled":
			if off == "enabled" {
				va.Disabled = v.Type == gjson.False
			}
		}
		return true
	})
	switch {
	case key.Exists() && key.Type != gjson.Null:
		va.Key = text(key)
	case id.Exists() && id.Type != gjson.Null:
		va.Key = text(id)
	default:
		va.Key = text(name)
	}
	return va
}
