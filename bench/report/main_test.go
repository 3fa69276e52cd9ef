package main

import (
	"bytes"
	"testing"
)

// TestStartupTableMergesRoundsAndRanks checks -startup's table: the spawns
// of one name's rounds are pooled, and the figures are the lower median and
// nearest-rank percentiles, here worked out by hand.
func TestStartupTableMergesRoundsAndRanks(t *testing.T) {
	msRuns := func(ms ...int64) []int64 {
		out := make([]int64, len(ms))
		for i, m := range ms {
			out[i] = m * 1e6
		}
		return out
	}
	rs := aggregate([]*result{
		{Name: "old", Available: true, StartupRunsNS: msRuns(100, 20, 60, 40, 80)},
		{Name: "new", Available: true, StartupRunsNS: msRuns(5, 1)},
		{Name: "old", Available: true, StartupRunsNS: msRuns(10, 90, 30, 70, 50)},
		{Name: "new", Available: true, StartupRunsNS: msRuns(3, 2)},
		{Name: "gone", Available: false, Reason: "did not start"},
	})
	var buf bytes.Buffer
	writeStartup(&buf, rs)
	want := `| build | spawns | median | p25 | p75 | p90 |
|---|--:|--:|--:|--:|--:|
| old | 10 | 50.0 ms | 30.0 ms | 80.0 ms | 90.0 ms |
| new | 4 | 2.00 ms | 1.00 ms | 3.00 ms | 5.00 ms |
| gone | 0 | unavailable: did not start | | | |
`
	if got := buf.String(); got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
}
