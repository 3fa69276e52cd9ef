package main

import (
	"errors"
	"flag"
	"math"
	"strconv"
	"strings"

	"github.com/postmock/postmock/calllog"
)

// byteSize is a flag value in bytes: a plain number, or one with a KiB,
// MiB or GiB suffix ("256MiB"). Binary units only: "MB" would leave the
// reader guessing whether it means 10^6 or 2^20.
type byteSize int64

var byteUnits = []struct {
	suffix string
	mult   int64
}{{"kib", 1 << 10}, {"mib", 1 << 20}, {"gib", 1 << 30}, {"b", 1}}

func (b *byteSize) String() string { return strconv.FormatInt(int64(*b), 10) }

func (b *byteSize) Set(v string) error {
	s := strings.ToLower(strings.TrimSpace(v))
	mult := int64(1)
	for _, u := range byteUnits {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = strings.TrimSpace(rest), u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<62)/mult {
		return errors.New("want a positive size in bytes, e.g. 1048576 or 1MiB (units KiB, MiB, GiB)")
	}
	*b = byteSize(n * mult)
	return nil
}

// callLogFlags bound the api command's call logs (calllog.Limits).
type callLogFlags struct {
	total, perMock, perBody byteSize
}

func (c *callLogFlags) register(fs *flag.FlagSet) {
	c.total, c.perMock, c.perBody = calllog.DefaultWorkspaceMaxBytes, calllog.DefaultMaxBytes, calllog.DefaultMaxBodyBytes
	fs.Var(&c.total, "calllog-max-bytes", "call-log bytes kept for all mocks together")
	fs.Var(&c.perMock, "calllog-mock-bytes", "call-log bytes kept per mock")
	fs.Var(&c.perBody, "calllog-body-bytes", "bytes kept of each request and response body")
}

// limits returns the call-log limits the flags ask for, with a budget of
// the total for the workspace's mocks to share.
func (c *callLogFlags) limits() (calllog.Limits, error) {
	if int64(c.perBody) > int64(c.perMock)/2 {
		// An entry holds a request and a response body; one that cannot
		// fit in its mock's log would be evicted as soon as it is stored:
		// say so rather than log nothing.
		return calllog.Limits{}, badUsage("-calllog-body-bytes %d is more than half of -calllog-mock-bytes %d: a call with two such bodies could not be kept", c.perBody, c.perMock)
	}
	return calllog.Limits{MaxBytes: int64(c.perMock), MaxBodyBytes: int(min(int64(c.perBody), math.MaxInt)),
		Budget: calllog.NewBudget(int64(c.total))}, nil
}
