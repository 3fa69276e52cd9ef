package postmanapi_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/postmock/postmock/postmanapi"
	"github.com/postmock/postmock/workspace"
)

const usersCollection = `{"info":{"name":"Users","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
 "item":[{"name":"Get user","request":"https://api.example.com/users/:userId",
   "response":[{"id":"u1","name":"Found","code":200,"originalRequest":"https://api.example.com/users/:userId",
     "body":"{\"id\":\"{{userId}}\"}"}]}]}`

// call sends a request and returns the status and the body.
func call(method, url, body string) (int, string) {
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("x-api-key", "PMAK-test")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// The Postman API's mock endpoints and the mocks they create, on one server:
// management paths go to the API handler, every other path to the workspace.
func Example() {
	ws := workspace.New(workspace.WithAPIKeys("PMAK-test"))
	api := postmanapi.New(ws)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/"); first {
		case "mocks", "collections", "environments":
			api.ServeHTTP(w, r)
		default:
			ws.ServeHTTP(w, r)
		}
	}))
	defer srv.Close()
	ws.SetBaseURL(srv.URL)

	_, created := call("POST", srv.URL+"/collections", `{"collection":`+usersCollection+`}`)
	uid := gjson.Get(created, "collection.uid").String()
	status, mock := call("POST", srv.URL+"/mocks", `{"mock":{"collection":"`+uid+`","name":"Users"}}`)
	fmt.Println(status, gjson.Get(mock, "mock.name"), gjson.Get(mock, "mock.isPublic"))

	status, body := call("GET", gjson.Get(mock, "mock.mockUrl").String()+"/users/carol", "")
	fmt.Println(status, body)

	_, logs := call("GET", srv.URL+"/mocks/"+gjson.Get(mock, "mock.id").String()+"/call-logs", "")
	fmt.Println(gjson.Get(logs, "call-logs.#"), gjson.Get(logs, "call-logs.0.request.path"))
	// Output:
	// 200 Users true
	// 200 {"id":"carol"}
	// 1 /users/carol
}
