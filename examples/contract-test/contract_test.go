package contracttest_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/postmock/postmock/collection"
	contracttest "github.com/postmock/postmock/examples/contract-test"
	"github.com/postmock/postmock/verify"
)

var books = []contracttest.Book{{
	ISBN: "9780134190440", Title: "The Go Programming Language",
	Authors: []string{"Donovan", "Kernighan"}, Pages: 380, InStock: true,
}}

// TestBookshopContract checks the service against every GET example of the
// collection: one subtest per example, named Books/Get_book/200_OK and so
// on. The collection's {{baseUrl}} is https://bookshop.example.com/api, so
// the examples' paths start with /api, as the service's do.
func TestBookshopContract(t *testing.T) {
	service := httptest.NewServer(&contracttest.Service{Books: books})
	defer service.Close()

	verify.Test(t, "bookshop.postman_collection.json", service.Client(), service.URL)
}

// TestDriftedBookshop runs the same check against a service that drifted,
// with Run instead of Test so that the failures can be printed rather than
// fail this test.
func TestDriftedBookshop(t *testing.T) {
	service := httptest.NewServer(&contracttest.Service{Books: books, Drifted: true})
	defer service.Close()
	coll, err := collection.LoadFile("bookshop.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}

	rep, err := verify.Run(context.Background(), coll, service.Client(), service.URL, verify.Only("Get book"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() {
		t.Fatal("the drifted service passed")
	}
	if testing.Verbose() {
		_ = rep.WriteText(os.Stdout)
	}
	var got []string
	for _, r := range rep.Results {
		for _, d := range r.Differences {
			got = append(got, fmt.Sprintf("%s: %s", r.Example, d))
		}
	}
	want := []string{
		"200 OK: $.inStock: missing; the example has a boolean",
		"200 OK: $.pages: example number, got string",
		"404 Not found: status: example 404, got 410",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("differences:\n%q\nwant\n%q", got, want)
	}
}
