package collection_test

import (
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
)

// TestCorpusLoadsWithManifestCounts loads every collection and environment of
// the shared corpus and checks the request and example counts against
// MANIFEST.tsv.
func TestCorpusLoadsWithManifestCounts(t *testing.T) {
	dir := corpus.Dir(t)
	entries := corpus.Manifest(t, dir)
	var collections, envs int
	for _, e := range entries {
		t.Run(e.File, func(t *testing.T) {
			if e.IsEnvironment() {
				env, err := collection.LoadEnvironmentFile(e.Path(dir))
				if err != nil {
					t.Fatal(err)
				}
				if len(env.Values) == 0 {
					t.Errorf("environment %q has no values", env.Name)
				}
				envs++
				return
			}
			c, err := collection.LoadFile(e.Path(dir))
			if err != nil {
				t.Fatal(err)
			}
			collections++
			if got := len(c.Requests()); got != e.Requests {
				t.Errorf("requests = %d, manifest says %d", got, e.Requests)
			}
			if got := len(c.Examples()); got != e.Examples {
				t.Errorf("examples = %d, manifest says %d; diagnostics: %v", got, e.Examples, c.Diagnostics)
			}
			for _, ex := range c.Examples() {
				if ex.ID == "" || ex.Request == nil {
					t.Errorf("%s: example without id or request side", ex.JSONPath)
				}
			}
		})
	}
	if collections+envs != len(entries) {
		t.Errorf("loaded %d collections and %d environments, manifest lists %d files", collections, envs, len(entries))
	}
}
