package readme_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestGoSnippetsCompileAsShown compiles every Go snippet of README.md as
// the README shows it, so that a snippet pasted into a test compiles: a
// variable it declares and does not use ("resp declared and not used"), a
// block it opens and does not close, a name its text misspells all fail.
//
// A snippet is compiled where it comes from: in a file added to its source
// file's package (through go vet's -overlay, so nothing is written in the
// tree), inside a copy of its enclosing function cut just before the
// snippet, then closed. What the code before it declares (t, a server the
// text above the snippet set up) is in scope, as for a reader who follows
// the README; what the snippet itself declares must be used within it.
// All snippets are checked by one go vet run (which reports the first
// error of each package: fix it and run again for the next).
func TestGoSnippetsCompileAsShown(t *testing.T) {
	var snippets []snippet
	for _, s := range readmeSnippets(t) {
		if s.file != "" { // else TestGoSnippetsComeFromTestedFiles reports it
			snippets = append(snippets, s)
		}
	}
	out, generated, err := vetSnippets(t, snippets, nil)
	if err == nil {
		return
	}
	// Show each failing snippet's generated file, numbered, beside go's
	// messages (which cite its lines).
	var shown []string
	for name, code := range generated {
		if bytes.Contains(out, []byte(name)) {
			shown = append(shown, name+":\n"+numbered(code))
		}
	}
	slices.Sort(shown)
	t.Errorf("README snippets do not compile as shown (zz_readme_snippet_N_test.go is the README's Go block N in its context):\n%s\n%s",
		out, strings.Join(shown, "\n"))
}

// vetSnippets wraps each snippet (wrapSnippet) into a file beside its
// source and runs go vet once on their packages, with the files given
// through -overlay. sources holds source files that are not on disk, by
// path from the module root (they join the overlay too). A snippet that
// cannot be wrapped fails the test. It returns go vet's output, the
// generated files by name and go vet's error.
func vetSnippets(t *testing.T, snippets []snippet, sources map[string]string) ([]byte, map[string]string, error) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to compile the snippets: %v", err)
	}
	absRoot, err := filepath.Abs(root)
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	overlay := map[string]string{}
	addFile := func(abs, code string) {
		// Under its own name, which go vet's messages then cite.
		dir := filepath.Join(tmp, strconv.Itoa(len(overlay)))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		tmpFile := filepath.Join(dir, filepath.Base(abs))
		if err := os.WriteFile(tmpFile, []byte(code), 0o644); err != nil {
			t.Fatal(err)
		}
		overlay[abs] = tmpFile
	}
	for file, code := range sources {
		addFile(filepath.Join(absRoot, file), code)
	}
	generated := map[string]string{}
	var dirs []string
	for _, s := range snippets {
		src, ok := sources[s.file]
		if !ok {
			raw, err := os.ReadFile(filepath.Join(absRoot, s.file))
			if err != nil {
				t.Errorf("snippet %d: %v", s.n, err)
				continue
			}
			src = string(raw)
		}
		code, err := wrapSnippet(s, []byte(src))
		if err != nil {
			t.Errorf("README snippet %d (from %s) cannot be compiled as shown: %v\n%s", s.n, s.file, err, s.code)
			continue
		}
		name := fmt.Sprintf("zz_readme_snippet_%d_test.go", s.n)
		addFile(filepath.Join(absRoot, filepath.Dir(s.file), name), code)
		generated[name] = code
		if rel := "./" + filepath.ToSlash(filepath.Dir(s.file)); !slices.Contains(dirs, rel) {
			dirs = append(dirs, rel)
		}
	}
	if len(dirs) == 0 {
		return nil, generated, nil
	}
	ov, err := json.Marshal(map[string]any{"Replace": overlay})
	if err != nil {
		t.Fatal(err)
	}
	ovFile := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(ovFile, ov, 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(goTool, append([]string{"vet", "-overlay=" + ovFile}, dirs...)...)
	cmd.Dir = absRoot
	out, err := cmd.CombinedOutput()
	return out, generated, err
}

