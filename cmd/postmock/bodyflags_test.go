package main

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

const bodySubset = "testdata/body-subset.postman_collection.json"

// post sends a JSON body on a fresh connection and returns status and body.
func post(t *testing.T, url, body string) (int, string) {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr, Timeout: hangGuard}).Post(url, "application/json", strings.NewReader(body))
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

// TestServeBodyMatchingFlags: -match-body compares bodies exactly,
// -match-body-subset by subset (placeholders captured and rendered), and
// -ignore-body-path leaves a field out.
func TestServeBodyMatchingFlags(t *testing.T) {
	const sent = `{"email":"ann@example.com","plan":"pro","name":"Ann"}`
	tests := []struct {
		args []string
		body string
		code int
		want string
	}{
		{nil, `{"anything":1}`, 201, `"email": "{{email}}"`}, // body matching off: the path decides
		{[]string{"-match-body"}, sent, 404, "mockRequestNotFoundError"},
		{[]string{"-match-body-subset"}, sent, 201, `"email": "ann@example.com"`},
		{[]string{"-match-body-subset"}, `{"email":"ann@example.com","plan":"free"}`, 404, "mockRequestNotFoundError"},
		{[]string{"-match-body-subset", "-ignore-body-path", "plan", "-ignore-body-path", "x.y"}, `{"email":"ann@example.com","plan":"free"}`, 201, `"email": "ann@example.com"`},
	}
	for _, tt := range tests {
		s := startServe(t, append([]string{"-c", bodySubset}, tt.args...)...)
		code, body := post(t, s.base+"/users", tt.body)
		if code != tt.code || !strings.Contains(body, tt.want) {
			t.Errorf("%q, POST %s: %d %s, want %d with %s", tt.args, tt.body, code, body, tt.code, tt.want)
		}
		s.stop(t)
	}
}

// TestServeRefusesABadIgnoredBodyPath: an unusable gjson path is a usage
// error naming it.
func TestServeRefusesABadIgnoredBodyPath(t *testing.T) {
	code, _, stderr := runCmd(t, "serve", "-c", bodySubset, "-ignore-body-path", "items.#(sku==A)")
	if code != 2 || !strings.Contains(stderr, `"items.#(sku==A)"`) || !strings.Contains(stderr, "queries") {
		t.Errorf("exit %d, stderr %q; want 2 naming the path and why", code, stderr)
	}
}
