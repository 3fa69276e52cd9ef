package match_test

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/match"
)

// compileJSON parses and compiles a hand-made collection.
func compileJSON(t *testing.T, doc string) *match.Index {
	t.Helper()
	c, err := collection.Parse([]byte(doc))
	if err != nil {
		t.Fatal(err)
	}
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	return ix
}

// collectionOf wraps items in a collection with the given variables.
func collectionOf(vars, items string) string {
	return `{"info":{"name":"t","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
		"variable":[` + vars + `],"item":[` + items + `]}`
}

// TestQueryFieldWithAmpersandStaysOnePair (docs/collections.md#urls): a
// query field whose value holds '&' or '#', or whose key holds '&', '#' or
// '=', is percent-encoded before resolution as the SDK's unparse does, so it
// stays one pair: the route shows it encoded and a client sending that
// parameter scores +10.
func TestQueryFieldWithAmpersandStaysOnePair(t *testing.T) {
	ix := compileJSON(t, collectionOf(`{"key":"v","value":"x&y"}`, `{"name":"delete","request":{"url":{
		"raw":"https://api.example.com/file/delete",
		"host":["api","example","com"],"path":["file","delete"],
		"query":[{"key":"file","value":"https://s3.example.com/a.png?X-Amz-Expires=3600&x-amz-token=a%2Bb#frag"},
		         {"key":"k&#=","value":"1"},
		         {"key":"tok","value":"{{v}}"}]}},
		"response":[{"id":"r1","name":"ok","code":200,"body":"{}"}]}`))
	routes := ix.Routes()
	if len(routes) != 1 {
		t.Fatalf("%d routes, want 1", len(routes))
	}
	// A variable's value is resolved after the encoding, so its '&' splits
	// (the SDK resolves the same way).
	want := "file=https://s3.example.com/a.png?X-Amz-Expires=3600%26x-amz-token=a%2Bb%23frag&k%26%23%3D=1&tok=x&y"
	if routes[0].Query != want {
		t.Errorf("route query = %q\nwant          %q", routes[0].Query, want)
	}
	res := ix.Match(newRequest("GET", "/file/delete?file=https%3A%2F%2Fs3.example.com%2Fa.png%3FX-Amz-Expires%3D3600%26x-amz-token%3Da%2Bb%23frag&k%26%23%3D=1&tok=x&y", nil, ""), match.Config{})
	if res.Example == nil || res.Score != 110 {
		t.Errorf("client sending the pairs: score %d (%v), want 110", res.Score, res.Err)
	}
}

// TestValuelessPathVariableStaysWildcard (docs/collections.md#path-variables): a
// ":name" segment without a value is the wildcard {{name}} even when a
// collection variable has that name; one whose value is "{{name}}" still
// resolves to the variable.
func TestValuelessPathVariableStaysWildcard(t *testing.T) {
	item := func(name, value string) string {
		return `{"name":"` + name + `","request":{"url":{"raw":"{{base}}/products/:product_id",
			"host":["{{base}}"],"path":["products",":product_id"],
			"variable":[{"key":"product_id","value":` + value + `}]}},
			"response":[{"id":"` + name + `","name":"` + name + `","code":200,"body":"{{product_id}}"}]}`
	}
	ix := compileJSON(t, collectionOf(`{"key":"base","value":"https://api.example.com/v1"},{"key":"product_id","value":"1645840190"}`,
		item("valueless", "null")+","+item("empty", `""`)+","+item("variable", `"{{product_id}}"`)))
	var paths []string
	for _, r := range ix.Routes() {
		paths = append(paths, r.Path)
	}
	want := "/v1/products/{{product_id}} /v1/products/{{product_id}} /v1/products/1645840190"
	if got := strings.Join(paths, " "); got != want {
		t.Errorf("route paths = %s, want %s", got, want)
	}
	res := ix.Match(newRequest("GET", "/v1/products/777", nil, ""), match.Config{})
	if exampleOf(res) != "valueless" || res.Step != match.StepWildcard || res.Captures["product_id"] != "777" {
		t.Errorf("GET /v1/products/777 = %s step %v captures %v, want valueless by wildcard capturing 777",
			exampleOf(res), res.Step, res.Captures)
	}
	if res := ix.Match(newRequest("GET", "/v1/products/1645840190", nil, ""), match.Config{}); exampleOf(res) != "variable" {
		t.Errorf("GET /v1/products/1645840190 = %s, want variable (exact)", exampleOf(res))
	}
}

