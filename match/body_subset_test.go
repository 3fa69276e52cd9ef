package match_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
)

// bodyEx is one example of a generated body-matching collection.
type bodyEx struct {
	id, path string
	body     map[string]any // the originalRequest body member
}

func rawJSON(s string) map[string]any {
	return map[string]any{"mode": "raw", "raw": s, "options": map[string]any{"raw": map[string]any{"language": "json"}}}
}

func rawText(s string) map[string]any { return map[string]any{"mode": "raw", "raw": s} }

func fields(mode string, pairs ...string) map[string]any {
	var ps []map[string]any
	for i := 0; i+1 < len(pairs); i += 2 {
		ps = append(ps, map[string]any{"key": pairs[i], "value": pairs[i+1]})
	}
	return map[string]any{"mode": mode, mode: ps}
}

func graphQL(query, vars string) map[string]any {
	return map[string]any{"mode": "graphql", "graphql": map[string]any{"query": query, "variables": vars}}
}

// bodyIndex compiles a collection of POST examples, each answering
// {"id": "<its id>"} with its body; the response bodies echo {{name}} and
// {{sku}} so that captures show.
func bodyIndex(t testing.TB, exs ...bodyEx) *match.Index {
	t.Helper()
	var resps []any
	for _, e := range exs {
		or := map[string]any{"method": "POST", "url": "https://api.example.com" + e.path}
		if e.body != nil {
			or["body"] = e.body
		}
		resps = append(resps, map[string]any{"id": e.id, "name": e.id, "code": 200, "originalRequest": or,
			"body": `{"id":"` + e.id + `","name":"{{name}}"}`})
	}
	doc := map[string]any{
		"info": map[string]any{"name": "bodies", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
		"item": []any{map[string]any{"name": "r", "request": map[string]any{"method": "POST", "url": "https://api.example.com/"}, "response": resps}},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	c, err := collection.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

func postJSON(path, body string, hdr ...string) *match.Request {
	h := http.Header{"Content-Type": {"application/json"}}
	for i := 0; i+1 < len(hdr); i += 2 {
		h.Set(hdr[i], hdr[i+1])
	}
	return &match.Request{Method: "POST", Path: path, Header: h, Body: []byte(body)}
}

func matchedID(r match.Result) string {
	if r.Example == nil {
		return ""
	}
	return r.Example.ID
}

var (
	exactCfg  = match.Config{MatchBody: true}
	subsetCfg = match.Config{MatchBody: true, SubsetBody: true}
)

// TestBodyJSONRulesInSubsetAndExactMode is the rule table of issue 18 for
// JSON: in subset mode every member of the example's objects must be in the
// request with a matching value, recursively; arrays match element by
// element with the same length; numbers by value; placeholders match any
// value (whole) or strings of their shape (inside). Exact mode is Postman's
// equality, placeholders literal.
func TestBodyJSONRulesInSubsetAndExactMode(t *testing.T) {
	tests := []struct {
		name          string
		example, body string
		subset, exact bool
	}{
		{"equal bodies", `{"a":1,"b":"x"}`, `{"b":"x","a":1}`, true, true},
		{"extra request members", `{"a":1}`, `{"a":1,"b":2,"c":[1]}`, true, false},
		{"missing member", `{"a":1,"role":"admin"}`, `{"a":1}`, false, false},
		{"different value", `{"a":1}`, `{"a":2}`, false, false},
		{"nested subset", `{"user":{"name":"Ann"}}`, `{"user":{"name":"Ann","age":30},"x":1}`, true, false},
		{"nested difference", `{"user":{"name":"Ann"}}`, `{"user":{"name":"Bob","age":30}}`, false, false},
		{"arrays element by element", `{"items":[{"sku":"A"},{"sku":"B"}]}`, `{"items":[{"sku":"A","n":1},{"sku":"B","n":2}]}`, true, false},
		{"arrays in order", `{"items":[{"sku":"A"},{"sku":"B"}]}`, `{"items":[{"sku":"B"},{"sku":"A"}]}`, false, false},
		{"array shorter in request", `{"items":[1,2]}`, `{"items":[1]}`, false, false},
		{"array longer in request", `{"items":[1,2]}`, `{"items":[1,2,3]}`, false, false},
		{"numbers by value", `{"n":1,"m":100,"k":-0}`, `{"n":1.0,"m":1e2,"k":0}`, true, true},
		{"big integers exactly", `{"n":9007199254740993}`, `{"n":9007199254740992}`, false, false},
		{"number is not a string", `{"n":1}`, `{"n":"1"}`, false, false},
		{"null is a value", `{"n":null}`, `{"n":null,"m":1}`, true, false},
		{"null is not missing", `{"n":null}`, `{}`, false, false},
		{"empty object example", `{}`, `{"anything":true}`, true, false},
		{"top-level array", `[{"a":1}]`, `[{"a":1,"b":2}]`, true, false},
		{"object is not an array", `{"a":[]}`, `{"a":{}}`, false, false},
		{"whole placeholder matches any string", `{"id":"{{id}}","k":1}`, `{"id":"u-1","k":1}`, true, false},
		{"whole placeholder matches any value", `{"id":"{{id}}"}`, `{"id":{"deep":[1,2]}}`, true, false},
		{"whole placeholder matches null", `{"id":"{{id}}"}`, `{"id":null}`, true, false},
		{"whole placeholder needs the member", `{"id":"{{id}}"}`, `{"other":1}`, false, false},
		{"dynamic placeholder", `{"nonce":"{{$guid}}","n":{{$randomInt}}}`, `{"nonce":"x","n":1}`, false, false}, // a bare token is not JSON
		{"dynamic placeholder in a string", `{"nonce":"{{$guid}}"}`, `{"nonce":"3b0e5c1e"}`, true, false},
		{"placeholder inside a string", `{"user":"user-{{id}}"}`, `{"user":"user-42"}`, true, false},
		{"placeholder inside needs its shape", `{"user":"user-{{id}}"}`, `{"user":"admin-42"}`, false, false},
		{"placeholder inside needs a character", `{"user":"user-{{id}}"}`, `{"user":"user-"}`, false, false},
		{"placeholder inside is case-sensitive", `{"user":"user-{{id}}"}`, `{"user":"USER-42"}`, false, false},
		{"placeholder inside needs a string", `{"user":"user-{{id}}"}`, `{"user":42}`, false, false},
		{"two placeholders inside", `{"range":"{{from}}..{{to}}"}`, `{"range":"1..2..3"}`, true, false},
		{"exact mode keeps placeholders literal", `{"id":"{{id}}"}`, `{"id":"{{id}}"}`, true, true},
		{"empty braces are text", `{"id":"{{}}"}`, `{"id":"x"}`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := bodyIndex(t, bodyEx{"e1", "/orders", rawJSON(tt.example)})
			req := postJSON("/orders", tt.body)
			for _, m := range []struct {
				cfg  match.Config
				want bool
			}{{subsetCfg, tt.subset}, {exactCfg, tt.exact}} {
				if got := ix.Match(req, m.cfg).Example != nil; got != m.want {
					t.Errorf("SubsetBody=%v: matched %v, want %v; explain %v", m.cfg.SubsetBody, got, m.want, ix.Explain(req, m.cfg))
				}
			}
		})
	}
}

// TestBodyModeHeaderOverridesConfig: x-mock-match-request-body: subset
// turns subset matching on for the call, true exact matching even when the
// config says subset, false turns body matching off.
func TestBodyModeHeaderOverridesConfig(t *testing.T) {
	ix := bodyIndex(t, bodyEx{"e1", "/orders", rawJSON(`{"a":1}`)})
	const superset = `{"a":1,"b":2}`
	tests := []struct {
		header string
		cfg    match.Config
		body   string
		want   bool
		on     bool
	}{
		{"", match.Config{}, `{"zzz":1}`, true, false},
		{"", exactCfg, superset, false, true},
		{"", subsetCfg, superset, true, true},
		{"", match.Config{SubsetBody: true}, `{"zzz":1}`, true, false}, // SubsetBody alone does not turn matching on
		{"subset", match.Config{}, superset, true, true},
		{"SUBSET", match.Config{}, `{"b":2}`, false, true},
		{"true", subsetCfg, superset, false, true},
		{"true", subsetCfg, `{"a":1}`, true, true},
		{"false", subsetCfg, `{"zzz":1}`, true, false},
		{"bogus", subsetCfg, superset, true, true},
	}
	for _, tt := range tests {
		req := postJSON("/orders", tt.body)
		if tt.header != "" {
			req.Header.Set(match.HeaderMatchRequestBody, tt.header)
		}
		if got := ix.Match(req, tt.cfg).Example != nil; got != tt.want {
			t.Errorf("header %q, config %+v, body %s: matched %v, want %v", tt.header, tt.cfg, tt.body, got, tt.want)
		}
		if got := match.BodyMatching(req, tt.cfg); got != tt.on {
			t.Errorf("header %q, config %+v: BodyMatching %v, want %v", tt.header, tt.cfg, got, tt.on)
		}
	}
}

// TestBodyPlaceholdersAreCaptured: a {{name}} placeholder's match joins the
// result's captures (whole values as text, JSON text for non-strings,
// inside ones as the part matched); a path wildcard of the same name wins;
// $ tokens capture nothing; exact mode captures nothing.
func TestBodyPlaceholdersAreCaptured(t *testing.T) {
	ix := bodyIndex(t,
		bodyEx{"e1", "/orders", rawJSON(`{"name":"{{name}}","sku":"SKU-{{sku}}","qty":"{{qty}}","n":"{{$guid}}"}`)},
		bodyEx{"e2", "/users/{{name}}", rawJSON(`{"name":"{{name}}","role":"{{role}}"}`)},
	)
	res := ix.Match(postJSON("/orders", `{"name":"Ann","sku":"SKU-A-1","qty":{"n":2},"n":"x","extra":1}`), subsetCfg)
	want := map[string]string{"name": "Ann", "sku": "A-1", "qty": `{"n":2}`}
	if fmt.Sprint(res.Captures) != fmt.Sprint(want) {
		t.Errorf("captures %v, want %v", res.Captures, want)
	}
	res = ix.Match(postJSON("/users/bob", `{"name":"Ann","role":"admin"}`), subsetCfg)
	want = map[string]string{"name": "bob", "role": "admin"}
	if fmt.Sprint(res.Captures) != fmt.Sprint(want) {
		t.Errorf("path and body: captures %v, want %v (the path's name wins)", res.Captures, want)
	}
	res = ix.Match(postJSON("/users/bob", `{"name":"{{name}}","role":"{{role}}"}`), exactCfg)
	if matchedID(res) != "e2" || fmt.Sprint(res.Captures) != fmt.Sprint(map[string]string{"name": "bob"}) {
		t.Errorf("exact mode: %s with captures %v, want e2 with the path's only", matchedID(res), res.Captures)
	}
}

// TestBodyFormFieldsAsMultisets: urlencoded and form-data examples' enabled
// fields must be in the request, as a multiset, in subset mode; equal in
// exact mode.
func TestBodyFormFieldsAsMultisets(t *testing.T) {
	enc := bodyIndex(t, bodyEx{"u", "/login", fields("urlencoded", "user", "ann", "tag", "a", "tag", "a")})
	mp := bodyIndex(t, bodyEx{"f", "/login", fields("formdata", "user", "ann", "tag", "a", "tag", "a")})
	tests := []struct {
		name          string
		fields        []string
		subset, exact bool
	}{
		{"equal", []string{"tag", "a", "user", "ann", "tag", "a"}, true, true},
		{"extra fields", []string{"user", "ann", "tag", "a", "tag", "a", "pw", "x", "tag", "b"}, true, false},
		{"a repeat missing", []string{"user", "ann", "tag", "a", "pw", "x"}, false, false},
		{"a value differs", []string{"user", "bob", "tag", "a", "tag", "a"}, false, false},
	}
	for _, tt := range tests {
		var q []string
		var mb strings.Builder
		const boundary = "XyZ"
		for i := 0; i < len(tt.fields); i += 2 {
			q = append(q, tt.fields[i]+"="+tt.fields[i+1])
			fmt.Fprintf(&mb, "--%s\r\nContent-Disposition: form-data; name=%q\r\n\r\n%s\r\n", boundary, tt.fields[i], tt.fields[i+1])
		}
		mb.WriteString("--" + boundary + "--\r\n")
		reqs := []struct {
			ix  *match.Index
			req *match.Request
		}{
			{enc, &match.Request{Method: "POST", Path: "/login", Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, Body: []byte(strings.Join(q, "&"))}},
			{mp, &match.Request{Method: "POST", Path: "/login", Header: http.Header{"Content-Type": {"multipart/form-data; boundary=" + boundary}}, Body: []byte(mb.String())}},
		}
		for _, r := range reqs {
			for _, m := range []struct {
				cfg  match.Config
				want bool
			}{{subsetCfg, tt.subset}, {exactCfg, tt.exact}} {
				if got := r.ix.Match(r.req, m.cfg).Example != nil; got != m.want {
					t.Errorf("%s, %s, SubsetBody=%v: matched %v, want %v", tt.name, r.req.Header.Get("Content-Type"), m.cfg.SubsetBody, got, m.want)
				}
			}
		}
	}
}

// TestBodyGraphQLQueryAndVariablesSubset: the query compares as today
// (whitespace collapsed); the variables by subset, placeholders included.
func TestBodyGraphQLQueryAndVariablesSubset(t *testing.T) {
	ix := bodyIndex(t, bodyEx{"g", "/graphql", graphQL("query  Q($id: ID!) { user(id: $id) { name } }", `{"id":"{{uid}}","opts":{"deep":true}}`)})
	tests := []struct {
		name, body    string
		subset, exact bool
	}{
		{"more variables", `{"query":"query Q($id: ID!) { user(id: $id) { name } }","variables":{"id":"7","opts":{"deep":true,"x":1},"y":2}}`, true, false},
		{"variables as a string", `{"query":"query Q($id: ID!) { user(id: $id) { name } }","variables":"{\"id\":\"7\",\"opts\":{\"deep\":true}}"}`, true, false},
		{"a variable missing", `{"query":"query Q($id: ID!) { user(id: $id) { name } }","variables":{"id":"7"}}`, false, false},
		{"another query", `{"query":"query Q($id: ID!) { user(id: $id) { id } }","variables":{"id":"7","opts":{"deep":true}}}`, false, false},
		{"literal equal", `{"query":"query Q($id: ID!) { user(id: $id) { name } }","variables":{"id":"{{uid}}","opts":{"deep":true}}}`, true, true},
	}
	for _, tt := range tests {
		req := postJSON("/graphql", tt.body)
		for _, m := range []struct {
			cfg  match.Config
			want bool
		}{{subsetCfg, tt.subset}, {exactCfg, tt.exact}} {
			if got := ix.Match(req, m.cfg).Example != nil; got != m.want {
				t.Errorf("%s, SubsetBody=%v: matched %v, want %v; %v", tt.name, m.cfg.SubsetBody, got, m.want, ix.Explain(req, m.cfg))
			}
		}
	}
	res := ix.Match(postJSON("/graphql", tests[0].body), subsetCfg)
	if res.Captures["uid"] != "7" {
		t.Errorf("GraphQL variable placeholder captured %v, want uid=7", res.Captures)
	}
}

// TestIgnoredBodyPathsInBothModes: the listed gjson paths are left out on
// both sides, in exact and subset mode: keys, nested keys, every element
// (#), an index, wildcards, escaped dots; a one-key path names a form
// field; GraphQL paths start at the body (variables.x).
func TestIgnoredBodyPathsInBothModes(t *testing.T) {
	tests := []struct {
		name          string
		paths         []string
		example, body string
		subset, exact bool
	}{
		{"top-level key", []string{"ts"}, `{"a":1,"ts":"2020"}`, `{"a":1,"ts":"2024"}`, true, true},
		{"missing on the request side", []string{"ts"}, `{"a":1,"ts":"2020"}`, `{"a":1}`, true, true},
		{"only on the request side", []string{"ts"}, `{"a":1}`, `{"a":1,"ts":"2024"}`, true, true},
		{"not ignored: still compared", []string{"ts"}, `{"a":1}`, `{"a":2,"ts":"2024"}`, false, false},
		{"nested key", []string{"meta.requestId"}, `{"meta":{"requestId":"r1","v":1}}`, `{"meta":{"requestId":"r2","v":1}}`, true, true},
		{"nested key elsewhere is kept", []string{"meta.requestId"}, `{"requestId":"r1"}`, `{"requestId":"r2"}`, false, false},
		{"every element", []string{"items.#.at"}, `{"items":[{"s":"A","at":1},{"s":"B","at":2}]}`, `{"items":[{"s":"A","at":9},{"s":"B"}]}`, true, true},
		{"one index", []string{"items.1"}, `{"items":[1,2,3]}`, `{"items":[1,9,3]}`, true, true},
		{"wildcard key", []string{"*At"}, `{"a":1,"createdAt":"x","updatedAt":"y"}`, `{"a":1,"createdAt":"p"}`, true, true},
		{"escaped dot", []string{`a\.b`}, `{"a.b":1,"c":1}`, `{"a.b":2,"c":1}`, true, true},
		{"whole subtree", []string{"meta"}, `{"a":1,"meta":{"x":1}}`, `{"a":1,"meta":[1,2]}`, true, true},
	}
	for _, tt := range tests {
		ix := bodyIndex(t, bodyEx{"e1", "/orders", rawJSON(tt.example)})
		req := postJSON("/orders", tt.body)
		for _, m := range []struct {
			subset bool
			want   bool
		}{{true, tt.subset}, {false, tt.exact}} {
			cfg := match.Config{MatchBody: true, SubsetBody: m.subset, IgnoreBodyPaths: tt.paths}
			if got := ix.Match(req, cfg).Example != nil; got != m.want {
				t.Errorf("%s, SubsetBody=%v: matched %v, want %v; %v", tt.name, m.subset, got, m.want, ix.Explain(req, cfg))
			}
		}
	}

	form := bodyIndex(t, bodyEx{"u", "/login", fields("urlencoded", "user", "ann", "nonce", "1")})
	req := &match.Request{Method: "POST", Path: "/login", Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, Body: []byte("user=ann&nonce=2")}
	if form.Match(req, match.Config{MatchBody: true, IgnoreBodyPaths: []string{"nonce"}}).Example == nil {
		t.Error("urlencoded field nonce not ignored")
	}
	if form.Match(req, exactCfg).Example != nil {
		t.Error("urlencoded nonce differs but matched without the ignored path")
	}

	gql := bodyIndex(t, bodyEx{"g", "/graphql", graphQL("{ a }", `{"x":1,"ts":"t1"}`)})
	req = postJSON("/graphql", `{"query":"{ a }","variables":{"x":1,"ts":"t2"}}`)
	if gql.Match(req, match.Config{MatchBody: true, IgnoreBodyPaths: []string{"variables.ts"}}).Example == nil {
		t.Error("GraphQL variables.ts not ignored")
	}
	if gql.Match(req, match.Config{MatchBody: true, IgnoreBodyPaths: []string{"ts"}}).Example != nil {
		t.Error("GraphQL: ts (not under variables) ignored a variable")
	}
}

// TestCheckBodyPaths accepts navigating gjson paths and refuses the rest
// with a BodyPathError naming the entry.
func TestCheckBodyPaths(t *testing.T) {
	good := []string{"a", "a.b.c", "items.#.sku", "items.0", "*At", "a?c", `a\.b`, `x\#`, "#.id"}
	if err := match.CheckBodyPaths(good); err != nil {
		t.Errorf("CheckBodyPaths(%q) = %v, want nil", good, err)
	}
	for _, p := range []string{"", "a..b", "a.", ".a", "items.#", `a\`, "items.#(sku==A)", "@reverse", "a.@this", "a|b", "[a,b]", "{a}", "!true"} {
		err := match.CheckBodyPaths([]string{"ok", p})
		var pe *match.BodyPathError
		if !errors.Is(err, match.ErrBodyPath) || !errors.As(err, &pe) || pe.Index != 1 || pe.Path != p || pe.Reason == "" {
			t.Errorf("CheckBodyPaths(%q) = %v, want a BodyPathError for entry 1", p, err)
		}
	}
}

// TestBodyDifferenceExplainedAsPath: Explain's body rejection names the
// first difference as a path, in exact and subset mode.
func TestBodyDifferenceExplainedAsPath(t *testing.T) {
	ix := bodyIndex(t, bodyEx{"e1", "/orders", rawJSON(`{"items":[{"sku":"A-0"},{"sku":"A-1"},{"sku":"A-1"}],"role":"admin","odd key":{"x":1}}`)})
	tests := []struct {
		name string
		cfg  match.Config
		body string
		want string
	}{
		{"value in an array (subset)", subsetCfg, `{"items":[{"sku":"A-0"},{"sku":"A-1"},{"sku":"A-2"}],"role":"admin","odd key":{"x":1}}`, `$.items[2].sku: example "A-1", request "A-2"`},
		{"value in an array (exact)", exactCfg, `{"items":[{"sku":"A-0"},{"sku":"A-1"},{"sku":"A-2"}],"role":"admin","odd key":{"x":1}}`, `$.items[2].sku: example "A-1", request "A-2"`},
		{"missing member", subsetCfg, `{"items":[{"sku":"A-0"},{"sku":"A-1"},{"sku":"A-1"}],"odd key":{"x":1}}`, `$.role: missing in request`},
		{"extra member (exact)", exactCfg, `{"items":[{"sku":"A-0"},{"sku":"A-1"},{"sku":"A-1"}],"role":"admin","odd key":{"x":1},"zz":true}`, `$.zz: not in example, request true`},
		{"array length", subsetCfg, `{"items":[],"role":"admin","odd key":{"x":1}}`, `$.items: example has 3 elements, request 0`},
		{"type", subsetCfg, `{"items":[{"sku":"A-0"},{"sku":"A-1"},{"sku":"A-1"}],"role":"admin","odd key":{"x":"1"}}`, `$["odd key"].x: example 1, request "1"`},
	}
	for _, tt := range tests {
		rs := ix.Explain(postJSON("/orders", tt.body), tt.cfg)
		if len(rs) != 1 || rs[0].Reason != match.ReasonBody || rs[0].Detail != "body: JSON bodies differ: "+tt.want {
			t.Errorf("%s: %+v, want the body detail %q", tt.name, rs, tt.want)
		}
	}
	form := bodyIndex(t, bodyEx{"u", "/login", fields("urlencoded", "user", "ann")})
	rs := form.Explain(&match.Request{Method: "POST", Path: "/login", Header: http.Header{}, Body: []byte("user=bob")}, subsetCfg)
	if len(rs) != 1 || rs[0].Detail != `body: urlencoded fields differ: user="ann" missing in request` {
		t.Errorf("urlencoded: %+v", rs)
	}
}

// TestBodyBadJSONFallsBackToText: invalid JSON on either side compares as
// text in subset mode (as exact mode does), and the explanation says so.
func TestBodyBadJSONFallsBackToText(t *testing.T) {
	ix := bodyIndex(t,
		bodyEx{"good", "/good", rawJSON(`{"a":1}`)},
		bodyEx{"bad", "/bad", rawJSON(`{"a":1,}`)},
	)
	tests := []struct {
		path, body string
		match      bool
		detail     string
	}{
		{"/good", `{"a":1,"b":`, false, "body: raw bodies differ (the request body is not valid JSON, so the bodies were compared as text)"},
		{"/bad", `{"a":1,"b":2}`, false, "body: raw bodies differ (the example body is not valid JSON, so the bodies were compared as text)"},
		{"/bad", ` {"a":1,} `, true, ""},
	}
	for _, tt := range tests {
		req := postJSON(tt.path, tt.body)
		if got := ix.Match(req, subsetCfg).Example != nil; got != tt.match {
			t.Errorf("%s %s: matched %v, want %v", tt.path, tt.body, got, tt.match)
		}
		if tt.match {
			continue
		}
		rs := ix.Explain(req, subsetCfg)
		if len(rs) == 0 || rs[0].Detail != tt.detail {
			t.Errorf("%s %s: explained %+v, want %q", tt.path, tt.body, rs, tt.detail)
		}
	}
	// An example without a JSON language is still compared as JSON in
	// subset mode when its text is an object.
	plain := bodyIndex(t, bodyEx{"p", "/p", rawText(`{"a":1}`)})
	req := &match.Request{Method: "POST", Path: "/p", Header: http.Header{}, Body: []byte(`{"a":1,"b":2}`)}
	if plain.Match(req, subsetCfg).Example == nil {
		t.Error("a text example holding a JSON object is not compared as JSON in subset mode")
	}
}

// TestBodySubsetDeepNestingIsSafe: a request nested past the JSON bound is
// text (no match, no crash); one just inside the bound is compared as
// JSON, in both modes.
func TestBodySubsetDeepNestingIsSafe(t *testing.T) {
	ix := bodyIndex(t, bodyEx{"e1", "/orders", rawJSON(`{"a":1}`)}, bodyEx{"deep", "/deep", rawJSON(strings.Repeat(`{"a":`, 9999) + `{"b":1}` + strings.Repeat("}", 9999))})
	for _, body := range []string{strings.Repeat("[", 4<<20), strings.Repeat(`{"a":`, 1<<20)} {
		for _, cfg := range []match.Config{subsetCfg, exactCfg} {
			req := postJSON("/orders", body)
			if res := ix.Match(req, cfg); res.Example != nil {
				t.Errorf("%d bytes of nesting matched %s", len(body), res.Example.ID)
			}
			_ = ix.Explain(req, cfg)
		}
	}
	deep := strings.Repeat(`{"a":`, 9999) + `{"b":1,"c":2}` + strings.Repeat("}", 9999)
	if res := ix.Match(postJSON("/deep", deep), subsetCfg); matchedID(res) != "deep" {
		t.Errorf("10,000 levels in subset mode: matched %q, want deep", matchedID(res))
	}
	rs := ix.Explain(postJSON("/deep", deep), exactCfg)
	if len(rs) == 0 || !strings.Contains(rs[0].Detail, `.b: `) && !strings.Contains(rs[0].Detail, `.c: not in example`) {
		t.Errorf("10,000 levels in exact mode: %+v, want a JSON difference deep down", rs)
	}
}

// TestRequestBodyDecodedOncePerCall: matching a large JSON body against 100
// candidates allocates about as much as against one, so the body is not
// decoded per candidate.
func TestRequestBodyDecodedOncePerCall(t *testing.T) {
	var members []string
	for i := range 2000 {
		members = append(members, fmt.Sprintf(`"k%d":{"v":%d,"s":"x"}`, i, i))
	}
	body := `{"customer":"c-99","kind":"order",` + strings.Join(members, ",") + "}"
	one := bodyIndex(t, bodyEx{"e99", "/orders", rawJSON(`{"customer":"c-99","kind":"order"}`)})
	var exs []bodyEx
	for i := range 100 {
		exs = append(exs, bodyEx{fmt.Sprintf("e%02d", i), "/orders", rawJSON(fmt.Sprintf(`{"customer":"c-%d","kind":"order"}`, i))})
	}
	many := bodyIndex(t, exs...)
	req := postJSON("/orders", body)
	for _, cfg := range []match.Config{subsetCfg, exactCfg} {
		if cfg.SubsetBody && matchedID(many.Match(req, cfg)) != "e99" {
			t.Fatalf("subset: matched %q, want e99", matchedID(many.Match(req, cfg)))
		}
		a1 := testing.AllocsPerRun(3, func() { one.Match(req, cfg) })
		a100 := testing.AllocsPerRun(3, func() { many.Match(req, cfg) })
		// Decoding allocates some 6,000 times; 100 more candidates may add a
		// few allocations each (3 at most), never another decode.
		if a1 < 2000 || a100 > a1+300 {
			t.Errorf("SubsetBody=%v: %.0f allocations for 1 candidate, %.0f for 100", cfg.SubsetBody, a1, a100)
		}
	}
}
