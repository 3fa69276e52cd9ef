package mocktest_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mocktest"
	"github.com/postmock/postmock/record"
)

// counted is an upstream that counts the calls it answers.
func counted(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var hits atomic.Int64
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodPost {
			w.WriteHeader(http.StatusCreated)
		}
		fmt.Fprintf(w, `{"method":%q,"path":%q,"body":%q}`, r.Method, r.URL.Path, b)
	}))
	t.Cleanup(up.Close)
	return up, &hits
}

func post(t *testing.T, c *http.Client, url, body string) (int, string) {
	t.Helper()
	resp, err := c.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// TestRecordThenReplay records through the listener and Transport into a
// file that does not exist yet, then replays the file with no upstream
// calls.
func TestRecordThenReplay(t *testing.T) {
	up, hits := counted(t)
	file := filepath.Join(t.TempDir(), "api.postman_collection.json")
	type answer struct {
		code int
		body string
	}
	var recorded []answer
	t.Run("record", func(t *testing.T) {
		srv := mocktest.New(t, file, mocktest.Record(up.URL))
		code, body := get(t, srv.Client(), srv.URL+"/users/42")
		recorded = append(recorded, answer{code, body})
		code, body = post(t, &http.Client{Transport: srv.Transport()}, "http://api.invalid/users", `{"name":"ann"}`)
		recorded = append(recorded, answer{code, body})
		srv.AssertCalls(t, []mocktest.Call{{Method: "GET", Path: "/users/42", Status: 200}, {Method: "POST", Path: "/users", Status: 201}})
	})
	if hits.Load() != 2 {
		t.Fatalf("upstream answered %d calls while recording, want 2", hits.Load())
	}
	if recorded[0] != (answer{200, `{"method":"GET","path":"/users/42","body":""}`}) || recorded[1].code != 201 {
		t.Fatalf("recording answered %v", recorded)
	}
	c, err := collection.LoadFile(file, collection.Strict())
	if err != nil || len(c.Examples()) != 2 {
		t.Fatalf("recorded file: %v, %d examples (want 2)", err, len(c.Examples()))
	}
	t.Run("replay", func(t *testing.T) {
		srv := mocktest.New(t, file, mocktest.Strict())
		if code, body := get(t, srv.Client(), srv.URL+"/users/42"); (answer{code, body}) != recorded[0] {
			t.Errorf("replayed GET = %d %s, recorded %v", code, body, recorded[0])
		}
		if code, body := post(t, srv.Client(), srv.URL+"/users", `{"name":"ann"}`); (answer{code, body}) != recorded[1] {
			t.Errorf("replayed POST = %d %s, recorded %v", code, body, recorded[1])
		}
	})
	if hits.Load() != 2 {
		t.Errorf("replaying reached the upstream: %d calls in all, want 2", hits.Load())
	}
}

func TestRecordMissingRecordsOnlyWhatTheFileLacks(t *testing.T) {
	up, hits := counted(t)
	file := filepath.Join(t.TempDir(), "c.json")
	t.Run("first", func(t *testing.T) {
		srv := mocktest.New(t, file, mocktest.RecordMissing(up.URL))
		get(t, srv.Client(), srv.URL+"/users/42")
	})
	t.Run("second", func(t *testing.T) {
		srv := mocktest.New(t, file, mocktest.RecordMissing(up.URL), mocktest.WithoutListener())
		client := srv.Client()
		get(t, client, "http://x/users/42") // in the file: replayed
		if hits.Load() != 1 {
			t.Errorf("a call the file answers reached the upstream")
		}
		get(t, client, "http://x/users/43") // /users/42's example would answer it through the id step
		if hits.Load() != 2 {
			t.Errorf("a call the file lacks was not forwarded")
		}
	})
	c, err := collection.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ex := range c.Examples() {
		names = append(names, ex.Item.Name+" | "+ex.Name)
	}
	if got, want := strings.Join(names, ", "), "GET /users/:userId | 200 GET /users/42, GET /users/:userId | 200 GET /users/43"; got != want {
		t.Errorf("file has %s, want %s", got, want)
	}
}

func TestUpstreamFollowsTheEnvironment(t *testing.T) {
	up, hits := counted(t)
	file := filepath.Join(t.TempDir(), "c.json")
	t.Run("POSTMOCK_RECORD=1", func(t *testing.T) {
		t.Setenv(mocktest.EnvRecord, "1")
		srv := mocktest.New(t, file, mocktest.Upstream(up.URL), mocktest.WithRecordOptions(record.WithRedact("name")))
		post(t, srv.Client(), srv.URL+"/users", `{"name":"ann"}`)
	})
	t.Run("unset", func(t *testing.T) {
		t.Setenv(mocktest.EnvRecord, "")
		srv := mocktest.New(t, file, mocktest.Upstream(up.URL))
		if code, _ := post(t, srv.Client(), srv.URL+"/users", `{"name":"bob"}`); code != 201 {
			t.Errorf("replay answered %d, want the recorded 201", code)
		}
	})
	if hits.Load() != 1 {
		t.Errorf("upstream answered %d calls, want 1 (recorded once, replayed once)", hits.Load())
	}
	t.Run("POSTMOCK_UPSTREAM", func(t *testing.T) {
		t.Setenv(mocktest.EnvRecord, "missing")
		t.Setenv(mocktest.EnvUpstream, up.URL)
		srv := mocktest.New(t, file)
		get(t, srv.Client(), srv.URL+"/other")
	})
	if hits.Load() != 2 {
		t.Errorf("POSTMOCK_UPSTREAM with no option: upstream answered %d calls in all, want 2", hits.Load())
	}
	for _, tc := range []struct{ record, upstream, want string }{
		{"yes please", up.URL, "want 1 (record every call)"},
		{"1", "", "no upstream is named"},
	} {
		t.Run("bad "+tc.record, func(t *testing.T) {
			t.Setenv(mocktest.EnvRecord, tc.record)
			t.Setenv(mocktest.EnvUpstream, tc.upstream)
			ft := &fakeTB{TB: t}
			func() {
				defer func() { recover() }()
				mocktest.New(ft, file)
			}()
			ft.runCleanups()
			if len(ft.errs) != 1 || !strings.Contains(ft.errs[0], tc.want) {
				t.Errorf("errors %q, want one saying %q", ft.errs, tc.want)
			}
		})
	}
}
