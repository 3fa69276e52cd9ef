package match

import (
	"bytes"
	"encoding/json"
	"fmt"
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
	json     any // raw: the example's JSON value, when it parses, with placeholders
	jsonOK   bool
	jsonish  bool // raw: the example's text is a JSON object or array
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
		m.gqlVars = compilePlaceholders(emptyObjectIfNil(m.gqlVars))
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

// bodyOpts is how a call compares bodies.
type bodyOpts struct {
	subset bool       // subset mode (x-mock-match-request-body: subset, or Config.SubsetBody)
	ign    *ignoreSet // Config.IgnoreBodyPaths; nil for none
}

// bodyMode reads x-mock-match-request-body over cfg: whether body matching
// is on for the call, and in subset mode. "true" and "false" (any case)
// are Postman's; "subset" is ours; other values are ignored.
func bodyMode(r *Request, cfg Config) (on, subset bool) {
	if v, ok := headerValue(r, HeaderMatchRequestBody); ok {
		switch {
		case strings.EqualFold(v, "true"):
			return true, false
		case strings.EqualFold(v, "false"):
			return false, false
		case strings.EqualFold(v, "subset"):
			return true, true
		}
	}
	return cfg.MatchBody, cfg.MatchBody && cfg.SubsetBody
}

// reqBody is the request body of one call, read in each form at most once
// whatever the number of candidates compared with it.
type reqBody struct {
	raw []byte
	ct  string

	jsonDone bool
	json     any // the decoded JSON value (numbers as json.Number)
	jsonOK   bool

	formDone bool
	form     []kv
	formErr  string

	mpDone  bool
	mp      []kv
	mpFiles map[string]bool
	mpErr   string

	gqlDone  bool
	gqlOK    bool
	gqlQuery string
	gqlVars  any
}

func newReqBody(r *Request) *reqBody {
	return &reqBody{raw: r.Body, ct: firstHeader(r, headerContentType)}
}

// decoded returns the body as JSON: checked without recursion first
// (internal/jsonsyntax, nesting at most 10,000), then decoded once.
func (b *reqBody) decoded() (any, bool) {
	if !b.jsonDone {
		b.jsonDone = true
		if jsonsyntax.Valid(b.raw) {
			b.json, b.jsonOK = decodeJSON(b.raw)
		}
	}
	return b.json, b.jsonOK
}

func (b *reqBody) urlencoded() ([]kv, string) {
	if !b.formDone {
		b.formDone = true
		vals, err := url.ParseQuery(string(b.raw))
		if err != nil {
			b.formErr = "the request body is not urlencoded: " + err.Error()
		}
		for k, vs := range vals {
			for _, v := range vs {
				b.form = append(b.form, kv{k, v})
			}
		}
	}
	return b.form, b.formErr
}

func (b *reqBody) multipart() ([]kv, map[string]bool, string) {
	if !b.mpDone {
		b.mpDone = true
		b.mp, b.mpFiles, b.mpErr = readMultipart(b.raw, b.ct)
	}
	return b.mp, b.mpFiles, b.mpErr
}

func (b *reqBody) graphql() (query string, vars any, ok bool) {
	if !b.gqlDone {
		b.gqlDone = true
		if jsonsyntax.Valid(b.raw) {
			req := gjson.ParseBytes(b.raw)
			b.gqlQuery = collapseSpace(req.Get("query").String())
			v := req.Get("variables")
			if v.Type == gjson.String { // variables sent as a JSON string
				v = gjson.Parse(v.Str)
			}
			if v.Exists() && v.Type != gjson.Null && jsonsyntax.Valid(v.Raw) {
				b.gqlVars, _ = decodeJSON([]byte(v.Raw))
			}
			b.gqlVars = emptyObjectIfNil(b.gqlVars)
			b.gqlOK = true
		}
	}
	return b.gqlQuery, b.gqlVars, b.gqlOK
}

// exampleJSON decodes the example's raw body on first use: most mocks never
// match bodies.
func (m *bodyMatcher) exampleJSON() (any, bool) {
	m.jsonOnce.Do(func() {
		m.json, m.jsonOK = decodeJSON([]byte(m.raw))
		if m.jsonOK {
			m.json = compilePlaceholders(m.json)
			switch m.json.(type) {
			case map[string]any, []any:
				m.jsonish = true
			}
		}
	})
	return m.json, m.jsonOK
}

// matches reports whether the request body matches the example body under
// the rules of its mode (exact as Postman, or subset), and why not. With
// caps non-nil, the values subset placeholders matched are stored in it.
func (m *bodyMatcher) matches(rb *reqBody, o *bodyOpts, caps map[string]string, explain bool) (bool, string) {
	switch m.mode {
	case "":
		if len(bytes.TrimSpace(rb.raw)) == 0 {
			return true, ""
		}
		return false, "the example has no body; the request has one"
	case collection.ModeFile:
		return true, ""
	case collection.ModeRaw:
		return m.matchRaw(rb, o, caps, explain)
	case collection.ModeURLEncoded:
		got, err := rb.urlencoded()
		if err != "" {
			return false, err
		}
		if pairsMatch(m.pairs, got, o) {
			return true, ""
		}
		return false, "urlencoded fields differ" + pairsDiff(m.pairs, got, o, explain)
	case collection.ModeFormData:
		got, files, err := rb.multipart()
		if err != "" {
			return false, err
		}
		if !pairsMatch(m.pairs, got, o) {
			return false, "form fields differ" + pairsDiff(m.pairs, got, o, explain)
		}
		for _, f := range m.files {
			if !files[f] {
				return false, "file field " + f + " is missing"
			}
		}
		return true, ""
	case collection.ModeGraphQL:
		q, vars, ok := rb.graphql()
		if !ok {
			return false, "the request body is not GraphQL JSON"
		}
		var st []ignState
		if o.ign != nil {
			var ignored bool
			if _, ignored = o.ign.key(o.ign.root, "query"); !ignored && q != m.gqlQuery {
				return false, "GraphQL queries differ"
			}
			if st, ignored = o.ign.key(o.ign.root, "variables"); ignored {
				return true, ""
			}
		} else if q != m.gqlQuery {
			return false, "GraphQL queries differ"
		}
		x := jsonCmp{subset: o.subset, ign: o.ign, caps: caps, explain: explain}
		if x.value(m.gqlVars, vars, st) {
			return true, ""
		}
		return false, "GraphQL variables differ" + detail(x.why)
	}
	return true, ""
}

func detail(why string) string {
	if why == "" {
		return ""
	}
	return ": " + why
}

// matchRaw compares raw bodies: as JSON values when the example is JSON
// (by its language, the request's Content-Type, or in subset mode by its
// text being an object or array) and both sides parse, else as text.
func (m *bodyMatcher) matchRaw(rb *reqBody, o *bodyOpts, caps map[string]string, explain bool) (bool, string) {
	want, wantOK := m.exampleJSON()
	asJSON := m.isJSON || isJSONType(rb.ct) || (o.subset && m.jsonish)
	fallback := ""
	if asJSON {
		got, gotOK := rb.decoded()
		switch {
		case wantOK && gotOK:
			var st []ignState
			if o.ign != nil {
				st = o.ign.root
			}
			x := jsonCmp{subset: o.subset, ign: o.ign, caps: caps, explain: explain}
			if x.value(want, got, st) {
				return true, ""
			}
			return false, "JSON bodies differ" + detail(x.why)
		case !gotOK:
			fallback = " (the request body is not valid JSON, so the bodies were compared as text)"
		default:
			fallback = " (the example body is not valid JSON, so the bodies were compared as text)"
		}
	}
	if normText(string(rb.raw)) == m.text {
		return true, ""
	}
	return false, "raw bodies differ" + fallback
}

// readMultipart reads a multipart/form-data body: its text fields in
// order, the names of its file fields, or why it cannot.
func readMultipart(body []byte, contentType string) ([]kv, map[string]bool, string) {
	_, params, err := mime.ParseMediaType(contentType)
	if err != nil || params["boundary"] == "" {
		return nil, nil, "the request is not multipart/form-data"
	}
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	var got []kv
	files := map[string]bool{}
	for n := 0; ; n++ {
		if n >= maxMultipartParts {
			return nil, nil, "too many multipart parts"
		}
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, "malformed multipart body: " + err.Error()
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
			return nil, nil, "malformed multipart body: " + err.Error()
		}
		got = append(got, kv{name, string(data)})
	}
	return got, files, ""
}

