package collection

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tidwall/gjson"
)

// MaxSize is the default input cap: larger inputs fail with ErrTooLarge.
const MaxSize = 64 << 20

// MaxDepth is how deep folders may nest; deeper trees fail with ErrTooLarge.
const MaxDepth = 64

// DefaultOwner is the owner id used in synthesized uids ("<owner>-<id>").
const DefaultOwner = "00000000"

// Option changes how Parse loads a collection.
type Option func(*options)

type options struct {
	strict  bool
	owner   string
	maxSize int64
}

// Strict makes every diagnostic a load error (wrapping ErrInvalid).
func Strict() Option { return func(o *options) { o.strict = true } }

// Owner sets the owner id used to build example uids (default DefaultOwner).
func Owner(id string) Option { return func(o *options) { o.owner = id } }

// MaxBytes sets the input cap (default MaxSize).
func MaxBytes(n int64) Option { return func(o *options) { o.maxSize = n } }

func newOptions(opts []Option) options {
	o := options{owner: DefaultOwner, maxSize: MaxSize}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// LoadFile reads and parses the collection file at path.
func LoadFile(path string, opts ...Option) (*Collection, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	c, err := Load(f, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return c, nil
}

// Load reads a collection from r (at most the size cap) and parses it.
func Load(r io.Reader, opts ...Option) (*Collection, error) {
	o := newOptions(opts)
	data, err := readCapped(r, o.maxSize)
	if err != nil {
		return nil, err
	}
	return Parse(data, opts...)
}

func readCapped(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &Error{Message: fmt.Sprintf("input is larger than %d bytes", limit), Kind: ErrTooLarge}
	}
	return data, nil
}

// Parse loads a Postman collection (format v2.1.0 or v2.0.0, also inside the
// Postman API's {"collection": {...}} envelope) from JSON. Unusable items and
// examples are skipped and reported in Collection.Diagnostics; structural
// errors fail with an *Error naming the JSON path. Parse never panics.
func Parse(data []byte, opts ...Option) (*Collection, error) {
	o := newOptions(opts)
	root, err := parseRoot(data, o.maxSize)
	if err != nil {
		return nil, err
	}
	if !root.IsObject() {
		return nil, &Error{Message: "want a JSON object with info and item, got " + describe(root), Kind: ErrNotCollection}
	}
	if w := root.Get("collection"); w.IsObject() && !root.Get("item").Exists() {
		root = w
	}
	p := &parser{o: o, c: &Collection{}, ids: map[string]bool{}}
	if err := p.collection(root); err != nil {
		return nil, err
	}
	if o.strict && len(p.c.Diagnostics) > 0 {
		d := p.c.Diagnostics[0]
		return nil, &Error{Path: d.Path, Message: d.Message, Kind: ErrInvalid}
	}
	return p.c, nil
}

// parseRoot checks the input and returns its top-level value.
func parseRoot(data []byte, limit int64) (gjson.Result, error) {
	if int64(len(data)) > limit {
		return gjson.Result{}, &Error{Message: fmt.Sprintf("input is larger than %d bytes", limit), Kind: ErrTooLarge}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !gjson.ValidBytes(data) {
		return gjson.Result{}, syntaxError(data)
	}
	return gjson.ParseBytes(data), nil
}

// syntaxError explains why data is not JSON, with the byte offset.
func syntaxError(data []byte) error {
	if len(bytes.TrimSpace(data)) == 0 {
		return &Error{Message: "input is empty", Kind: ErrSyntax}
	}
	if !utf8.Valid(data) {
		return &Error{Message: "input is not UTF-8 text", Kind: ErrSyntax}
	}
	var v any
	err := json.Unmarshal(data, &v)
	var se *json.SyntaxError
	if err != nil && asSyntax(err, &se) {
		return &Error{Message: fmt.Sprintf("invalid JSON at byte %d: %v", se.Offset, se), Kind: ErrSyntax}
	}
	if err != nil {
		return &Error{Message: "invalid JSON: " + err.Error(), Kind: ErrSyntax}
	}
	return &Error{Message: "invalid JSON", Kind: ErrSyntax}
}

func asSyntax(err error, target **json.SyntaxError) bool {
	se, ok := err.(*json.SyntaxError)
	if ok {
		*target = se
	}
	return ok
}

// describe names the JSON type of v for error messages, quoting short scalars.
func describe(v gjson.Result) string {
	switch {
	case !v.Exists():
		return "nothing"
	case v.Type == gjson.Null:
		return "null"
	case v.IsArray():
		return "an array"
	case v.IsObject():
		return "an object"
	case v.Type == gjson.String:
		s := v.Str
		if len(s) > 40 {
			s = s[:40] + "..."
		}
		return strconv.Quote(s)
	case v.Type == gjson.True, v.Type == gjson.False:
		return v.Raw
	default:
		raw := v.Raw
		if len(raw) > 40 {
			raw = raw[:40] + "..."
		}
		return raw
	}
}

type parser struct {
	o        options
	c        *Collection
	ids      map[string]bool
	exampleN int // examples seen so far, dropped ones included
}

func (p *parser) diag(path *jpath, format string, args ...any) {
	p.c.Diagnostics = append(p.c.Diagnostics, Diagnostic{Path: path.String(), Message: fmt.Sprintf(format, args...)})
}

func invalid(path *jpath, format string, args ...any) error {
	return &Error{Path: path.String(), Message: fmt.Sprintf(format, args...), Kind: ErrInvalid}
}

func (p *parser) collection(root gjson.Result) error {
	top := &jpath{}
	var info, items, vars gjson.Result
	root.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "info":
			info = v
		case "item":
			items = v
		case "variable":
			vars = v
		}
		return true
	})
	if !info.Exists() && !items.Exists() {
		return notCollection(root)
	}
	if !items.Exists() {
		if root.Get("requests").Exists() || root.Get("order").Exists() {
			return &Error{Message: "a Postman collection v1 (requests/order/folders layout); export it again as v2.1 from Postman", Kind: ErrUnsupportedVersion}
		}
		return invalid(top.field("item"), "missing: a collection needs an item array")
	}
	if !info.Exists() {
		return invalid(top.field("info"), "missing: a collection needs an info object")
	}
	if !info.IsObject() {
		return invalid(top.field("info"), "want an object, got %s", describe(info))
	}
	if !items.IsArray() {
		return invalid(top.field("item"), "want an array, got %s", describe(items))
	}
	if err := p.info(info, top.field("info")); err != nil {
		return err
	}
	if vars.Exists() && vars.Type != gjson.Null {
		vs, err := variables(vars, top.field("variable"))
		if err != nil {
			return err
		}
		p.c.Variables = vs
	}
	list, err := p.items(items, top.field("item"), nil, 1)
	if err != nil {
		return err
	}
	p.c.Items = list
	return nil
}