// wrapSnippet returns a Go file of the package of src (the snippet's source
// file) in which s.code compiles as it would where it stands in src: a copy
// of its enclosing function up to the line before it, renamed, then
// "_ = x" for each variable declared there (so that one used only after the
// snippet is not unused), then the snippet, then the closing brackets.
// Imports are src's that the result uses.
func wrapSnippet(s snippet, src []byte) (string, error) {
	span, ok := findLines(string(src), s.code)
	if !ok {
		return "", fmt.Errorf("it is not in %s", s.file)
	}
	if err := balanced(s.code); err != nil {
		return "", err
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, s.file, src, parser.SkipObjectResolution)
	if err != nil {
		return "", err
	}
	line := func(p token.Pos) int { return fset.Position(p).Line }
	var fd *ast.FuncDecl
	for _, d := range f.Decls {
		if d, ok := d.(*ast.FuncDecl); ok && d.Body != nil && line(d.Body.Lbrace) < span[0] && line(d.Body.Rbrace) > span[1] {
			fd = d
		}
	}
	if fd == nil {
		return "", fmt.Errorf("lines %d-%d of %s are not inside a function body", span[0], span[1], s.file)
	}
	if fd.Type.Results != nil {
		// Cut after the snippet, the function would miss its return.
		return "", fmt.Errorf("%s, around it, returns values: take snippets from functions that return nothing", fd.Name.Name)
	}
	names, err := namesInScope(fd, line, span[0])
	if err != nil {
		return "", err
	}

	tf := fset.File(fd.Pos())
	start, nameAt, nameEnd := tf.Offset(fd.Pos()), tf.Offset(fd.Name.Pos()), tf.Offset(fd.Name.End())
	cut := tf.Offset(tf.LineStart(span[0]))
	prefix := string(src[start:nameAt]) + fmt.Sprintf("TestREADMESnippet%d", s.n) + string(src[nameEnd:cut])
	closers, err := openBrackets(prefix)
	if err != nil {
		return "", err
	}

	var body strings.Builder
	body.WriteString(prefix)
	for _, n := range names {
		fmt.Fprintf(&body, "_ = %s\n", n)
	}
	fmt.Fprintf(&body, "// README.md's Go block %d, as shown:\n%s\n", s.n, s.code)
	// On one line: a newline after "}" would end the statement inside
	// the call it closes ("})" of t.Run).
	slices.Reverse(closers)
	body.WriteString(strings.Join(closers, "") + "\n")

	var file strings.Builder
	fmt.Fprintf(&file, "package %s\n\n", f.Name.Name)
	used, err := packagesUsed(body.String())
	if err != nil {
		return "", err
	}
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		local := importName(p)
		if im.Name != nil {
			local = im.Name.Name
		}
		switch {
		case !used[local]:
		case im.Name != nil:
			fmt.Fprintf(&file, "import %s %s\n", local, im.Path.Value)
		default:
			fmt.Fprintf(&file, "import %s\n", im.Path.Value)
		}
	}
	file.WriteString("\n" + body.String())
	return file.String(), nil
}

// balanced reports a snippet that leaves a bracket open or closes one it
// did not open: it would not compile however it was pasted.
func balanced(code string) error {
	open, err := openBrackets(code)
	if err != nil {
		return err
	}
	if len(open) > 0 {
		return fmt.Errorf("it leaves %d bracket(s) open: a snippet must be whole statements", len(open))
	}
	return nil
}

// openBrackets returns the closing brackets of the brackets code leaves
// open, outermost first.
func openBrackets(code string) ([]string, error) {
	var sc scanner.Scanner
	fset := token.NewFileSet()
	var scanErr error
	sc.Init(fset.AddFile("", -1, len(code)), []byte(code), func(_ token.Position, msg string) { scanErr = fmt.Errorf("%s", msg) }, 0)
	pairs := map[token.Token]token.Token{token.LPAREN: token.RPAREN, token.LBRACE: token.RBRACE, token.LBRACK: token.RBRACK}
	var stack []token.Token
	for {
		_, tok, _ := sc.Scan()
		if tok == token.EOF {
			break
		}
		if closer, ok := pairs[tok]; ok {
			stack = append(stack, closer)
			continue
		}
		if tok == token.RPAREN || tok == token.RBRACE || tok == token.RBRACK {
			if len(stack) == 0 || stack[len(stack)-1] != tok {
				return nil, fmt.Errorf("it closes a %s it did not open", tok)
			}
			stack = stack[:len(stack)-1]
		}
	}
	if scanErr != nil {
		return nil, scanErr
	}
	out := make([]string, len(stack))
	for i, t := range stack {
		out[i] = t.String()
	}
	return out, nil
}

