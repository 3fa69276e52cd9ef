package mocktest_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/postmock/postmock/mocktest"
	"github.com/postmock/postmock/workspace"
)

// In a test, New gives a live mock of a collection; the server closes when
// the test ends.
func ExampleNew() {
	t := &testing.T{} // in a real test, use the test's own t
	srv := mocktest.New(t, "testdata/api.postman_collection.json")
	defer srv.Close()

	resp, err := srv.Client().Get(srv.URL + "/users/carol")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, string(body))
	fmt.Println(srv.Calls()[0].Example)
	// Output:
	// 200 {"example": "a3"}
	// User by id
}

// NewWorkspace holds several mocks for one test, managed as the Postman API
// manages them: here one mock is made private mid-test.
func ExampleNewWorkspace() {
	t := &testing.T{} // in a real test, use the test's own t
	w := mocktest.NewWorkspace(t, workspace.WithAPIKeys("PMAK-test"))
	defer w.Close()
	public := w.CreateMock(t, "testdata/api.postman_collection.json", workspace.NewMock{Name: "public"})
	private := w.CreateMock(t, "testdata/api.postman_collection.json", workspace.NewMock{Name: "private", Private: true})

	for _, m := range []workspace.MockInfo{public, private} {
		resp, err := w.Client().Get(m.MockURL + "/users/carol")
		if err != nil {
			fmt.Println(err)
			return
		}
		resp.Body.Close()
		fmt.Println(m.Name, resp.StatusCode)
	}
	// Output:
	// public 200
	// private 401
}