// notCollection says what a non-collection JSON object looks like.
func notCollection(root gjson.Result) error {
	what := "an object without info and item"
	switch {
	case root.Get("values").IsArray():
		what = "a Postman environment (it has a values array); load it as an environment"
	case root.Get("openapi").Exists() || root.Get("swagger").Exists():
		what = "an OpenAPI document; import it into Postman and export a collection"
	case root.Get("requests").Exists() && root.Get("order").Exists():
		return &Error{Message: "a Postman collection v1 (requests/order/folders layout); export it again as v2.1 from Postman", Kind: ErrUnsupportedVersion}
	case root.Get("environment").IsObject():
		what = "a Postman API environment envelope; load it as an environment"
	}
	return &Error{Message: "want a Postman collection, got " + what, Kind: ErrNotCollection}
}

func (p *parser) info(info gjson.Result, path *jpath) error {
	var err error
	info.ForEach(func(k, v gjson.Result) bool {
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
			p.c.Info.Description = description(v)
		case "version":
			p.c.Info.Version = version(v)
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
			p.diag(path.field("schema"), "missing; loaded as v2.1.0")
		} else {
			p.diag(path.field("schema"), "unknown schema %q; loaded as v2.1.0", s)
		}
	}
	return nil
}

// version renders info.version: a string, or {major, minor, patch, identifier}.
func version(v gjson.Result) string {
	if !v.IsObject() {
		return text(v)
	}
	s := text(v.Get("major")) + "." + text(v.Get("minor")) + "." + text(v.Get("patch"))
	if id := text(v.Get("identifier")); id != "" {
		s += "-" + id
	}
	return s
}

