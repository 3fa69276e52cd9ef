// Command report turns the JSON records of bench/loadgen into the
// side-by-side table of bench/compare.sh: one row per server with req/s,
// p50, p99, peak RSS, start-up time and postmock's req/s as a multiple of
// the row's, then postmock's standing against the targets of the issue.
//
// Usage:
//
//	report [-subject NAME] [-node NAME] [-wiremock NAME] [-ceiling NAME]
//	       [-command TEXT] [-o FILE] RESULT.json...
//	report -startup RESULT.json...
//
// With -startup it prints only the start-up times, one row per name over
// all of that name's spawns (bench/startup.sh, which spawns builds in
// turn to compare them).
//
// Rows appear in the order of the files. A record marked unavailable shows
// as "unavailable: <reason>" and its ratio and targets as not measured.
// When the records hold a wrk measurement (loadgen -wrk), the table gets
// wrk's req/s and p99 and the ratio from wrk's numbers too. The Markdown
// goes to standard output and, with -o, to FILE.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

// result mirrors the fields of loadgen's Result that the report uses.
type result struct {
	Name         string         `json:"name"`
	Label        string         `json:"label"`
	Available    bool           `json:"available"`
	Reason       string         `json:"reason"`
	Date         string         `json:"date"`
	Collection   string         `json:"collection"`
	CollRequests int            `json:"collection_requests"`
	CollExamples int            `json:"collection_examples"`
	Mix          int            `json:"mix"`
	MixKinds     map[string]int `json:"mix_kinds"`
	Conns        int            `json:"conns"`
	Procs        int            `json:"loadgen_gomaxprocs"`
	DurationSec  float64        `json:"duration_s"`
	WarmupSec    float64        `json:"warmup_s"`
	Calls        int64          `json:"calls"`
	RPS          float64        `json:"rps"`
	P50NS        int64          `json:"p50_ns"`
	P99NS        int64          `json:"p99_ns"`
	Errors       int64          `json:"errors"`
	Non2xx       int64          `json:"non_2xx"`
	FirstError   string         `json:"first_error"`
	LoadAvg      [2]float64     `json:"loadavg_1m_before_after"`
	// rounds are the records of one server that aggregate merged into
	// this one, in order.
	rounds            []*result
	PreflightChecked  int      `json:"preflight_checked"`
	PreflightFailed   int      `json:"preflight_failed"`
	PreflightFailures []string `json:"preflight_failures"`
	StartupNS         int64    `json:"startup_ns"`
	StartupRunsNS     []int64  `json:"startup_runs_ns"`
	PeakRSS           int64    `json:"peak_rss_bytes"`
	Wrk               *struct {
		Threads int     `json:"threads"`
		RPS     float64 `json:"rps"`
		P50NS   int64   `json:"p50_ns"`
		P99NS   int64   `json:"p99_ns"`
		Errors  int64   `json:"errors"`
		Status  int64   `json:"status_errors"`
		Error   string  `json:"error"`
	} `json:"wrk"`
}

