package calllogassertions_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mocktest"
	"github.com/postmock/postmock/workspace"
)

// shop stands for the code under test: it browses the store and fills a
// cart through whatever base URL it is given.
func shop(t *testing.T, client *http.Client, baseURL string) {
	t.Helper()
	send(t, client, http.MethodGet, baseURL+"/products")
	send(t, client, http.MethodGet, baseURL+"/products/p-7")
	send(t, client, http.MethodPost, baseURL+"/cart/items")
	send(t, client, http.MethodGet, baseURL+"/wishlist") // no example: 404
}

func TestAssertCalls(t *testing.T) {
	srv := mocktest.New(t, "store.postman_collection.json")
	shop(t, srv.Client(), srv.URL)

	// The whole sequence, in order. Status is ignored here with a go-cmp
	// option; Example is the served example's name, "" when none matched.
	srv.AssertCalls(t, []mocktest.Call{
		{Method: "GET", Path: "/products", Example: "Products"},
		{Method: "GET", Path: "/products/p-7", Example: "Product"},
		{Method: "POST", Path: "/cart/items", Example: "Added"},
		{Method: "GET", Path: "/wishlist", Example: ""},
	}, cmpopts.IgnoreFields(mocktest.Call{}, "Status"))

	// One call at a time, and examples by name or id.
	srv.AssertCalled(t, "POST", "/cart/items")
	srv.AssertNotCalled(t, "DELETE", "/cart/items")
	srv.AssertServed(t, "Product")  // by name
	srv.AssertServed(t, "cart-201") // by id
	srv.AssertCallCount(t, 4)
}

func TestCountsAndUnusedExamples(t *testing.T) {
	srv := mocktest.New(t, "store.postman_collection.json")
	send(t, srv.Client(), http.MethodGet, srv.URL+"/products/p-7")
	send(t, srv.Client(), http.MethodGet, srv.URL+"/products/p-8?fields=name")

	// Per method and path: a path without "?" counts every query.
	srv.AssertCalledTimes(t, "GET", "/products/p-8", 1)
	srv.AssertCalledTimes(t, "GET", "/products/p-8?fields=name", 1)
	// Per example: by id, by a name only it has, or as "item / name" when
	// a name repeats across the collection.
	srv.AssertServedTimes(t, "Get product / Product", 2)

	// The examples the code under test never needed (gock's Pending);
	// AssertAllServed fails while there are any.
	var unused []string
	for _, e := range srv.Unused() {
		unused = append(unused, e.ID)
	}
	if diff := cmp.Diff([]string{"products-200", "cart-201"}, unused); diff != "" {
		t.Errorf("unused examples (-want +got):\n%s", diff)
	}
}

func TestReadingEntries(t *testing.T) {
	srv := mocktest.New(t, "store.postman_collection.json")
	shop(t, srv.Client(), srv.URL)

	// AssertCalled returns the last matching entry.
	e := srv.AssertCalled(t, "GET", "/products/p-7")
	if e.ExampleID != "product-200" || e.Response.StatusCode != 200 {
		t.Errorf("served %q with %d, want product-200 with 200", e.ExampleID, e.Response.StatusCode)
	}
	// The path matched through the wildcard {{productId}}: ladder step 5,
	// score 100 - 20 (wildcard) + 10 (queries agree, both empty).
	if e.Step != match.StepWildcard || e.Score != 90 {
		t.Errorf("step %v, score %d; want wildcard, 90", e.Step, e.Score)
	}
	if diff := cmp.Diff(map[string]string{"productId": "p-7"}, e.Captures); diff != "" {
		t.Errorf("captures (-want +got):\n%s", diff)
	}

	// Every entry, oldest first. Summarize them and compare in one go;
	// cmpopts.EquateEmpty treats the nil and empty capture maps alike.
	type summary struct {
		Path     string
		Matched  bool
		Score    int
		Step     match.Step // exact, ..., wildcard, ..., document distance; 0 (StepSelected) when unmatched
		Captures map[string]string
	}
	var got []summary
	for _, e := range srv.Entries() {
		got = append(got, summary{e.Request.Path, e.Matched, e.Score, e.Step, e.Captures})
	}
	want := []summary{
		{"/products", true, 110, match.StepExact, nil},
		{"/products/p-7", true, 90, match.StepWildcard, map[string]string{"productId": "p-7"}},
		{"/cart/items", true, 110, match.StepExact, nil},
		{"/wishlist", false, 0, match.StepSelected, nil},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func TestWorkspaceCallLogPaging(t *testing.T) {
	w := mocktest.NewWorkspace(t)
	info := w.CreateMock(t, "store.postman_collection.json", workspace.NewMock{})
	for range 2 {
		shop(t, w.Client(), info.MockURL) // 8 calls, 6 of them GET
	}

	// Page through the GETs, oldest first, two per page, as a client of
	// GET /mocks/{id}/call-logs would: follow NextCursor until it is "".
	q := calllog.Query{
		Limit:         2,
		RequestMethod: "GET",
		Sort:          calllog.SortServedAt,
		Direction:     calllog.Asc,
	}
	var paths []string
	pages := 0
	for {
		page, err := w.Workspace().CallLogs(info.ID, q)
		if err != nil {
			t.Fatal(err)
		}
		pages++
		for _, e := range page.Entries {
			paths = append(paths, e.Request.Path)
		}
		if page.NextCursor == "" {
			break
		}
		q.Cursor = page.NextCursor // same filters, next page
	}

	want := []string{"/products", "/products/p-7", "/wishlist", "/products", "/products/p-7", "/wishlist"}
	if diff := cmp.Diff(want, paths); diff != "" {
		t.Errorf("paths (-want +got):\n%s", diff)
	}
	if pages != 3 {
		t.Errorf("%d pages, want 3", pages)
	}
}

// send makes one call and drains the answer; the status does not matter
// here, the call log records it.
func send(t *testing.T, client *http.Client, method, url string) {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatal(err)
	}
}
