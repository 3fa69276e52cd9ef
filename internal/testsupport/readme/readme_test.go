package readme_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const root = "../../.."

// TestGoSnippetsComeFromTestedFiles checks that every ```go block in
// README.md follows a "<!-- snippet: FILE -->" marker and that its lines
// appear, in order and consecutively (ignoring indentation), in FILE — a
// test or example that go test compiles and runs.
func TestGoSnippetsComeFromTestedFiles(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)(<!-- snippet: ([^ ]+) -->\\s*\\n)?```go\\n(.*?)```")
	found := 0
	for _, m := range block.FindAllStringSubmatch(string(readme), -1) {
		found++
		snippet, file := m[3], m[2]
		if file == "" {
			t.Errorf("a Go snippet has no <!-- snippet: FILE --> marker:\n%s", snippet)
			continue
		}
		if !strings.HasSuffix(file, "_test.go") {
			t.Errorf("snippet source %s is not a test file that go test runs", file)
		}
		src, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			t.Errorf("snippet source: %v", err)
			continue
		}
		if !containsLines(lines(string(src)), lines(snippet)) {
			t.Errorf("this README snippet is not in %s (keep them in sync):\n%s", file, snippet)
		}
	}
	if found == 0 {
		t.Error("README.md has no Go snippets")
	}
}

func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func containsLines(hay, needle []string) bool {
	for i := 0; i+len(needle) <= len(hay); i++ {
		ok := true
		for j := range needle {
			if hay[i+j] != needle[j] {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// TestCICommandIsTheREADMEs checks that .ci/run runs the test command
// README.md prints.
func TestCICommandIsTheREADMEs(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	ci, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)## Test it\\s*```sh\\n([^\\n]+)\\n```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no \"## Test it\" section with a sh block")
	}
	cmd := strings.TrimSpace(string(m[1]))
	for _, l := range strings.Split(string(ci), "\n") {
		if strings.TrimSpace(l) == cmd {
			return
		}
	}
	t.Errorf(".ci/run does not run the README's test command %q", cmd)
}
