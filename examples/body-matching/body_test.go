package bodymatching_test

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

func TestJSONBodyPerCallHeader(t *testing.T) {
	srv := mocktest.New(t, "checkout.postman_collection.json")

	tests := []struct {
		name      string
		matchBody bool // send x-mock-match-request-body: true
		body      string
		want      int
	}{
		// Without body matching both examples tie; the last id,
		// "order-400-invalid", wins even for a valid order.
		{"bodies ignored", false, `{"sku":"A-1","qty":2}`, 400},

		// With it, JSON is compared as values: key order and spaces do
		// not matter.
		{"same JSON, other key order", true, `{ "qty": 2, "sku": "A-1" }`, 201},
		{"the invalid one", true, `{"sku":"A-1","qty":0}`, 400},
		{"numbers by value", true, `{"sku":"A-1","qty":2.0}`, 201},

		// A body no example was saved with: every candidate is dropped.
		{"unknown body", true, `{"sku":"B-7","qty":1}`, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, srv.URL+"/orders", strings.NewReader(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if tt.matchBody {
				req.Header.Set("x-mock-match-request-body", "true")
			}
			if got, body := do(t, srv, req); got != tt.want {
				t.Errorf("status = %d, want %d (body %s)", got, tt.want, body)
			}
		})
	}
}

func TestFormBodyMockConfig(t *testing.T) {
	// MatchBody in the config compares bodies on every call, with no header.
	// Only MatchBody is set: query and wildcard matching keep Postman's defaults.
	srv := mocktest.New(t, "checkout.postman_collection.json", mocktest.WithConfig(mock.Config{MatchBody: true}))

	// login posts a form; matchBody, when not "", is sent as the
	// x-mock-match-request-body header.
	login := func(form, matchBody string) (int, string) {
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/login", strings.NewReader(form))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if matchBody != "" {
			req.Header.Set("x-mock-match-request-body", matchBody)
		}
		return do(t, srv, req)
	}

	// Pairs are compared as a set: their order does not matter.
	if got, body := login("password=s3cret&username=ann", ""); got != http.StatusOK || body != `{"token": "tok-ann"}` {
		t.Errorf("right password: %d %s, want 200 with a token", got, body)
	}
	if got, _ := login(url.Values{"username": {"ann"}, "password": {"wrong"}}.Encode(), ""); got != http.StatusUnauthorized {
		t.Errorf("wrong password: %d, want 401", got)
	}
	if got, body := login("username=bob&password=s3cret", ""); got != http.StatusNotFound || body != mock.NotFoundBody {
		t.Errorf("unknown user: %d %s, want Postman's 404", got, body)
	}
	// The header overrides the config for one call: "false" ignores the
	// body again, and the last id ("login-401") wins the tie.
	if got, _ := login("username=bob&password=s3cret", "false"); got != http.StatusUnauthorized {
		t.Errorf("body matching off for the call: %d, want 401", got)
	}
}

// do sends req and returns the status and body.
func do(t *testing.T, srv *mocktest.Server, req *http.Request) (int, string) {
	t.Helper()
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}
