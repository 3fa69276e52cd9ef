package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/postmock/postmock/mock"
)

// readmeCall is one curl command of README.md, as a request to the demo.
type readmeCall struct {
	line   string // the command as written
	method string
	path   string
	header http.Header
	body   string
}

// parseCurl reads the curl commands README.md uses against the demo:
// -H, -X, -d with single-quoted arguments, and one URL on $MOCK or the
// demo's default address.
func parseCurl(t *testing.T, line string) readmeCall {
	t.Helper()
	c := readmeCall{line: line, method: "GET", header: http.Header{}}
	var args []string
	for rest := strings.TrimSpace(line); rest != ""; rest = strings.TrimSpace(rest) {
		if rest[0] == '\'' {
			end := strings.IndexByte(rest[1:], '\'')
			if end < 0 {
				t.Fatalf("unbalanced quote in %q", line)
			}
			args, rest = append(args, rest[1:1+end]), rest[2+end:]
			continue
		}
		word, after, _ := strings.Cut(rest, " ")
		args, rest = append(args, word), after
	}
	if len(args) == 0 || args[0] != "curl" {
		t.Fatalf("not a curl command: %q", line)
	}
	for i := 1; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-H" || a == "-X" || a == "-d":
			if i+1 == len(args) {
				t.Fatalf("%s without a value in %q", a, line)
			}
			i++
			switch a {
			case "-H":
				k, v, _ := strings.Cut(args[i], ":")
				c.header.Add(k, strings.TrimSpace(v))
			case "-X":
				c.method = args[i]
			case "-d":
				c.body = args[i]
				if c.method == "GET" {
					c.method = "POST" // as curl does
				}
			}
		case strings.HasPrefix(a, "$MOCK/"):
			c.path = strings.TrimPrefix(a, "$MOCK")
		case strings.HasPrefix(a, "http://127.0.0.1:3555/"):
			c.path = strings.TrimPrefix(a, "http://127.0.0.1:3555")
		case a == "#":
			i = len(args) // a comment
		default:
			t.Fatalf("unknown curl argument %q in %q", a, line)
		}
	}
	if c.path == "" {
		t.Fatalf("no demo URL in %q", line)
	}
	return c
}

// do sends the call to the demo mock and returns the status and body.
func (c readmeCall) do(m *mock.Mock) (int, string) {
	r := httptest.NewRequest(c.method, c.path, strings.NewReader(c.body))
	r.Header = c.header
	if c.body != "" && r.Header.Get("Content-Type") == "" {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded") // curl's default for -d
	}
	w := httptest.NewRecorder()
	m.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

// readmeSection returns the text of the README.md section whose heading
// starts with heading, up to the next heading of any level.
func readmeSection(t *testing.T, heading string) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, "\n"+heading)
	if i < 0 {
		t.Fatalf("README.md has no section %q", heading)
	}
	s = s[i+1:]
	if j := regexp.MustCompile(`\n#+ `).FindStringIndex(s[len(heading):]); j != nil {
		s = s[:len(heading)+j[0]]
	}
	return s
}

// demoMock is the mock serve builds for the demo.
func demoMock(t *testing.T) *mock.Mock {
	t.Helper()
	l, err := (&sourceFlags{}).load()
	if err != nil {
		t.Fatal(err)
	}
	return l.mock
}

