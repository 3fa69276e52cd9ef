package workspace_test

import (
	"fmt"
	"io"
	"net/http"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/serverresponse"
	"github.com/postmock/postmock/workspace"
)

const usersCollection = `{"info":{"name":"Users","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
 "item":[{"name":"Get user","request":"https://api.example.com/users/:userId",
   "response":[{"id":"u1","name":"Found","code":200,"originalRequest":"https://api.example.com/users/:userId",
     "header":[{"key":"Content-Type","value":"application/json"}],"body":"{\"id\":\"{{userId}}\"}"}]}]}`

// get calls url through h without a socket and prints the answer.
func get(h http.Handler, url string, header ...string) {
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := (&http.Client{Transport: mock.Transport(h)}).Do(req)
	if err != nil {
		fmt.Println(err)
		return
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	fmt.Println(resp.StatusCode, string(body))
}

// A Workspace manages mocks as the Postman API does, and serves each at its
// MockURL: here a mock is made private, then put in an outage with a server
// response, and its call log read.
func Example() {
	ws := workspace.New(workspace.WithAPIKeys("PMAK-test"), workspace.WithBaseURL("http://mocks.local"))
	c, err := collection.Parse([]byte(usersCollection))
	if err != nil {
		panic(err)
	}
	coll, _ := ws.AddCollection(c)
	info, err := ws.CreateMock(workspace.NewMock{Collection: coll.UID, Name: "Users"})
	if err != nil {
		panic(err)
	}
	url := info.MockURL + "/users/carol"
	get(ws, url)

	// Private: calls need one of the workspace's API keys.
	_, _ = ws.UnpublishMock(info.ID)
	get(ws, url)
	get(ws, url, "x-api-key", "PMAK-test")

	// An active server response answers every call.
	sr, _ := ws.CreateServerResponse(info.ID, serverresponse.Fields{
		Name: new("Outage"), StatusCode: new(503), Body: new(`{"message":"try later"}`)})
	_, _ = ws.UpdateMock(info.ID, workspace.MockUpdate{Config: &workspace.ConfigUpdate{ServerResponseID: &sr.ID}})
	get(ws, url, "x-api-key", "PMAK-test")

	page, _ := ws.CallLogs(info.ID, calllog.Query{})
	for _, e := range page.Entries {
		fmt.Printf("%d %q\n", e.Response.StatusCode, e.ResponseName)
	}
	// Output:
	// 200 {"id":"carol"}
	// 401 {"error":{"name":"invalidCredentialsError","message":"Provide a valid API key in the x-api-key header."}}
	// 200 {"id":"carol"}
	// 503 {"message":"try later"}
	// 503 "Outage"
	// 200 "Found"
	// 401 ""
	// 200 "Found"
}
