package mocktest_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"testing"
)

// TestExamplesRunAsTests runs the tests that New's and NewWorkspace's
// whole-file examples show (example_*_test.go): go doc shows a file whole
// only when it holds no Test function, so theirs are lower case and run
// from here, with a real *testing.T each.
func TestExamplesRunAsTests(t *testing.T) {
	t.Run("UserByID", testUserByID)
	t.Run("PrivateMock", testPrivateMock)
	t.Run("JobPolling", testJobPolling)
	t.Run("SurvivesAReset", testSurvivesAReset)
}

// TestExamplesShowWholeFiles checks that go doc presents New's and
// NewWorkspace's examples as their whole files (the test function with
// its imports), which a Test function or a second example in the file
// would undo.
func TestExamplesShowWholeFiles(t *testing.T) {
	files, err := filepath.Glob("example_*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, f := range files {
		p, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, p)
	}
	var whole []string
	for _, e := range doc.Examples(parsed...) {
		if _, ok := e.Code.(*ast.File); ok {
			whole = append(whole, e.Name)
		}
	}
	for _, want := range []string{"New", "NewWorkspace", "Server_Sequence", "Server_Override"} {
		if !slices.Contains(whole, want) {
			t.Errorf("Example%s is not shown as a whole file (whole-file examples: %v)", want, whole)
		}
	}
}
