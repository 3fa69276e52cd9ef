package dynamicvariables_test

import (
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

// Account is the body of the "Created" example.
type Account struct {
	ID        string `json:"id"`
	Owner     string `json:"owner"`
	CreatedAt int64  `json:"createdAt"`
}

// frozen is the clock every mock of this example reads.
var frozen = time.Date(2024, 6, 10, 6, 13, 20, 0, time.UTC)

func clock() time.Time { return frozen }

// newMock starts a mock whose dynamic variables come from seed and whose
// clock is frozen.
func newMock(t *testing.T, seed uint64) *mocktest.Server {
	return mocktest.New(t, "accounts.postman_collection.json",
		mocktest.WithSeed(seed),
		mocktest.WithMockOptions(mock.WithClock(clock)))
}

var uuidV4 = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestValuesHaveTheDocumentedShapes(t *testing.T) {
	srv := newMock(t, 1)

	resp, body := create(t, srv)
	var a Account
	if err := json.Unmarshal([]byte(body), &a); err != nil {
		t.Fatalf("body %s: %v", body, err)
	}
	if !uuidV4.MatchString(a.ID) {
		t.Errorf("id %q is not a lowercase UUID v4", a.ID)
	}
	if a.Owner == "" || strings.Contains(a.Owner, "{{") {
		t.Errorf("owner %q is not a first name", a.Owner)
	}
	// {{$timestamp}} reads the mock's clock: whole seconds since 1970.
	if a.CreatedAt != frozen.Unix() {
		t.Errorf("createdAt = %d, want %d", a.CreatedAt, frozen.Unix())
	}
	// Header values are rendered too, and every {{$guid}} is a new value.
	if h := resp.Header.Get("X-Request-Id"); !uuidV4.MatchString(h) || h == a.ID {
		t.Errorf("X-Request-Id = %q (body id %q): want another UUID v4", h, a.ID)
	}
}

func TestSameSeedSameBodies(t *testing.T) {
	a, b := newMock(t, 42), newMock(t, 42)

	// The same seed (and clock) gives the same sequence of values: the
	// first calls agree, and so do the second calls.
	_, a1 := create(t, a)
	_, a2 := create(t, a)
	_, b1 := create(t, b)
	_, b2 := create(t, b)
	if a1 != b1 || a2 != b2 {
		t.Errorf("same seed, different bodies:\n%s\n%s\n---\n%s\n%s", a1, a2, b1, b2)
	}
	// Within one mock, each call still draws fresh values.
	if a1 == a2 {
		t.Errorf("two calls gave the same body %s", a1)
	}
	t.Logf("seed 42, first call: %s", a1)
}

func TestOtherSeedOtherBodies(t *testing.T) {
	_, a := create(t, newMock(t, 1))
	_, b := create(t, newMock(t, 2))
	if a == b {
		t.Errorf("seeds 1 and 2 gave the same body %s", a)
	}
}

// create posts a new account and returns the response and its body.
func create(t *testing.T, srv *mocktest.Server) (*http.Response, string) {
	t.Helper()
	resp, err := srv.Client().Post(srv.URL+"/accounts", "application/json", strings.NewReader(`{"plan":"free"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /accounts = %d %s, want 201", resp.StatusCode, b)
	}
	return resp, string(b)
}
