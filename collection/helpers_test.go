package collection_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
)

const (
	schema21 = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
	schema20 = "https://schema.getpostman.com/json/collection/v2.0.0/collection.json"
)

// loadTestdata parses testdata/<name>, failing the test on error.
func loadTestdata(t *testing.T, name string, opts ...collection.Option) *collection.Collection {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	c, err := collection.Parse(data, opts...)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return c
}

// mustParse parses an inline collection, failing the test on error.
func mustParse(t *testing.T, src string, opts ...collection.Option) *collection.Collection {
	t.Helper()
	c, err := collection.Parse([]byte(src), opts...)
	if err != nil {
		t.Fatalf("Parse: %v\ninput: %s", err, src)
	}
	return c
}

// withItems wraps an item array (JSON text) in a v2.1 collection.
func withItems(items string) string {
	return `{"info":{"name":"t","schema":"` + schema21 + `"},"item":` + items + `}`
}

// requestNamed returns the request item with the given name.
func requestNamed(t *testing.T, c *collection.Collection, name string) *collection.Item {
	t.Helper()
	for _, it := range c.Requests() {
		if it.Name == name {
			return it
		}
	}
	t.Fatalf("no request named %q", name)
	return nil
}

// diagnostics returns the diagnostics of c as "path: message" strings.
func diagnostics(c *collection.Collection) []string {
	var out []string
	for _, d := range c.Diagnostics {
		out = append(out, d.String())
	}
	return out
}

// urlView is the exported content of a collection.URL, comparable with
// reflect.DeepEqual.
type urlView struct {
	Raw, Protocol, Port, Hash string
	Host, Path                []string
	Query                     []collection.QueryParam
	Variables                 []collection.Variable
	String                    string
}

func viewURL(u collection.URL) urlView {
	return urlView{Raw: u.Raw, Protocol: u.Protocol, Port: u.Port, Hash: u.Hash, Host: u.Host, Path: u.Path,
		Query: u.Query, Variables: u.Variables, String: u.String()}
}

// nestedFolders returns a collection whose request sits inside n nested
// folders.
func nestedFolders(n int) string {
	var b strings.Builder
	b.WriteString(`{"info":{"name":"deep","schema":"` + schema21 + `"},"item":[`)
	for i := range n {
		b.WriteString(`{"name":"f` + strconv.Itoa(i) + `","item":[`)
	}
	b.WriteString(`{"name":"leaf","request":"/leaf"}`)
	for range n {
		b.WriteString(`]}`)
	}
	b.WriteString(`]}`)
	return b.String()
}
