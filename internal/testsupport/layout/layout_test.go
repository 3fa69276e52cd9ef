// Package layout checks the shape of the module: imports run only with the
// data flow, and no runtime package imports test support.
package layout

import (
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/postmock/postmock/"

// stage is each package's place in the data flow (collection → match →
// serverresponse / calllog / verify → mock → workspace / record → postmanapi →
// mocktest / dashboard → cmd → examples). A package may import only packages of earlier stages; runtime
// helpers under internal/ (stage 0) import none of the staged packages.
var stage = map[string]int{
	"internal/apierr":     0,
	"internal/dynvar":     0,
	"internal/jsonsyntax": 0,
	"collection":          1,
	"match":               2,
	"serverresponse":      3,
	"calllog":             3,
	"verify":              3,
	"mock":                4,
	"workspace":           5,
	"record":              5, // beside workspace: imports mock (its Transport)
	"postmanapi":          6,
	"mocktest":            7,
	"internal/dashboard":  7, // the -ui page, between the API and the command
	"cmd/postmock":        8,
	"examples":            9, // and every package below it
}

// testSupport is the folder of packages only tests (and bench/) may import.
const testSupport = "internal/testsupport"

// place returns the stage of a package directory relative to the module
// root, and whether it is staged at all.
func place(dir string) (int, bool) {
	if s, ok := stage[dir]; ok {
		return s, true
	}
	if strings.HasPrefix(dir, "examples/") {
		return stage["examples"], true
	}
	return 0, false
}

type goPackage struct {
	dir     string
	imports map[string][]string // module-relative import → files (non-test)
	test    bool                // the folder has only _test.go files
}

// packages parses the import blocks of every Go file in the module.
func packages(t *testing.T, root string) map[string]*goPackage {
	t.Helper()
	pkgs := map[string]*goPackage{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); path != root && (strings.HasPrefix(name, ".") || name == "testdata" || name == "out") {
				return filepath.SkipDir
			}
			if path != root {
				if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
					return filepath.SkipDir // another module (bench/inproc)
				}
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		rel = filepath.ToSlash(rel)
		p := pkgs[rel]
		if p == nil {
			p = &goPackage{dir: rel, imports: map[string][]string{}, test: true}
			pkgs[rel] = p
		}
		if strings.HasSuffix(path, "_test.go") {
			return nil
		}
		p.test = false
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, im := range f.Imports {
			ip, _ := strconv.Unquote(im.Path.Value)
			if rest, ok := strings.CutPrefix(ip, module); ok {
				p.imports[rest] = append(p.imports[rest], filepath.Base(path))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return pkgs
}

func TestImportsFollowTheDataFlow(t *testing.T) {
	pkgs := packages(t, "../../..")
	if len(pkgs) < 10 {
		t.Fatalf("found %d packages; is the module root ../../..?", len(pkgs))
	}
	for _, dir := range slices.Sorted(maps.Keys(pkgs)) {
		p := pkgs[dir]
		if p.test || dir == "." || strings.HasPrefix(dir, "bench") || strings.HasPrefix(dir, testSupport) {
			continue
		}
		from, ok := place(dir)
		if !ok {
			t.Errorf("package %s has no place in the data flow: add it to stage in this test", dir)
			continue
		}
		for imp, files := range p.imports {
			if strings.HasPrefix(imp, testSupport) {
				t.Errorf("%s (%s) imports test support %s", dir, strings.Join(files, ", "), imp)
				continue
			}
			to, ok := place(imp)
			if !ok {
				t.Errorf("%s imports %s, which has no place in the data flow", dir, imp)
				continue
			}
			if to >= from && !(from == 0 && to == 0 && imp != dir) {
				t.Errorf("%s (stage %d, %s) imports %s (stage %d): imports run only with the data flow",
					dir, from, strings.Join(files, ", "), imp, to)
			}
		}
	}
}
