package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/internal/testsupport/cdp"
)

// The browser tests drive the -ui page in headless Chromium (Debian's
// chromium package; .ci/run installs it). Without a browser they skip,
// except under CI=true, where they fail.
//
// POSTMOCK_SCREENSHOTS=DIR (relative to the module root, e.g. docs/img)
// also writes the README's screenshots of the page there.

const uiCollection = "testdata/ui.postman_collection.json"

// xssName is the name of an example of uiCollection: the page must show it
// as text.
const xssName = `<img src=x onerror="window.pwned=1">`

// startBrowser runs headless Chromium for the test and returns its page;
// the browser and all its processes are killed when the test ends.
func startBrowser(t *testing.T) *cdp.Page {
	t.Helper()
	bin, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("chromium not found (CI=true): install it (apt-get install chromium) for the browser tests: %v", err)
		}
		t.Skip("chromium not found: the browser tests of the -ui page skip (apt-get install chromium to run them)")
	}
	dir := t.TempDir() // removed after the browser is killed (cleanups run last first)
	ctx, cancel := context.WithTimeout(context.Background(), hangGuard)
	defer cancel()
	b, err := cdp.Start(ctx, bin, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := b.Close(); err != nil {
			t.Error(err)
		}
	})
	p, err := b.Page(ctx)
	if err != nil {
		t.Fatalf("%v; browser stderr:\n%s", err, b.Stderr())
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// ui wraps a page with the test's failure reporting.
type ui struct {
	t *testing.T
	p *cdp.Page
}

func (u ui) ctx() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), hangGuard)
}

// eval evaluates expr and decodes its JSON value into out.
func (u ui) eval(expr string, out any) {
	u.t.Helper()
	ctx, cancel := u.ctx()
	defer cancel()
	if err := u.p.Eval(ctx, expr, out); err != nil {
		u.t.Fatal(err)
	}
}

// waitFor waits until expr is true in the page.
func (u ui) waitFor(expr string) {
	u.t.Helper()
	ctx, cancel := u.ctx()
	defer cancel()
	if err := u.p.WaitFor(ctx, expr, `document.body.innerText.slice(0, 2000)`); err != nil {
		u.t.Fatal(err)
	}
}

func (u ui) navigate(url string) {
	u.t.Helper()
	ctx, cancel := u.ctx()
	defer cancel()
	if err := u.p.Navigate(ctx, url); err != nil {
		u.t.Fatal(err)
	}
}

// rows returns the text of the cells of the calls table, newest first.
func (u ui) rows(table string) [][]string {
	u.t.Helper()
	var out [][]string
	u.eval(`[...document.querySelectorAll('#`+table+` tbody tr')].map((tr) => [...tr.cells].map((td) => td.textContent))`, &out)
	return out
}

func (u ui) screenshot(name string, width, height int) {
	u.t.Helper()
	dir := os.Getenv("POSTMOCK_SCREENSHOTS")
	if dir == "" {
		return
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join("..", "..", dir) // the test runs in cmd/postmock
	}
	ctx, cancel := u.ctx()
	defer cancel()
	if err := u.p.Screenshot(ctx, width, height, filepath.Join(dir, name)); err != nil {
		u.t.Fatal(err)
	}
}

