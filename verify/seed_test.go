package verify_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/verify"
)

// TestSeedReproducesTheValuesSentInParallel runs a collection whose
// requests carry dynamic variables several times with one Seed and four
// requests in flight: each example must get the same values every run,
// whichever request the scheduler starts first.
func TestSeedReproducesTheValuesSentInParallel(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"info":{"name":"seeded","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},"item":[`)
	const n = 40
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, `{"name":"r%d","request":{"method":"GET","url":"{{baseUrl}}/r/%d?v={{$randomInt}}&g={{$guid}}"},"response":[{"name":"ok","code":200,"body":""}]}`, i, i)
	}
	b.WriteString(`],"variable":[{"key":"baseUrl","value":"http://api.invalid"}]}`)
	c, err := collection.Parse([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[string]string{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got[r.URL.Path] = r.URL.RawQuery
		mu.Unlock()
	}))
	defer srv.Close()
	var first map[string]string
	for run := range 8 {
		got = map[string]string{}
		rep, err := verify.Run(context.Background(), c, srv.Client(), srv.URL, verify.Seed(7), verify.Parallel(4))
		if err != nil || rep.Passed != n {
			t.Fatalf("run %d: %v, %d of %d passed", run, err, rep.Passed, n)
		}
		if first == nil {
			first = got
			continue
		}
		if d := cmp.Diff(first, got); d != "" {
			t.Fatalf("run %d sent other values with the same seed (-first +now):\n%s", run, d)
		}
	}
}
