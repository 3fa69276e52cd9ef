package match_test

import (
	"fmt"
	"math/rand/v2"
	"net/http"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/internal/testsupport/gen"
	"github.com/postmock/postmock/match"
)

// distanceInput is a compiled collection and requests aimed at its distance
// step.
type distanceInput struct {
	name string
	ix   *match.Index
	reqs []*match.Request
}

// distanceConfigs are the switches the distance step depends on.
var distanceConfigs = []match.Config{{}, {IgnoreWildcards: true}}

// generatedDistanceInputs compiles generated collections (the benchmarks'
// shape) with every kind of generated call plus edited example paths.
func generatedDistanceInputs(t *testing.T) []distanceInput {
	sizes := []int{100, 1000, 10000}
	if testing.Short() {
		sizes = sizes[:2]
	}
	var out []distanceInput
	for _, n := range sizes {
		c, err := collection.Parse(gen.Collection(n, 3))
		if err != nil {
			t.Fatal(err)
		}
		in := newDistanceInput(t, fmt.Sprintf("generated-%d", n), c)
		for _, kind := range gen.Kinds() {
			for _, call := range gen.Calls(c, kind, 30, 5) {
				in.reqs = append(in.reqs, call.Request())
			}
		}
		out = append(out, in)
	}
	return out
}

// siblingCollection has one node with many children that are near one
// another: edited words, wildcards among them, case and Unicode variants,
// escapes and segments past the distance step's length limit.
func siblingCollection(t *testing.T) *collection.Collection {
	r := rand.New(rand.NewPCG(9, 9))
	words := []string{"users", "orders", "notifications", "subscriptions", "ab", "abc", "Kelvin", "\u212aelvin",
		"café", "straße", "{{id}}", "{{x}}.json", "item-{{n}}", "a%20b", "%FF%FE", strings.Repeat("l", 600),
		strings.Repeat("m", 390) + "x", "", "12345"}
	var items []string
	for i := range 1200 {
		var segs []string
		for range 1 + r.IntN(2) {
			w := []rune(words[r.IntN(len(words))])
			for range r.IntN(3) {
				if len(w) == 0 {
					break
				}
				w[r.IntN(len(w))] = rune('a' + r.IntN(26))
			}
			segs = append(segs, string(w))
		}
		items = append(items, fmt.Sprintf(`{"name":"r%d","request":{"method":"GET","url":"{{host}}/%s"},"response":[{"id":"e%04d","name":"n%d","originalRequest":{"method":"GET","url":"{{host}}/%s"}}]}`,
			i, strings.Join(segs, "/"), i, i, strings.Join(segs, "/")))
	}
	c, err := collection.Parse([]byte(`{"info":{"name":"siblings","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},` +
		`"variable":[{"key":"host","value":"https://x.example"}],"item":[` + strings.Join(items, ",") + `]}`))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// newDistanceInput compiles c and adds requests made from its examples'
// paths with letters changed, dropped or added, or segments replaced.
func newDistanceInput(t *testing.T, name string, c *collection.Collection) distanceInput {
	t.Helper()
	ix, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	in := distanceInput{name: name, ix: ix}
	r := rand.New(rand.NewPCG(uint64(len(name)), 7))
	routes := ix.Routes()
	for range min(200, 4*len(routes)) {
		rt := routes[r.IntN(len(routes))]
		b := []byte(rt.Path)
		for range 1 + r.IntN(3) {
			p := 1 + r.IntN(max(len(b)-1, 1))
			switch r.IntN(4) {
			case 0:
				if p < len(b) {
					b[p] = byte('a' + r.IntN(26))
				}
			case 1:
				if p < len(b) {
					b = append(b[:p], b[p+1:]...)
				}
			case 2:
				b = append(b[:p], append([]byte{byte('a' + r.IntN(26))}, b[p:]...)...)
			default:
				b = append(b, "/zqxj"[:1+r.IntN(4)]...)
			}
		}
		in.reqs = append(in.reqs, &match.Request{Method: rt.Method, Path: string(b), Header: http.Header{}})
	}
	return in
}

func distanceInputs(t *testing.T) []distanceInput {
	ins := generatedDistanceInputs(t)
	return append(ins, newDistanceInput(t, "siblings", siblingCollection(t)))
}

// corpusDistanceInputs compiles the shared corpus (skipping the test when
// it is absent).
func corpusDistanceInputs(t *testing.T) []distanceInput {
	dir := corpus.Dir(t)
	var out []distanceInput
	for _, e := range corpus.Manifest(t, dir) {
		if e.IsEnvironment() {
			continue
		}
		c, err := collection.LoadFile(e.Path(dir))
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Examples()) > 0 {
			out = append(out, newDistanceInput(t, e.File, c))
		}
	}
	return out
}

