package verify

import (
	"net/http"
	"testing"

	"github.com/postmock/postmock/collection"
)

// Test verifies the service at baseURL against the examples of the
// collection file, with the options of Run, reporting each example as a
// subtest named after its folders, item and example, so that
//
//	go test -run 'TestContract/Users/Get_user/200_OK'
//
// verifies one example (go test writes spaces in names as "_"). A failed
// example fails its subtest with the explanation of Result.Failure; a
// skipped one is skipped with its reason. An unusable collection file or
// option fails t at once.
//
// Examples run Parallel at a time (default DefaultParallel): below each
// top-level folder (or item) the subtests are parallel, while the
// top-level ones run one after the other, so Test returns only once every
// example ran and the service may be closed with a defer.
func Test(t *testing.T, collectionFile string, client *http.Client, baseURL string, opts ...Option) {
	t.Helper()
	c, err := collection.LoadFile(collectionFile)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	v, err := newVerifier(c, client, baseURL, opts)
	if err != nil {
		t.Fatalf("verify: %v", err)
	}
	chosen := map[*collection.Example]bool{}
	holds := map[*collection.Item]bool{} // items and folders with a selected example
	type built struct {
		out *outgoing
		err error
	}
	// Requests are built in document order before any subtest runs, as
	// Run does, so that Seed gives each example the same values.
	requests := map[*collection.Example]built{}
	for _, ex := range v.selected() {
		chosen[ex] = true
		out, err := v.build(ex)
		requests[ex] = built{out, err}
	}
	var mark func(it *collection.Item) bool
	mark = func(it *collection.Item) bool {
		for _, ex := range it.Examples {
			holds[it] = holds[it] || chosen[ex]
		}
		for _, child := range it.Items {
			holds[it] = mark(child) || holds[it]
		}
		return holds[it]
	}
	found := false
	for _, it := range c.Items {
		found = mark(it) || found
	}
	if !found {
		t.Fatalf("verify: no example of %s is selected", collectionFile)
	}
	sem := make(chan struct{}, v.s.parallel)
	parallel := func(t *testing.T) {
		if v.s.parallel > 1 {
			t.Parallel()
		}
	}
	var walk func(t *testing.T, items []*collection.Item, top bool)
	walk = func(t *testing.T, items []*collection.Item, top bool) {
		for _, it := range items {
			if !holds[it] {
				continue
			}
			t.Run(it.Name, func(t *testing.T) {
				if !top {
					parallel(t)
				}
				walk(t, it.Items, false)
				for _, ex := range it.Examples {
					if !chosen[ex] {
						continue
					}
					t.Run(ex.Name, func(t *testing.T) {
						parallel(t)
						sem <- struct{}{}
						defer func() { <-sem }()
						b := requests[ex]
						r := v.one(t.Context(), ex, b.out, b.err)
						switch r.Outcome {
						case Skip:
							t.Skip(r.Reason)
						case Fail:
							t.Errorf("%s\n%s", r.Name(), r.Failure())
						}
					})
				}
			})
		}
	}
	walk(t, c.Items, true)
}