func TestBrowserServePageShowsCallsWhyTheyMatchedAndEscapes(t *testing.T) {
	p := startBrowser(t)
	s := startServe(t, "-collection", uiCollection, "-ui", "0")
	page := ui{t, p}
	base := pageURL(t, s)

	// A call made before the page opens is in the list it opens on.
	call(t, "POST", s.base+"/orders", nil)
	page.navigate(base + "/")
	page.waitFor(`document.getElementById('live').textContent === 'live' && document.querySelectorAll('#calls tbody tr').length === 1`)

	call(t, "GET", s.base+"/users/42", nil)
	call(t, "GET", s.base+"/users/13", nil)
	call(t, "DELETE", s.base+"/users/42", map[string]string{"Authorization": "Bearer s3cret"})
	page.waitFor(`document.querySelectorAll('#calls tbody tr').length === 4`)
	rows := page.rows("calls")
	want := [][]string{ // method, path, status, example (name then folder)
		{"DELETE", "/users/42", "404", "no example matched"},
		{"GET", "/users/13", "404", xssName + "Users / Get user"},
		{"GET", "/users/42", "200", "User foundUsers / Get user"},
		{"POST", "/orders", "201", "Order createdCreate order"},
	}
	for i, w := range want {
		if len(rows[i]) < 5 || fmt.Sprint(rows[i][1:5]) != fmt.Sprint(w) {
			t.Errorf("row %d = %q, want %q", i, rows[i], w)
		}
	}
	var injected struct {
		Imgs   int  `json:"imgs"`
		Pwned  bool `json:"pwned"`
		Script int  `json:"scripts"`
	}
	page.eval(`({imgs: document.querySelectorAll('main img').length, pwned: window.pwned !== undefined, scripts: document.querySelectorAll('main script').length})`, &injected)
	if injected.Imgs != 0 || injected.Pwned {
		t.Errorf("the example name became markup: %+v", injected)
	}

	// The miss explains itself: the nearest examples and why each lost.
	page.eval(`document.querySelector('#calls tbody tr').click(), true`, nil)
	page.waitFor(`document.querySelectorAll('#why li.rejection').length > 0`)
	var why []string
	page.eval(`[...document.querySelectorAll('#why li.rejection')].map((li) => li.textContent)`, &why)
	if !strings.HasPrefix(why[0], "methodUser found") || !strings.Contains(why[0], "GET /users/42") {
		t.Errorf("first rejection %q, want User found rejected by its method", why[0])
	}
	var detail string
	page.eval(`document.getElementById('detail').textContent`, &detail)
	if strings.Contains(detail, "s3cret") || !strings.Contains(detail, "[REDACTED]") {
		t.Errorf("the Authorization header is not redacted in the detail:\n%s", detail)
	}

	// The response body of the HTML example is text too.
	page.eval(`document.querySelectorAll('#calls tbody tr')[1].click(), true`, nil)
	page.waitFor(`document.getElementById('responseBody') && document.getElementById('responseBody').textContent === '<script>window.pwned=2</script>'`)
	page.eval(`({imgs: document.querySelectorAll('main img').length, pwned: window.pwned !== undefined, scripts: document.querySelectorAll('main script').length})`, &injected)
	if injected.Imgs != 0 || injected.Pwned || injected.Script != 0 {
		t.Errorf("the response body became markup: %+v", injected)
	}

	// Filters: unmatched only, then a path.
	page.eval(`(() => { const f = document.getElementById('fMatched'); f.value = 'no'; f.dispatchEvent(new Event('change')); return true })()`, nil)
	if r := page.rows("calls"); len(r) != 1 || r[0][1] != "DELETE" {
		t.Errorf("unmatched filter shows %q", r)
	}
	page.eval(`(() => { const f = document.getElementById('fMatched'); f.value = ''; f.dispatchEvent(new Event('change'));
		const p = document.getElementById('fPath'); p.value = 'ORDERS'; p.dispatchEvent(new Event('input')); return true })()`, nil)
	if r := page.rows("calls"); len(r) != 1 || r[0][2] != "/orders" {
		t.Errorf("path filter shows %q", r)
	}
	page.eval(`(() => { const p = document.getElementById('fPath'); p.value = ''; p.dispatchEvent(new Event('input')); return true })()`, nil)

	// Pause holds new calls back; resume shows them.
	page.eval(`document.getElementById('pause').click(), true`, nil)
	call(t, "GET", s.base+"/users/42?paused=1", nil)
	page.waitFor(`document.getElementById('count').textContent.includes('paused (1 waiting)')`)
	if n := len(page.rows("calls")); n != 4 {
		t.Errorf("paused: %d rows, want the 4 from before", n)
	}
	page.eval(`document.getElementById('pause').click(), true`, nil)
	if r := page.rows("calls"); len(r) != 5 || r[0][2] != "/users/42?paused=1" {
		t.Errorf("resumed: rows %q, want the held call first", r)
	}

	// Routes: every example, the warnings of routes, names as text.
	page.eval(`document.getElementById('tabRoutes').click(), true`, nil)
	page.waitFor(`document.querySelectorAll('#routes tbody tr').length === 3`)
	routes := page.rows("routes")
	if routes[1][3] != xssName+"u-xss" || routes[1][4] != "Users / Get user" {
		t.Errorf("routes row %q", routes[1])
	}
	var warnings []string
	page.eval(`[...document.querySelectorAll('#warnings li')].map((li) => li.textContent)`, &warnings)
	if !slicesContain(warnings, `"Health"`) {
		t.Errorf("warnings %q, want the request without examples (Health)", warnings)
	}

	// Clear empties the page and the mock's log.
	page.eval(`document.getElementById('tabCalls').click(), document.getElementById('clear').click(), true`, nil)
	page.waitFor(`document.querySelectorAll('#calls tbody tr').length === 0`)
	if _, body := call(t, "GET", base+"/api/calls", nil); !strings.Contains(body, `"total":0`) {
		t.Errorf("after Clear the log still holds calls: %s", body)
	}
}

