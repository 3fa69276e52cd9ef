package collection_test

import (
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
)

func TestParseURL(t *testing.T) {
	q := func(kv ...string) []collection.QueryParam {
		var out []collection.QueryParam
		for i := 0; i < len(kv); i += 2 {
			out = append(out, collection.QueryParam{Key: kv[i], Value: kv[i+1]})
		}
		return out
	}
	tests := []struct {
		name string
		raw  string
		want urlView // Raw and String are filled in from raw
	}{
		{"full URL", "https://api.example.com:8443/v1/users?a=1&b=2#top", urlView{Protocol: "https",
			Host: []string{"api", "example", "com"}, Port: "8443", Path: []string{"v1", "users"}, Query: q("a", "1", "b", "2"), Hash: "top"}},
		{"variable host", "{{baseUrl}}/users", urlView{Host: []string{"{{baseUrl}}"}, Path: []string{"users"}}},
		{"tokens are opaque", "{{scheme://x}}/a/{{p/a/t/h}}/{{a.b}}.json?{{k&=v}}={{v?#}}#{{h}}", urlView{
			Host: []string{"{{scheme://x}}"}, Path: []string{"a", "{{p/a/t/h}}", "{{a.b}}.json"},
			Query: q("{{k&=v}}", "{{v?#}}"), Hash: "{{h}}"}},
		{"token in the host", "https://api.{{domain.tld}}:{{port:x}}/v1", urlView{Protocol: "https",
			Host: []string{"api", "{{domain.tld}}"}, Port: "{{port:x}}", Path: []string{"v1"}}},
		{"unclosed token is text", "{{base/users", urlView{Host: []string{"{{base"}, Path: []string{"users"}}},
		{"fragment first", "http://x/a#frag?not=query", urlView{Protocol: "http", Host: []string{"x"}, Path: []string{"a"}, Hash: "frag?not=query"}},
		{"query at the first ?", "http://x/a?b=1?c=2&d=http://y/z", urlView{Protocol: "http", Host: []string{"x"}, Path: []string{"a"},
			Query: q("b", "1?c=2", "d", "http://y/z")}},
		{"backslashes are slashes", `http:\\x\a\b?p=\`, urlView{Protocol: "http", Host: []string{"x"}, Path: []string{"a", "b"}, Query: q("p", `\`)}},
		{"backslash inside a token stays", `{{a\b}}\c`, urlView{Host: []string{`{{a\b}}`}, Path: []string{"c"}}},
		{"extra slashes after the protocol", "http:///x/a", urlView{Protocol: "http", Host: []string{"x"}, Path: []string{"a"}}},
		{"many extra slashes", "https:////x", urlView{Protocol: "https", Host: []string{"x"}}},
		{"user info to the last @", "https://user:p@ss@host.com/a", urlView{Protocol: "https", Host: []string{"host", "com"}, Path: []string{"a"}}},
		{"@ in the path is not user info", "http://x/a@b", urlView{Protocol: "http", Host: []string{"x"}, Path: []string{"a@b"}}},
		{"port", "localhost:3000/a", urlView{Host: []string{"localhost"}, Port: "3000", Path: []string{"a"}}},
		{"IPv6 with port", "http://[::1]:8080/a", urlView{Protocol: "http", Host: []string{"[::1]"}, Port: "8080", Path: []string{"a"}}},
		{"IPv6 without port", "http://[fe80::1]/a", urlView{Protocol: "http", Host: []string{"[fe80::1]"}, Path: []string{"a"}}},
		{"empty port", "http://x:/a", urlView{Protocol: "http", Host: []string{"x"}, Path: []string{"a"}}},
		{"leading whitespace trimmed", " \t\nhttp://x/a", urlView{Protocol: "http", Host: []string{"x"}, Path: []string{"a"}}},
		{"no protocol", "example.com/a/b", urlView{Host: []string{"example", "com"}, Path: []string{"a", "b"}}},
		{"path only", "/users/:id", urlView{Path: []string{"users", ":id"}}},
		{"trailing slash", "http://x/a/", urlView{Protocol: "http", Host: []string{"x"}, Path: []string{"a", ""}}},
		{"root path", "http://x/", urlView{Protocol: "http", Host: []string{"x"}, Path: []string{""}}},
		{"double slash in the path", "http://x/a//b", urlView{Protocol: "http", Host: []string{"x"}, Path: []string{"a", "", "b"}}},
		{"no path", "http://x", urlView{Protocol: "http", Host: []string{"x"}}},
		{"query only", "?a=1", urlView{Query: q("a", "1")}},
		{"percent-escapes kept", "http://x/a%20b?q=%41", urlView{Protocol: "http", Host: []string{"x"}, Path: []string{"a%20b"}, Query: q("q", "%41")}},
		{"empty", "", urlView{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			want.Raw, want.String = tt.raw, tt.raw
			if got := viewURL(collection.ParseURL(tt.raw)); !reflect.DeepEqual(got, want) {
				t.Errorf("ParseURL(%q):\n got %+v\nwant %+v", tt.raw, got, want)
			}
		})
	}
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want []collection.QueryParam
	}{
		{"", nil},
		{"a=1&&b&c=", []collection.QueryParam{{Key: "a", Value: "1"}, {Key: "b", ValueNull: true}, {Key: "c"}}},
		{"&", []collection.QueryParam{}},
		{"a==b", []collection.QueryParam{{Key: "a", Value: "=b"}}},
		{"=v", []collection.QueryParam{{Value: "v"}}},
		{"a=1&a=2", []collection.QueryParam{{Key: "a", Value: "1"}, {Key: "a", Value: "2"}}},
		{"x={{a&b}}&{{k=v}}", []collection.QueryParam{{Key: "x", Value: "{{a&b}}"}, {Key: "{{k=v}}", ValueNull: true}}},
		{"q=a+b%20c", []collection.QueryParam{{Key: "q", Value: "a+b%20c"}}},
	}
	for _, tt := range tests {
		if got := collection.ParseQuery(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseQuery(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// resolveFirst parses a one-request collection whose request URL is url
// (JSON text), resolves it against vars (JSON variable array) and returns the
// resolved URL of the request.
func resolveFirst(t *testing.T, url, vars string, env *collection.Environment) collection.ResolvedURL {
	t.Helper()
	if vars == "" {
		vars = "[]"
	}
	c := mustParse(t, `{"info":{"name":"r","schema":"`+schema21+`"},"variable":`+vars+`,
		"item":[{"name":"r","request":{"url":`+url+`}}]}`)
	if len(c.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", diagnostics(c))
	}
	return collection.NewResolver(c, env).ResolveURL(&c.Requests()[0].Request.URL)
}

func TestResolveURL(t *testing.T) {
	baseURL := `[{"key":"baseUrl","value":"https://api.example.com"}]`
	tests := []struct {
		name       string
		url        string
		vars       string
		text       string
		path       string // segments joined with "|"
		query      []collection.QueryParam
		unresolved []string
	}{
		{"path variable with a value", `{"raw":"{{baseUrl}}/users/:id","host":["{{baseUrl}}"],"path":["users",":id"],"variable":[{"key":"id","value":"42"}]}`,
			baseURL, "https://api.example.com/users/42", "users|42", nil, nil},
		{"empty value is a wildcard", `{"raw":"/users/:id","path":["users",":id"],"variable":[{"key":"id","value":""}]}`,
			"", "/users/{{id}}", "users|{{id}}", nil, []string{"id"}},
		{"missing variable is a wildcard", `{"path":["users",":id"]}`,
			"", "/users/{{id}}", "users|{{id}}", nil, []string{"id"}},
		{"disabled value is a wildcard", `{"path":["users",":id"],"variable":[{"key":"id","value":"7","disabled":true}]}`,
			"", "/users/{{id}}", "users|{{id}}", nil, []string{"id"}},
		{"last enabled duplicate wins", `{"path":["users",":id"],"variable":[{"key":"id","value":"1"},{"key":"id","value":"2"},{"key":"id","value":"3","disabled":true}]}`,
			"", "/users/2", "users|2", nil, nil},
		{"OpenAPI placeholder is a wildcard", `{"path":["users",":id",":kind"],"variable":[{"key":"id","value":"<string>"},{"key":"kind","value":"<long>"}]}`,
			"", "/users/{{id}}/{{kind}}", "users|{{id}}|{{kind}}", nil, []string{"id", "kind"}},
		{"not a placeholder", `{"path":["users",":id"],"variable":[{"key":"id","value":"<a<b>"}]}`,
			"", "/users/<a<b>", "users|<a<b>", nil, nil},
		{":file.json keeps .json", `{"path":["files",":file.json"],"variable":[{"key":"file","value":"report"}]}`,
			"", "/files/report.json", "files|report.json", nil, nil},
		{":file.json without a value", `"/files/:file.json"`,
			"", "/files/{{file}}.json", "files|{{file}}.json", nil, []string{"file"}},
		{"variable keyed by id", `{"raw":"/u/:uid","variable":[{"id":"uid","value":"5"}]}`,
			"", "/u/5", "u|5", nil, nil},
		{"path variable value resolved", `{"path":["users",":id"],"variable":[{"key":"id","value":"{{userId}}"}]}`,
			`[{"key":"userId","value":"u-9"}]`, "/users/u-9", "users|u-9", nil, nil},
		{"fields beat raw", `{"raw":"https://other.example.org/old?x=1","host":["{{baseUrl}}"],"path":["new"]}`,
			baseURL, "https://api.example.com/new", "new", nil, nil},
		{"raw used when there are no fields", `{"raw":"{{baseUrl}}/from-raw?x=1"}`,
			baseURL, "https://api.example.com/from-raw?x=1", "from-raw", []collection.QueryParam{{Key: "x", Value: "1"}}, nil},
		{"disabled query parameters dropped", `{"host":["x"],"path":["s"],"query":[{"key":"a","value":"1"},{"key":"b","value":"2","disabled":true},{"key":null,"value":"3"},{"key":"c","value":null}]}`,
			"", "x/s?a=1&c", "s", []collection.QueryParam{{Key: "a", Value: "1"}, {Key: "c", ValueNull: true}}, nil},
		{"baseUrl with a path prefix", `"{{baseUrl}}/users"`,
			`[{"key":"baseUrl","value":"https://api.example.com/v1"}]`, "https://api.example.com/v1/users", "v1|users", nil, nil},
		{"unresolved tokens reported", `"{{baseUrl}}/users/{{userId}}/posts?since={{since}}&{{flag}}"`,
			"", "{{baseUrl}}/users/{{userId}}/posts?since={{since}}&{{flag}}", "users|{{userId}}|posts",
			[]collection.QueryParam{{Key: "since", Value: "{{since}}"}, {Key: "{{flag}}", ValueNull: true}}, []string{"userId", "since", "flag"}},
		{"query values resolved", `"/s?q={{term}}"`, `[{"key":"term","value":"go"}]`, "/s?q=go", "s", []collection.QueryParam{{Key: "q", Value: "go"}}, nil},
		{"no URL is the root path", `null`, "", "", "", nil, nil},
		{"fragment dropped from path", `"/a/b#c"`, "", "/a/b#c", "a|b", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := resolveFirst(t, tt.url, tt.vars, nil)
			if got.Text != tt.text {
				t.Errorf("Text = %q, want %q", got.Text, tt.text)
			}
			if p := strings.Join(got.Path, "|"); p != tt.path || len(got.Path) == 0 {
				t.Errorf("Path = %q, want %q", got.Path, tt.path)
			}
			if !reflect.DeepEqual(got.Query, tt.query) {
				t.Errorf("Query = %+v, want %+v", got.Query, tt.query)
			}
			if !reflect.DeepEqual(got.Unresolved, tt.unresolved) {
				t.Errorf("Unresolved = %q, want %q", got.Unresolved, tt.unresolved)
			}
		})
	}
}

func TestResolveURLUsesTheEnvironmentFirst(t *testing.T) {
	env := &collection.Environment{Values: []collection.Variable{{Key: "baseUrl", Value: "http://localhost:3000/api"}}}
	got := resolveFirst(t, `"{{baseUrl}}/ping"`, `[{"key":"baseUrl","value":"https://api.example.com"}]`, env)
	if got.Text != "http://localhost:3000/api/ping" || strings.Join(got.Path, "/") != "api/ping" {
		t.Errorf("got %q path %q", got.Text, got.Path)
	}
}

func TestResolveURLIsLinearInPathVariables(t *testing.T) {
	// 40000 ":v" segments and as many url.variable entries: a lookup that
	// scans the variables for each segment takes seconds.
	const n = 40000
	var segs, vars []string
	for i := range n {
		segs = append(segs, `":v`+strconv.Itoa(i)+`"`)
		vars = append(vars, `{"key":"v`+strconv.Itoa(i)+`","value":"x`+strconv.Itoa(i)+`"}`)
	}
	c := mustParse(t, withItems(`[{"name":"r","request":{"url":{"path":[`+strings.Join(segs, ",")+`],"variable":[`+strings.Join(vars, ",")+`]}}}]`))
	r := collection.NewResolver(c, nil)
	u := &c.Requests()[0].Request.URL
	var got collection.ResolvedURL
	// Work done rather than time taken (BenchmarkResolveURLPathVariables
	// keeps the speed): bytes allocated stay a small multiple of the URL's
	// text (about 16x: 5 MB for its 300 KB); text rebuilt per segment
	// would be quadratic (gigabytes).
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got = r.ResolveURL(u)
	runtime.ReadMemStats(&after)
	size := len(u.String())
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("ResolveURL of a %d-byte URL allocated %d bytes", size, alloc)
	if alloc > uint64(64*size) {
		t.Errorf("ResolveURL of a %d-byte URL allocated %d bytes, want at most %d", size, alloc, 64*size)
	}
	if len(got.Path) != n || got.Path[n-1] != "x"+strconv.Itoa(n-1) {
		t.Errorf("got %d segments, last %q", len(got.Path), got.Path[len(got.Path)-1])
	}
}
