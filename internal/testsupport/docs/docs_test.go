package docs_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

const root = "../../.."

// pageCite matches a reference page named by its file, with the path text
// before it so that "docs/" can be told apart: the specification's page
// names (files outside the module) and the names of the docs/ pages, which
// must be cited with their folder as well.
var pageCite = regexp.MustCompile(`([\w./-]*?)\b(matching|variables|collection-format|postman-api|collections|cli)\.md\b`)

// docsCite matches a citation of a docs/ page, with an optional anchor.
var docsCite = regexp.MustCompile(`\bdocs/([\w-]+\.md)(#[\w-]+)?`)

// citationProblems returns what is wrong with the citations in one comment:
// a reference page named without its docs/ folder, or a docs/ page or
// section that does not exist. pages maps each docs/ file name to the
// anchors of its headings.
func citationProblems(text string, pages map[string]map[string]bool) []string {
	var out []string
	for _, m := range pageCite.FindAllStringSubmatch(text, -1) {
		if m[1] != "docs/" && !strings.HasSuffix(m[1], "/docs/") {
			out = append(out, "cites "+m[0]+" outside docs/: cite the project's reference as docs/PAGE.md#section")
		}
	}
	for _, m := range docsCite.FindAllStringSubmatch(text, -1) {
		anchors, ok := pages[m[1]]
		switch {
		case !ok:
			out = append(out, "cites "+m[0]+": there is no docs/"+m[1])
		case m[2] != "" && !anchors[m[2][1:]]:
			out = append(out, "cites "+m[0]+": docs/"+m[1]+" has no heading with anchor "+m[2])
		}
	}
	return out
}

// withoutCode returns a Markdown document's lines outside fenced code
// blocks (a "# comment" in a shell block is not a heading, a "](x)" in code
// is not a link).
func withoutCode(md string) []string {
	var out []string
	fenced := false
	for line := range strings.SplitSeq(md, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			out = append(out, line)
		}
	}
	return out
}

// anchors returns the GitHub anchors of a Markdown document's headings:
// lower case, punctuation other than '-' and '_' dropped, spaces turned
// into '-', and "-1", "-2"... added to repeats.
func anchors(md string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for _, line := range withoutCode(md) {
		hashes := len(line) - len(strings.TrimLeft(line, "#"))
		if hashes == 0 || hashes > 6 || !strings.HasPrefix(line[hashes:], " ") {
			continue
		}
		a := slug(strings.TrimSpace(line[hashes:]))
		if n := seen[a]; n > 0 {
			seen[a]++
			a += "-" + strconv.Itoa(n)
		} else {
			seen[a] = 1
		}
		out[a] = true
	}
	return out
}

func slug(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteByte('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// docsPages reads docs/*.md: file name → heading anchors.
func docsPages(t *testing.T) map[string]map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	pages := map[string]map[string]bool{}
	for _, f := range files {
		md, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages[filepath.Base(f)] = anchors(string(md))
	}
	return pages
}

func TestCitationProblems(t *testing.T) {
	pages := map[string]map[string]bool{"matching.md": {"path-ladder": true, "winner-and-ties": true}}
	tests := []struct {
		comment string
		bad     int
	}{
		{"// the ladder (docs/matching.md#path-ladder).", 0},
		{"// see docs/matching.md for the algorithm", 0},
		{"// ties (docs/matching.md#winner-and-ties, our rule)", 0},
		{"// bench/README.md lists them; README.md shows it", 0},
		{"// the ladder (matching.md §4).", 1},
		{"// variables.md §6 and collection-format.md §3.4", 2},
		{"// postman-api.md §4", 1},
		{"// ../shared/spec/matching.md", 1},
		{"// spec/postman-api.md", 1},
		{"// cli.md lists the flags", 1},
		{"// docs/matching.md#path-ladders (a typo)", 1},
		{"// docs/matchng.md#path-ladder", 1},
		{"// docs/variables.md", 1},
	}
	for _, tt := range tests {
		if got := citationProblems(tt.comment, pages); len(got) != tt.bad {
			t.Errorf("citationProblems(%q) = %q, want %d problem(s)", tt.comment, got, tt.bad)
		}
	}
}

func TestAnchorsFollowGitHub(t *testing.T) {
	md := "# The `postmock` command\n## Path ladder\n### Alphanumeric ids\n## Options for tests\n" +
		"## Winner and ties\n## Notes\n## Notes\n```sh\n# 1. Upload a collection\n```\n#nospace\n"
	got := anchors(md)
	for _, want := range []string{"the-postmock-command", "path-ladder", "alphanumeric-ids", "options-for-tests",
		"winner-and-ties", "notes", "notes-1"} {
		if !got[want] {
			t.Errorf("no anchor %q in %v", want, got)
		}
	}
	for _, not := range []string{"1-upload-a-collection", "nospace"} {
		if got[not] {
			t.Errorf("anchor %q from a line that is not a heading", not)
		}
	}
}

// TestGoCommentsCiteDocs checks every comment of every Go file of the
// module, tests included: reference pages are cited with their docs/
// folder, and the cited pages and sections exist.
func TestGoCommentsCiteDocs(t *testing.T) {
	pages := docsPages(t)
	for _, want := range []string{"README.md", "matching.md", "collections.md", "variables.md", "cli.md", "postman-api.md"} {
		if pages[want] == nil {
			t.Errorf("docs/%s is missing", want)
		}
	}
	files := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		files++
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		if err != nil {
			return err
		}
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				for _, p := range citationProblems(c.Text, pages) {
					rel, _ := filepath.Rel(root, fset.Position(c.Pos()).Filename)
					t.Errorf("%s:%d: %s", filepath.ToSlash(rel), fset.Position(c.Pos()).Line, p)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("checked %d Go files; is the module root %s?", files, root)
	}
}

// mdLink matches a Markdown link target: path and optional #anchor.
var mdLink = regexp.MustCompile(`\]\(([^)\s#]*)(#[^)\s]*)?\)`)

// TestMarkdownLinksResolve checks the relative links of README.md and of
// the docs/ pages: each file exists, each anchor names a heading of its
// page, and README.md links to the reference.
func TestMarkdownLinksResolve(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files := append([]string{filepath.Join(root, "README.md")}, docs...)
	for _, file := range files {
		md, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		rel, _ := filepath.Rel(root, file)
		rel = filepath.ToSlash(rel)
		for _, line := range withoutCode(string(md)) {
			for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
				target, anchor := m[1], m[2]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				dest := file
				if target != "" {
					dest = filepath.Join(filepath.Dir(file), filepath.FromSlash(target))
				}
				if _, err := os.Stat(dest); err != nil {
					t.Errorf("%s links to %s, which does not exist", rel, target)
					continue
				}
				if anchor == "" || !strings.HasSuffix(dest, ".md") {
					continue
				}
				text, err := os.ReadFile(dest)
				if err != nil {
					t.Fatal(err)
				}
				if !anchors(string(text))[anchor[1:]] {
					t.Errorf("%s links to %s%s, which has no such heading", rel, target, anchor)
				}
			}
		}
		if rel == "README.md" && !slices.ContainsFunc(withoutCode(string(md)), func(l string) bool {
			return strings.Contains(l, "](docs/README.md)")
		}) {
			t.Errorf("README.md does not link to docs/README.md")
		}
	}
}
