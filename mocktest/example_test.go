package mocktest_test

import (
	"fmt"
	"io"
	"testing"

	"github.com/postmock/postmock/mocktest"
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
	fmt.Println(srv.CallList()[0].Example)
	// Output:
	// 200 {"example": "a3"}
	// User by id
}
