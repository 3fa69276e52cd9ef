package mock_test

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
)

// TestWithPreparedSharesOneCompiledIndex: mocks started from one Prepared
// share its index (nothing is compiled again) and serve as a freshly
// compiled mock does; a Prepared of another collection is refused with
// ErrInvalidConfig, one with another environment gets its own index.
func TestWithPreparedSharesOneCompiledIndex(t *testing.T) {
	c, err := collection.LoadFile("testdata/worked.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	p, err := mock.Prepare(c, nil)
	if err != nil {
		t.Fatal(err)
	}
	m1, err := mock.New(c, mock.WithPrepared(p))
	if err != nil {
		t.Fatal(err)
	}
	m2, err := mock.New(c, mock.WithPrepared(p))
	if err != nil {
		t.Fatal(err)
	}
	if m1.Index() != p.Index() || m2.Index() != p.Index() {
		t.Error("a mock started from a Prepared compiled its own index")
	}
	fresh, err := mock.New(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []*mock.Mock{m1, m2, fresh} {
		w := httptest.NewRecorder()
		m.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/users/carol", nil))
		if w.Code != 200 || m.Calls().All()[0].ExampleID != "a3" {
			t.Errorf("GET /users/carol = %d served %q, want 200 from a3", w.Code, m.Calls().All()[0].ExampleID)
		}
	}

	other, err := collection.LoadFile("testdata/worked.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mock.New(other, mock.WithPrepared(p)); !errors.Is(err, mock.ErrInvalidConfig) {
		t.Errorf("Prepared of another collection: err = %v, want ErrInvalidConfig", err)
	}
	env := &collection.Environment{}
	m3, err := mock.New(c, mock.WithPrepared(p), mock.WithEnvironment(env))
	if err != nil {
		t.Fatal(err)
	}
	if m3.Index() == p.Index() || m3.Environment() != env {
		t.Error("WithEnvironment of another environment: the mock kept the Prepared's index")
	}
}
