package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/postmock/postmock/internal/testsupport/corpus"
)

// tieLine matches a tie warning and captures its side ("METHOD path?query")
// and the number of tied examples.
var tieLine = regexp.MustCompile(`^warning: (\S+ .+?): (\d+) examples tie: `)

// tieWarnings returns the tie warnings of an output, by side.
func tieWarnings(out string) map[string]string {
	got := map[string]string{}
	for line := range strings.SplitSeq(out, "\n") {
		if m := tieLine.FindStringSubmatch(line); m != nil {
			got[m[1]] = line
		}
	}
	return got
}

// sidesOfJSON reads routes -json output and returns the request sides
// ("METHOD path?query", as the tie warnings print them) that two or more
// examples share: each must get one tie warning.
func sidesOfJSON(t *testing.T, out string) map[string]int {
	t.Helper()
	var routes []struct{ Method, Path, Query string }
	if err := json.Unmarshal([]byte(out), &routes); err != nil {
		t.Fatalf("routes -json: %v", err)
	}
	n := map[string]int{}
	for _, r := range routes {
		side := r.Method + " " + r.Path
		if r.Query != "" {
			side += "?" + r.Query
		}
		n[side]++
	}
	for side, c := range n {
		if c < 2 {
			delete(n, side)
		}
	}
	return n
}