func slicesContain(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func TestBrowserAPIPageAsksForTheKeyAndManagesMocks(t *testing.T) {
	p := startBrowser(t)
	s := startServe(t, "api", "-api-key", "k3y", "-collection", uiCollection, "-ui", "0")
	page := ui{t, p}
	base := pageURL(t, s)
	uid := regexp.MustCompile(`postmock: collection (\S+) `).FindStringSubmatch(s.stdout.String())
	if uid == nil {
		t.Fatalf("no collection uid in stdout:\n%s", s.stdout)
	}
	code, body := apiCall(t, "POST", s.base+"/mocks", "k3y", `{"mock":{"collection":"`+uid[1]+`","name":"Shop mock"}}`)
	if code != 200 {
		t.Fatalf("POST /mocks = %d %s", code, body)
	}
	mockID := apiMember(apiDecode(t, body), "mock", "id")
	mockURL := apiMember(apiDecode(t, body), "mock", "mockUrl")
	code, body = apiCall(t, "POST", s.base+"/mocks/"+mockID+"/server-responses", "k3y", `{"serverResponse":{"name":"Outage","statusCode":503}}`)
	if code != 200 {
		t.Fatalf("POST server response = %d %s", code, body)
	}

	page.navigate(base + "/")
	page.waitFor(`!document.getElementById('keyView').classList.contains('hidden')`)
	page.eval(`(() => { document.getElementById('key').value = 'k3y'; document.getElementById('keyForm').requestSubmit(); return true })()`, nil)
	page.waitFor(`document.getElementById('live').textContent === 'live'`)
	var stored string
	page.eval(`sessionStorage.getItem('postmock-key')`, &stored)
	if stored != "k3y" {
		t.Errorf("session storage holds %q", stored)
	}

	call(t, "GET", mockURL+"/users/42", nil)
	page.waitFor(`document.querySelectorAll('#calls tbody tr').length === 1`)
	if r := page.rows("calls"); r[0][4] != "User foundUsers / Get user" {
		t.Errorf("row %q", r[0])
	}

	// Mocks: turn a config switch on, then the server response.
	page.eval(`document.getElementById('tabMocks').click(), true`, nil)
	page.waitFor(`document.querySelector('#configForm input[name=preferSuccess]') && document.querySelector('#serverResponses input[type=checkbox]')`)
	page.eval(`(() => { const f = document.getElementById('configForm'); f.elements.preferSuccess.checked = true; f.elements.delay.value = '25'; f.requestSubmit(); return true })()`, nil)
	waitAPI(t, s.base+"/mocks/"+mockID, func(m map[string]any) bool {
		cfg, _ := m["mock"].(map[string]any)["config"].(map[string]any)
		d, _ := cfg["delay"].(map[string]any)
		return cfg["preferSuccess"] == true && d != nil && d["duration"] == 25.0
	})
	page.waitFor(`document.querySelector('#serverResponses input[type=checkbox]')`)
	page.eval(`document.querySelector('#serverResponses input[type=checkbox]').click(), true`, nil)
	waitAPI(t, s.base+"/mocks/"+mockID, func(m map[string]any) bool {
		cfg, _ := m["mock"].(map[string]any)["config"].(map[string]any)
		return cfg["serverResponseId"] != nil
	})
	if code, _ := call(t, "GET", mockURL+"/users/42", nil); code != 503 {
		t.Errorf("with the server response on, a call got %d, want 503", code)
	}
}

// waitAPI polls GET url (the admin API) until ok holds for its answer.
func waitAPI(t *testing.T, url string, ok func(map[string]any) bool) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for {
		_, body := apiCall(t, "GET", url, "k3y", "")
		var m map[string]any
		if json.Unmarshal([]byte(body), &m) == nil && ok(m) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s never reached the expected state: %s", url, body)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestBrowserScreenshots writes the README's pictures of the page serving
// the built-in demo, when POSTMOCK_SCREENSHOTS names a folder:
//
//	POSTMOCK_SCREENSHOTS=docs/img go test ./cmd/postmock -run Screenshots
func TestBrowserScreenshots(t *testing.T) {
	if os.Getenv("POSTMOCK_SCREENSHOTS") == "" {
		t.Skip("POSTMOCK_SCREENSHOTS is not set: no screenshots to write")
	}
	p := startBrowser(t)
	s := startServe(t, "-ui", "0", "-q")
	page := ui{t, p}
	page.navigate(pageURL(t, s) + "/")
	page.waitFor(`document.getElementById('live').textContent === 'live'`)
	for _, c := range []struct {
		method, path string
		header       map[string]string
	}{
		{"GET", "/products", nil},
		{"GET", "/products/42", nil},
		{"GET", "/products/42", map[string]string{"x-mock-response-name": "Product not found"}},
		{"POST", "/orders", map[string]string{"x-mock-response-code": "400"}},
		{"GET", "/orders/1001", map[string]string{"x-mock-response-delay": "120"}},
		{"GET", "/Products/42", nil},
		{"PUT", "/products/42", nil},
	} {
		call(t, c.method, s.base+c.path, c.header)
	}
	page.waitFor(`document.querySelectorAll('#calls tbody tr').length === 7`)
	page.eval(`document.querySelector('#calls tbody tr').click(), true`, nil)
	page.waitFor(`document.querySelectorAll('#why li.rejection').length > 0`)
	page.screenshot("ui-calls.png", 1280, 800)
	page.screenshot("ui-narrow.png", 420, 860)
	page.eval(`document.getElementById('tabRoutes').click(), true`, nil)
	page.waitFor(`document.querySelectorAll('#routes tbody tr').length > 0`)
	page.screenshot("ui-routes.png", 1280, 800)
}