// aggregate merges the records of each server (one per round) into one,
// in the order the servers first appear: the median of req/s, p50, p99,
// peak RSS and the wrk figures over the rounds the server was available
// in, the median start-up over all spawns, and summed error counts. A
// server unavailable in every round stays unavailable (with the first
// reason).
func aggregate(rs []*result) []*result {
	var order []string
	groups := map[string][]*result{}
	for _, r := range rs {
		if _, ok := groups[r.Name]; !ok {
			order = append(order, r.Name)
		}
		groups[r.Name] = append(groups[r.Name], r)
	}
	var out []*result
	for _, name := range order {
		g := groups[name]
		var ok []*result
		for _, r := range g {
			if r.Available {
				ok = append(ok, r)
			}
		}
		if len(ok) == 0 {
			out = append(out, g[0])
			continue
		}
		m := *ok[0]
		m.rounds = g
		m.RPS = medianF(ok, func(r *result) float64 { return r.RPS })
		m.P50NS = medianI(ok, func(r *result) int64 { return r.P50NS })
		m.P99NS = medianI(ok, func(r *result) int64 { return r.P99NS })
		m.PeakRSS = medianI(ok, func(r *result) int64 { return r.PeakRSS })
		m.Errors, m.Non2xx, m.PreflightFailed = 0, 0, 0
		var spawns []int64
		for _, r := range ok {
			m.Errors += r.Errors
			m.Non2xx += r.Non2xx
			if r.PreflightFailed > m.PreflightFailed {
				m.PreflightFailed, m.PreflightFailures = r.PreflightFailed, r.PreflightFailures
			}
			if m.FirstError == "" {
				m.FirstError = r.FirstError
			}
			spawns = append(spawns, r.StartupRunsNS...)
		}
		m.StartupRunsNS = spawns
		if len(spawns) > 0 {
			sorted := slices.Sorted(slices.Values(spawns))
			m.StartupNS = sorted[(len(sorted)-1)/2]
		}
		var wrk []*result
		for _, r := range ok {
			if r.hasWrk() {
				wrk = append(wrk, r)
			}
		}
		if len(wrk) > 0 {
			w := *wrk[0].Wrk
			w.RPS = medianF(wrk, func(r *result) float64 { return r.Wrk.RPS })
			w.P50NS = medianI(wrk, func(r *result) int64 { return r.Wrk.P50NS })
			w.P99NS = medianI(wrk, func(r *result) int64 { return r.Wrk.P99NS })
			m.Wrk = &w
		}
		out = append(out, &m)
	}
	return out
}

