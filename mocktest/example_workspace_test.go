package mocktest_test

import (
	"net/http"
	"testing"

	"github.com/postmock/postmock/mocktest"
	"github.com/postmock/postmock/workspace"
)

// testPrivateMock is a test of your own, as it reads in your package's
// _test.go file under the name TestPrivateMock. (It is lower case here only
// so that this file shows whole as NewWorkspace's example;
// TestExamplesRunAsTests runs it with a real *testing.T.)
func testPrivateMock(t *testing.T) {
	// One workspace per test, several mocks in it, managed as the Postman
	// API manages them; everything closes when the test ends.
	w := mocktest.NewWorkspace(t, workspace.WithAPIKeys("PMAK-test"))
	public := w.CreateMock(t, "testdata/api.postman_collection.json", workspace.NewMock{Name: "public"})
	private := w.CreateMock(t, "testdata/api.postman_collection.json", workspace.NewMock{Name: "private", Private: true})

	for _, tt := range []struct {
		mock workspace.MockInfo
		key  string
		want int
	}{
		{public, "", http.StatusOK},
		{private, "", http.StatusUnauthorized}, // a private mock needs the key
		{private, "PMAK-test", http.StatusOK},
	} {
		req, err := http.NewRequest(http.MethodGet, tt.mock.MockURL+"/users/carol", nil)
		if err != nil {
			t.Fatal(err)
		}
		if tt.key != "" {
			req.Header.Set("x-api-key", tt.key)
		}
		resp, err := w.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.want {
			t.Errorf("GET %s mock with key %q = %d, want %d", tt.mock.Name, tt.key, resp.StatusCode, tt.want)
		}
	}
}

// NewWorkspace holds several mocks for one test; here one is private. An
// example cannot be given a *testing.T, so this one is the test above: the
// code to copy is testPrivateMock, named TestPrivateMock in your own file,
// where go test runs it. This function is compiled, not run.
func ExampleNewWorkspace() {}