func checkDistanceLookups(t *testing.T, ins []distanceInput) {
	for _, in := range ins {
		for _, cfg := range distanceConfigs {
			for _, req := range in.reqs {
				if msg := match.CheckDistanceLookups(in.ix, req, cfg); msg != "" {
					t.Fatalf("%s: %s %s (wildcards %v): %s", in.name, req.Method, req.Path, !cfg.IgnoreWildcards, msg)
				}
			}
		}
	}
}

// TestDistanceIndexFindsEveryCandidateWithinK checks the distance step's
// posting-list look-ups and budget bounds against a scan of every child.
func TestDistanceIndexFindsEveryCandidateWithinK(t *testing.T) {
	checkDistanceLookups(t, distanceInputs(t))
}

// TestDistanceIndexFindsEveryCandidateWithinKOnCorpus does the same on the
// shared corpus of real collections.
func TestDistanceIndexFindsEveryCandidateWithinKOnCorpus(t *testing.T) {
	checkDistanceLookups(t, corpusDistanceInputs(t))
}

func checkDistanceWalks(t *testing.T, ins []distanceInput) {
	for _, in := range ins {
		for _, distCap := range []int{match.DefaultDistanceCap, 1, 60} {
			for _, cfg := range distanceConfigs {
				for _, req := range in.reqs {
					if msg := match.CheckDistanceWalks(in.ix, req, cfg, distCap); msg != "" {
						t.Fatalf("%s: %s %s (wildcards %v): %s", in.name, req.Method, req.Path, !cfg.IgnoreWildcards, msg)
					}
				}
			}
		}
	}
}

// TestDistanceFastWalkMatchesCappedWalk checks that the look-up walk
// considers what the capped walk does and bounds its spend, and that the
// step as Match runs it gives the capped walk's result under any cap.
func TestDistanceFastWalkMatchesCappedWalk(t *testing.T) {
	checkDistanceWalks(t, distanceInputs(t))
}

// TestDistanceFastWalkMatchesCappedWalkOnCorpus does the same on the shared
// corpus of real collections.
func TestDistanceFastWalkMatchesCappedWalkOnCorpus(t *testing.T) {
	checkDistanceWalks(t, corpusDistanceInputs(t))
}

// TestConcurrentMatchesAgreeWithSequential matches from many goroutines at
// once on a fresh index, so that the parts built on first use (distance
// indexes, header maps, JSON bodies) are built under contention, and
// compares every result with one index used sequentially. Run with -race.
func TestConcurrentMatchesAgreeWithSequential(t *testing.T) {
	c, err := collection.Parse(gen.Collection(3000, 4))
	if err != nil {
		t.Fatal(err)
	}
	var reqs []*match.Request
	for _, kind := range gen.Kinds() {
		for _, call := range gen.Calls(c, kind, 40, 2) {
			r := call.Request()
			r.Header.Set("Accept", "application/json")
			r.Header.Set("Content-Type", "application/json")
			r.Body = []byte(`{"name": "x"}`)
			reqs = append(reqs, r)
		}
	}
	cfgs := []match.Config{{}, {MatchBody: true, Headers: []string{"Accept"}}}
	seq, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]match.Result, len(cfgs))
	for i, cfg := range cfgs {
		for _, r := range reqs {
			want[i] = append(want[i], seq.Match(r, cfg))
		}
	}
	par, err := match.Compile(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	const workers = 8
	errs := make(chan string, workers)
	for w := range workers {
		go func() {
			msg := ""
			for k := range len(reqs) * len(cfgs) {
				k = (k + w*37) % (len(reqs) * len(cfgs)) // each worker starts elsewhere
				i, j := k/len(reqs), k%len(reqs)
				got := par.Match(reqs[j], cfgs[i])
				if exampleOf(got) != exampleOf(want[i][j]) || got.Step != want[i][j].Step || got.Distance != want[i][j].Distance {
					msg = fmt.Sprintf("%s %s: got %s at %v, want %s at %v", reqs[j].Method, reqs[j].Path,
						exampleOf(got), got.Step, exampleOf(want[i][j]), want[i][j].Step)
					break
				}
			}
			errs <- msg
		}()
	}
	for range workers {
		if msg := <-errs; msg != "" {
			t.Error(msg)
		}
	}
}

func exampleOf(r match.Result) string {
	if r.Example == nil {
		return "none"
	}
	return r.Example.ID
}
