package match

import (
	"bytes"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"strings"
	"sync"

	"github.com/tidwall/gjson"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/jsonsyntax"
)

// bodyMatcher is an example body compiled for body matching (docs/matching.md#body-matching).
type bodyMatcher struct {
	mode     string // "" (none), raw, urlencoded, formdata, graphql, file
	text     string // raw: normalized text
	isJSON   bool   // raw: options.raw.language is json
	raw      string // raw: the resolved text, decoded as JSON on first use
	jsonOnce sync.Once
	json     any // raw: the example's JSON value, when it parses
	jsonOK   bool
	pairs    []kv // urlencoded, formdata text fields
	files    []string
	gqlQuery string
	gqlVars  any
}

type kv struct{ k, v string }

// maxMultipartParts bounds how many parts a multipart body may have.
const maxMultipartParts = 1000

// noBody is the matcher of every example without a body; it holds no state
// that matching changes, so all of them share it.
var noBody = &bodyMatcher{}

// compileBody compiles an example body, taking its matcher from the slab.
func compileBody(b *collection.Body, r *collection.Resolver, ms *slab[bodyMatcher]) *bodyMatcher {
	if b == nil || b.Disabled {
		return noBody
	}
	var raw string
	if b.Mode == collection.ModeRaw {
		raw = r.Resolve(b.Raw)
		if strings.TrimSpace(raw) == "" {
			return noBody
		}
	}
	m := ms.one()
	m.mode = b.Mode
	switch b.Mode {
	case collection.ModeRaw:
		m.text = normText(raw)
		m.isJSON = strings.EqualFold(b.Language, "json")
		m.raw = raw // decoded on first use: most mocks never match bodies
	case collection.ModeURLEncoded:
		for _, p := range b.URLEncoded {
			if !p.Disabled {
				m.pairs = append(m.pairs, kv{r.Resolve(p.Key), r.Resolve(p.Value)})
			}
		}
	case collection.ModeFormData:
		for _, p := range b.FormData {
			if p.Disabled {
				continue
			}
			if p.Type == "file" {
				m.files = append(m.files, r.Resolve(p.Key))
			} else {
				m.pairs = append(m.pairs, kv{r.Resolve(p.Key), r.Resolve(p.Value)})
			}
		}
	case collection.ModeGraphQL:
		m.gqlQuery = collapseSpace(r.Resolve(b.GraphQL.Query))
		if v := strings.TrimSpace(r.Resolve(b.GraphQL.Variables)); v != "" {
			m.gqlVars, _ = decodeJSON([]byte(v))
		}
		m.gqlVars = emptyObjectIfNil(m.gqlVars)
	}
	return m
}

func normText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
}

func collapseSpace(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func emptyObjectIfNil(v any) any {
	if v == nil {
		return map[string]any{}
	}
	return v
}

// decodeJSON decodes an example-side JSON value (once, at compile time).
func decodeJSON(data []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, false
	}
	return v, true
}

