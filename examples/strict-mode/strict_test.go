package strictmode_test

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/postmock/postmock/mocktest"
)

// recorder is a testing.TB that records failures instead of reporting them,
// and runs the cleanups when told to. Only the methods mocktest uses are
// overridden; the embedded TB (the real t, or nil in the Example) serves
// the rest.
type recorder struct {
	testing.TB
	cleanups []func()
	failures []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Cleanup(f func())          { r.cleanups = append(r.cleanups, f) }
func (r *recorder) Error(args ...any)         { r.failures = append(r.failures, fmt.Sprint(args...)) }
func (r *recorder) Errorf(f string, a ...any) { r.failures = append(r.failures, fmt.Sprintf(f, a...)) }
func (r *recorder) Fatalf(f string, a ...any) { panic(fmt.Sprintf(f, a...)) } // not expected here

// finish runs the cleanups, last registered first, as the testing package
// does when a test ends: this is when Strict checks the calls.
func (r *recorder) finish() {
	for i := len(r.cleanups) - 1; i >= 0; i-- {
		r.cleanups[i]()
	}
	r.cleanups = nil
}

// get makes a call and returns its status.
func get(srv *mocktest.Server, method, path string) int {
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if err != nil {
		panic(err)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// The client below pays an invoice with GET instead of POST. Strict turns
// the resulting 404 into a test failure that says why.
func Example() {
	rec := &recorder{} // in a real test: pass t itself
	srv := mocktest.New(rec, "billing.postman_collection.json", mocktest.Strict())

	fmt.Println(get(srv, "GET", "/invoices?status=open"))
	fmt.Println(get(srv, "GET", "/invoices/inv-1/payments")) // bug: should be POST

	rec.finish() // the test ends
	for _, f := range rec.failures {
		fmt.Println(f)
	}
	// Output:
	// 200
	// 404
	// mocktest: strict: GET /invoices/inv-1/payments matched no example (no matching example)
	//   method "Paid" (payment-201): method: the example is POST, the request is GET
	//   path "Open invoices" (invoices-open): path /invoices does not match /invoices/inv-1/payments
}

func TestStrictReportsOnlyUnmatchedCalls(t *testing.T) {
	rec := &recorder{TB: t}
	srv := mocktest.New(rec, "billing.postman_collection.json", mocktest.Strict())

	calls := []struct {
		method, path string
		want         int
	}{
		{"GET", "/invoices?status=open", 200},
		{"POST", "/invoices/inv-1/payments", 201},
		// Near misses are still served, so Strict does not report them:
		{"GET", "/invoices", 200},                // query differs: score 90, not 110
		{"POST", "/invoice/inv-1/payment", 201},  // typo: matched by document distance
		{"PUT", "/invoices/inv-1/payments", 404}, // no PUT example: reported
	}
	for _, c := range calls {
		if got := get(srv, c.method, c.path); got != c.want {
			t.Errorf("%s %s = %d, want %d", c.method, c.path, got, c.want)
		}
	}
	if len(rec.failures) != 0 {
		t.Fatalf("Strict reported before the test ended: %q", rec.failures)
	}

	rec.finish()
	if len(rec.failures) != 1 {
		t.Fatalf("got %d failures, want 1: %q", len(rec.failures), rec.failures)
	}
	report := rec.failures[0]
	for _, want := range []string{
		"PUT /invoices/inv-1/payments matched no example",
		`method "Paid" (payment-201)`, // the right path, but POST
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	t.Logf("the report a strict test would fail with:\n%s", report)
}

func TestWithoutStrictTheMissPassesSilently(t *testing.T) {
	rec := &recorder{TB: t}
	srv := mocktest.New(rec, "billing.postman_collection.json") // no Strict

	if got := get(srv, "PUT", "/invoices/inv-1/payments"); got != http.StatusNotFound {
		t.Fatalf("PUT = %d, want 404", got)
	}
	rec.finish()
	if len(rec.failures) != 0 {
		t.Errorf("without Strict, got failures %q", rec.failures)
	}
}