// namesInScope returns the variables declared in fd before line that are
// still in scope there: parameters, and the declarations of the statements
// before it in each block that encloses it (and of the if, for, switch
// and function literal headers around it). It fails when line starts inside
// a statement rather than at one.
func namesInScope(fd *ast.FuncDecl, line func(token.Pos) int, at int) ([]string, error) {
	var names []string
	add := func(ids ...*ast.Ident) {
		for _, id := range ids {
			if id != nil && id.Name != "_" && !slices.Contains(names, id.Name) {
				names = append(names, id.Name)
			}
		}
	}
	fields := func(fl *ast.FieldList) {
		if fl != nil {
			for _, f := range fl.List {
				add(f.Names...)
			}
		}
	}
	declared := func(s ast.Stmt) {
		switch s := s.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, e := range s.Lhs {
					if id, ok := e.(*ast.Ident); ok {
						add(id)
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := s.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
				for _, sp := range g.Specs {
					add(sp.(*ast.ValueSpec).Names...)
				}
			}
		}
	}
	inside := func(n ast.Node) bool { return n != nil && line(n.Pos()) < at && line(n.End()) >= at }
	fields(fd.Recv)
	fields(fd.Type.Params)

	list := fd.Body.List
	for {
		var next ast.Stmt
		for _, s := range list {
			if line(s.End()) < at {
				declared(s)
				continue
			}
			if line(s.Pos()) < at {
				next = s
			}
			break
		}
		if next == nil {
			return names, nil // the snippet starts at a statement of list
		}
		// The snippet is inside next: go down to the block holding it.
		list = nil
		switch s := next.(type) {
		case *ast.BlockStmt:
			list = s.List
		case *ast.IfStmt:
			for s != nil && list == nil {
				declared(s.Init)
				switch {
				case inside(s.Body):
					list = s.Body.List
				case inside(s.Else):
					if b, ok := s.Else.(*ast.BlockStmt); ok {
						list = b.List
					} else {
						s, _ = s.Else.(*ast.IfStmt)
						continue
					}
				}
				break
			}
		case *ast.ForStmt:
			declared(s.Init)
			if inside(s.Body) {
				list = s.Body.List
			}
		case *ast.RangeStmt:
			if s.Tok == token.DEFINE {
				for _, e := range []ast.Expr{s.Key, s.Value} {
					if id, ok := e.(*ast.Ident); ok {
						add(id)
					}
				}
			}
			if inside(s.Body) {
				list = s.Body.List
			}
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			var body *ast.BlockStmt
			switch s := s.(type) {
			case *ast.SwitchStmt:
				declared(s.Init)
				body = s.Body
			case *ast.TypeSwitchStmt:
				declared(s.Init)
				declared(s.Assign)
				body = s.Body
			case *ast.SelectStmt:
				body = s.Body
			}
			for _, c := range body.List {
				switch c := c.(type) {
				case *ast.CaseClause:
					if inside(c) {
						list = c.Body
					}
				case *ast.CommClause:
					if inside(c) {
						declared(c.Comm)
						list = c.Body
					}
				}
			}
		default:
			// A statement holding a function literal (t.Run("...",
			// func(t *testing.T) {...}), defer func() {...}()).
			var lit *ast.FuncLit
			ast.Inspect(s, func(n ast.Node) bool {
				if fl, ok := n.(*ast.FuncLit); ok && lit == nil && inside(fl.Body) {
					lit = fl
				}
				return lit == nil
			})
			if lit != nil {
				if lit.Type.Results != nil {
					return nil, fmt.Errorf("the function literal around it returns values: take snippets from functions that return nothing")
				}
				fields(lit.Type.Params)
				list = lit.Body.List
			}
		}
		if list == nil {
			return nil, fmt.Errorf("it starts in the middle of a statement (line %d of its file): a snippet must be whole statements", at)
		}
	}
}

// packagesUsed returns the names x of the x.Sel selectors in the
// function body code: the packages it may use.
func packagesUsed(code string) (map[string]bool, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "snippet.go", "package p\n"+code, parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	used := map[string]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok {
				used[id.Name] = true
			}
		}
		return true
	})
	return used, nil
}

// majorSuffix is a module path's major version element ("v2").
var majorSuffix = regexp.MustCompile(`^v[0-9]+$`)

