package postmanapi_test

import (
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestAPIBodyMatchingExtensionFields: a mock's config takes matchBodyMode
// ("exact" | "subset") and ignoreBodyPaths, shows them in answers only
// when set, applies them to calls at the mockUrl, and refuses bad values
// with an invalidParamsError naming the field.
func TestAPIBodyMatchingExtensionFields(t *testing.T) {
	s := newAPIServer(t)
	collJSON, err := os.ReadFile("testdata/body-subset.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	collUID := apiStr(apiObj(s.ok("POST", "/collections", `{"collection":`+string(collJSON)+`}`), "collection"), "uid")

	for _, tc := range []struct {
		name, config, param string
	}{
		{"mode value", `{"matchBodyMode":"fuzzy"}`, "matchBodyMode"},
		{"mode empty", `{"matchBodyMode":""}`, "matchBodyMode"},
		{"mode type", `{"matchBodyMode":true}`, "matchBodyMode"},
		{"paths type", `{"ignoreBodyPaths":"ts"}`, "ignoreBodyPaths"},
		{"paths element type", `{"ignoreBodyPaths":[1]}`, "ignoreBodyPaths"},
		{"path syntax", `{"ignoreBodyPaths":["items.#(sku==A)"]}`, "ignoreBodyPaths"},
	} {
		r := s.admin("POST", "/mocks", `{"mock":{"collection":"`+collUID+`","config":`+tc.config+`}}`)
		apiWantError(t, tc.name, r, 400, "invalidParamsError", tc.param)
	}

	created := apiObj(s.ok("POST", "/mocks", `{"mock":{"collection":"`+collUID+`",`+
		`"config":{"matchBody":true,"matchBodyMode":"subset","ignoreBodyPaths":["requestId"]}}}`), "mock")
	cfg := apiObj(created, "config")
	if cfg["matchBodyMode"] != "subset" || !cmp.Equal(cfg["ignoreBodyPaths"], []any{"requestId"}) || cfg["matchBody"] != true {
		t.Errorf("created config = %v", cfg)
	}
	mockURL, mockID := apiStr(created, "mockUrl"), apiStr(created, "id")
	post := func(body string) apiReply {
		return s.raw("POST", mockURL+"/users", strings.NewReader(body), "Content-Type", "application/json")
	}
	if r := post(`{"email":"ann@example.com","plan":"pro","name":"Ann"}`); r.status != 201 || !strings.Contains(string(r.body), `"email": "ann@example.com"`) {
		t.Errorf("subset call = %v, want 201 echoing the email", r)
	}

	upd := apiObj(s.ok("PUT", "/mocks/"+mockID, `{"mock":{"config":{"matchBodyMode":"exact","ignoreBodyPaths":[]}}}`), "mock")
	cfg = apiObj(upd, "config")
	if _, ok := cfg["matchBodyMode"]; ok {
		t.Errorf("exact mode shown: %v", cfg)
	}
	if _, ok := cfg["ignoreBodyPaths"]; ok {
		t.Errorf("empty ignoreBodyPaths shown: %v", cfg)
	}
	if r := post(`{"email":"ann@example.com","plan":"pro","name":"Ann"}`); r.status != 404 {
		t.Errorf("exact call with extra fields = %v, want 404", r)
	}
}
