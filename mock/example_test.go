package mock_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
)

const usersCollection = `{"info":{"name":"Users","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
 "variable":[{"key":"baseUrl","value":"https://api.example.com"}],
 "item":[{"name":"Get user","request":"{{baseUrl}}/users/{{userId}}",
   "response":[{"id":"u1","name":"Found","code":200,"originalRequest":"{{baseUrl}}/users/{{userId}}",
     "header":[{"key":"Content-Type","value":"application/json"}],"body":"{\"id\":\"{{userId}}\"}"}]}]}`

// A Mock is an http.Handler: serve it with httptest, net/http, or in-process
// through its Transport.
func ExampleNew() {
	c, err := collection.Parse([]byte(usersCollection))
	if err != nil {
		panic(err)
	}
	m, err := mock.New(c, mock.WithSeed(1))
	if err != nil {
		panic(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()

	resp, err := http.Get(srv.URL + "/users/carol")
	if err != nil {
		panic(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))

	resp, _ = http.Get(srv.URL + "/orders")
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))

	e := m.Calls().All()[0]
	fmt.Println(e.ExampleName, e.Score, e.Captures["userId"])
	// Output:
	// 200 {"id":"carol"}
	// 404 {"error":{"name":"mockRequestNotFoundError","message":"Double check your method and the request path and try again.","header":"No matching requests"}}
	// Found 90 carol
}

// Transport serves the mock without a socket, whatever host the client uses.
func ExampleMock_Transport() {
	c, _ := collection.Parse([]byte(usersCollection))
	m, _ := mock.New(c)
	client := &http.Client{Transport: m.Transport()}
	resp, err := client.Get("https://api.example.com/users/42")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"), string(body))
	// Output: 200 application/json {"id":"42"}
}
