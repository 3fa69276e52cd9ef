package main

import (
	"strings"
	"testing"

	"github.com/postmock/postmock/mock"
)

// TestServePreferSuccessAndExact proves serve's -prefer-success and -exact
// flags: GET /users/42, where a 200 (a4) and a 404 (a5, the later id) tie,
// answers the 200 under -prefer-success; under -exact a path that differs
// in case or by a typo gets Postman's 404 while trailing slashes and
// wildcards are still served; the flags combine.
func TestServePreferSuccessAndExact(t *testing.T) {
	type want struct {
		code int
		body string
	}
	a1, a3, a4, a5 := want{200, `{"example": "a1"}`}, want{200, `{"example": "a3"}`}, want{200, `{"example": "a4"}`}, want{404, `{"example": "a5"}`}
	none := want{404, mock.NotFoundBody}
	tests := []struct {
		flags []string
		calls map[string]want
	}{
		{nil, map[string]want{"/users/42": a5, "/USERS": a1, "/users/": a1, "/userz": a1}},
		{[]string{"-prefer-success"}, map[string]want{"/users/42": a4, "/USERS": a1}},
		{[]string{"-exact"}, map[string]want{"/users/42": a5, "/USERS": none, "/users/": a1, "/userz": none, "/users/carol": a3}},
		{[]string{"-exact", "-prefer-success"}, map[string]want{"/users/42": a4, "/USERS": none, "/users/42/": a4}},
		// -H and the matching flags build one config: neither replaces the other.
		{[]string{"-exact", "-H", "x-mock-response-code: 200"}, map[string]want{"/users/42": a4, "/USERS": none}},
		// and the body flags join the same config.
		{[]string{"-exact", "-match-body", "-H", "x-mock-response-code: 200"}, map[string]want{"/users/42": a4, "/USERS": none}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(append([]string{"serve"}, tt.flags...), " "), func(t *testing.T) {
			s := startServe(t, append([]string{"-c", worked}, tt.flags...)...)
			for path, w := range tt.calls {
				if code, body := call(t, "GET", s.base+path, nil); code != w.code || body != w.body {
					t.Errorf("GET %s = %d %s, want %d %s", path, code, body, w.code, w.body)
				}
			}
		})
	}
}

// TestRoutesAcceptsTheMatchingFlags proves routes takes -prefer-success and
// -exact (so that what it reports matches serve under the same flags) and
// that the usage text documents both.
func TestRoutesAcceptsTheMatchingFlags(t *testing.T) {
	code, stdout, stderr := runCmd(t, "routes", "-c", worked, "-prefer-success", "-exact")
	if code != 0 || !strings.Contains(stdout, "/users/{{userId}}") {
		t.Errorf("routes -prefer-success -exact: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	_, usage, _ := runCmd(t, "-h")
	for _, flag := range []string{"-prefer-success", "-exact"} {
		if !strings.Contains(usage, flag) {
			t.Errorf("usage lacks %s", flag)
		}
	}
}
