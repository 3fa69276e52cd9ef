package match_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/internal/testsupport/gen"
	"github.com/postmock/postmock/match"
)

// TestSharedURLsCompileAsAlone proves that candidates sharing the compiled
// form of their URL (an example whose URL has the resolve key of the one
// before it gets that one's) are what each example's URL compiles to
// alone: on generated collections and every corpus collection, with and
// without an environment, each candidate's path segments, id flags,
// wildcard patterns, query, route and undefined variables equal those of
// the example's URL resolved by collection.Resolver.ResolveURL and
// compiled on its own.
func TestSharedURLsCompileAsAlone(t *testing.T) {
	type load struct {
		name string
		c    *collection.Collection
		env  *collection.Environment
	}
	var loads []load
	for _, seed := range []uint64{1, 2} {
		c, err := collection.Parse(gen.Collection(400, seed))
		if err != nil {
			t.Fatal(err)
		}
		loads = append(loads, load{fmt.Sprintf("generated-%d", seed), c, nil})
	}
	dir := corpus.Dir(t)
	var envs []*collection.Environment
	for _, e := range corpus.Manifest(t, dir) {
		if e.IsEnvironment() {
			env, err := collection.LoadEnvironmentFile(e.Path(dir))
			if err != nil {
				t.Fatal(err)
			}
			envs = append(envs, env)
		}
	}
	for i, e := range corpus.Manifest(t, dir) {
		if e.IsEnvironment() {
			continue
		}
		data, err := os.ReadFile(e.Path(dir))
		if err != nil {
			t.Fatal(err)
		}
		c, err := collection.Parse(data)
		if err != nil {
			continue // the corpus tests report collections that do not load
		}
		loads = append(loads, load{filepath.Base(e.File), c, nil})
		if len(envs) > 0 {
			loads = append(loads, load{filepath.Base(e.File) + "+env", c, envs[i%len(envs)]})
		}
	}
	reused := 0
	for _, l := range loads {
		shared, alone, n := match.CompiledURLs(l.c, l.env)
		reused += n
		for i, ex := range l.c.Examples() {
			if d := cmp.Diff(alone[i], shared[i]); d != "" {
				t.Errorf("%s %s: the shared compiled URL differs from the example's own (-own +shared):\n%s", l.name, ex.JSONPath, d)
			}
		}
	}
	if reused == 0 {
		t.Error("no two examples shared a compiled URL: the test proves nothing")
	}
}
