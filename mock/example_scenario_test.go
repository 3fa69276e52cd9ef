package mock_test

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"syscall"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
)

// A sequence answers a polling client "pending", "pending", then "done";
// the last step repeats.
func ExampleMock_AddSequence() {
	c, err := collection.LoadFile("testdata/jobs.postman_collection.json")
	if err != nil {
		panic(err)
	}
	m, err := mock.New(c)
	if err != nil {
		panic(err)
	}
	err = m.AddSequence(mock.Sequence{Name: "job", Pattern: "GET /jobs/{id}", Steps: mock.Steps("pending", "pending", "done")})
	if err != nil {
		panic(err)
	}
	client := &http.Client{Transport: m.Transport()}
	for range 4 {
		resp, err := client.Get("http://api.test/jobs/7")
		if err != nil {
			panic(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(string(body))
	}
	last := m.Calls().All()[3]
	fmt.Println(last.Scenario, "step", last.ScenarioStep)
	// Output:
	// {"id":"7","state":"pending"}
	// {"id":"7","state":"pending"}
	// {"id":"7","state":"done"}
	// {"id":"7","state":"done"}
	// sequence job step 3
}

// An override answers in Go, and hands the calls it does not want back to
// the collection.
func ExampleMock_AddOverride() {
	c, err := collection.LoadFile("testdata/jobs.postman_collection.json")
	if err != nil {
		panic(err)
	}
	m, err := mock.New(c)
	if err != nil {
		panic(err)
	}
	attempts := 0 // one client, one call at a time: no lock needed here
	err = m.AddOverride("POST /orders", func(w http.ResponseWriter, r *http.Request, fb mock.Fallback) {
		attempts++
		if attempts < 3 {
			_ = fb.ServeExample("busy") // the saved 503
			return
		}
		fb.Serve() // what Postman's algorithm chooses: the 201
	})
	if err != nil {
		panic(err)
	}
	client := &http.Client{Transport: m.Transport()}
	for range 3 {
		resp, err := client.Post("http://api.test/orders", "application/json", nil)
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	// Output:
	// 503
	// 503
	// 201
}

// A fault fails a call below HTTP. In-process, through Transport, the
// client gets the error it would get from a real server.
func ExampleMock_AddFault() {
	c, err := collection.LoadFile("testdata/jobs.postman_collection.json")
	if err != nil {
		panic(err)
	}
	m, err := mock.New(c)
	if err != nil {
		panic(err)
	}
	if err := m.AddFault("GET /health", mock.FaultConnectionReset); err != nil {
		panic(err)
	}
	_, err = (&http.Client{Transport: m.Transport()}).Get("http://api.test/health")
	fmt.Println(errors.Is(err, syscall.ECONNRESET))
	fmt.Println(m.Calls().All()[0].Fault)

	// A mistake is an error at setup, never at call time.
	fmt.Println(m.AddFault("GET /health", "timeout"))
	// Output:
	// true
	// connection-reset
	// invalid mock scenario: fault 2 (GET /health): unknown fault "timeout": want connection-reset, empty-response, malformed-chunk or random-data-then-close
}
