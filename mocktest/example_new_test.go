package mocktest_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/postmock/postmock/mocktest"
)

// testUserByID is a test of your own, as it reads in your package's
// _test.go file under the name TestUserByID. (It is lower case here only so
// that this file shows whole as New's example; TestExamplesRunAsTests runs
// it with a real *testing.T.)
func testUserByID(t *testing.T) {
	// One server per test, closed when the test ends; the file is parsed
	// once per test binary, so this is cheap in every test.
	srv := mocktest.New(t, "testdata/api.postman_collection.json")

	resp, err := srv.Client().Get(srv.URL + "/users/carol")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || string(body) != `{"example": "a3"}` {
		t.Errorf("GET /users/carol = %d %s, want the saved example a3", resp.StatusCode, body)
	}

	// The call log says which example answered.
	srv.AssertCalled(t, "GET", "/users/carol")
	srv.AssertServed(t, "User by id")
}

// New serves a collection for one test. An example cannot be given a
// *testing.T, so this one is the test above: the code to copy is
// testUserByID, named TestUserByID in your own file, where go test runs
// it. This function is compiled, not run.
func ExampleNew() {}
