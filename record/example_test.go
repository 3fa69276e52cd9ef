package record_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/record"
)

// A Recorder between a client and an API: the client gets the API's
// answers, the file gets them as examples.
func Example() {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"path":%q}`, r.URL.Path)
	}))
	defer api.Close()

	rec, err := record.New(api.URL)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer rec.Close()
	client := &http.Client{Transport: rec.Transport()}
	resp, err := client.Get("http://api.test/users/42")
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))

	dir, _ := os.MkdirTemp("", "record")
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "api.postman_collection.json")
	if err := rec.WriteFile(file); err != nil {
		fmt.Println(err)
		return
	}
	c, err := collection.LoadFile(file)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range c.Requests() {
		fmt.Println(it.FullName(), "→", it.Request.URL.Raw)
		for _, ex := range it.Examples {
			fmt.Println("  ", ex.Name, "→", ex.Request.URL.Raw, ex.Body)
		}
	}
	// Output:
	// 200 {"path":"/users/42"}
	// users / GET /users/:userId → {{baseUrl}}/users/:userId
	//    200 GET /users/42 → {{baseUrl}}/users/42 {"path":"/users/42"}
}
