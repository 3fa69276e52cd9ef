package main

import (
	"flag"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/postmock/postmock/calllog"
)

func TestByteSizeFlagParsesUnits(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // 0: an error
	}{
		{"1048576", 1 << 20},
		{"1MiB", 1 << 20},
		{"256mib", 256 << 20},
		{" 64 KiB ", 64 << 10},
		{"2GiB", 2 << 30},
		{"512B", 512},
		{"0", 0},
		{"-1", 0},
		{"1MB", 0}, // decimal or binary? refused rather than guessed
		{"1.5MiB", 0},
		{"MiB", 0},
		{"", 0},
		{"9999999999GiB", 0}, // overflows int64
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var b byteSize
			err := b.Set(tt.in)
			if tt.want == 0 {
				if err == nil {
					t.Errorf("Set(%q) = %d, want an error", tt.in, b)
				}
				return
			}
			if err != nil || int64(b) != tt.want {
				t.Errorf("Set(%q) = %d, %v; want %d", tt.in, b, err, tt.want)
			}
		})
	}
}

func TestAPICommandCallLogFlags(t *testing.T) {
	t.Run("defaults", func(t *testing.T) {
		var f callLogFlags
		f.register(newFlagSet())
		l, err := f.limits()
		if err != nil || l.MaxBytes != calllog.DefaultMaxBytes || l.MaxBodyBytes != calllog.DefaultMaxBodyBytes ||
			l.Budget == nil || l.Budget.Max() != calllog.DefaultWorkspaceMaxBytes {
			t.Errorf("limits() = %+v, %v; want the calllog defaults and a default budget", l, err)
		}
	})
	t.Run("set", func(t *testing.T) {
		var f callLogFlags
		fs := newFlagSet()
		f.register(fs)
		if err := fs.Parse([]string{"-calllog-max-bytes", "1GiB", "-calllog-mock-bytes", "8MiB", "-calllog-body-bytes", "4KiB"}); err != nil {
			t.Fatal(err)
		}
		l, err := f.limits()
		if err != nil || l.MaxBytes != 8<<20 || l.MaxBodyBytes != 4<<10 || l.Budget.Max() != 1<<30 {
			t.Errorf("limits() = %+v (budget %d), %v", l, l.Budget.Max(), err)
		}
	})

	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"bad size", []string{"api", "-api-key", "k", "-calllog-max-bytes", "lots"}, "calllog-max-bytes"},
		{"body larger than half the mock's log", []string{"api", "-api-key", "k", "-calllog-mock-bytes", "1MiB", "-calllog-body-bytes", "600KiB"},
			"-calllog-body-bytes 614400 is more than half of -calllog-mock-bytes 1048576"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, stdout, stderr := runCmd(t, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) || stdout != "" {
				t.Errorf("run %v = %d, stdout %q, stderr %q; want 2 and %q", tc.args, code, stdout, stderr, tc.want)
			}
		})
	}

	// End to end: the body cap reaches the mocks' call logs.
	t.Run("body cap applies", func(t *testing.T) {
		s := startServe(t, "api", "-api-key", "k", "-calllog-body-bytes", "10")
		raw, err := os.ReadFile(worked)
		if err != nil {
			t.Fatal(err)
		}
		code, body := apiCall(t, "POST", s.base+"/collections", "k", `{"collection":`+string(raw)+`}`)
		if code != 200 {
			t.Fatalf("POST /collections = %d %s", code, body)
		}
		code, body = apiCall(t, "POST", s.base+"/mocks", "k", `{"mock":{"collection":"`+apiMember(apiDecode(t, body), "collection", "uid")+`"}}`)
		if code != 200 {
			t.Fatalf("POST /mocks = %d %s", code, body)
		}
		created := apiDecode(t, body)
		apiCall(t, "POST", apiMember(created, "mock", "mockUrl")+"/upload", "", "0123456789abcdefghij")
		code, body = apiCall(t, "GET", s.base+"/mocks/"+apiMember(created, "mock", "id")+"/call-logs?include=request.body", "k", "")
		if want := `"data":"0123456789…[truncated 10 bytes]"`; code != 200 || !strings.Contains(body, want) {
			t.Errorf("call-logs = %d %s, want %s", code, body, want)
		}
	})
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}
