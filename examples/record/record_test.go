package record

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postmock/postmock/mocktest"
)

// realAPI stands in for the API a suite would record: it needs a token,
// answers users by id and sets a session cookie.
func realAPI(t *testing.T) *httptest.Server {
	t.Helper()
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer real-token" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "s-12345"})
		w.Header().Set("Content-Type", "application/json")
		id := strings.TrimPrefix(r.URL.Path, "/users/")
		fmt.Fprintf(w, `{"id":%s,"name":"user %s"}`, id, id)
	}))
	t.Cleanup(api.Close)
	return api
}

// getUser is the code under test: a tiny client of the API.
func getUser(t *testing.T, client *http.Client, base string, id int) (name string) {
	t.Helper()
	req, _ := http.NewRequest("GET", fmt.Sprintf("%s/users/%d", base, id), nil)
	req.Header.Set("Authorization", "Bearer real-token")
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var u struct{ Name string }
	if err := json.NewDecoder(resp.Body).Decode(&u); err != nil {
		t.Fatalf("status %d: %v", resp.StatusCode, err)
	}
	return u.Name
}

func TestRecordThenReplay(t *testing.T) {
	file := filepath.Join(t.TempDir(), "users.postman_collection.json")
	api := realAPI(t)

	t.Run("record", func(t *testing.T) {
		// Every call goes to the API; the file is written when the test ends.
		srv := mocktest.New(t, file, mocktest.Record(api.URL))
		if got := getUser(t, srv.Client(), srv.URL, 42); got != "user 42" {
			t.Errorf("got %q", got)
		}
		srv.AssertCalled(t, "GET", "/users/42")
	})

	api.Close() // from here on, the API is gone

	t.Run("replay", func(t *testing.T) {
		srv := mocktest.New(t, file, mocktest.Strict())
		if got := getUser(t, srv.Client(), srv.URL, 42); got != "user 42" {
			t.Errorf("got %q", got)
		}
	})

	// The file is a Postman collection: /users/42 became the item
	// "GET /users/:userId", and no secret was written.
	raw, _ := os.ReadFile(file)
	for _, want := range []string{`"GET /users/:userId"`, `"200 GET /users/42"`, `"{{baseUrl}}/users/42"`} {
		if !strings.Contains(string(raw), want) {
			t.Errorf("no %s in the file", want)
		}
	}
	for _, secret := range []string{"real-token", "s-12345"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("the secret %s reached the file", secret)
		}
	}
}

func TestRecordMissing(t *testing.T) {
	file := filepath.Join(t.TempDir(), "users.postman_collection.json")
	api := realAPI(t)
	for _, id := range []int{1, 2} {
		// The first run records /users/1; the second replays it and
		// records /users/2, which the file lacks.
		t.Run(fmt.Sprint("run ", id), func(t *testing.T) {
			srv := mocktest.New(t, file, mocktest.RecordMissing(api.URL), mocktest.WithoutListener())
			for i := 1; i <= id; i++ {
				getUser(t, srv.Client(), "http://api.example.com", i)
			}
		})
	}
	raw, _ := os.ReadFile(file)
	if n := strings.Count(string(raw), `"200 GET /users/`); n != 2 {
		t.Errorf("%d examples in the file, want 2", n)
	}
}