// TestRoutesWarnsOncePerTie: routes prints one tie warning per request
// side that two or more examples share (counted from routes -json, apart
// from the warning code), with the count, and names the example that
// answers and the one -prefer-success would serve; -json prints the same
// warnings on standard error.
func TestRoutesWarnsOncePerTie(t *testing.T) {
	dir := corpus.Dir(t)
	tests := []struct {
		file string
		want map[string]string // side → substring of its warning
	}{
		{worked, map[string]string{
			"GET /users/42":      `"User 42 missing" answers (the id last in byte order wins); with -prefer-success, "User 42"`,
			"POST /users":        `"Create user invalid" answers (the id last in byte order wins); with -prefer-success, "Create user"`,
			"GET /tenants/users": `"Tenant B users" answers (the id last in byte order wins)`,
		}},
		{filepath.Join(dir, "collections", "kevinswiber__postman2openapi__todo.json"), map[string]string{
			"GET /todos/1": `2 examples tie: "200 OK" (200, id 00000000-0000-4000-8000-000000000004), "404 Not Found" (404, id 00000000-0000-4000-8000-000000000005); "200 OK" answers (no example has an id in the file, so the first in document order wins)`,
			"GET /todos":   `"304 Not Modified" answers (no example has an id in the file, so the first in document order wins); with -prefer-success, "200 OK"`,
		}},
		{filepath.Join(dir, "collections", "kevinswiber__postman2openapi__github-v3-rest.json"), map[string]string{
			"GET /repos/{{owner}}/{{repo}}": `4 examples tie: "response" (200, id `,
		}},
	}
	for _, tt := range tests {
		t.Run(filepath.Base(tt.file), func(t *testing.T) {
			code, stdout, stderr := runCmd(t, "routes", "-c", tt.file)
			if code != 0 {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			got := tieWarnings(stdout)
			code, js, jsErr := runCmd(t, "routes", "-c", tt.file, "-json")
			if code != 0 {
				t.Fatalf("-json: exit %d; stderr:\n%s", code, jsErr)
			}
			shared := sidesOfJSON(t, js)
			for side, n := range shared {
				if _, ok := got[side]; !ok {
					t.Errorf("%d examples share %s: no tie warning", n, side)
				}
			}
			if len(got) != len(shared) {
				t.Errorf("%d tie warnings, want %d (one per shared request side)", len(got), len(shared))
			}
			for side, want := range tt.want {
				if !strings.Contains(got[side], want) {
					t.Errorf("warning for %s = %q, want it to contain %q", side, got[side], want)
				}
			}
			if jsTies := tieWarnings(jsErr); len(jsTies) != len(got) {
				t.Errorf("-json: %d tie warnings on stderr, want %d as in the text output", len(jsTies), len(got))
			}
		})
	}
}

// TestRoutesReportsRequestsWithoutExamples: the count of requests never
// served, of all requests, and the first five by folder path and name.
func TestRoutesReportsRequestsWithoutExamples(t *testing.T) {
	hand := filepath.Join(t.TempDir(), "hand.json")
	if err := os.WriteFile(hand, []byte(`{"info": {"name": "h", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}, "item": [
	  {"name": "Served", "request": "/a", "response": [{"id": "a", "name": "ok", "originalRequest": "/a"}]},
	  {"name": "Admin", "item": [{"name": "Stats", "item": [{"name": "Daily", "request": "/stats"}]}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		file string
		want string // the whole warning line
	}{
		{"one request", hand,
			`warning: 1 of 2 requests has no saved example, so the mock never serves it: "Admin / Stats / Daily"`},
		{"Sabre booking", filepath.Join(corpus.Dir(t), "collections", "sabredevstudio__postman-collections__booking-management-v2026.04.json"),
			`warning: 1073 of 1077 requests have no saved example, so the mock never serves them: ` +
				`"Authentication / SessionCreateRQ (Stateful ATH) create session", "Authentication / REST Authorize", ` +
				`"Get Booking / GetBooking /v1 General", "Get Booking / GetBooking /v1 Return Only Flights", ` +
				`"Get Booking / GetBooking /v1 Return Only Flights And Hotels", and 1068 more`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, "routes", "-c", tt.file)
			if code != 0 {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			var lines []string
			for line := range strings.SplitSeq(stdout, "\n") {
				if strings.Contains(line, "no saved example") {
					lines = append(lines, line)
				}
			}
			if len(lines) != 1 || lines[0] != tt.want {
				t.Errorf("requests-without-examples warnings = %q, want exactly\n%q", lines, tt.want)
			}
		})
	}
	// Every request of the worked collection has an example: no such line.
	if _, stdout, _ := runCmd(t, "routes", "-c", worked); strings.Contains(stdout, "no saved example") {
		t.Errorf("worked collection: a requests-without-examples warning:\n%s", stdout)
	}
}

// TestQuietSilencesWarnings: with -q routes prints the table alone (the
// golden output without its warning lines) and routes -json nothing on
// standard error, and serve prints no start-up warning.
func TestQuietSilencesWarnings(t *testing.T) {
	golden, err := os.ReadFile(filepath.Join("testdata", "routes.golden"))
	if err != nil {
		t.Fatal(err)
	}
	var table strings.Builder
	warnings := 0
	for line := range strings.Lines(string(golden)) {
		if strings.HasPrefix(line, "warning: ") {
			warnings++
			continue
		}
		table.WriteString(line)
	}
	if warnings == 0 {
		t.Fatal("the golden output has no warning for -q to silence")
	}
	code, stdout, stderr := runCmd(t, "routes", "-q", "-c", worked)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if stdout != table.String() {
		t.Errorf("routes -q:\n%s\nwant the table alone:\n%s", stdout, table.String())
	}

	_, loud, _ := runCmd(t, "routes", "-json", "-c", worked)
	code, quiet, stderr := runCmd(t, "routes", "-json", "-q", "-c", worked)
	if code != 0 || stderr != "" {
		t.Errorf("routes -json -q: exit %d, stderr %q; want 0 and nothing", code, stderr)
	}
	if quiet != loud {
		t.Errorf("routes -json -q printed other JSON than routes -json:\n%s\nwant:\n%s", quiet, loud)
	}

	s := startServe(t, "-q", "-c", worked)
	if code, _ := call(t, "GET", s.base+"/users", nil); code != 200 {
		t.Errorf("GET /users = %d, want 200", code)
	}
	if got := s.stderr.String(); strings.Contains(got, "warning") {
		t.Errorf("serve -q stderr = %q, want no warning", got)
	}
}

// TestREADMEShowsTheRoutesOutputOfTheTiesCollection: the README's "Ties"
// section quotes the routes output of testdata/ties.postman_collection.json;
// it must be what routes prints.
func TestREADMEShowsTheRoutesOutputOfTheTiesCollection(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	const cmd = "go run ./cmd/postmock routes -c cmd/postmock/testdata/ties.postman_collection.json\n```\n\n```text\n"
	_, rest, ok := strings.Cut(string(readme), cmd)
	if !ok {
		t.Fatalf("README.md has no %q followed by a text block", cmd)
	}
	quoted, _, ok := strings.Cut(rest, "```")
	if !ok {
		t.Fatal("README.md: the text block after the routes command does not end")
	}
	code, stdout, stderr := runCmd(t, "routes", "-c", filepath.Join("testdata", "ties.postman_collection.json"))
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	if quoted != stdout {
		t.Errorf("README.md quotes:\n%s\nroutes prints:\n%s", quoted, stdout)
	}
}

// TestRoutesTiesUnderPreferSuccess: routes -prefer-success describes the
// mock serve -prefer-success runs: the 2xx example of a tie answers, for
// that reason, and the "with -prefer-success" hint is gone.
func TestRoutesTiesUnderPreferSuccess(t *testing.T) {
	ties := filepath.Join("testdata", "ties.postman_collection.json")
	_, plain, _ := runCmd(t, "routes", "-c", ties)
	code, prefer, stderr := runCmd(t, "routes", "-prefer-success", "-c", ties)
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, tc := range []struct {
		out, want, not string
	}{
		{plain, `"Not found" answers (no example has an id in the file, so the first in document order wins); with -prefer-success, "OK"`, "a 2xx example wins"},
		{prefer, `"OK" answers (-prefer-success: a 2xx example wins the tie)`, "with -prefer-success,"},
	} {
		if !strings.Contains(tc.out, tc.want) || strings.Contains(tc.out, tc.not) {
			t.Errorf("routes output:\n%s\nwant %q and not %q", tc.out, tc.want, tc.not)
		}
	}
	// And serve with the same flag answers what routes said.
	s := startServe(t, "-prefer-success", "-c", ties)
	if code, _ := call(t, "GET", s.base+"/todos/1", nil); code != 200 {
		t.Errorf("serve -prefer-success: GET /todos/1 = %d, want 200", code)
	}
}
