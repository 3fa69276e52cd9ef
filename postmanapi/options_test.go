package postmanapi_test

import (
	"strings"
	"testing"
)

// optionsCollection saves, without example ids, a 404 before a 200 for
// GET /items, so ties go to the 404 by document order.
const optionsCollection = `{"collection":{"info":{"name":"Options","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
 "item":[{"name":"items","request":{"method":"GET","url":"https://api.example.com/items"},"response":[
  {"name":"Not Found","code":404,"originalRequest":{"method":"GET","url":"https://api.example.com/items"},"body":"not found"},
  {"name":"OK","code":200,"originalRequest":{"method":"GET","url":"https://api.example.com/items"},"body":"ok"}]}]}}`

// TestAPIMockConfigPreferSuccessAndExact proves the extension fields of a
// mock's config: preferSuccess and exact are absent from the answers until
// set, PUT and POST set them, GET shows them, calls to the mock obey them,
// exact:false turns exact mode off again, and values that are not
// booleans are invalidParamsErrors naming the field.
func TestAPIMockConfigPreferSuccessAndExact(t *testing.T) {
	s := newAPIServer(t)
	collUID := apiStr(apiObj(s.ok("POST", "/collections", optionsCollection), "collection"), "uid")
	created := apiObj(s.ok("POST", "/mocks", `{"mock":{"collection":"`+collUID+`"}}`), "mock")
	id, url := apiStr(created, "id"), apiStr(created, "mockUrl")
	for _, key := range []string{"preferSuccess", "exact"} {
		if v, ok := apiObj(created, "config")[key]; ok {
			t.Errorf("a new mock's config shows %s = %v; extensions must be absent until set", key, v)
		}
	}
	call := func(path string) string {
		t.Helper()
		r := s.raw("GET", url+path, nil)
		if strings.Contains(string(r.body), "mockRequestNotFoundError") {
			return "no match"
		}
		return string(r.body)
	}
	if got := call("/items"); got != "not found" {
		t.Errorf("default: GET /items = %q, want the 404 example saved first", got)
	}
	if got := call("/ITEMS"); got != "not found" {
		t.Errorf("default: GET /ITEMS = %q, want the case step to serve", got)
	}

	m := apiObj(s.ok("PUT", "/mocks/"+id, `{"mock":{"config":{"preferSuccess":true,"exact":true}}}`), "mock")
	for _, cfg := range []map[string]any{apiObj(m, "config"), apiObj(apiObj(s.ok("GET", "/mocks/"+id, ""), "mock"), "config")} {
		if cfg["preferSuccess"] != true || cfg["exact"] != true {
			t.Errorf("config after PUT = %v, want preferSuccess and exact true", cfg)
		}
	}
	for path, want := range map[string]string{"/items": "ok", "/items/": "ok", "/ITEMS": "no match", "/itms": "no match"} {
		if got := call(path); got != want {
			t.Errorf("preferSuccess + exact: GET %s = %q, want %q", path, got, want)
		}
	}

	cfg := apiObj(apiObj(s.ok("PUT", "/mocks/"+id, `{"mock":{"config":{"exact":false}}}`), "mock"), "config")
	if _, ok := cfg["exact"]; ok || cfg["preferSuccess"] != true {
		t.Errorf("config after exact:false = %v, want exact absent and preferSuccess kept", cfg)
	}
	if got := call("/ITEMS"); got != "ok" {
		t.Errorf("preferSuccess only: GET /ITEMS = %q, want the 200 through the case step", got)
	}

	exact := apiObj(s.ok("POST", "/mocks", `{"mock":{"collection":"`+collUID+`","config":{"exact":true}}}`), "mock")
	if c := apiObj(exact, "config"); c["exact"] != true {
		t.Errorf("mock created with exact = %v", c)
	}
	if r := s.raw("GET", apiStr(exact, "mockUrl")+"/Items", nil); r.status != 404 || !strings.Contains(string(r.body), "mockRequestNotFoundError") {
		t.Errorf("exact mock: GET /Items = %v, want the no-match 404", r)
	}

	for _, tc := range []struct{ name, config, param string }{
		{"preferSuccess string", `{"preferSuccess":"yes"}`, "preferSuccess"},
		{"preferSuccess number", `{"preferSuccess":1}`, "preferSuccess"},
		{"exact string", `{"exact":"true"}`, "exact"},
		{"exact object", `{"exact":{}}`, "exact"},
	} {
		apiWantError(t, "PUT "+tc.name, s.admin("PUT", "/mocks/"+id, `{"mock":{"config":`+tc.config+`}}`), 400, "invalidParamsError", tc.param)
		apiWantError(t, "POST "+tc.name, s.admin("POST", "/mocks", `{"mock":{"collection":"`+collUID+`","config":`+tc.config+`}}`), 400, "invalidParamsError", tc.param)
	}
}
