package calllog_test

import (
	"fmt"
	"net/url"
	"time"

	"github.com/postmock/postmock/calllog"
)

func ExampleStore_Query() {
	log := calllog.NewStore(calllog.Limits{})
	at := time.Date(2024, 6, 10, 6, 13, 20, 512_000_000, time.UTC)
	for i, path := range []string{"/users/42?expand=1", "/users/7", "/orders", "/users/42"} {
		log.Append(calllog.Entry{
			ID:           fmt.Sprintf("entry-%d", i),
			ServedAt:     at.Add(time.Duration(i) * time.Second),
			ResponseName: "User",
			Request:      calllog.Request{Method: "GET", Path: path},
			Response:     calllog.Response{StatusCode: 200, Body: calllog.Body{Data: `{"id":42}`}},
		})
	}

	// The call-log endpoint's query parameters, as an HTTP adapter gets them.
	q, err := calllog.ParseQuery(url.Values{"requestPath": {"/USERS/42"}, "include": {"response.body"}, "limit": {"1"}})
	if err != nil {
		panic(err)
	}
	for {
		page, err := log.Query(q)
		if err != nil {
			panic(err)
		}
		for _, e := range page.Entries {
			fmt.Println(e.ID, e.Request.Path, e.ServedAt.Format(time.RFC3339))
		}
		if page.NextCursor == "" {
			b, _ := page.MarshalJSON()
			fmt.Println(string(b))
			break
		}
		q.Cursor = page.NextCursor
	}
	// Output:
	// entry-3 /users/42 2024-06-10T06:13:23Z
	// entry-0 /users/42?expand=1 2024-06-10T06:13:20Z
	// {"call-logs":[{"id":"entry-0","responseName":"User","servedAt":"2024-06-10T06:13:20.512Z","request":{"method":"GET","path":"/users/42?expand=1"},"response":{"type":"success","statusCode":200,"body":{"data":"{\"id\":42}"}}}],"meta":{"nextCursor":null}}
}

// A watch sees the calls stored after it starts: a page or a log printer
// follows the log live.
func ExampleStore_Watch() {
	s := calllog.NewStore(calllog.Limits{})
	w := s.Watch(16)
	defer w.Close()
	s.Append(calllog.Entry{Request: calllog.Request{Method: "GET", Path: "/users/42"},
		Response: calllog.Response{StatusCode: 200}})
	e := <-w.C
	fmt.Println(e.Request.Method, e.Request.Path, e.Response.StatusCode, e.Response.Type)
	// Output: GET /users/42 200 success
}
