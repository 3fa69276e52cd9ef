package mocktest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/mocktest"
)

// copyFile copies testdata's src into dir and returns the new path.
func copyFile(t *testing.T, src, dir string) string {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	dst := filepath.Join(dir, filepath.Base(src))
	if err := os.WriteFile(dst, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestNewReusesTheParsedFileUntilItChanges: servers of one file share one
// parsed collection and one compiled index, each with its own call log;
// once the file changes, the next New reads it again and serves the change.
func TestNewReusesTheParsedFileUntilItChanges(t *testing.T) {
	file := copyFile(t, api, t.TempDir())
	a := mocktest.New(t, file)
	b := mocktest.New(t, file, mocktest.WithoutListener())
	if a.Mock().Collection() != b.Mock().Collection() || a.Mock().Index() != b.Mock().Index() {
		t.Fatal("two servers of one unchanged file parsed or compiled it twice")
	}
	get(t, a.Client(), a.URL+"/health")
	a.AssertCallCount(t, 1)
	b.AssertCallCount(t, 0)

	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(src), `{\"example\": \"b1\"}`, `{\"example\": \"B1\"}`, 1)
	if changed == string(src) {
		t.Fatal("the fixture has no b1 body to change")
	}
	// Same size: only the modification time tells the versions apart.
	if err := os.WriteFile(file, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(file, later, later); err != nil {
		t.Fatal(err)
	}
	c := mocktest.New(t, file)
	if c.Mock().Collection() == a.Mock().Collection() {
		t.Fatal("New served the old version of a changed file")
	}
	if code, body := get(t, c.Client(), c.URL+"/health"); code != 200 || body != `{"example": "B1"}` {
		t.Errorf("after the change GET /health = %d %s, want the new body", code, body)
	}
	if code, body := get(t, a.Client(), a.URL+"/health"); body != `{"example": "b1"}` {
		t.Errorf("the older server changed its answer: %d %s", code, body)
	}
}

// TestNewSharesTheFileAcrossParallelTests: parallel tests starting servers
// of one file at once get one collection between them (run with -race).
func TestNewSharesTheFileAcrossParallelTests(t *testing.T) {
	file := copyFile(t, api, t.TempDir())
	colls := make([]*collection.Collection, 8)
	t.Run("group", func(t *testing.T) {
		for i := range colls {
			t.Run("", func(t *testing.T) {
				t.Parallel()
				srv := mocktest.New(t, file, mocktest.WithEnvironmentFile("testdata/staging.postman_environment.json"))
				if code, _ := get(t, srv.Client(), srv.URL+"/v2/health"); code != 200 {
					t.Errorf("GET /v2/health = %d", code)
				}
				colls[i] = srv.Mock().Collection()
			})
		}
	})
	for i, c := range colls {
		if c != colls[0] {
			t.Errorf("server %d parsed the file again", i)
		}
	}
}

// TestFromCollectionServesALoadedCollection: a test that loaded the
// collection itself gets the same server and assertions as New.
func TestFromCollectionServesALoadedCollection(t *testing.T) {
	c, err := collection.LoadFile(api)
	if err != nil {
		t.Fatal(err)
	}
	srv := mocktest.FromCollection(t, c, mocktest.Strict())
	if srv.Mock().Collection() != c {
		t.Error("FromCollection serves another collection")
	}
	if code, body := get(t, srv.Client(), srv.URL+"/users/carol"); code != 200 || body != `{"example": "a3"}` {
		t.Errorf("GET /users/carol = %d %s", code, body)
	}
	srv.AssertServed(t, "a3")
}

// BenchmarkNewReusesParsedCollection starts servers of the 8.4 MB GitHub
// collection of the corpus: after the first, New neither parses nor
// compiles it again (compare with BenchmarkLoadGitHubCollection, one load).
func BenchmarkNewReusesParsedCollection(b *testing.B) {
	file := githubCollection(b)
	mocktest.New(b, file) // the one load, outside the timing
	b.ResetTimer()
	for b.Loop() {
		srv := mocktest.New(b, file, mocktest.WithoutListener())
		srv.Close()
	}
}

// BenchmarkLoadGitHubCollection is one parse of the file, for comparison.
func BenchmarkLoadGitHubCollection(b *testing.B) {
	file := githubCollection(b)
	for b.Loop() {
		if _, err := collection.LoadFile(file); err != nil {
			b.Fatal(err)
		}
	}
}

func githubCollection(b *testing.B) string {
	file := filepath.Join(corpus.Dir(b), "collections", "generated__github.json")
	if _, err := os.Stat(file); err != nil {
		b.Skipf("corpus file missing: %v", err)
	}
	return file
}
