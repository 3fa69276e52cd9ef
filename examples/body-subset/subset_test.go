package bodysubset_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/postmock/postmock/mocktest"
)

// signup is what a real client sends: ten fields, of which the examples
// saved two.
const signup = `{
  "email": "ann@example.com",
  "plan": "%s",
  "name": "Ann Example",
  "locale": "en-GB",
  "timezone": "Europe/London",
  "referral": "FRIEND-42",
  "marketingOptIn": false,
  "acceptedTerms": true,
  "clientVersion": "3.14.1",
  "sentAt": "2024-06-10T06:13:20Z"
}`

func post(t *testing.T, srv *mocktest.Server, body string, hdr ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/signups", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
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

func TestTwoRequiredFieldsOfTen(t *testing.T) {
	srv := mocktest.New(t, "signup.postman_collection.json", mocktest.SubsetBody())

	// The plan picks the example; the other eight fields do not matter,
	// and the email sent comes back through {{email}}.
	code, body := post(t, srv, strings.Replace(signup, "%s", "pro", 1))
	if want := `{"status": "created", "email": "ann@example.com", "plan": "pro", "trialDays": 14}`; code != 201 || body != want {
		t.Errorf("pro signup = %d %s, want 201 %s", code, body, want)
	}
	code, body = post(t, srv, strings.Replace(signup, "%s", "free", 1))
	if !strings.Contains(body, `"trialDays": 0`) || !strings.Contains(body, `"email": "ann@example.com"`) {
		t.Errorf("free signup = %d %s, want the free example", code, body)
	}

	// A required field missing or different: no example is left, 404.
	if code, _ := post(t, srv, `{"plan":"pro","name":"Ann"}`); code != 404 {
		t.Errorf("signup without an email = %d, want 404", code)
	}
	if code, _ := post(t, srv, strings.Replace(signup, "%s", "enterprise", 1)); code != 404 {
		t.Errorf("enterprise signup = %d, want 404", code)
	}
}

func TestHeaderAsksForSubsetOnOneCall(t *testing.T) {
	// Without SubsetBody the mock ignores bodies, as Postman does; the
	// header turns subset matching on for one call.
	srv := mocktest.New(t, "signup.postman_collection.json")
	code, body := post(t, srv, strings.Replace(signup, "%s", "pro", 1), "x-mock-match-request-body", "subset")
	if code != 201 || !strings.Contains(body, `"plan": "pro"`) {
		t.Errorf("subset by header = %d %s, want the pro example", code, body)
	}
	// x-mock-match-request-body: true is Postman's exact comparison: ten
	// fields are not two.
	if code, _ := post(t, srv, strings.Replace(signup, "%s", "pro", 1), "x-mock-match-request-body", "true"); code != 404 {
		t.Errorf("exact by header = %d, want 404", code)
	}
}