// importName is the name a package is imported as without an explicit
// one: its path's last element, or the one before a major version.
func importName(p string) string {
	dir, last := path.Split(p)
	if majorSuffix.MatchString(last) && dir != "" {
		last = path.Base(dir)
	}
	return last
}

// numbered returns code with line numbers.
func numbered(code string) string {
	var b strings.Builder
	for i, l := range strings.Split(strings.TrimRight(code, "\n"), "\n") {
		fmt.Fprintf(&b, "%4d  %s\n", i+1, l)
	}
	return b.String()
}

// syntheticSource is a test file the checks below take snippets from.
const syntheticSource = `package synthetic_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestA(t *testing.T) {
	base := "http://127.0.0.1:1"
	later := 3
	resp, err := http.Get(base)
	if err != nil {
		t.Skip(err)
	}
	defer resp.Body.Close()
	t.Run("sub", func(t *testing.T) {
		name := strings.ToUpper("x")
		t.Log(name, later)
	})
	t.Log(
		"a",
		"b",
	)
	_ = later
}

func helper() int {
	n := 1
	return n
}
`

// TestSnippetCheckCatchesWhatDoesNotCompile proves the check of
// TestGoSnippetsCompileAsShown fails on snippets that would not compile if
// pasted, and passes whole ones that use what the code before them
// declares. Each snippet gets a package of its own (go vet reports one
// error per package), made of syntheticSource through the overlay.
func TestSnippetCheckCatchesWhatDoesNotCompile(t *testing.T) {
	tests := []struct {
		name, code string
		wrapErr    string // wrapSnippet's error, or
		vetErr     string // go vet's message about the snippet, or neither: it compiles
	}{
		{"whole statements using what comes before", "resp, err := http.Get(base)\nif err != nil {\n\tt.Skip(err)\n}\ndefer resp.Body.Close()\n", "", ""},
		{"a variable declared and not used", "resp, err := http.Get(base)\n", "", "declared and not used: resp"},
		{"inside a function literal", "name := strings.ToUpper(\"x\")\nt.Log(name, later)\n", "", ""},
		{"a block left open", "if err != nil {\n", "leaves 1 bracket(s) open", ""},
		{"a bracket it did not open", "})\n", "closes a } it did not open", ""},
		{"the middle of a statement", "\"a\",\n\"b\",\n", "starts in the middle of a statement", ""},
		{"a function with results", "n := 1\n", "returns values", ""},
		{"not in its file", "nothing := 1\n", "it is not in", ""},
	}
	// go vet needs each package's directory to exist; its files come
	// through the overlay. The directories are empty and removed after.
	base, err := os.MkdirTemp(".", "zz_synthetic_")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(base) })
	sources := map[string]string{}
	var snippets []snippet
	for i, tt := range tests {
		dir := filepath.Join(base, strconv.Itoa(i+1))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		file := filepath.ToSlash(filepath.Join("internal/testsupport/readme", dir, "synthetic_test.go"))
		s := snippet{n: i + 1, file: file, code: tt.code}
		_, err := wrapSnippet(s, []byte(syntheticSource))
		switch {
		case tt.wrapErr == "" && err != nil:
			t.Errorf("%s: wrapSnippet: %v", tt.name, err)
		case tt.wrapErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wrapErr)):
			t.Errorf("%s: wrapSnippet error %v, want %q", tt.name, err, tt.wrapErr)
		case tt.wrapErr == "":
			sources[file] = syntheticSource
			snippets = append(snippets, s)
		}
	}
	out, _, _ := vetSnippets(t, snippets, sources)
	for i, tt := range tests {
		if tt.wrapErr != "" {
			continue
		}
		name := fmt.Sprintf("zz_readme_snippet_%d_test.go", i+1)
		var msg string
		for l := range strings.SplitSeq(string(out), "\n") {
			if strings.Contains(l, name) {
				msg = l
			}
		}
		switch {
		case tt.vetErr == "" && msg != "":
			t.Errorf("%s: go vet says %s, want it to compile", tt.name, msg)
		case tt.vetErr != "" && !strings.Contains(msg, tt.vetErr):
			t.Errorf("%s: go vet says %q, want %q; output:\n%s", tt.name, msg, tt.vetErr, out)
		}
	}
}
