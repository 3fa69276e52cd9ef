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
	//   method "Paid" (payment-201) [Pay invoice, POST /invoices/{{invoiceId}}/payments]: method: the example is POST, the request is GET
	//   path "Open invoices" (invoices-open) [List invoices, GET /invoices?status=open]: path /invoices does not match /invoices/inv-1/payments
}

func TestStrictReportsUnmatchedCallsAndFuzzyMatches(t *testing.T) {
	tests := []struct {
		name string
		opts []mocktest.Option
		want []string // one entry per failure: texts it must contain
	}{
		{"strict", []mocktest.Option{mocktest.Strict()}, []string{
			"PUT /invoices/inv-1/payments matched no example",
			`POST /invoice/inv-1/payment was served by example "Paid" (payment-201) [Pay invoice, POST /invoices/{{invoiceId}}/payments] through a fuzzy path match (document distance)`,
		}},
		{"strict, fuzzy allowed", []mocktest.Option{mocktest.Strict(), mocktest.AllowFuzzy()}, []string{
			"PUT /invoices/inv-1/payments matched no example",
		}},
	}
	calls := []struct {
		method, path string
		want         int
	}{
		{"GET", "/invoices?status=open", 200},
		{"POST", "/invoices/inv-1/payments", 201},
		{"GET", "/invoices", 200},                // query differs: score 90, not 110; not reported
		{"POST", "/invoice/inv-1/payment", 201},  // typo: matched by document distance; reported unless AllowFuzzy
		{"PUT", "/invoices/inv-1/payments", 404}, // no PUT example: reported
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			srv := mocktest.New(rec, "billing.postman_collection.json", tt.opts...)
			for _, c := range calls {
				if got := get(srv, c.method, c.path); got != c.want {
					t.Errorf("%s %s = %d, want %d", c.method, c.path, got, c.want)
				}
			}
			if len(rec.failures) != 0 {
				t.Fatalf("Strict reported before the test ended: %q", rec.failures)
			}

			rec.finish()
			if len(rec.failures) != len(tt.want) {
				t.Fatalf("got %d failures, want %d: %q", len(rec.failures), len(tt.want), rec.failures)
			}
			for i, want := range tt.want {
				if !strings.Contains(rec.failures[i], want) {
					t.Errorf("failure %d lacks %q:\n%s", i, want, rec.failures[i])
				}
			}
			if !strings.Contains(rec.failures[0], `method "Paid" (payment-201) [Pay invoice, POST /invoices/{{invoiceId}}/payments]`) {
				t.Errorf("the miss report does not name the right path's example, its item and path:\n%s", rec.failures[0])
			}
			t.Logf("the report a strict test would fail with:\n%s", strings.Join(rec.failures, "\n"))
		})
	}
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
