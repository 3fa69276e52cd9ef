package collection_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/corpus"
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
