package selectingexamples_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

func TestSelectingExamples(t *testing.T) {
	srv := mocktest.New(t, "orders.postman_collection.json")

	tests := []struct {
		name   string
		path   string
		header string // selection header, "" for none
		value  string
		want   int    // status
		wantID string // id of the served example; "" for Postman's 404
	}{
		{
			name: "no header: tie, last id wins",
			path: "/orders/1001",
			// order-200, order-404 and order-500 all match the path exactly
			// (score 110); ties go to the id last in byte order.
			want: 500, wantID: "order-500",
		},
		{
			name:   "by code",
			path:   "/orders/1001",
			header: "x-mock-response-code", value: "200",
			want: 200, wantID: "order-200",
		},
		{
			name:   "by code, path still compared",
			path:   "/orders/1001",
			header: "x-mock-response-code", value: "404",
			// customer-404 also has code 404 but its path differs.
			want: 404, wantID: "order-404",
		},
		{
			name:   "by code, no example with it",
			path:   "/orders/1001",
			header: "x-mock-response-code", value: "201",
			want: 404, wantID: "",
		},
		{
			name:   "by name: path ignored, first id wins",
			path:   "/orders/1001",
			header: "x-mock-response-name", value: "Not found",
			// Both customer-404 and order-404 are named "Not found". The
			// name header does not look at the path; among several examples
			// with the name, the FIRST by id is served, and
			// "customer-404" < "order-404". (Score ties take the last id,
			// name selection the first: Postman documents both.)
			want: 404, wantID: "customer-404",
		},
		{
			name:   "by id: path ignored",
			path:   "/anything/at/all",
			header: "x-mock-response-id", value: "order-404",
			want: 404, wantID: "order-404",
		},
		{
			name:   "unknown id",
			path:   "/orders/1001",
			header: "x-mock-response-id", value: "order-999",
			// The id header never falls back to matching by path.
			want: 404, wantID: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.Reset() // empty the call log, so Calls()[0] is this call

			req, err := http.NewRequest(http.MethodGet, srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			if tt.header != "" {
				req.Header.Set(tt.header, tt.value)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatal(err)
			}

			if resp.StatusCode != tt.want {
				t.Errorf("status = %d, want %d (body %s)", resp.StatusCode, tt.want, body)
			}
			// The call log says which example was served (ExampleID is ""
			// when none was).
			if got := srv.Entries()[0].ExampleID; got != tt.wantID {
				t.Errorf("served example %q, want %q", got, tt.wantID)
			}
			if tt.wantID == "" && string(body) != mock.NotFoundBody {
				t.Errorf("body = %s, want Postman's 404 body", body)
			}
		})
	}
}