// TestReadmeHeaderTableAgreesWithTheDemo runs each curl of README's
// "Choosing a response" table against the demo, as serve builds it: each
// answers as this test expects for its header (and as the row says when it
// names a status), and no answer shows a raw {{variable}}.
func TestReadmeHeaderTableAgreesWithTheDemo(t *testing.T) {
	want := map[string]struct {
		code int
		body string // regexp
	}{
		"x-mock-response-code":         {404, `No product with id 42\.`},
		"x-mock-response-id":           {200, `"id": "42"`},
		"x-mock-response-name":         {404, `No product with id 1\.`},
		"x-mock-match-request-body":    {201, `"productId": "42",\s+"quantity": "1",\s+"status": "pending"`},
		"x-mock-match-request-headers": {404, regexp.QuoteMeta(mock.NotFoundBody)},
		"x-mock-response-delay":        {200, `"status": "ok"`},
	}
	m := demoMock(t)
	row := regexp.MustCompile("(?m)^\\| `(x-mock-[a-z-]+)` \\|.*\\| `(curl [^`]+)`(.*)\\|$")
	said := regexp.MustCompile(`^\s*\((\d{3})\b`)
	seen := map[string]bool{}
	for _, m2 := range row.FindAllStringSubmatch(readmeSection(t, "## Choosing a response"), -1) {
		header, line, note := m2[1], m2[2], m2[3]
		seen[header] = true
		t.Run(header, func(t *testing.T) {
			w, ok := want[header]
			if !ok {
				t.Fatalf("no expectation for the row of %s: add one", header)
			}
			c := parseCurl(t, line)
			if c.header.Get(header) == "" {
				t.Errorf("%q does not send %s", line, header)
			}
			code, body := c.do(m)
			if s := said.FindStringSubmatch(note); s != nil {
				if n, _ := strconv.Atoi(s[1]); n != code {
					t.Errorf("the row says %d, the demo answers %d %s", n, code, body)
				}
			}
			if code != w.code || !regexp.MustCompile(w.body).MatchString(body) {
				t.Errorf("%s\n= %d %s\nwant %d and a body matching %s", line, code, body, w.code, w.body)
			}
			if strings.Contains(body, "{{") {
				t.Errorf("%s: the answer has an unrendered variable:\n%s", line, body)
			}
		})
	}
	for h := range want {
		if !seen[h] {
			t.Errorf("README's table has no row for %s", h)
		}
	}
}

// TestReadmeRunItCallsAgreeWithTheDemo: the curl lines of README's "Run it"
// answer as described.
func TestReadmeRunItCallsAgreeWithTheDemo(t *testing.T) {
	m := demoMock(t)
	want := []struct {
		code int
		body string
	}{
		{200, `"id": "42"`},
		{404, `No product with id 42\.`},
		{400, `"invalid_order"`},
		{404, regexp.QuoteMeta(mock.NotFoundBody)},
	}
	var lines []string
	for l := range strings.Lines(readmeSection(t, "## Run it")) {
		if strings.HasPrefix(l, "curl ") {
			lines = append(lines, strings.TrimSpace(l))
		}
	}
	if len(lines) != len(want) {
		t.Fatalf("README's Run it has %d curl lines, this test knows %d: %q", len(lines), len(want), lines)
	}
	for i, line := range lines {
		code, body := parseCurl(t, line).do(m)
		if code != want[i].code || !regexp.MustCompile(want[i].body).MatchString(body) || strings.Contains(body, "{{") {
			t.Errorf("%s\n= %d %s\nwant %d and a body matching %s", line, code, body, want[i].code, want[i].body)
		}
	}
}

// TestDemoLoadsWithoutWarnings: serve with the built-in demo prints no
// warning about its own collection.
func TestDemoLoadsWithoutWarnings(t *testing.T) {
	l, err := (&sourceFlags{}).load()
	if err != nil {
		t.Fatal(err)
	}
	if len(l.warnings) > 0 {
		t.Errorf("the demo's warnings:\n%s", strings.Join(l.warnings, "\n"))
	}
	s := startServe(t)
	if code := s.stop(t); code != 0 {
		t.Errorf("serve exited %d", code)
	}
	if got := s.stderr.String(); strings.Contains(got, "warning") {
		t.Errorf("serve's stderr:\n%s", got)
	}
}

// TestReadmeFilesExistAndGoVersionIsGoMods: the files README's shell
// walk-throughs cat exist in the repository, and the Go version README
// names is go.mod's.
func TestReadmeFilesExistAndGoVersionIsGoMods(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	cats := regexp.MustCompile(`\bcat ([\w./-]+)`).FindAllStringSubmatch(string(readme), -1)
	if len(cats) == 0 {
		t.Error("README.md cats no file: update this test")
	}
	for _, m := range cats {
		if _, err := os.Stat("../../" + m[1]); err != nil {
			t.Errorf("README.md cats %s, which is not in the repository: %v", m[1], err)
		}
	}
	mod, err := os.ReadFile("../../go.mod")
	if err != nil {
		t.Fatal(err)
	}
	v := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(mod)
	if v == nil {
		t.Fatal("go.mod has no go line")
	}
	if want := "needs Go " + string(v[1]) + " or newer"; !strings.Contains(readmeSection(t, "## Run it"), want) {
		t.Errorf("README's Run it does not say %q", want)
	}
}