// medianF is the median of f over rs (the lower middle for an even count).
func medianF(rs []*result, f func(*result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	return v[(len(v)-1)/2]
}

// medianI is medianF for integers.
func medianI(rs []*result, f func(*result) int64) int64 {
	v := make([]int64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	return v[(len(v)-1)/2]
}

func (r *result) label() string {
	if r.Label != "" {
		return r.Label
	}
	return r.Name
}

// hasWrk reports whether r holds a usable wrk measurement.
func (r *result) hasWrk() bool { return r != nil && r.Available && r.Wrk != nil && r.Wrk.Error == "" }

func main() {
	subject := flag.String("subject", "postmock", "name of the server the ratios are about")
	node := flag.String("node", "node-peer", "name of the Node peer's record")
	wiremock := flag.String("wiremock", "wiremock", "name of WireMock's record")
	ceiling := flag.String("ceiling", "ceiling", "name of the bare net/http ceiling's record")
	command := flag.String("command", "", "the command line that produced the records, for the report")
	machine := flag.String("machine", "", "machine description (default: CPUs and memory of this one)")
	out := flag.String("o", "", "also write the Markdown to this file")
	startup := flag.Bool("startup", false, "only the start-up figures, per name: spawns, median and quartiles (bench/startup.sh)")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: report [flags] RESULT.json...")
		os.Exit(2)
	}
	var rs []*result
	for _, f := range flag.Args() {
		data, err := os.ReadFile(f)
		if err != nil {
			fail(err)
		}
		r := &result{}
		if err := json.Unmarshal(data, r); err != nil {
			fail(fmt.Errorf("%s: %v", f, err))
		}
		rs = append(rs, r)
	}
	rs = aggregate(rs)
	find := func(name string) *result {
		for _, r := range rs {
			if r.Name == name {
				return r
			}
		}
		return nil
	}
	if *machine == "" {
		*machine = thisMachine()
	}
	var buf bytes.Buffer
	if *startup {
		writeStartup(&buf, rs)
	} else {
		write(&buf, rs, find(*subject), find(*node), find(*wiremock), find(*ceiling), *command, *machine)
	}
	os.Stdout.Write(buf.Bytes())
	if *out != "" {
		if err := os.WriteFile(*out, buf.Bytes(), 0o644); err != nil {
			fail(err)
		}
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "report:", err)
	os.Exit(1)
}

// write renders the report.
func write(w io.Writer, rs []*result, subj, node, wm, ceil *result, command, machine string) {
	var first *result
	for _, r := range rs {
		if r.Available {
			first = r
			break
		}
	}
	date := time.Now().UTC().Format("2006-01-02 15:04 UTC")
	fmt.Fprintf(w, "## Results %s\n\n", date)
	fmt.Fprintf(w, "- machine: %s, loopback only; load average %s\n", machine, loadavg())
	if command != "" {
		fmt.Fprintf(w, "- command: `%s`\n", command)
	}
	if first != nil {
		fmt.Fprintf(w, "- collection: %s (%d requests, %d examples); mix: %d distinct calls (%s)\n",
			relative(first.Collection), first.CollRequests, first.CollExamples, first.Mix, kinds(first.MixKinds))
		fmt.Fprintf(w, "- load: bench/loadgen, %d keep-alive connections, %gs warm-up + %gs measured, loadgen GOMAXPROCS=%d",
			first.Conns, first.WarmupSec, first.DurationSec, first.Procs)
		if first.Wrk != nil {
			fmt.Fprintf(w, "; then wrk -t%d -c%d for %gs on the same (warm) server", first.Wrk.Threads, first.Conns, first.DurationSec)
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)

	wrk := false
	for _, r := range rs {
		wrk = wrk || r.hasWrk()
	}
	head := "| server | req/s | p50 | p99 | peak RSS | start-up | errors / non-2xx | preflight | " + subjName(subj) + " ÷ server (req/s) |"
	sep := "|---|--:|--:|--:|--:|--:|--:|--:|--:|"
	if wrk {
		head += " wrk req/s | wrk p99 | ÷ (wrk) |"
		sep += "--:|--:|--:|"
	}
	fmt.Fprintln(w, head)
	fmt.Fprintln(w, sep)
	for _, r := range rs {
		if !r.Available {
			fmt.Fprintf(w, "| %s | unavailable: %s |  |  |  |  |  |  |  |", r.label(), cell(r.Reason))
			if wrk {
				fmt.Fprint(w, "  |  |  |")
			}
			fmt.Fprintln(w)
			continue
		}
		pre := "ok " + strconv.Itoa(r.PreflightChecked) + "/" + strconv.Itoa(r.PreflightChecked)
		if r.PreflightFailed > 0 {
			pre = fmt.Sprintf("**%d/%d failed**", r.PreflightFailed, r.PreflightChecked)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %d / %d | %s | %s |", r.label(), rps(r.RPS), ms(r.P50NS), ms(r.P99NS),
			mib(r.PeakRSS), ms(r.StartupNS), r.Errors, r.Non2xx, pre, ratio(subj, r, false))
		if wrk {
			if r.hasWrk() {
				fmt.Fprintf(w, " %s | %s | %s |", rps(r.Wrk.RPS), ms(r.Wrk.P99NS), ratio(subj, r, true))
			} else if r.Wrk != nil {
				fmt.Fprintf(w, " failed: %s |  |  |", cell(r.Wrk.Error))
			} else {
				fmt.Fprint(w, "  |  |  |")
			}
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Start-up is the median of the spawns; each spawn is timed from fork until the first 2xx answer (polled every millisecond).")
	fmt.Fprintln(w, "Peak RSS sums VmHWM over the server's process tree after the bench/loadgen run.")
	rounds := 0
	for _, r := range rs {
		rounds = max(rounds, len(r.rounds))
	}
	if rounds > 1 {
		fmt.Fprintf(w, "Each server was measured in %d rounds, interleaved (every server once per round); the table shows the median req/s, p50, p99 and peak RSS over the rounds and the median start-up over all spawns. Per round, req/s and the 1-minute load average before → after the measured window (the benchmark itself accounts for about 2, server and load generator; more is other work on the machine):\n\n", rounds)
	} else {
		fmt.Fprintln(w, "1-minute load average before → after the measured window (the benchmark itself accounts for about 2, server and load generator; more is other work on the machine):")
		fmt.Fprintln(w)
	}
	for _, r := range rs {
		if !r.Available {
			continue
		}
		rr := r.rounds
		if rr == nil {
			rr = []*result{r}
		}
		var parts []string
		for _, x := range rr {
			if !x.Available {
				parts = append(parts, "unavailable")
				continue
			}
			p := fmt.Sprintf("%s req/s (load %.2f → %.2f)", rps(x.RPS), x.LoadAvg[0], x.LoadAvg[1])
			if x.hasWrk() {
				p = fmt.Sprintf("%s req/s, wrk %s (load %.2f → %.2f)", rps(x.RPS), rps(x.Wrk.RPS), x.LoadAvg[0], x.LoadAvg[1])
			}
			parts = append(parts, p)
		}
		fmt.Fprintf(w, "- %s: %s\n", r.label(), strings.Join(parts, "; "))
	}
	fmt.Fprintln(w)

	for _, r := range rs {
		if r.Available && r.PreflightFailed > 0 {
			fmt.Fprintf(w, "Preflight failures of %s (first %d of %d):\n\n", r.label(), len(r.PreflightFailures), r.PreflightFailed)
			for _, f := range r.PreflightFailures {
				fmt.Fprintf(w, "- `%s`\n", strings.ReplaceAll(f, "`", "'"))
			}
			fmt.Fprintln(w)
		}
		if r.Available && r.FirstError != "" {
			fmt.Fprintf(w, "First error or non-2xx answer under load, %s: `%s`\n\n", r.label(), strings.ReplaceAll(r.FirstError, "`", "'"))
		}
	}

	if subj == nil || !subj.Available {
		fmt.Fprintln(w, "Targets: not evaluated, the subject did not run.")
		return
	}
	fmt.Fprintf(w, "Targets for %s (from the issue):\n\n", subjName(subj))
	target := func(what string, ok bool, measured string, ran bool) {
		mark := "met"
		switch {
		case !ran:
			mark = "not measured"
		case !ok:
			mark = "**missed**"
		}
		fmt.Fprintf(w, "- %s: %s — %s\n", what, measured, mark)
	}
	times := func(peer *result, what string, min float64) {
		if peer == nil || !peer.Available || peer.RPS == 0 {
			reason := "no record"
			if peer != nil {
				reason = "unavailable: " + peer.Reason
			}
			target(fmt.Sprintf("req/s ≥ %g× %s's", min, what), false, reason, false)
			return
		}
		x := subj.RPS / peer.RPS
		m := fmt.Sprintf("%s× (%s vs %s req/s)", times2(x), rps(subj.RPS), rps(peer.RPS))
		if subj.hasWrk() && peer.hasWrk() && peer.Wrk.RPS > 0 {
			m += fmt.Sprintf("; with wrk %s×", times2(subj.Wrk.RPS/peer.Wrk.RPS))
		}
		target(fmt.Sprintf("req/s ≥ %g× %s's", min, what), x >= min, m, true)
	}
	times(node, "the Node peer", 100)
	times(wm, "WireMock", 10)
	times(ceil, "the bare net/http ceiling", 0.7)
	var peers []string
	below, both := true, true
	for _, p := range []*result{node, wm} {
		if p == nil || !p.Available {
			both = false
			continue
		}
		below = below && subj.P99NS < p.P99NS
		peers = append(peers, fmt.Sprintf("%s %s", p.label(), ms(p.P99NS)))
	}
	p99 := fmt.Sprintf("%s vs %s", ms(subj.P99NS), strings.Join(peers, ", "))
	if !both {
		p99 += " (a peer did not run)"
	}
	target("p99 below both peers'", below, p99, both)
	target("peak RSS ≤ 50 MiB", subj.PeakRSS >= 0 && subj.PeakRSS <= 50<<20, mib(subj.PeakRSS), subj.PeakRSS >= 0)
	runs := make([]string, len(subj.StartupRunsNS))
	for i, d := range subj.StartupRunsNS {
		runs[i] = ms(d)
	}
	target("start-up to first answer ≤ 50 ms", subj.StartupNS >= 0 && subj.StartupNS <= 50e6,
		fmt.Sprintf("%s (runs: %s)", ms(subj.StartupNS), strings.Join(runs, ", ")), subj.StartupNS >= 0)
}

func subjName(r *result) string {
	if r == nil {
		return "subject"
	}
	return r.label()
}

// ratio is subj's req/s over r's.
func ratio(subj, r *result, wrk bool) string {
	if subj == nil || !subj.Available {
		return "-"
	}
	if subj == r {
		return "1×"
	}
	a, b := subj.RPS, r.RPS
	if wrk {
		if !subj.hasWrk() {
			return "-"
		}
		a, b = subj.Wrk.RPS, r.Wrk.RPS
	}
	if b == 0 {
		return "-"
	}
	return times2(a/b) + "×"
}

func times2(x float64) string {
	switch {
	case x >= 100:
		return strconv.FormatFloat(x, 'f', 0, 64)
	case x >= 10:
		return strconv.FormatFloat(x, 'f', 1, 64)
	default:
		return strconv.FormatFloat(x, 'f', 2, 64)
	}
}

func kinds(m map[string]int) string {
	var parts []string
	for _, k := range []string{"GET literal", "GET {{var}}", "POST", "PUT", "PATCH", "DELETE"} {
		if n := m[k]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, k))
		}
	}
	return strings.Join(parts, ", ")
}

func rps(x float64) string {
	s := strconv.FormatFloat(x, 'f', 0, 64)
	if x < 100 {
		s = strconv.FormatFloat(x, 'f', 1, 64)
	}
	// Thousands separators.
	if i := strings.IndexByte(s, '.'); i < 0 && len(s) > 3 {
		var b strings.Builder
		for j, c := range s {
			if j > 0 && (len(s)-j)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(c)
		}
		s = b.String()
	}
	return s
}

func ms(ns int64) string {
	if ns < 0 {
		return "-"
	}
	v := float64(ns) / 1e6
	switch {
	case v >= 1000:
		return strconv.FormatFloat(v/1000, 'f', 2, 64) + " s"
	case v >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64) + " ms"
	case v >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64) + " ms"
	default:
		return strconv.FormatFloat(v, 'f', 2, 64) + " ms"
	}
}

