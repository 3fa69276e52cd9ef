package mock_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/mock"
)

// TestCorpusEveryExampleServedByID sends, for every example of every corpus
// collection, the example's own request (method, resolved path and query)
// with x-mock-response-id, and checks that exactly that example is served:
// its status code and, when it has no template tokens, its body.
func TestCorpusEveryExampleServedByID(t *testing.T) {
	total, escaped := 0, 0
	corpus.EachCollection(t, func(t *testing.T, c *collection.Collection) {
		m, err := mock.New(c, mock.WithSeed(1), mock.WithCallLogLimits(callLogSmall))
		if err != nil {
			t.Fatal(err)
		}
		client := &http.Client{Transport: m.Transport(), CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		r := collection.NewResolver(c, nil)
		for _, ex := range c.Examples() {
			u := r.ResolveURL(&ex.Request.URL)
			target := "http://mock.test/" + strings.Join(u.Path, "/")
			if q := query(u.Query); q != "" {
				target += "?" + q
			}
			req, err := http.NewRequest(strings.ToUpper(ex.Request.MethodOrGet()), target, nil)
			if err != nil {
				// A path the Go client cannot send (e.g. a space or a
				// control character in a segment): send it escaped.
				req, err = http.NewRequest(strings.ToUpper(ex.Request.MethodOrGet()), escapedTarget(u), nil)
				if err != nil {
					t.Fatalf("%s: even escaped: %v", ex.JSONPath, err)
				}
				escaped++
			}
			req.Header.Set("x-mock-response-id", ex.ID)
			resp, err := client.Do(req)
			if err != nil {
				t.Fatalf("%s: %v", ex.JSONPath, err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			total++
			want := ex.Code
			if want < 200 || want > 599 {
				want = 200
			}
			if resp.StatusCode != want {
				t.Errorf("%s (id %s): status %d, want %d", ex.JSONPath, ex.ID, resp.StatusCode, want)
				continue
			}
			if req.Method == http.MethodHead || strings.Contains(ex.Body, "{{") {
				continue
			}
			if string(body) != ex.Body {
				t.Errorf("%s (id %s): body differs: got %.80q, want %.80q", ex.JSONPath, ex.ID, body, ex.Body)
			}
		}
		if got := m.Calls().Len(); got != min(len(c.Examples()), callLogSmall.MaxEntries) {
			t.Errorf("call log holds %d entries", got)
		}
	})
	t.Logf("%d examples served by id (%d sent escaped)", total, escaped)
}

// escapedTarget is the URL of a resolved request with every path segment
// and query key and value percent-escaped, for the requests whose raw text
// the Go client refuses.
func escapedTarget(u collection.ResolvedURL) string {
	segs := make([]string, len(u.Path))
	for i, s := range u.Path {
		segs[i] = url.PathEscape(s)
	}
	target := "http://mock.test/" + strings.Join(segs, "/")
	parts := make([]string, 0, len(u.Query))
	for _, q := range u.Query {
		if q.ValueNull {
			parts = append(parts, url.QueryEscape(q.Key))
		} else {
			parts = append(parts, url.QueryEscape(q.Key)+"="+url.QueryEscape(q.Value))
		}
	}
	if len(parts) > 0 {
		target += "?" + strings.Join(parts, "&")
	}
	return target
}

func query(qs []collection.QueryParam) string {
	parts := make([]string, 0, len(qs))
	for _, q := range qs {
		if q.ValueNull {
			parts = append(parts, q.Key)
		} else {
			parts = append(parts, q.Key+"="+q.Value)
		}
	}
	return strings.Join(parts, "&")
}

// TestEscapedTargetSendsWhatTheClientRefuses: the corpus test's fallback
// for a path the Go client cannot send carries the same segments and query,
// escaped, and the mock sees them decoded.
func TestEscapedTargetSendsWhatTheClientRefuses(t *testing.T) {
	u := collection.ResolvedURL{Path: []string{"a\x01b", "c d", "e/f"},
		Query: []collection.QueryParam{{Key: "k\x02", Value: "v&w"}, {Key: "flag", ValueNull: true}}}
	raw := "http://mock.test/" + strings.Join(u.Path, "/") + "?" + query(u.Query)
	if _, err := http.NewRequest("GET", raw, nil); err == nil {
		t.Fatalf("the client sends %q as is; the fallback is not needed for it", raw)
	}
	req, err := http.NewRequest("GET", escapedTarget(u), nil)
	if err != nil {
		t.Fatal(err)
	}
	segs := strings.Split(strings.TrimPrefix(req.URL.EscapedPath(), "/"), "/")
	for i := range segs {
		if segs[i], err = url.PathUnescape(segs[i]); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Join(segs, "|") != strings.Join(u.Path, "|") {
		t.Errorf("segments %q, want %q", segs, u.Path)
	}
	if q := req.URL.Query(); q.Get("k\x02") != "v&w" || !q.Has("flag") || len(q) != 2 {
		t.Errorf("query %v, want k\\x02=v&w and flag", q)
	}
}
