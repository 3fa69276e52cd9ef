package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestAlignedHugeBufferStartsOnABoundary checks the buffer step itself,
// whatever mode this machine's transparent huge pages are in.
func TestAlignedHugeBufferStartsOnABoundary(t *testing.T) {
	checkHugeBuffer(t, alignedHugeBuffer)
}

// TestHugeHeapPreparesOnlyWhereHugePagesComeOnRequest: in "always" mode the
// kernel gives the heap huge pages anyway and in "never" mode it gives none,
// so the buffer (and the collection it costs) would be wasted; where the
// mode is "madvise" or cannot be told, hugeHeap prepares it.
func TestHugeHeapPreparesOnlyWhereHugePagesComeOnRequest(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, file string // file "" means no such file
		prepared   bool
	}{
		{"madvise", "always [madvise] never\n", true},
		{"always", "[always] madvise never\n", false},
		{"never", "always madvise [never]\n", false},
		{"no such file", "", true},
		{"no mode in brackets", "madvise\n", true},
		{"unclosed bracket", "always [madvise never\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "missing")
			if tc.file != "" {
				path = filepath.Join(dir, tc.name)
				if err := os.WriteFile(path, []byte(tc.file), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			defer func(old string) { thpEnabled = old }(thpEnabled)
			thpEnabled = path
			start, release := hugeHeap(8 << 20)
			release()
			if prepared := start != 0; prepared != tc.prepared {
				t.Errorf("mode file %q: prepared %v, want %v", tc.file, prepared, tc.prepared)
			}
		})
	}
}

func TestTHPModeReadsTheBracketedWord(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ file, want string }{
		{"always [madvise] never\n", "madvise"},
		{"[always] madvise never\n", "always"},
		{"always madvise [never]\n", "never"},
		{"always defer defer+madvise [madvise] never\n", "madvise"},
		{"madvise\n", ""},
		{"always [madvise never\n", ""},
		{"", ""},
	} {
		path := filepath.Join(dir, "enabled")
		if err := os.WriteFile(path, []byte(tc.file), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := thpMode(path); got != tc.want {
			t.Errorf("thpMode(%q) = %q, want %q", tc.file, got, tc.want)
		}
	}
	if got := thpMode(filepath.Join(dir, "missing")); got != "" {
		t.Errorf("thpMode(missing file) = %q, want \"\"", got)
	}
}
