package match_test

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/postmock/postmock/match"
)

// readSeed reads a "go test fuzz v1" file: one string(...) or byte(...)
// value a line, as Go literals.
func readSeed(t *testing.T, path string) []any {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	var vals []any
	for sc.Scan() {
		line := sc.Text()
		switch {
		case line == "go test fuzz v1":
		case strings.HasPrefix(line, "string(") && strings.HasSuffix(line, ")"):
			v, err := strconv.Unquote(line[len("string(") : len(line)-1])
			if err != nil {
				t.Fatalf("%s: %q: %v", path, line, err)
			}
			vals = append(vals, v)
		case strings.HasPrefix(line, "byte(") && strings.HasSuffix(line, ")"):
			v, _, tail, err := strconv.UnquoteChar(strings.TrimSuffix(line[len("byte('"):len(line)-1], "'"), '\'')
			if err != nil || tail != "" || v > 255 {
				t.Fatalf("%s: %q: not a byte", path, line)
			}
			vals = append(vals, uint8(v))
		default:
			t.Fatalf("%s: unexpected line %q", path, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return vals
}

// TestKnownBugSeedsFailUnderTheirBugMode proves what the bug constants
// claim: the reference matcher run with a bug mode disagrees with the
// matcher on each seed named as having caught that bug (so the seed would
// catch the bug coming back), and agrees with it in the correct mode. Every
// bug mode has a seed here.
func TestKnownBugSeedsFailUnderTheirBugMode(t *testing.T) {
	worked := loadFuzzIndex(t, "worked", compileCollectionFile(t, "testdata/worked.postman_collection.json"))
	patterns := loadFuzzIndex(t, "patterns", parseFuzzCollection(t, []byte(patternCollection)))
	tests := []struct {
		bug    int
		target string // FuzzMatchPath or FuzzPattern
		seed   string
	}{
		{bugGreedyQuery, "FuzzMatchPath", "spec-50"},
		{bugFoldBytes, "FuzzMatchPath", "spec-54"},
		{bugFoldBytes, "FuzzPattern", "spec-kelvin"},
		{bugPatternID, "FuzzMatchPath", "spec-68"},
	}
	covered := 0
	for _, tt := range tests {
		covered |= tt.bug
		t.Run(tt.target+"/"+tt.seed, func(t *testing.T) {
			v := readSeed(t, filepath.Join("testdata", "fuzz", tt.target, tt.seed))
			type run struct {
				fx  fuzzIndex
				req *match.Request
				cfg match.Config
			}
			var runs []run
			switch tt.target {
			case "FuzzMatchPath":
				if len(v) != 6 {
					t.Fatalf("seed has %d values, want 6", len(v))
				}
				req, cfg := pathInput(v[0].(string), v[1].(string), v[2].(string), v[3].(uint8), v[4].(string), v[5].(uint8))
				runs = []run{{worked, req, cfg}, {patterns, req, cfg}}
			case "FuzzPattern":
				if len(v) != 3 {
					t.Fatalf("seed has %d values, want 3", len(v))
				}
				fx, reqs, ok := patternInput(t, v[0].(string), v[1].(string), v[2].(string))
				if !ok {
					t.Fatal("the seed is outside FuzzPattern's bounds")
				}
				for _, r := range reqs {
					runs = append(runs, run{fx, r.req, r.cfg})
				}
			}
			caught := false
			for _, r := range runs {
				res := r.fx.ix.Match(r.req, r.cfg)
				same := func(w refResult) bool {
					return exampleID(res) == w.id && res.Score == w.score && res.Step == w.step && res.Distance == w.dist
				}
				if w, ok := refMatch(r.fx.ref, r.req, r.cfg, 0); ok && !same(w) {
					t.Errorf("%s %s %q ?%q: the correct reference disagrees with the matcher: got %s/%d, want %s/%d",
						r.fx.name, r.req.Method, r.req.Path, r.req.RawQuery, exampleID(res), res.Score, w.id, w.score)
				}
				if w, ok := refMatch(r.fx.ref, r.req, r.cfg, tt.bug); ok && !same(w) {
					caught = true
				}
			}
			if !caught {
				t.Errorf("under its bug mode the reference agrees with the matcher on every request of the seed: the seed does not catch the bug")
			}
		})
	}
	if covered != allKnownBugs {
		t.Errorf("bug modes %b have no seed here", allKnownBugs&^covered)
	}
}
