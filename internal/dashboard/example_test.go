package dashboard_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/dashboard"
	"github.com/postmock/postmock/mock"
)

// The page's data endpoints answer what a mock served and why; postmock
// serve -ui mounts the same handler on a listener of its own.
func ExampleNew() {
	c, err := collection.LoadFile("testdata/shop.postman_collection.json")
	if err != nil {
		panic(err)
	}
	m, err := mock.New(c)
	if err != nil {
		panic(err)
	}
	ui := dashboard.New(dashboard.FromMock(m, "shop"))
	defer ui.Close()

	m.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/users/42", nil))

	w := httptest.NewRecorder()
	r := httptest.NewRequest("GET", "/api/calls", nil)
	r.Host = "127.0.0.1:3556" // the page answers to local names only
	ui.ServeHTTP(w, r)
	var page dashboard.Calls
	if err := json.Unmarshal(w.Body.Bytes(), &page); err != nil {
		panic(err)
	}
	for _, call := range page.Calls {
		fmt.Println(call.Method, call.Path, call.Status, call.Example, "in", call.Folder, "at step", call.Step)
	}
	// Output: GET /users/42 200 User found in Users / Get user at step exact
}
