package verify_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/verify"
)

// A service that drifted from the collection: here a mock of an edited copy
// stands in for the real API.
func ExampleRun() {
	c, err := collection.LoadFile("testdata/users.postman_collection.json")
	if err != nil {
		panic(err)
	}
	drifted, err := collection.LoadFile("testdata/users-drift.postman_collection.json")
	if err != nil {
		panic(err)
	}
	m, err := mock.New(drifted)
	if err != nil {
		panic(err)
	}
	service := httptest.NewServer(m)
	defer service.Close()

	rep, err := verify.Run(context.Background(), c, service.Client(), service.URL, verify.Only("Users"))
	if err != nil {
		panic(err)
	}
	for _, r := range rep.Results {
		if r.Reason != "" {
			fmt.Printf("%s %s: %s\n", r.Outcome, r.Name(), r.Reason)
		} else {
			fmt.Println(r.Outcome, r.Name())
		}
		for _, d := range r.Differences {
			fmt.Println("   ", d)
		}
	}
	fmt.Println(rep.Summary())
	// Output:
	// fail Users / List users / 200 OK
	//     $.data[0].id: example number, got string
	// fail Users / Get user / 200 OK
	//     $.active: missing; the example has a boolean
	// fail Users / Get user / 404 Not found
	//     status: example 404, got 410
	// skip Users / Create user / 201 Created: POST is not sent unless allowed (it may change data); allowed: GET, HEAD, OPTIONS
	// skip Users / Upload avatar / 204 No content: PUT is not sent unless allowed (it may change data); allowed: GET, HEAD, OPTIONS
	// 5 examples: 0 passed, 3 failed, 2 skipped
}

// The JUnit XML of a run, for a CI system.
func ExampleReport_WriteJUnit() {
	c, err := collection.LoadFile("testdata/users.postman_collection.json")
	if err != nil {
		panic(err)
	}
	m, err := mock.New(c)
	if err != nil {
		panic(err)
	}
	service := httptest.NewServer(m)
	defer service.Close()
	rep, err := verify.Run(context.Background(), c, nil, service.URL, verify.Only("Reports"))
	if err != nil {
		panic(err)
	}
	if err := rep.WriteJUnit(os.Stdout); err != nil {
		panic(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <testsuites name="Users API" tests="1" failures="0" skipped="1" time="0.000">
	//   <testsuite name="Reports" tests="1" failures="0" skipped="1" time="0.000">
	//     <testcase name="Get report / 200 OK" classname="Reports" time="0.000">
	//       <skipped message="variable {{reportId}} in the path is not defined"></skipped>
	//     </testcase>
	//   </testsuite>
	// </testsuites>
}