func mib(b int64) string {
	if b < 0 {
		return "-"
	}
	v := float64(b) / (1 << 20)
	if v >= 1024 {
		return strconv.FormatFloat(v/1024, 'f', 2, 64) + " GiB"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " MiB"
}

// cell makes text safe for one Markdown table cell.
func cell(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, "|", "\\|")
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	return s
}

// relative returns path relative to the working directory when it is
// inside it.
func relative(path string) string {
	wd, err := os.Getwd()
	if err != nil || !filepath.IsAbs(path) {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}

// thisMachine describes the CPUs and memory of the machine.
func thisMachine() string {
	mem := ""
	if data, err := os.ReadFile("/proc/meminfo"); err == nil {
		for line := range strings.SplitSeq(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 64)
				mem = fmt.Sprintf(", %.0f GiB", kb/(1<<20))
			}
		}
	}
	return fmt.Sprintf("%d cores%s, %s/%s", runtime.NumCPU(), mem, runtime.GOOS, runtime.GOARCH)
}

// loadavg returns the 1, 5 and 15 minute load averages.
func loadavg() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(data))
	if len(f) < 3 {
		return "unknown"
	}
	return strings.Join(f[:3], " ") + " (1/5/15 min, at the end)"
}

// writeStartup renders one row per name (in the order of first appearance)
// with the number of spawns timed and their median, 25th, 75th and 90th
// percentiles (nearest rank; the median is the lower middle, as in the
// main table).
func writeStartup(w io.Writer, rs []*result) {
	fmt.Fprintln(w, "| build | spawns | median | p25 | p75 | p90 |")
	fmt.Fprintln(w, "|---|--:|--:|--:|--:|--:|")
	for _, r := range rs {
		runs := slices.Sorted(slices.Values(r.StartupRunsNS))
		if len(runs) == 0 {
			why := "no spawn timed"
			if !r.Available {
				why = "unavailable: " + cell(r.Reason)
			}
			fmt.Fprintf(w, "| %s | 0 | %s | | | |\n", r.Name, why)
			continue
		}
		rank := func(p int) int64 { return runs[max(0, (p*len(runs)+99)/100-1)] }
		fmt.Fprintf(w, "| %s | %d | %s | %s | %s | %s |\n", r.Name, len(runs),
			ms(runs[(len(runs)-1)/2]), ms(rank(25)), ms(rank(75)), ms(rank(90)))
	}
}