// TestTiesWithoutOwnIDFollowDocumentOrder (docs/matching.md#winner-and-ties): among
// tied examples without an id of their own the first in document order
// wins; one with its own id beats them; among own ids the last wins. The
// name header serves own ids ascending first, then the others in document
// order.
func TestTiesWithoutOwnIDFollowDocumentOrder(t *testing.T) {
	ex := func(id, name string) string {
		idField := ""
		if id != "" {
			idField = `"id":"` + id + `",`
		}
		return `{` + idField + `"name":"` + name + `","code":200,"body":"` + name + `",
			"originalRequest":{"method":"GET","url":"https://api.example.com/users"}}`
	}
	item := func(exs ...string) string {
		return `{"name":"users","request":{"method":"GET","url":"https://api.example.com/users"},"response":[` +
			strings.Join(exs, ",") + `]}`
	}
	tests := []struct {
		name     string
		examples []string
		want     string // body of the tie winner
		wantName string // body served for x-mock-response-name "dup"
	}{
		{"no own ids: the first", []string{ex("", "dup"), ex("", "second"), ex("", "third")}, "dup", "dup"},
		{"no own ids, name: the first", []string{ex("", "first"), ex("", "dup"), ex("", "dup")}, "first", "dup"},
		{"own ids: the last id", []string{ex("b", "dup"), ex("c", "dup2"), ex("a", "three")}, "dup2", "dup"},
		{"own id beats none", []string{ex("", "first"), ex("", "dup"), ex("0", "dup")}, "dup", "dup"},
		{"a duplicate id is synthetic", []string{ex("z", "first"), ex("z", "dup"), ex("y", "dup")}, "first", "dup"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ix := compileJSON(t, collectionOf("", item(tt.examples...)))
			res := ix.Match(newRequest("GET", "/users", nil, ""), match.Config{})
			if res.Example == nil || res.Example.Body != tt.want {
				t.Errorf("tie winner = %s, want body %q", describe(res), tt.want)
			}
			res = ix.Match(newRequest("GET", "/users", map[string]string{"x-mock-response-name": "dup"}, ""), match.Config{})
			if res.Example == nil || res.Example.Name != "dup" {
				t.Fatalf("name header = %s, want an example named dup", describe(res))
			}
			// The served one is the expected position among the "dup"s.
			var want *collection.Example
			for _, e := range ix.Collection().Examples() {
				if e.Name == "dup" && (want == nil || !e.IDSynthetic && (want.IDSynthetic || e.ID < want.ID)) {
					want = e
				}
			}
			if res.Example != want {
				t.Errorf("name header = %s, want %s", describe(res), want.ID)
			}
		})
	}
}

// describe names a result's example by id and position.
func describe(r match.Result) string {
	if r.Example == nil {
		return fmt.Sprintf("none (%v)", r.Err)
	}
	return fmt.Sprintf("%s (#%d %q body %q)", r.Example.ID, r.Example.Index, r.Example.Name, r.Example.Body)
}

// TestQueryPlusIsSpace (docs/matching.md#query-scoring): in query keys and values '+' is a
// space on the request and the example alike, so a Go client's
// url.Values.Encode output scores +10 against an example saved with %20.
func TestQueryPlusIsSpace(t *testing.T) {
	tests := []struct {
		example, request string
		want             int
	}{
		{"q=a%20b", "q=a+b", 110},
		{"q=a+b", "q=a%20b", 110},
		{"q=a b", "q=a+b", 110},
		{"my+key=1", "my%20key=1", 110},
		{"q=a%2Bb", "q=a+b", 90}, // an encoded '+' stays a plus
		{"q=a%2Bb", "q=a%2Bb", 110},
	}
	for _, tt := range tests {
		t.Run(tt.example+" vs "+tt.request, func(t *testing.T) {
			ix := compileJSON(t, collectionOf("", `{"name":"s","request":{"url":"https://api.example.com/search?`+tt.example+`"},
				"response":[{"id":"s1","name":"s","code":200,"body":"{}"}]}`))
			res := ix.Match(newRequest("GET", "/search?"+tt.request, nil, ""), match.Config{})
			if res.Score != tt.want {
				t.Errorf("score = %d (%s), want %d", res.Score, describe(res), tt.want)
			}
		})
	}
}

// TestCorpusSDKDetails checks the two corpus collections behind
// docs/collections.md#urls: pdfco's pre-signed S3 URL in a query value
// is one pair that a client sending it matches at +10, and PayPal's
// valueless :product_id (401 of "Show product details") is a wildcard
// although a collection variable product_id exists.
func TestCorpusSDKDetails(t *testing.T) {
	dir := corpus.Dir(t)
	load := func(t *testing.T, name string) *match.Index {
		t.Helper()
		return compileFile(t, filepath.Join(dir, "collections", name))
	}
	t.Run("pdfco", func(t *testing.T) {
		ix := load(t, "kevinswiber__postman2openapi__pdfco.json")
		found := false
		for _, r := range ix.Routes() {
			if r.Path != "/v1/file/delete" || !strings.Contains(r.Query, "X-Amz-Expires") {
				continue
			}
			found = true
			if strings.Count(r.Query, "&") != 0 || !strings.Contains(r.Query, "X-Amz-Expires=3600%26") {
				t.Errorf("route query %.120s… is not one pair", r.Query)
			}
			// What a client sends for that one parameter.
			v, _ := url.QueryUnescape(strings.TrimPrefix(r.Query, "file="))
			res := ix.Match(newRequest(r.Method, r.Path+"?"+url.Values{"file": {v}}.Encode(), nil, ""), match.Config{})
			if res.Score != 110 {
				t.Errorf("client sending file=<the S3 URL>: %s score %d, want 110", describe(res), res.Score)
			}
		}
		if !found {
			t.Fatal("no route /v1/file/delete with the S3 URL")
		}
	})
	t.Run("paypal", func(t *testing.T) {
		ix := load(t, "paypal__postman-collections__public-apis.json")
		res := ix.Match(newRequest("GET", "/v1/catalogs/products/P-777", nil, ""), match.Config{})
		if res.Example == nil || res.Example.Name != "401 Unauthorized - Invalid Token" || res.Step != match.StepWildcard ||
			res.Captures["product_id"] != "P-777" {
			t.Errorf("GET /v1/catalogs/products/P-777 = %s step %v captures %v, want the valueless 401 by wildcard",
				describe(res), res.Step, res.Captures)
		}
	})
}
