// Package fuzzseed writes seed inputs for Go fuzz targets in the corpus
// format go test reads from testdata/fuzz ("go test fuzz v1"). The fuzz
// tests of match and mock use it to regenerate their committed seeds from
// the shared corpus and the specification's examples.
package fuzzseed

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// Clear removes the generated seeds (names starting with "spec-" or
// "corpus-") from dir, creating dir if needed; other seeds are kept.
func Clear(t testing.TB, dir string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, pat := range []string{"spec-*", "corpus-*"} {
		files, _ := filepath.Glob(filepath.Join(dir, pat))
		for _, f := range files {
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// Write writes one input (string, []byte, byte or bool arguments, in the
// fuzz function's order) as dir/name, with name reduced to safe characters.
func Write(t testing.TB, dir, name string, args ...any) {
	t.Helper()
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch v := a.(type) {
		case string:
			fmt.Fprintf(&b, "string(%q)\n", v)
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case uint8:
			fmt.Fprintf(&b, "byte(%q)\n", v)
		case bool:
			fmt.Fprintf(&b, "bool(%v)\n", v)
		default:
			t.Fatalf("fuzzseed.Write: unsupported %T", a)
		}
	}
	name = strings.Map(func(r rune) rune {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.') {
			return r
		}
		return '_'
	}, name)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
