package environments_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/postmock/postmock/mocktest"
)

func TestSameCollectionTwoEnvironments(t *testing.T) {
	tests := []struct {
		name string
		env  string // environment file; "" for none

		statusPath  string // where the "Status" example is served
		wantRegion  string
		wantSupport string
		productPath string
		wantProduct string
	}{
		{
			// Without an environment the collection's own variables apply:
			// baseUrl has no path, region is "local", currency is not
			// defined anywhere and stays as literal text.
			name:        "collection only",
			statusPath:  "/status",
			wantRegion:  "local",
			wantSupport: "help@example.com",
			productPath: "/products/p-1",
			wantProduct: `{"id": "p-1", "currency": "{{currency}}"}`,
		},
		{
			name:        "staging",
			env:         "staging.postman_environment.json",
			statusPath:  "/v2/status",
			wantRegion:  "eu-west-1",
			wantSupport: "help@example.com", // not in the environment: the collection's value
			productPath: "/v2/products/p-1",
			wantProduct: `{"id": "p-1", "currency": "EUR"}`,
		},
		{
			name:        "production",
			env:         "production.postman_environment.json",
			statusPath:  "/shop/api/status",
			wantRegion:  "us-east-1",
			wantSupport: "help@example.com", // disabled in the environment: falls through
			productPath: "/shop/api/products/p-1",
			wantProduct: `{"id": "p-1", "currency": "USD"}`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []mocktest.Option
			if tt.env != "" {
				opts = append(opts, mocktest.WithEnvironmentFile(tt.env))
			}
			srv := mocktest.New(t, "shop.postman_collection.json", opts...)

			resp, body := get(t, srv, tt.statusPath)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s = %d %s, want 200", tt.statusPath, resp.StatusCode, body)
			}
			want := `{"status": "up", "region": "` + tt.wantRegion + `", "support": "` + tt.wantSupport + `"}`
			if body != want {
				t.Errorf("body = %s\nwant   %s", body, want)
			}
			// Header values are rendered like bodies.
			if got := resp.Header.Get("X-Region"); got != tt.wantRegion {
				t.Errorf("X-Region = %q, want %q", got, tt.wantRegion)
			}

			// {{productId}} is defined nowhere, so it is a path wildcard
			// (see examples/wildcards); it sits behind the prefix as well.
			if _, body := get(t, srv, tt.productPath); body != tt.wantProduct {
				t.Errorf("GET %s = %s, want %s", tt.productPath, body, tt.wantProduct)
			}
		})
	}
}

// The prefix in {{baseUrl}} is part of the path the mock compares; the
// host is not.
func TestPrefixIsPartOfThePath(t *testing.T) {
	srv := mocktest.New(t, "shop.postman_collection.json",
		mocktest.WithEnvironmentFile("staging.postman_environment.json"))

	if resp, _ := get(t, srv, "/status"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET /status with staging = %d, want 404 (the example lives at /v2/status)", resp.StatusCode)
	}
	if resp, _ := get(t, srv, "/v2/status"); resp.StatusCode != http.StatusOK {
		t.Errorf("GET /v2/status with staging = %d, want 200", resp.StatusCode)
	}
}

// get calls the mock and returns the response with its body read.
func get(t *testing.T, srv *mocktest.Server, path string) (*http.Response, string) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}
