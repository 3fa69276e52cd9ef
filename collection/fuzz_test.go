package collection_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/postmock/postmock/collection"
)

// The seed corpora under testdata/fuzz hold small collections of the shared
// corpus and the specification's examples; the testdata collections are
// added here too.

var sentinels = []error{collection.ErrSyntax, collection.ErrNotCollection, collection.ErrNotEnvironment,
	collection.ErrUnsupportedVersion, collection.ErrInvalid, collection.ErrTooLarge}

// checkLoadError checks that err is a *collection.Error wrapping one of the
// package's sentinels.
func checkLoadError(t *testing.T, err error) {
	t.Helper()
	var e *collection.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v is a %T, want *collection.Error", err, err)
	}
	for _, s := range sentinels {
		if errors.Is(err, s) {
			return
		}
	}
	t.Fatalf("error %v wraps no sentinel", err)
}

func addTestdata(f *testing.F, pattern string) {
	files, err := filepath.Glob(filepath.Join("testdata", pattern))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
}

func FuzzParse(f *testing.F) {
	addTestdata(f, "*.json")
	f.Add([]byte(withItems(`[]`)))
	f.Add([]byte(`{"collection":{"info":{"name":"x"},"item":[{"request":"/a/:b","response":{"code":"x"}}]}}`))
	f.Add([]byte(withItems(`[{"name":"r","request":{"url":{"raw":"{{u}}/:id?a={{b}}","path":"/a/:id","variable":[{"id":"id","value":"<string>"}]}},"response":[{"id":"a"},{"id":"a"},{}]}]`)))
	f.Add([]byte(`{"info":{},"variable":[{"key":"a","value":"{{b}}{{b}}"},{"key":"b","value":"{{a}}{{a}}"}],"item":[{"request":"{{a}}/{{b}}","response":[{}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := collection.Parse(data)
		// Loading is deterministic, and spreading it over goroutines (which
		// walks the text while it is validated) changes nothing, whatever
		// the input.
		again, cerr := collection.Parse(data, collection.ConcurrentFrom(0))
		if (err == nil) != (cerr == nil) || (err != nil && err.Error() != cerr.Error()) {
			t.Fatalf("concurrent load: err = %v, sequential: %v", cerr, err)
		}
		if err != nil {
			if c != nil || again != nil {
				t.Fatal("collection returned with an error")
			}
			checkLoadError(t, err)
			return
		}
		if diff := cmp.Diff(c, again, cmpCollection); diff != "" {
			t.Fatalf("concurrent load differs (-sequential +concurrent):\n%s", diff)
		}
		checkCollection(t, c)

		// Strict fails exactly when there are diagnostics, with the first.
		_, serr := collection.Parse(data, collection.Strict())
		switch {
		case len(c.Diagnostics) == 0 && serr != nil:
			t.Fatalf("Strict failed without diagnostics: %v", serr)
		case len(c.Diagnostics) > 0 && (!errors.Is(serr, collection.ErrInvalid) || serr.Error() != c.Diagnostics[0].String()):
			t.Fatalf("Strict: err = %v, want %q", serr, c.Diagnostics[0].String())
		}
	})
}

// checkCollection checks the invariants of a loaded collection and runs every
// example URL through the resolver.
func checkCollection(t *testing.T, c *collection.Collection) {
	t.Helper()
	if c.Version != "2.1.0" && c.Version != "2.0.0" {
		t.Fatalf("Version = %q", c.Version)
	}
	var requests []*collection.Item
	err := c.Walk(func(folders []string, it *collection.Item) error {
		if len(folders) > collection.MaxDepth {
			t.Fatalf("%s: %d enclosing folders", it.JSONPath, len(folders))
		}
		if it.Folder == (it.Request != nil) {
			t.Fatalf("%s: folder %v with request %v", it.JSONPath, it.Folder, it.Request != nil)
		}
		if !it.Folder {
			requests = append(requests, it)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(requests) != len(c.Requests()) {
		t.Fatalf("Walk found %d requests, Requests() has %d", len(requests), len(c.Requests()))
	}
	for i, it := range requests {
		if c.Requests()[i] != it {
			t.Fatalf("%s: Walk and Requests() disagree on the order", it.JSONPath)
		}
	}
	ids := map[string]bool{}
	var n int
	r := collection.NewResolver(c, nil)
	for _, it := range c.Requests() {
		for _, ex := range it.Examples {
			if ex != c.Examples()[n] {
				t.Fatalf("%s: Examples() out of document order", ex.JSONPath)
			}
			n++
			if ex.ID == "" || ids[ex.ID] {
				t.Fatalf("%s: id %q empty or used twice", ex.JSONPath, ex.ID)
			}
			ids[ex.ID] = true
			if ex.Request == nil || ex.Item != it || ex.UID == "" {
				t.Fatalf("%s: request %v item %v uid %q", ex.JSONPath, ex.Request, ex.Item, ex.UID)
			}
			u := r.ResolveURL(&ex.Request.URL)
			if len(u.Path) == 0 {
				t.Fatalf("%s: empty resolved path", ex.JSONPath)
			}
		}
	}
	if n != len(c.Examples()) {
		t.Fatalf("items hold %d examples, Examples() %d", n, len(c.Examples()))
	}
	collection.UnresolvedVariables(c, nil)
}

func FuzzParseEnvironment(f *testing.F) {
	addTestdata(f, "environment*.json")
	f.Add([]byte(`{"environment":{"values":[{"key":"a","value":{"b":[1,null]},"enabled":false},{"name":"n"}]}}`))
	f.Add([]byte(`{"values":[{"key":"a","value":"{{a}}{{a}}"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		env, err := collection.ParseEnvironment(data)
		if err != nil {
			if env != nil {
				t.Fatal("environment returned with an error")
			}
			checkLoadError(t, err)
		} else {
			r := collection.NewResolver(nil, env)
			for _, v := range env.Values {
				r.Resolve("{{" + v.Key + "}}")
			}
		}
		// A leading byte-order mark changes nothing.
		if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
			return
		}
		env2, err2 := collection.ParseEnvironment(append([]byte("\xef\xbb\xbf"), data...))
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) {
			t.Fatalf("with a BOM: err = %v, without: %v", err2, err)
		}
		if err == nil && !reflect.DeepEqual(env, env2) {
			t.Fatalf("with a BOM: %+v, without: %+v", env2, env)
		}
	})
}

// tokenRE matches a {{...}} token as the package's parser sees one.
var tokenRE = regexp.MustCompile(`\{\{[^{}]*\}\}`)

// outsideTokens returns s with its tokens removed.
func outsideTokens(s string) string { return tokenRE.ReplaceAllString(s, "") }

func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"", "{{baseUrl}}/users/:id?a=1&&b&c=#h", `http:\\x\y`, "https://u:p@[::1]:80/a", "{{a?b}}/{{c#d}}?{{e&f}}={{g=h}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		u := collection.ParseURL(raw)
		if u.Raw != raw || u.String() != raw {
			t.Fatalf("Raw %q String %q, want the input %q", u.Raw, u.String(), raw)
		}
		// Tokens are opaque: no separator outside a token stays inside a part.
		check := func(part, value, seps string) {
			if strings.ContainsAny(outsideTokens(value), seps) {
				t.Fatalf("ParseURL(%q): %s %q holds one of %q outside a token", raw, part, value, seps)
			}
		}
		check("protocol", u.Protocol, "?#")
		check("port", u.Port, ":/?#")
		for _, h := range u.Host {
			check("host label", h, "./?#@\\")
		}
		for _, p := range u.Path {
			check("path segment", p, "/?#\\")
		}
		for _, q := range u.Query {
			check("query key", q.Key, "&=#")
			check("query value", q.Value, "&#")
			if q.Key == "" && q.ValueNull {
				t.Fatalf("ParseURL(%q): empty query part kept", raw)
			}
		}
		ru := collection.NewResolver(nil, nil).ResolveURL(&u)
		if len(ru.Path) == 0 {
			t.Fatalf("ParseURL(%q): resolved path is empty", raw)
		}
		for _, name := range ru.Unresolved {
			if strings.ContainsAny(name, "{}") {
				t.Fatalf("ParseURL(%q): unresolved name %q", raw, name)
			}
		}
	})
}
