package readme_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

const root = "../../.."

// snippet is one ```go block of README.md.
type snippet struct {
	n    int    // 1 for the README's first Go block
	file string // its <!-- snippet: FILE --> marker, "" without one
	code string // the block as the README shows it
}

// readmeSnippets returns the Go blocks of README.md, in order.
func readmeSnippets(t *testing.T) []snippet {
	t.Helper()
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	block := regexp.MustCompile("(?s)(<!-- snippet: ([^ ]+) -->\\s*\\n)?```go\\n(.*?)```")
	var out []snippet
	for i, m := range block.FindAllStringSubmatch(string(readme), -1) {
		out = append(out, snippet{n: i + 1, file: m[2], code: m[3]})
	}
	if len(out) == 0 {
		t.Fatal("README.md has no Go snippets")
	}
	return out
}

// TestGoSnippetsComeFromTestedFiles checks that every ```go block in
// README.md follows a "<!-- snippet: FILE -->" marker and that its lines
// appear, in order and consecutively (ignoring indentation), in FILE — a
// test or example that go test compiles and runs.
func TestGoSnippetsComeFromTestedFiles(t *testing.T) {
	for _, s := range readmeSnippets(t) {
		if s.file == "" {
			t.Errorf("README Go snippet %d has no <!-- snippet: FILE --> marker:\n%s", s.n, s.code)
			continue
		}
		if !strings.HasSuffix(s.file, "_test.go") {
			t.Errorf("snippet source %s is not a test file that go test runs", s.file)
		}
		src, err := os.ReadFile(filepath.Join(root, s.file))
		if err != nil {
			t.Errorf("snippet source: %v", err)
			continue
		}
		if _, ok := findLines(string(src), s.code); !ok {
			t.Errorf("README snippet %d is not in %s (keep them in sync):\n%s", s.n, s.file, s.code)
		}
	}
}

// findLines finds the non-blank lines of snippet, in order and
// consecutively (ignoring indentation and blank lines), in src, and returns
// the 1-based line numbers in src of the first and last.
func findLines(src, snippet string) (span [2]int, ok bool) {
	hay, at := lines(src)
	needle, _ := lines(snippet)
	if len(needle) == 0 {
		return span, false
	}
	for i := 0; i+len(needle) <= len(hay); i++ {
		ok := true
		for j := range needle {
			if hay[i+j] != needle[j] {
				ok = false
				break
			}
		}
		if ok {
			return [2]int{at[i], at[i+len(needle)-1]}, true
		}
	}
	return span, false
}

// lines returns the trimmed non-blank lines of s and their 1-based numbers.
func lines(s string) (out []string, at []int) {
	for i, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
			at = append(at, i+1)
		}
	}
	return out, at
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