// text converts any JSON value to text: strings as is, null and missing as "",
// other scalars as JSON text, objects and arrays as compact JSON.
func text(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return v.Str
	case gjson.Null:
		return ""
	case gjson.JSON:
		var b bytes.Buffer
		if json.Compact(&b, []byte(v.Raw)) == nil {
			return b.String()
		}
		return v.Raw
	default:
		return v.Raw
	}
}

// description returns a description given as a string or as {content}.
func description(v gjson.Result) string {
	if v.IsObject() {
		return text(v.Get("content"))
	}
	if v.Type == gjson.String {
		return v.Str
	}
	return ""
}

// variables loads a variable list: {key (or legacy id/name), value, type,
// disabled}. A non-array is an error; a non-object element is skipped.
func variables(v gjson.Result, path *jpath) ([]Variable, error) {
	if !v.IsArray() {
		return nil, invalid(path, "want an array, got %s", describe(v))
	}
	var out []Variable
	i := 0
	var err error
	v.ForEach(func(_, e gjson.Result) bool {
		if !e.IsObject() {
			err = invalid(path.index(i), "want an object, got %s", describe(e))
			return false
		}
		out = append(out, variable(e, "disabled"))
		i++
		return true
	})
	return out, err
}

// variable reads one variable object; off is the member that disables it
// ("disabled" in collections, the negated "enabled" in environments).
func variable(e gjson.Result, off string) Variable {
	var va Variable
	var key, id, name gjson.Result
	e.ForEach(func(k, v gjson.Result) bool {
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

func (p *parser) items(v gjson.Result, path *jpath, folders []string, depth int) ([]*Item, error) {
	if depth > MaxDepth {
		return nil, &Error{Path: path.String(), Message: fmt.Sprintf("folders nest deeper than %d levels", MaxDepth), Kind: ErrTooLarge}
	}
	var out []*Item
	var err error
	i := 0
	v.ForEach(func(_, e gjson.Result) bool {
		ip := path.index(i)
		i++
		if !e.IsObject() {
			err = invalid(ip, "want an object, got %s", describe(e))
			return false
		}
		var it *Item
		it, err = p.item(e, ip, folders, depth)
		if err != nil {
			return false
		}
		if it != nil {
			out = append(out, it)
		}
		return true
	})
	return out, err
}

func (p *parser) item(e gjson.Result, path *jpath, folders []string, depth int) (*Item, error) {
	it := &Item{Folders: folders, JSONPath: path.String()}
	var sub, req, resp gjson.Result
	var hasSub, hasReq bool
	var postmanID string
	e.ForEach(func(k, v gjson.Result) bool {
		switch k.Str {
		case "name":
			it.Name = text(v)
		case "id":
			it.ID = text(v)
		case "_postman_id":
			postmanID = text(v)
		case "description":
			it.Description = description(v)
		case "item":
			sub, hasSub = v, true
		case "request":
			req, hasReq = v, true
		case "response":
			resp = v
		}
		return true
	})
	if it.ID == "" {
		it.ID = postmanID
	}
	if hasSub && sub.IsArray() {
		it.Folder = true
		inner := make([]string, len(folders)+1)
		copy(inner, folders)
		inner[len(folders)] = it.Name
		children, err := p.items(sub, path.field("item"), inner, depth+1)
		if err != nil {
			return nil, err
		}
		it.Items = children
		return it, nil
	}
	if hasSub && sub.Type != gjson.Null {
		return nil, invalid(path.field("item"), "want an array, got %s", describe(sub))
	}
	if !hasReq {
		p.diag(path, "neither item nor request; skipped")
		return nil, nil
	}
	r, ok := p.request(req, path.field("request"))
	if !ok {
		return nil, nil
	}
	it.Request = r
	p.c.requests = append(p.c.requests, it)
	switch {
	case resp.IsArray():
		j := 0
		resp.ForEach(func(_, ev gjson.Result) bool {
			p.example(it, ev, path.field("response").index(j))
			j++
			return true
		})
	case resp.IsObject(): // one example not wrapped in an array, as Postman's SDK accepts
		p.example(it, resp, path.field("response"))
	case resp.Exists() && resp.Type != gjson.Null:
		p.diag(path.field("response"), "want an array, got %s; examples skipped", describe(resp))
	}
	return it, nil
}

// request loads a request given as a URL string or as an object. A request of
// another type is reported and skipped (ok false).
func (p *parser) request(v gjson.Result, path *jpath) (*Request, bool) {
	switch {
	case v.Type == gjson.String:
		return &Request{Method: "GET", URL: ParseURL(v.Str)}, true
	case v.Type == gjson.Null:
		return &Request{Method: "GET", URL: URL{}}, true
	case !v.IsObject():
		p.diag(path, "want an object or a URL string, got %s; skipped", describe(v))
		return nil, false
	}
	r := &Request{}
	v.ForEach(func(k, f gjson.Result) bool {
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
			r.Description = description(f)
		}
		return true
	})
	return r, true
}

func (p *parser) url(v gjson.Result, path *jpath) URL {
	switch {
	case v.Type == gjson.String:
		return ParseURL(v.Str)
	case !v.IsObject():
		if v.Exists() && v.Type != gjson.Null {
			p.diag(path, "want an object or a string, got %s; ignored", describe(v))
		}
		return URL{}
	}
	var u URL
	var raw, host, port, pth, query, protocol, hash gjson.Result
	v.ForEach(func(k, f gjson.Result) bool {
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
				f.ForEach(func(_, e gjson.Result) bool {
					if e.IsObject() {
						u.Variables = append(u.Variables, variable(e, "disabled"))
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
		host.ForEach(func(_, h gjson.Result) bool {
			u.Host = append(u.Host, text(h))
			return true
		})
	case host.Type == gjson.String:
		u.Host = splitMasked(host.Str, tokenMask(host.Str), '.')
	}
	switch {
	case pth.IsArray():
		pth.ForEach(func(_, s gjson.Result) bool {
			if s.IsObject() {
				u.Path = append(u.Path, text(s.Get("value")))
			} else {
				u.Path = append(u.Path, text(s))
			}
			return true
		})
	case pth.Type == gjson.String:
		s := strings.TrimPrefix(pth.Str, "/")
		u.Path = splitMasked(s, tokenMask(s), '/')
	}
	if query.IsArray() {
		i := 0
		query.ForEach(func(_, q gjson.Result) bool {
			if !q.IsObject() {
				p.diag(path.field("query").index(i), "want an object, got %s; ignored", describe(q))
				i++
				return true
			}
			var qp QueryParam
			qp.ValueNull = true
			q.ForEach(func(k, f gjson.Result) bool {
				switch k.Str {
				case "key":
					qp.Key, qp.KeyNull = text(f), f.Type == gjson.Null
				case "value":
					qp.Value, qp.ValueNull = text(f), f.Type == gjson.Null
				case "disabled":
					qp.Disabled = f.Type == gjson.True
				}
				return true
			})
			if !q.Get("key").Exists() {
				qp.KeyNull = true
			}
			u.Query = append(u.Query, qp)
			i++
			return true
		})
	}
	return u
}

// headers loads a header list: an array of {key, value, disabled} objects or
// "Key: value" strings, or one string of "Key: value" lines.
func (p *parser) headers(v gjson.Result, path *jpath) []Header {
	switch {
	case v.Type == gjson.String:
		return ParseHeaderLines(v.Str)
	case !v.IsArray():
		if v.Exists() && v.Type != gjson.Null {
			p.diag(path, "want an array or a string, got %s; ignored", describe(v))
		}
		return nil
	}
	var out []Header
	i := 0
	v.ForEach(func(_, h gjson.Result) bool {
		switch {
		case h.IsObject():
			var hd Header
			h.ForEach(func(k, f gjson.Result) bool {
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
			p.diag(path.index(i), "want an object or a string, got %s; ignored", describe(h))
		}
		i++
		return true
	})
	return out
}

// ParseHeaderLines parses "Key: value" lines; folded lines (starting with a
// space or tab) continue the previous value. Values are trimmed; lines
// without a colon are ignored.
func ParseHeaderLines(s string) []Header {
	var out []Header
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && len(out) > 0 {
			last := &out[len(out)-1]
			last.Value = strings.TrimSpace(last.Value + " " + strings.TrimSpace(line))
			continue
		}
		k, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		out = append(out, Header{Key: strings.TrimSpace(k), Value: strings.TrimSpace(val)})
	}
	return out
}

func (p *parser) body(v gjson.Result, path *jpath) *Body {
	if !v.IsObject() {
		if v.Exists() && v.Type != gjson.Null {
			p.diag(path, "want an object, got %s; ignored", describe(v))
		}
		return nil
	}
	b := &Body{}
	var raw, urlenc, form, file, gql, opts gjson.Result
	v.ForEach(func(k, f gjson.Result) bool {
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
	b.Language = text(opts.Get("raw.language"))
	switch {
	case urlenc.IsArray():
		urlenc.ForEach(func(_, e gjson.Result) bool {
			if e.IsObject() {
				b.URLEncoded = append(b.URLEncoded, Param{Key: text(e.Get("key")), Value: text(e.Get("value")), Disabled: e.Get("disabled").Type == gjson.True})
			}
			return true
		})
	case urlenc.Type == gjson.String:
		for _, q := range ParseQuery(urlenc.Str) {
			b.URLEncoded = append(b.URLEncoded, Param{Key: q.Key, Value: q.Value})
		}
	}
	if form.IsArray() {
		form.ForEach(func(_, e gjson.Result) bool {
			if e.IsObject() {
				fp := FormParam{Key: text(e.Get("key")), Value: text(e.Get("value")), Type: text(e.Get("type")),
					Src: text(e.Get("src")), ContentType: text(e.Get("contentType")), Disabled: e.Get("disabled").Type == gjson.True}
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
		b.File = FileRef{Src: text(file.Get("src")), Content: text(file.Get("content"))}
	case file.Type == gjson.String:
		b.File = FileRef{Src: file.Str}
	}
	if gql.IsObject() {
		b.GraphQL = GraphQL{Query: text(gql.Get("query")), Variables: text(gql.Get("variables"))}
	}
	return b
}

// SyntheticID is the id given to the n-th (1-based, document order) example
// of a file when it has none: stable across loads, and later examples sort
// last (our rule).
func SyntheticID(n int) string {
	return fmt.Sprintf("00000000-0000-4000-8000-%012d", n)
}

func (p *parser) example(it *Item, v gjson.Result, path *jpath) {
	p.exampleN++
	if !v.IsObject() {
		p.diag(path, "want an object, got %s; example skipped", describe(v))
		return
	}
	ex := &Example{Item: it, Index: p.exampleN, Code: 200, BodyNull: true}
	var id, code, orig, req gjson.Result
	var hasOrig, hasReq bool
	v.ForEach(func(k, f gjson.Result) bool {
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
				f.ForEach(func(_, c gjson.Result) bool {
					if c.IsObject() {
						ex.Cookies = append(ex.Cookies, Cookie{Name: text(c.Get("name")), Value: text(c.Get("value")),
							Domain: text(c.Get("domain")), Path: text(c.Get("path"))})
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
			p.diag(path.field("code"), "want a number, got %s; example skipped", describe(code))
			return
		}
		ex.Code = n
	}
	switch {
	case hasOrig && orig.Type != gjson.Null:
		r, ok := p.request(orig, path.field("originalRequest"))
		if !ok {
			return
		}
		ex.Request, ex.RequestFrom = r, FromOriginalRequest
	case hasReq && req.Type != gjson.Null:
		r, ok := p.request(req, path.field("request"))
		if !ok {
			return
		}
		ex.Request, ex.RequestFrom = r, FromExampleRequest
	case it.Request != nil:
		ex.Request, ex.RequestFrom = it.Request, FromParent
	default:
		p.diag(path, "no request side (originalRequest, request or a parent request); example skipped")
		return
	}
	ex.ID = text(id)
	if ex.ID != "" && p.ids[ex.ID] {
		p.diag(path.field("id"), "duplicate id %q; the example gets the synthetic id %s", ex.ID, SyntheticID(ex.Index))
		ex.ID = ""
		ex.UID = ""
	}
	if ex.ID == "" {
		ex.ID = SyntheticID(ex.Index)
	}
	p.ids[ex.ID] = true
	if ex.UID == "" {
		ex.UID = p.o.owner + "-" + ex.ID
	}
	ex.JSONPath = path.String()
	it.Examples = append(it.Examples, ex)
	p.c.examples = append(p.c.examples, ex)
}

// integer returns v as an int when it is a JSON number with an integral
// value in int range.
func integer(v gjson.Result) (int, bool) {
	if v.Type != gjson.Number {
		return 0, false
	}
	n, err := strconv.ParseInt(v.Raw, 10, 32)
	if err == nil {
		return int(n), true
	}
	f := v.Num
	if f == float64(int32(f)) {
		return int(f), true
	}
	return 0, false
}
