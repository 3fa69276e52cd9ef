package fuzzseed_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/postmock/postmock/internal/testsupport/fuzzseed"
)

func TestWriteAndClear(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "FuzzX")
	fuzzseed.Clear(t, dir)
	fuzzseed.Write(t, dir, "spec-a b", "GET", []byte("x\n"), uint8(2), true)
	if err := os.WriteFile(filepath.Join(dir, "regress-1"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "spec-a_b"))
	if err != nil {
		t.Fatal(err)
	}
	want := "go test fuzz v1\nstring(\"GET\")\n[]byte(\"x\\n\")\nbyte('\\x02')\nbool(true)\n"
	if string(got) != want {
		t.Errorf("seed file:\n%s\nwant:\n%s", got, want)
	}
	fuzzseed.Clear(t, dir)
	if _, err := os.Stat(filepath.Join(dir, "spec-a_b")); !os.IsNotExist(err) {
		t.Error("Clear kept a generated seed")
	}
	if _, err := os.Stat(filepath.Join(dir, "regress-1")); err != nil {
		t.Error("Clear removed a regression seed")
	}
}
