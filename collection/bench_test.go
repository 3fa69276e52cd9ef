package collection_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
)

// BenchmarkParse parses the largest corpus collection (generated__github.json,
// about 8.4 MB). Targets on a 2-core machine: at least 80 MB/s and at most
// three times the file size allocated per parse.
func BenchmarkParse(b *testing.B) {
	dir := corpus.Dir(b)
	data, err := os.ReadFile(filepath.Join(dir, "collections", "generated__github.json"))
	if err != nil {
		b.Fatal(err)
	}
	c, err := collection.Parse(data)
	if err != nil {
		b.Fatal(err)
	}
	if len(c.Examples()) == 0 {
		b.Fatal("no examples loaded")
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := collection.Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResolveURLPathVariables resolves a URL of 40,000 ":v" path
// segments with as many url.variable entries: linear work, a few
// milliseconds; a lookup that scanned the variables for each segment would
// take seconds (TestResolveURLIsLinearInPathVariables checks the bytes).
func BenchmarkResolveURLPathVariables(b *testing.B) {
	const n = 40000
	var segs, vars []string
	for i := range n {
		segs = append(segs, `":v`+strconv.Itoa(i)+`"`)
		vars = append(vars, `{"key":"v`+strconv.Itoa(i)+`","value":"x`+strconv.Itoa(i)+`"}`)
	}
	c, err := collection.Parse([]byte(`{"info":{"name":"b","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[{"name":"r","request":{"url":{"path":[` +
		strings.Join(segs, ",") + `],"variable":[` + strings.Join(vars, ",") + `]}}}]}`))
	if err != nil {
		b.Fatal(err)
	}
	r := collection.NewResolver(c, nil)
	u := &c.Requests()[0].Request.URL
	if got := r.ResolveURL(u); len(got.Path) != n {
		b.Fatalf("%d segments, want %d", len(got.Path), n)
	}
	b.ReportAllocs()
	for b.Loop() {
		r.ResolveURL(u)
	}
}