// pairsMatch compares form fields as multisets, ignored paths of one
// component (a field name) left out: equal in exact mode, the example's a
// sub-multiset of the request's in subset mode.
func pairsMatch(want, got []kv, o *bodyOpts) bool {
	if o.ign != nil {
		want, got = o.ign.pairs(want), o.ign.pairs(got)
	}
	if !o.subset && len(want) != len(got) {
		return false
	}
	return missingPair(want, got) < 0
}

// missingPair returns the index of the first want pair with no distinct
// equal pair in got, or -1. Equal pairs are interchangeable, so taking the
// first unused one never spoils a later match.
func missingPair(want, got []kv) int {
	used := make([]bool, len(got))
outer:
	for i, x := range want {
		for j, y := range got {
			if !used[j] && x == y {
				used[j] = true
				continue outer
			}
		}
		return i
	}
	return -1
}

// pairsDiff says which field differs (explain only).
func pairsDiff(want, got []kv, o *bodyOpts, explain bool) string {
	if !explain {
		return ""
	}
	if o.ign != nil {
		want, got = o.ign.pairs(want), o.ign.pairs(got)
	}
	if i := missingPair(want, got); i >= 0 {
		return fmt.Sprintf(": %s=%q missing in request", want[i].k, cut(want[i].v))
	}
	if i := missingPair(got, want); i >= 0 && !o.subset {
		return fmt.Sprintf(": %s=%q not in example", got[i].k, cut(got[i].v))
	}
	return ""
}

// pairs drops the form fields an ignored path names.
func (s *ignoreSet) pairs(in []kv) []kv {
	var out []kv
	for _, p := range in {
		if _, ignored := s.key(s.root, p.k); !ignored {
			out = append(out, p)
		}
	}
	return out
}