// isJSONType reports whether a Content-Type is JSON (application/json or
// any +json type).
func isJSONType(ct string) bool {
	mt, _, _ := strings.Cut(ct, ";")
	mt = strings.ToLower(strings.TrimSpace(mt))
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// matches reports whether the request body equals the example body under
// the rules of its mode.
func (m *bodyMatcher) matches(body []byte, contentType string) (bool, string) {
	switch m.mode {
	case "":
		if len(bytes.TrimSpace(body)) == 0 {
			return true, ""
		}
		return false, "the example has no body; the request has one"
	case collection.ModeFile:
		return true, ""
	case collection.ModeRaw:
		m.jsonOnce.Do(func() { m.json, m.jsonOK = decodeJSON([]byte(m.raw)) })
		if (m.isJSON || isJSONType(contentType)) && m.jsonOK && jsonsyntax.Valid(body) {
			if jsonEqual(m.json, gjson.ParseBytes(body)) {
				return true, ""
			}
			return false, "JSON bodies differ"
		}
		if normText(string(body)) == m.text {
			return true, ""
		}
		return false, "raw bodies differ"
	case collection.ModeURLEncoded:
		vals, err := url.ParseQuery(string(body))
		if err != nil {
			return false, "the request body is not urlencoded: " + err.Error()
		}
		var got []kv
		for k, vs := range vals {
			for _, v := range vs {
				got = append(got, kv{k, v})
			}
		}
		if sameMultiset(m.pairs, got) {
			return true, ""
		}
		return false, "urlencoded fields differ"
	case collection.ModeFormData:
		return m.matchMultipart(body, contentType)
	case collection.ModeGraphQL:
		if !jsonsyntax.Valid(body) {
			return false, "the request body is not GraphQL JSON"
		}
		req := gjson.ParseBytes(body)
		if collapseSpace(req.Get("query").String()) != m.gqlQuery {
			return false, "GraphQL queries differ"
		}
		vars := req.Get("variables")
		if vars.Type == gjson.String { // variables sent as a JSON string
			vars = gjson.Parse(vars.Str)
		}
		if !vars.Exists() || vars.Type == gjson.Null {
			vars = gjson.Parse("{}")
		}
		if !jsonEqual(m.gqlVars, vars) {
			return false, "GraphQL variables differ"
		}
		return true, ""
	}
	return true, ""
}

func (m *bodyMatcher) matchMultipart(body []byte, contentType string) (bool, string) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return false, "the request is not multipart/form-data"
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var got []kv
	files := map[string]bool{}
	for n := 0; ; n++ {
		if n >= maxMultipartParts {
			return false, "too many multipart parts"
		}
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return false, "malformed multipart body: " + err.Error()
		}
		name := p.FormName()
		if p.FileName() != "" {
			files[name] = true
			p.Close()
			continue
		}
		data, err := io.ReadAll(io.LimitReader(p, int64(len(body))+1))
		p.Close()
		if err != nil {
			return false, "malformed multipart body: " + err.Error()
		}
		got = append(got, kv{name, string(data)})
	}
	if !sameMultiset(m.pairs, got) {
		return false, "form fields differ"
	}
	for _, f := range m.files {
		if !files[f] {
			return false, "file field " + f + " is missing"
		}
	}
	return true, ""
}

func sameMultiset(a, b []kv) bool {
	if len(a) != len(b) {
		return false
	}
	used := make([]bool, len(b))
outer:
	for _, x := range a {
		for j, y := range b {
			if !used[j] && x == y {
				used[j] = true
				continue outer
			}
		}
		return false
	}
	return true
}

// jsonEqual compares an example-side decoded value with a request-side
// gjson value without decoding the request: key order ignored, numbers by
// value.
func jsonEqual(want any, got gjson.Result) bool {
	switch w := want.(type) {
	case nil:
		return got.Type == gjson.Null
	case bool:
		return (got.Type == gjson.True && w) || (got.Type == gjson.False && !w)
	case json.Number:
		if got.Type != gjson.Number {
			return false
		}
		if got.Raw == string(w) {
			return true
		}
		f, err := w.Float64()
		return err == nil && f == got.Num
	case string:
		return got.Type == gjson.String && got.Str == w
	case []any:
		if !got.IsArray() {
			return false
		}
		i, ok := 0, true
		got.ForEach(func(_, v gjson.Result) bool {
			if i >= len(w) || !jsonEqual(w[i], v) {
				ok = false
				return false
			}
			i++
			return true
		})
		return ok && i == len(w)
	case map[string]any:
		if !got.IsObject() {
			return false
		}
		n, ok := 0, true
		got.ForEach(func(k, v gjson.Result) bool {
			x, present := w[k.Str]
			if !present || !jsonEqual(x, v) {
				ok = false
				return false
			}
			n++
			return true
		})
		return ok && n == len(w)
	}
	return false
}
