package mock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/internal/testsupport/fuzzseed"
	"github.com/postmock/postmock/mock"
)

// Fuzz targets of the handler. Seed corpora live in testdata/fuzz/<Name>/
// (Go's corpus format); TestWriteFuzzSeeds regenerates the spec- and
// corpus- seeds. Run one target with
//
//	go test ./mock/ -run '^$' -fuzz '^FuzzServeHTTP$' -fuzztime 45s
//
// or every target with scripts/fuzz.sh.

// echoCollection answers from request data: captures, every template
// helper and dynamic values, in the body and in header values, so that
// fuzzed requests reach the renderer; it also has a 404 example, an
// OPTIONS example and a body-matched POST.
func echoCollection(tb testing.TB) *collection.Collection {
	tb.Helper()
	echoHeaders := []any{
		map[string]any{"key": "Content-Type", "value": "text/plain"},
		map[string]any{"key": "X-Id", "value": "{{id}}"},
		map[string]any{"key": "X-In", "value": "{{$headers 'x-in'}}"},
		map[string]any{"key": "X-Q", "value": "{{$queryParams 'q'}}"},
		map[string]any{"key": "X-Seg", "value": "{{$pathSegments '1'}}"},
		map[string]any{"key": "X-Body", "value": "{{$body}}"},
		map[string]any{"key": "X-Body-A", "value": "{{$body 'a.b' 'none'}}"},
		map[string]any{"key": "X-Words", "value": "{{$randomWords}}"},
		map[string]any{"key": "X-{{id}}", "value": "token names are not resolved"},
		map[string]any{"key": "Bad Name", "value": "dropped"},
		map[string]any{"key": "Content-Length", "value": "1"},
	}
	body := "id={{id}} in={{$headers 'x-in'}} q={{$queryParams 'q'}} seg={{$pathSegments '0'}} a={{$body 'a'}} body={{$body}} guid={{$guid}} greeting={{greeting}}"
	ex := func(id, method, url string, code int, extra map[string]any) any {
		e := map[string]any{"id": id, "name": id, "code": code,
			"originalRequest": map[string]any{"method": method, "url": url}, "header": echoHeaders, "body": body}
		for k, v := range extra {
			e[k] = v
		}
		return e
	}
	doc := map[string]any{
		"info":     map[string]any{"name": "echo"},
		"variable": []any{map[string]any{"key": "host", "value": "https://api.example.com"}, map[string]any{"key": "greeting", "value": "hi {{who}}"}, map[string]any{"key": "who", "value": "you"}},
		"item": []any{map[string]any{"name": "echo", "request": "{{host}}/echo", "response": []any{
			ex("e1", "GET", "{{host}}/echo/{{id}}", 200, nil),
			ex("e2", "POST", "{{host}}/echo/{{id}}", 201, nil),
			ex("e3", "GET", "{{host}}/gone/{{id}}", 404, nil),
			ex("e4", "OPTIONS", "{{host}}/opts", 200, nil),
			ex("e5", "PUT", "{{host}}/json", 200, map[string]any{"originalRequest": map[string]any{"method": "PUT", "url": "{{host}}/json",
				"body": map[string]any{"mode": "raw", "raw": `{"a":1}`, "options": map[string]any{"raw": map[string]any{"language": "json"}}}}}),
			ex("e6", "HEAD", "{{host}}/head", 200, nil),
			ex("e7", "GET", "{{host}}/info/{{id}}", 103, nil),
			ex("e8", "GET", "{{host}}/null/{{id}}", 204, map[string]any{"body": nil}),
		}}},
	}
	data, err := json.Marshal(doc)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := collection.Parse(data)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// fuzzMock builds a mock for fuzzing: no delays, a one-entry call log (the
// last call is checked), a small body limit so that 413 is reachable.
func fuzzMock(tb testing.TB, c *collection.Collection, opts ...mock.Option) *mock.Mock {
	tb.Helper()
	opts = append([]mock.Option{mock.WithMaxDelay(0), mock.WithSeed(1),
		mock.WithCallLogLimits(calllog.Limits{MaxEntries: 1, MaxBodyBytes: 4096}), mock.WithBodyLimit(1024)}, opts...)
	m, err := mock.New(c, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

// tchars are the characters of an HTTP token, written out from RFC 7230
// §3.2.6 (field-name = token; tchar = "!" / "#" / "$" / "%" / "&" / "'" /
// "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA), as
// an allow-list: the mock's validHeaderName is a deny-list, so the two
// check each other (TestValidHeaderNameIsAnRFC7230Token).
const tchars = "!#$%&'*+-.^_`|~" + "0123456789" +
	"ABCDEFGHIJKLMNOPQRSTUVWXYZ" + "abcdefghijklmnopqrstuvwxyz"

// validFieldName reports whether k is a header name net/http's server
// accepts: an RFC 7230 token.
func validFieldName(k string) bool {
	if k == "" {
		return false
	}
	for i := 0; i < len(k); i++ {
		if strings.IndexByte(tchars, k[i]) < 0 {
			return false
		}
	}
	return true
}

// TestValidHeaderNameIsAnRFC7230Token compares the mock's header-name check
// with the RFC's token grammar on every byte, alone and inside a name.
func TestValidHeaderNameIsAnRFC7230Token(t *testing.T) {
	for b := 0; b < 256; b++ {
		c := string([]byte{byte(b)})
		for _, k := range []string{c, "X-" + c + "-Y"} {
			if got, want := mock.ValidHeaderName(k), validFieldName(k); got != want {
				t.Errorf("validHeaderName(%q) = %v, RFC 7230 token: %v", k, got, want)
			}
		}
	}
	if mock.ValidHeaderName("") || validFieldName("") {
		t.Error("the empty name is valid")
	}
}

func validFieldValue(v string) bool { return !strings.ContainsAny(v, "\r\n\x00") }

func FuzzServeHTTP(f *testing.F) {
	worked := fuzzMock(f, mustLoad(f, "testdata/worked.postman_collection.json"))
	echo := fuzzMock(f, echoCollection(f))
	matchBody := fuzzMock(f, mustLoad(f, "testdata/worked.postman_collection.json"), mock.WithConfig(mock.Config{MatchBody: true, Headers: []string{"x-tenant"}}))
	f.Add("GET", "/users", "", "", "", "", "", []byte(nil), false)
	f.Add("GET", "/echo/%0d%0aSet-Cookie:%20x=1?q=%0d%0a", "X-In", "a\r\nb", "", "", "", []byte(`{"a":{"b":"\r\n"}}`), true)
	f.Fuzz(func(t *testing.T, method, target, k1, v1, k2, v2, lines string, body []byte, raw bool) {
		if len(target) > 64<<10 || len(body) > 64<<10 || len(lines) > 16<<10 {
			return
		}
		pairs := [][2]string{{k1, v1}, {k2, v2}}
		for i, line := range strings.Split(lines, "\n") {
			if i >= 16 {
				break
			}
			if k, v, ok := strings.Cut(line, ":"); ok {
				pairs = append(pairs, [2]string{k, strings.TrimLeft(v, " ")})
			}
		}
		for _, m := range []*mock.Mock{worked, echo, matchBody} {
			var req *http.Request
			if raw {
				req = rawRequest(method, target, pairs, body)
			} else {
				var err error
				req, err = clientRequest(method, target, pairs, body)
				if err != nil {
					return // http.NewRequest refuses it; raw mode covers odd targets
				}
			}
			rec := httptest.NewRecorder()
			m.ServeHTTP(rec, req)
			checkResponse(t, m, req, rec)

			if !raw {
				// The in-process Transport answers with the same status.
				req2, _ := clientRequest(method, target, pairs, body)
				resp, err := m.Transport().RoundTrip(req2)
				if err != nil {
					t.Fatalf("Transport: %v", err)
				}
				got, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if resp.StatusCode != rec.Code {
					t.Fatalf("%s %q: ServeHTTP answered %d, Transport %d (%q)", method, target, rec.Code, resp.StatusCode, got)
				}
			}
		}
	})
}

func mustLoad(tb testing.TB, file string) *collection.Collection {
	tb.Helper()
	c, err := collection.LoadFile(file)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// clientRequest builds a request the way a Go client would: http.NewRequest
// and only header lines a server would accept.
func clientRequest(method, target string, pairs [][2]string, body []byte) (*http.Request, error) {
	req, err := http.NewRequest(method, "http://example.com"+target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	for _, p := range pairs {
		if validFieldName(p[0]) && validFieldValue(p[1]) {
			req.Header.Add(p[0], p[1])
		}
	}
	return req, nil
}

// rawRequest builds a server-side request as is: the request-target kept
// in RequestURI and RawPath, header names and values unchecked (as an
// in-process caller or a lax proxy may hand them over).
func rawRequest(method, target string, pairs [][2]string, body []byte) *http.Request {
	path, query, _ := strings.Cut(target, "?")
	u := &url.URL{Path: path, RawPath: path, RawQuery: query}
	if p, err := url.PathUnescape(path); err == nil {
		u.Path = p
	}
	h := http.Header{}
	for _, p := range pairs {
		h[p[0]] = append(h[p[0]], p[1])
	}
	req := &http.Request{Method: method, URL: u, RequestURI: target, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader(body)), ContentLength: int64(len(body)), Host: "example.com",
		RemoteAddr: "192.0.2.1:1234"}
	return req.WithContext(context.Background())
}

// checkResponse checks what every answer must satisfy.
func checkResponse(t *testing.T, m *mock.Mock, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	desc := fmt.Sprintf("%s %q", req.Method, req.RequestURI)
	if req.RequestURI == "" {
		desc = fmt.Sprintf("%s %q", req.Method, req.URL.String())
	}
	if rec.Code < 100 || rec.Code > 599 {
		t.Fatalf("%s: status %d outside 100–599", desc, rec.Code)
	}
	for k, vs := range rec.Header() {
		if strings.ContainsAny(k, "\r\n") {
			t.Fatalf("%s: response header name %q holds CR or LF", desc, k)
		}
		for _, v := range vs {
			if strings.ContainsAny(v, "\r\n\x00") {
				t.Fatalf("%s: response header %s: %q holds CR, LF or NUL", desc, k, v)
			}
		}
	}
	head := req.Method == http.MethodHead
	if cl := rec.Header().Get("Content-Length"); !head && cl != strconv.Itoa(rec.Body.Len()) {
		t.Fatalf("%s: Content-Length %q for a %d-byte body", desc, cl, rec.Body.Len())
	}
	calls := m.Calls().All()
	if len(calls) == 0 {
		t.Fatalf("%s: no call-log entry", desc)
	}
	last := calls[len(calls)-1]
	if last.Response.StatusCode != rec.Code {
		t.Fatalf("%s: call log says %d, the response is %d", desc, last.Response.StatusCode, rec.Code)
	}
	if rec.Code == http.StatusNotFound && !last.Matched {
		want := mock.NotFoundBody
		if head {
			want = ""
		}
		if rec.Body.String() != want {
			t.Fatalf("%s: unmatched 404 body %q, want Postman's %q", desc, rec.Body.String(), want)
		}
		if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
			t.Fatalf("%s: unmatched 404 Content-Type %q", desc, ct)
		}
	}
	if rec.Body.Len() > 4<<20 {
		t.Fatalf("%s: %d-byte response", desc, rec.Body.Len())
	}
}

// maxRenderInput and maxRenderOutput bound FuzzRender: templates and
// request data under 4 KiB must render to less than 2 MiB (the resolver
// stops growing text past 1 MiB).
const (
	maxRenderInput  = 4 << 10
	maxRenderOutput = 2 << 20
)

// FuzzRender fuzzes an example's body and a header value template and the
// request data they may echo: a one-example collection built with
// encoding/json, loaded by collection.Parse, served once.
func FuzzRender(f *testing.F) {
	f.Add("{\"id\":\"{{id}}\",\"greeting\":\"{{greeting}} {{who}}\"}", "{{id}}", "carol", []byte(nil))
	f.Add("{{$body}}", "{{$body 'a'}}", "x", []byte(`{{$body}}{{$body}}`))
	f.Fuzz(func(t *testing.T, tmpl, headerTmpl, seg string, reqBody []byte) {
		if len(tmpl)+len(headerTmpl)+len(seg)+len(reqBody) >= maxRenderInput {
			return
		}
		if !utf8.ValidString(tmpl) || !utf8.ValidString(headerTmpl) {
			return // encoding/json would turn invalid bytes into U+FFFD
		}
		doc, err := json.Marshal(map[string]any{
			"info": map[string]any{"name": "render"},
			"variable": []any{
				map[string]any{"key": "host", "value": "https://api.example.com"},
				map[string]any{"key": "greeting", "value": "hello"},
				map[string]any{"key": "who", "value": "{{name}}"},
				map[string]any{"key": "name", "value": "collection"},
				map[string]any{"key": "twice", "value": "{{twice}}{{twice}}"},
			},
			"item": []any{map[string]any{"name": "r", "request": "{{host}}/r", "response": []any{map[string]any{
				"id": "r1", "name": "r1", "code": 200,
				"originalRequest": map[string]any{"method": "POST", "url": "{{host}}/r/{{id}}"},
				"header":          []any{map[string]any{"key": "X-Rendered", "value": headerTmpl}},
				"body":            tmpl,
			}}}},
		})
		if err != nil {
			t.Fatal(err)
		}
		c, err := collection.Parse(doc)
		if err != nil {
			return // invalid UTF-8 and the like: the loader refuses it
		}
		m, err := mock.New(c, mock.WithSeed(7), mock.WithMaxDelay(0), mock.WithCallLogLimits(calllog.Limits{MaxEntries: 1}))
		if err != nil {
			t.Fatal(err)
		}
		req := rawRequest("POST", "/r/"+url.PathEscape(seg)+"?q="+url.QueryEscape(seg),
			[][2]string{{"Content-Type", "application/json"}, {"X-In", seg}}, reqBody)
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, req)
		checkResponse(t, m, req, rec)
		if seg != "" && rec.Code != http.StatusOK {
			t.Fatalf("status %d, want the example's 200", rec.Code)
		}
		if n := rec.Body.Len(); n >= maxRenderOutput {
			t.Fatalf("%d bytes of template and request rendered to a %d-byte body", len(tmpl)+len(headerTmpl)+len(seg)+len(reqBody), n)
		}
		for _, v := range rec.Header().Values("X-Rendered") {
			if len(v) >= maxRenderOutput {
				t.Fatalf("header value of %d bytes", len(v))
			}
		}
		if !strings.Contains(tmpl, "{{") && seg != "" && rec.Body.String() != tmpl {
			t.Fatalf("a body without tokens changed: %q → %q", tmpl, rec.Body.String())
		}
	})
}

// ---- seed corpus ----

// TestWriteFuzzSeeds regenerates the spec- and corpus- seeds under
// testdata/fuzz from docs/matching.md#worked-examples, docs/variables.md and the small
// collections of the shared corpus. It only runs with
// POSTMOCK_WRITE_FUZZ_SEEDS=1; files with other names are left alone.
func TestWriteFuzzSeeds(t *testing.T) {
	if os.Getenv("POSTMOCK_WRITE_FUZZ_SEEDS") != "1" {
		t.Skip("set POSTMOCK_WRITE_FUZZ_SEEDS=1 to regenerate testdata/fuzz seeds")
	}
	type serve struct {
		name, method, target, k1, v1, k2, v2, lines, body string
		raw                                               bool
	}
	const mr, mb, mi, mn, md = "x-mock-response-code", "x-mock-match-request-body", "x-mock-response-id", "x-mock-response-name", "x-mock-response-delay"
	seeds := []serve{
		// docs/matching.md#worked-examples.
		{"spec-01", "GET", "/users", "", "", "", "", "", "", false},
		{"spec-02", "GET", "/users?page=2", "", "", "", "", "", "", false},
		{"spec-03", "GET", "/users?PAGE=2", "", "", "", "", "", "", false},
		{"spec-06", "GET", "/Users/", "", "", "", "", "", "", false},
		{"spec-07", "GET", "/users/42", "", "", "", "", "", "", false},
		{"spec-08", "GET", "/users/42", mr, "200", "", "", "", "", false},
		{"spec-09", "GET", "/users/carol", "", "", "", "", "", "", false},
		{"spec-12", "GET", "/orders/5b0e2a1c-1111-4222-8333-444455556666/items", "", "", "", "", "", "", false},
		{"spec-15", "POST", "/users", "Content-Type", "application/json", "", "", "", `{"name":"Ann"}`, false},
		{"spec-16", "POST", "/users", "Content-Type", "application/json", mb, "true", "", `{"name":"Ann"}`, false},
		{"spec-17", "POST", "/users", "Content-Type", "application/json", mb, "TRUE", "", `{"name":"Bob"}`, false},
		{"spec-18", "GET", "/whatever", mn, "User 42", "", "", "", "", false},
		{"spec-19", "GET", "/anything", mi, "a4", "", "", "", "", false},
		{"spec-20", "GET", "/users", mi, "zz", "", "", "", "", false},
		{"spec-21", "DELETE", "/users", "", "", "", "", "", "", false},
		{"spec-23", "GET", "/documents/my-documnt", "", "", "", "", "", "", false},
		{"spec-25", "GET", "/status", "", "", "", "", "", "", false},
		{"spec-27", "GET", "/tenants/users", "X-Tenant", "A", "x-mock-match-request-headers", "x-tenant", "", "", false},
		// Delays, codes and CORS (delays are capped at 0 while fuzzing).
		{"spec-delay-250", "GET", "/users", md, "250", "", "", "", "", false},
		{"spec-delay-abc", "GET", "/users", md, "abc", "", "", "", "", false},
		{"spec-delay-big", "GET", "/users", md, "1e9", "", "", "", "", false},
		{"spec-code-abc", "GET", "/users", mr, "abc", "", "", "", "", false},
		{"spec-code-99", "GET", "/users", mr, "99", "", "", "", "", false},
		{"spec-code-1000", "GET", "/users", mr, "1000", "", "", "", "", false},
		{"spec-head", "HEAD", "/users", "", "", "", "", "", "", false},
		{"spec-preflight", "OPTIONS", "/users", "Origin", "https://app.example", "Access-Control-Request-Method", "PATCH", "Access-Control-Request-Headers: x-a, x-b", "", false},
		{"spec-origin", "GET", "/users", "Origin", "https://app.example", "", "", "", "", false},
		{"spec-too-large", "POST", "/users", mb, "true", "", "", "", strings.Repeat("x", 2048), false},
		// docs/variables.md#wildcards-and-captures and #template-helpers through the echo collection.
		{"spec-echo-capture", "GET", "/echo/carol?q=1", "X-In", "hello", "", "", "", "", false},
		{"spec-echo-helpers", "POST", "/echo/7?q=a&q=b", "Content-Type", "application/json", "X-In", "v", "", `{"a":{"b":[1,2]},"x":"y"}`, false},
		{"spec-echo-form", "POST", "/echo/7", "Content-Type", "application/x-www-form-urlencoded", "", "", "", "a=1&a.b=2", false},
		{"spec-echo-404", "GET", "/gone/7", "", "", "", "", "", "", false},
		{"spec-echo-103", "GET", "/info/7", "", "", "", "", "", "", false},
		{"spec-echo-204", "GET", "/null/7", "", "", "", "", "", "", false},
		{"spec-echo-options", "OPTIONS", "/opts", "Access-Control-Request-Method", "GET", "", "", "", "", false},
		{"spec-echo-json", "PUT", "/json", "Content-Type", "application/json", mb, "true", "", `{"a":1.0}`, false},
		// Hostile: header injection through captures, helpers and headers.
		{"spec-crlf-capture", "GET", "/echo/%0d%0aSet-Cookie:%20x=1", "", "", "", "", "", "", true},
		{"spec-crlf-query", "GET", "/echo/1?q=%0d%0aX-Evil:%201", "", "", "", "", "", "", true},
		{"spec-crlf-header", "GET", "/echo/1", "X-In", "a\r\nX-Evil: 1", "", "", "", "", true},
		{"spec-crlf-body", "POST", "/echo/1", "Content-Type", "application/json", "", "", "", `{"a":{"b":"x\r\nX-Evil: 1"}}`, true},
		{"spec-nul-body", "POST", "/echo/1", "", "", "", "", "", "a\x00b", true},
		{"spec-invalid-utf8", "GET", "/users/\xff\xfe", "", "", "", "", "", "", true},
		{"spec-bad-escape", "GET", "/users/%zz", "", "", "", "", "", "", true},
		{"spec-pct-ff", "GET", "/users/%FF", "", "", "", "", "", "", false},
		{"spec-dotdot", "GET", "/users/../users/./42", "", "", "", "", "", "", true},
		{"spec-slashes", "GET", "//users///", "", "", "", "", "", "", true},
		{"spec-absolute", "GET", "http://other.example/users", "", "", "", "", "", "", true},
		{"spec-star", "OPTIONS", "*", "", "", "", "", "", "", true},
		{"spec-empty", "", "", "", "", "", "", "", "", true},
		{"spec-lower-method", "get", "/users", "", "", "", "", "", "", true},
		{"spec-weird-header-name", "GET", "/users", "x-mock-response-code\r\n", "200", "X\x00Y", "v", "", "", true},
		{"spec-many-segments", "GET", strings.Repeat("/a", 2000), "", "", "", "", "", "", false},
		{"spec-many-params", "GET", "/users?" + strings.Repeat("a=1&", 1000), "", "", "", "", "", "", false},
		{"spec-template-in-request", "POST", "/echo/%7B%7Bgreeting%7D%7D", "X-In", "{{$randomInt}}", "", "", "", "{{$body}}{{$body}}", true},
	}
	dir := filepath.Join("testdata", "fuzz", "FuzzServeHTTP")
	fuzzseed.Clear(t, dir)
	for _, s := range seeds {
		fuzzseed.Write(t, dir, s.name, s.method, s.target, s.k1, s.v1, s.k2, s.v2, s.lines, []byte(s.body), s.raw)
	}

	rdir := filepath.Join("testdata", "fuzz", "FuzzRender")
	fuzzseed.Clear(t, rdir)
	render := []struct{ name, tmpl, hdr, seg, body string }{
		{"spec-variables", `{"id":"{{id}}","greeting":"{{greeting}} {{who}}","unknown":"{{nope}}"}`, "{{id}}", "carol", ""},
		{"spec-dynamic", `{"guid":"{{$guid}}","n":{{$randomInt}},"first":"{{$randomFirstName}}","ts":{{$timestamp}}}`, "{{$randomUUID}}", "1", ""},
		{"spec-helpers", "name={{$body 'user.name' 'anon'}} tag={{$body 'tags.1'}} dot={{$body 'a\\.b'}} page={{$queryParams 'q'}} seg={{$pathSegments '1'}} in={{$headers 'x-in'}} raw={{$body}}", "{{$headers 'X-IN'}}", "seg", `{"user":{"name":"Ann"},"tags":["x",{"k":1}],"a.b":true}`},
		{"spec-composed", "{{host_{{env}}}} {{{{who}}}}", "", "x", ""},
		{"spec-chain-cycle", "{{twice}}", "{{twice}}", "x", ""},
		{"spec-body-doubling", "{{$body}}", "{{$body}}", "x", "{{$body}}{{$body}}"},
		{"spec-capture-reresolved", "{{id}}", "{{id}}", "{{greeting}}", ""},
		{"spec-helper-args", "{{$body 'a' 'b' 'c'}} {{$body \"a\"}} {{$body 'unterminated}} {{$pathSegments '-1'}} {{$pathSegments '99999999999999999999'}}", "", "x", `{"a":[1,2`},
		{"spec-lorem", strings.Repeat("{{$randomLoremParagraphs}}", 100), "{{$randomLoremParagraphs}}", "x", ""},
		{"spec-braces", "{{{ {{}} }}} {{a{{b}}c}} {{", "}}{{", "x", ""},
		{"spec-crlf", "{{id}}", "a{{$body 'k'}}b", "%0d%0a", `{"k":"\r\nX-Evil: 1"}`},
	}
	for _, r := range render {
		fuzzseed.Write(t, rdir, r.name, r.tmpl, r.hdr, r.seg, []byte(r.body))
	}

	cdir := corpus.Dir(t)
	for _, e := range corpus.Manifest(t, cdir) {
		if e.IsEnvironment() || e.Bytes > 25000 {
			continue
		}
		c, err := collection.LoadFile(e.Path(cdir))
		if err != nil {
			t.Fatal(err)
		}
		short := strings.TrimSuffix(e.File, ".json")
		if _, after, ok := strings.Cut(short, "__"); ok {
			short = after
		}
		r := collection.NewResolver(c, nil)
		for i, ex := range c.Examples() {
			if i >= 6 {
				break
			}
			name := fmt.Sprintf("corpus-%s-%d", short, i+1)
			u := r.ResolveURL(&ex.Request.URL)
			target := "/" + strings.Join(u.Path, "/")
			var qs []string
			for _, q := range u.Query {
				qs = append(qs, q.Key+"="+q.Value)
			}
			if len(qs) > 0 {
				target += "?" + strings.Join(qs, "&")
			}
			var k1, v1, body string
			for _, h := range ex.Request.Header {
				if !h.Disabled && validFieldName(h.Key) {
					k1, v1 = h.Key, h.Value
					break
				}
			}
			if b := ex.Request.Body; b != nil && b.Mode == collection.ModeRaw && len(b.Raw) < 4096 {
				body = b.Raw
			}
			fuzzseed.Write(t, dir, name, ex.Request.MethodOrGet(), target, k1, v1, "", "", "", []byte(body), false)
			if strings.Contains(ex.Body, "{{") && len(ex.Body) < 4000 {
				fuzzseed.Write(t, rdir, name, ex.Body, "", "x", []byte(body))
			}
		}
	}
}
