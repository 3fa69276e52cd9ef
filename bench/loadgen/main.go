// Command loadgen is the load generator of bench/compare.sh: it drives one
// HTTP mock server with a fixed, deterministic request mix drawn from a
// Postman collection and reports throughput, latency, errors, peak memory
// and start-up time as one JSON record.
//
// Usage:
//
//	loadgen -collection FILE -name NAME [flags] -- COMMAND [ARGS...]
//	loadgen -collection FILE -name NAME [flags] -url http://127.0.0.1:PORT
//
// With a command, loadgen owns the server's life: it picks a free loopback
// port and substitutes it for every "{port}" in the arguments (the server
// is then reached at http://127.0.0.1:PORT unless -url says otherwise),
// starts the command in a process group of its own (its output goes to
// -log), and stops the whole group (SIGTERM, then SIGKILL after 10 s) when
// done, on SIGINT or SIGTERM, or on any failure. -pidfile receives the
// group id so that a calling script can stop the group too. Without a
// command it loads the server at -url, and -pid names a process whose tree's
// peak memory to report.
//
// The run has these phases, each bounded in time:
//
//  1. Start-up: from spawning the command until the first 2xx answer to the
//     mix's first call (a GET), at most -startup-timeout. -ready says when
//     that call is first sent: "poll" (the default) sends it every
//     millisecond from the spawn on; "connect" first tries a bare TCP
//     connection every millisecond (a socket, a connect and a close, on a
//     thread of its own, so that the prober takes as little as it can of the cores
//     the server is starting on) and sends the call once one is accepted;
//     "line:REGEXP" waits, without polling, for a line of the server's
//     standard output that matches REGEXP (say, the line that announces its
//     address) and sends the call then. Both then poll the call every
//     millisecond until it is answered 2xx. The server is spawned
//     -startup-runs times (default 3), each on a fresh port, and stopped
//     again but for the last one; the median is reported, with every run in
//     the JSON record.
//  2. Preflight: every call of the mix once, in order (each within 30 s,
//     all within 2 minutes); a call that is not answered 2xx (or, with
//     -expect-codes, not with its example's status) is a preflight failure.
//     Failures are reported, and the load still runs.
//  3. Warm-up (-warmup) then measurement (-duration): -conns workers, each
//     cycling through the mix from its own offset, one call at a time, over
//     HTTP/1.1 keep-alive connections (MaxIdleConnsPerHost = MaxConnsPerHost
//     = -conns, no compression). Calls that complete inside the measured
//     window count; req/s is their number over the window's length, p50 and
//     p99 are exact percentiles of their latencies. Transport errors and
//     non-2xx answers inside the window are counted. At the end of the
//     window calls still in flight are cancelled.
//  4. Peak RSS: the sum of VmHWM (/proc/PID/status) over the server process
//     and all its descendants (say, java under the wiremock Node wrapper),
//     read after the load, before the server is stopped. It is a sum of
//     per-process peaks, so an upper bound of the tree's peak.
//  5. With -wrk: the same server instance, now warm, is measured again by
//     wrk (-wrk-threads threads, -conns connections, -wrk-duration) with a
//     generated Lua script that cycles through the same mix; its result and
//     the peak RSS read after it go into the record's "wrk" object.
//
// With -unavailable REASON, loadgen only writes a record that marks the
// server -name unavailable (bench/compare.sh uses it when a peer cannot be
// installed).
//
// The mix: for every request item of the collection, its success example
// (the one with the greatest id, which Postman's tie rule makes the default
// answer; items whose such example is not 2xx are skipped), with the
// example's method, resolved path and query. Every {{var}} in the path or a
// query value is filled with a lower-case word drawn from -seed. A POST,
// PUT or PATCH sends the example request's raw body and Content-Type. When
// the collection has more such requests than -mix, -mix of them are taken
// at even spacing in file order, so the mix keeps the collection's
// proportions.
//
// -procs sets GOMAXPROCS of loadgen itself (default 1), so that on a small
// machine the server under test keeps the other cores; the server's own
// environment is left as it is.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/postmock/postmock/collection"
)

// Result is the JSON record loadgen writes for one server.
type Result struct {
	Name      string `json:"name"`
	Label     string `json:"label,omitempty"`
	Available bool   `json:"available"`
	// Reason says why the server is unavailable.
	Reason  string   `json:"reason,omitempty"`
	Command []string `json:"command,omitempty"`
	URL     string   `json:"url"`
	Date    string   `json:"date"`

	Collection   string         `json:"collection"`
	CollRequests int            `json:"collection_requests"`
	CollExamples int            `json:"collection_examples"`
	Mix          int            `json:"mix"`
	MixKinds     map[string]int `json:"mix_kinds"`
	Conns        int            `json:"conns"`
	Procs        int            `json:"loadgen_gomaxprocs"`
	DurationSec  float64        `json:"duration_s"`
	WarmupSec    float64        `json:"warmup_s"`

	Calls        int64   `json:"calls"`
	RPS          float64 `json:"rps"`
	P50NS        int64   `json:"p50_ns"`
	P99NS        int64   `json:"p99_ns"`
	MaxNS        int64   `json:"max_ns"`
	Errors       int64   `json:"errors"`
	Non2xx       int64   `json:"non_2xx"`
	MeanRespSize float64 `json:"mean_body_bytes"`
	// LoadAvg is /proc/loadavg's 1-minute load average just before and
	// just after the measured window: other work on the machine shows here.
	LoadAvg [2]float64 `json:"loadavg_1m_before_after"`
	// FirstError is the first transport error or non-2xx answer seen.
	FirstError string `json:"first_error,omitempty"`

	PreflightChecked  int      `json:"preflight_checked"`
	PreflightFailed   int      `json:"preflight_failed"`
	PreflightFailures []string `json:"preflight_failures,omitempty"`

	// StartupNS is the median time from spawn to the first 2xx answer over
	// StartupRunsNS; -1 when loadgen did not start the server.
	StartupNS     int64   `json:"startup_ns"`
	StartupRunsNS []int64 `json:"startup_runs_ns,omitempty"`
	// StartupReady is the -ready that timed the start-up.
	StartupReady string `json:"startup_ready,omitempty"`
	// PeakRSS is the summed VmHWM of the server's process tree in bytes; -1
	// when unknown.
	PeakRSS   int64  `json:"peak_rss_bytes"`
	Processes []Proc `json:"processes,omitempty"`

	// Wrk is the second measurement with wrk, when -wrk is given.
	Wrk *WrkResult `json:"wrk,omitempty"`
}

// Proc is one process of the server's tree and its peak RSS.
type Proc struct {
	PID     int    `json:"pid"`
	Comm    string `json:"comm"`
	HWMKiB  int64  `json:"vmhwm_kib"`
	RSSKiB  int64  `json:"vmrss_kib"`
	Threads int64  `json:"threads"`
}

// call is one request of the mix.
type call struct {
	method string
	target string // path and query
	body   []byte
	ctype  string
	code   int // the success example's status
	kind   string
}

// config holds the flags.
type config struct {
	collection     string
	name           string
	url            string
	mix            int
	seed           uint64
	conns          int
	duration       time.Duration
	warmup         time.Duration
	procs          int
	expectCodes    bool
	startupTimeout time.Duration
	logFile        string
	pidFile        string
	out            string
	pid            int
	label          string
	unavailable    string
	wrk            string
	wrkThreads     int
	wrkDuration    time.Duration
	startupRuns    int
	ready          readiness
	command        []string
}

// readiness is -ready: how loadgen tells that a spawned server is up before
// it sends its first probe.
type readiness struct {
	mode string         // "poll", "connect" or "line"
	line *regexp.Regexp // the line to wait for, in mode "line"
}

// String returns the flag's value.
func (r *readiness) String() string {
	if r.mode == "line" {
		return "line:" + r.line.String()
	}
	return r.mode
}

// Set parses the flag's value.
func (r *readiness) Set(v string) error {
	switch {
	case v == "poll" || v == "connect":
		*r = readiness{mode: v}
	case strings.HasPrefix(v, "line:"):
		re, err := regexp.Compile(v[len("line:"):])
		if err != nil {
			return fmt.Errorf("line: %v", err)
		}
		*r = readiness{mode: "line", line: re}
	default:
		return fmt.Errorf("want poll, connect or line:REGEXP, got %q", v)
	}
	return nil
}

func main() {
	var cfg config
	flag.StringVar(&cfg.collection, "collection", "", "Postman collection the mix is drawn from (required)")
	flag.StringVar(&cfg.name, "name", "", "server name for the report (required)")
	flag.StringVar(&cfg.url, "url", "", "base URL of the server (default http://127.0.0.1:{port} with a command)")
	flag.IntVar(&cfg.mix, "mix", 200, "number of distinct calls in the mix")
	flag.Uint64Var(&cfg.seed, "seed", 1, "seed of the words that fill {{var}}s")
	flag.IntVar(&cfg.conns, "conns", 32, "concurrent keep-alive connections")
	flag.DurationVar(&cfg.duration, "duration", 10*time.Second, "measured duration")
	flag.DurationVar(&cfg.warmup, "warmup", 2*time.Second, "warm-up before the measurement")
	flag.IntVar(&cfg.procs, "procs", 1, "GOMAXPROCS of loadgen itself")
	flag.BoolVar(&cfg.expectCodes, "expect-codes", true, "preflight: require each call's example status, not just any 2xx")
	flag.DurationVar(&cfg.startupTimeout, "startup-timeout", 120*time.Second, "give up when the server has not answered 2xx by then")
	flag.StringVar(&cfg.logFile, "log", "", "file for the server's output (default: discarded)")
	flag.StringVar(&cfg.pidFile, "pidfile", "", "file to write the server's process group id to")
	flag.StringVar(&cfg.out, "o", "", "file to write the JSON result to (default: standard output)")
	flag.IntVar(&cfg.pid, "pid", 0, "without a command: a process whose tree's peak RSS to report")
	flag.StringVar(&cfg.label, "label", "", "display name for the report (default: -name)")
	flag.StringVar(&cfg.unavailable, "unavailable", "", "write a record marking the server unavailable for this reason, and do nothing else")
	flag.StringVar(&cfg.wrk, "wrk", "", "path of wrk: measure the same server again with wrk after loadgen's own run")
	flag.IntVar(&cfg.wrkThreads, "wrk-threads", 1, "wrk threads (-t)")
	flag.DurationVar(&cfg.wrkDuration, "wrk-duration", 0, "wrk duration (default: -duration)")
	flag.IntVar(&cfg.startupRuns, "startup-runs", 3, "spawn the server this many times to time its start-up; the median is reported")
	cfg.ready = readiness{mode: "poll"}
	flag.Var(&cfg.ready, "ready", "when to send the first probe to a spawned server: poll (every ms from the spawn), connect (once a TCP connection is accepted), line:REGEXP (once the server prints a matching line)")
	flag.Parse()
	cfg.command = flag.Args()
	if cfg.name != "" && cfg.unavailable != "" {
		write(&cfg, &Result{Name: cfg.name, Label: cfg.label, Reason: cfg.unavailable,
			Date: time.Now().UTC().Format(time.RFC3339), StartupNS: -1, PeakRSS: -1})
		return
	}
	if cfg.collection == "" || cfg.name == "" || (len(cfg.command) == 0 && cfg.url == "") ||
		cfg.mix < 1 || cfg.conns < 1 || cfg.startupRuns < 1 || cfg.duration <= 0 || cfg.warmup < 0 || cfg.procs < 1 {
		fmt.Fprintln(os.Stderr, "usage: loadgen -collection FILE -name NAME [flags] (-url URL | -- COMMAND ARGS...); see go doc ./bench/loadgen")
		os.Exit(2)
	}
	runtime.GOMAXPROCS(cfg.procs)

	if cfg.wrkDuration <= 0 {
		cfg.wrkDuration = cfg.duration
	}
	res, err := run(&cfg)
	if err != nil {
		fmt.Fprintf(os.Stderr, "loadgen: %s: %v\n", cfg.name, err)
		os.Exit(1)
	}
	write(&cfg, res)
}

// write writes res as JSON to -o (or standard output) and a summary to
// standard error.
func write(cfg *config, res *Result) {
	data, _ := json.MarshalIndent(res, "", "  ")
	data = append(data, '\n')
	if cfg.out == "" {
		os.Stdout.Write(data)
	} else if err := os.WriteFile(cfg.out, data, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
	summary(os.Stderr, res)
}

// summary prints a one-line digest of res.
func summary(w io.Writer, r *Result) {
	if !r.Available {
		fmt.Fprintf(w, "loadgen: %-10s unavailable: %s\n", r.Name, r.Reason)
		return
	}
	fmt.Fprintf(w, "loadgen: %-10s %9.0f req/s  p50 %s  p99 %s  errors %d  non-2xx %d  preflight %d/%d failed  start-up %s  peak RSS %s\n",
		r.Name, r.RPS, ms(r.P50NS), ms(r.P99NS), r.Errors, r.Non2xx, r.PreflightFailed, r.PreflightChecked,
		ms(r.StartupNS), mib(r.PeakRSS))
	if k := r.Wrk; k != nil {
		if k.Error != "" {
			fmt.Fprintf(w, "loadgen: %-10s wrk failed: %s\n", r.Name, k.Error)
		} else {
			fmt.Fprintf(w, "loadgen: %-10s %9.0f req/s  p50 %s  p99 %s  errors %d  status>399 %d  (wrk -t%d -c%d)\n",
				r.Name, k.RPS, ms(k.P50NS), ms(k.P99NS), k.Errors, k.Status, k.Threads, k.Conns)
		}
	}
}

func ms(ns int64) string {
	if ns < 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f ms", float64(ns)/1e6)
}

func mib(b int64) string {
	if b < 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20))
}

// run performs the phases described in the package documentation.
func run(cfg *config) (*Result, error) {
	calls, kinds, coll, err := buildMix(cfg.collection, cfg.mix, cfg.seed)
	if err != nil {
		return nil, err
	}
	res := &Result{
		Name: cfg.name, Label: cfg.label, Available: true, Date: time.Now().UTC().Format(time.RFC3339),
		Collection: cfg.collection, Mix: len(calls), MixKinds: kinds,
		CollRequests: len(coll.Requests()), CollExamples: len(coll.Examples()),
		Conns: cfg.conns, Procs: cfg.procs,
		DurationSec: cfg.duration.Seconds(), WarmupSec: cfg.warmup.Seconds(),
		StartupNS: -1, PeakRSS: -1,
	}

	var srv *server
	if len(cfg.command) > 0 {
		// Stop the current server on SIGINT/SIGTERM, whatever phase we are
		// in.
		var mu sync.Mutex
		sigs := make(chan os.Signal, 1)
		signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
		defer signal.Stop(sigs)
		go func() {
			if _, ok := <-sigs; ok {
				mu.Lock()
				if srv != nil {
					srv.stop()
				}
				fmt.Fprintf(os.Stderr, "loadgen: %s: interrupted, server stopped\n", cfg.name)
				os.Exit(1)
			}
		}()
		// Extra spawns only time the start-up; the last one serves the load.
		base := cfg.url
		for k := range cfg.startupRuns {
			if k > 0 {
				srv.stop()
				time.Sleep(200 * time.Millisecond) // let the port and the memory go
			}
			args, url, err := prepare(cfg.command, base)
			if err != nil {
				return nil, err
			}
			res.Command, cfg.url = args, url
			mu.Lock()
			srv, err = startServer(args, cfg.logFile, cfg.pidFile, cfg.ready.line)
			mu.Unlock()
			if err != nil {
				res.Available, res.Reason = false, "cannot start: "+err.Error()
				return res, nil
			}
			d, err := waitReady(srv, url, calls[0], cfg.ready.mode, cfg.startupTimeout)
			if err != nil {
				srv.stop()
				res.Available, res.Reason = false, err.Error()+srv.logTail()
				return res, nil
			}
			res.StartupRunsNS = append(res.StartupRunsNS, int64(d))
		}
		sorted := slices.Sorted(slices.Values(res.StartupRunsNS))
		res.StartupNS = sorted[len(sorted)/2]
		res.StartupReady = cfg.ready.String()
		defer srv.stop()
	}
	res.URL = strings.TrimSuffix(cfg.url, "/")

	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           (&net.Dialer{Timeout: 5 * time.Second}).DialContext,
		MaxIdleConns:          cfg.conns,
		MaxIdleConnsPerHost:   cfg.conns,
		MaxConnsPerHost:       cfg.conns,
		IdleConnTimeout:       90 * time.Second,
		ResponseHeaderTimeout: 30 * time.Second,
		DisableCompression:    true,
		ForceAttemptHTTP2:     false,
	}
	defer tr.CloseIdleConnections()

	res.PreflightChecked = len(calls)
	preDeadline := time.Now().Add(2 * time.Minute)
	for _, c := range calls {
		msg := ""
		if time.Now().After(preDeadline) {
			msg = fmt.Sprintf("%s %s: not sent, the preflight ran out of its 2 minutes", c.method, c.target)
		} else {
			msg = preflight(tr, res.URL, c, cfg.expectCodes)
		}
		if msg != "" {
			res.PreflightFailed++
			if len(res.PreflightFailures) < 10 {
				res.PreflightFailures = append(res.PreflightFailures, msg)
			}
		}
	}
	if srv != nil && srv.exited() {
		res.Available, res.Reason = false, "server exited during the preflight"+srv.logTail()
		return res, nil
	}

	load(tr, res, calls, cfg)
	pid := cfg.pid
	if srv != nil {
		pid = srv.cmd.Process.Pid
	}
	if pid > 0 {
		res.PeakRSS, res.Processes = treeHWM(pid)
	}
	if cfg.wrk != "" {
		tr.CloseIdleConnections()
		script, err := os.CreateTemp("", "loadgen-*.lua")
		if err != nil {
			res.Wrk = &WrkResult{Error: err.Error()}
		} else {
			script.Close()
			res.Wrk = runWrk(cfg.wrk, cfg.wrkThreads, cfg.conns, cfg.wrkDuration, res.URL, calls, script.Name())
			os.Remove(script.Name())
		}
		if pid > 0 {
			res.Wrk.PeakRSS, _ = treeHWM(pid)
		}
	}
	if srv != nil && srv.exited() {
		res.Available, res.Reason = false, "server exited during the load"+srv.logTail()
	}
	return res, nil
}

// prepare substitutes a free loopback port for "{port}" in the command's
// arguments and in the URL template (default http://127.0.0.1:{port}).
func prepare(command []string, urlTemplate string) ([]string, string, error) {
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	p := strconv.Itoa(port)
	args := make([]string, len(command))
	for i, a := range command {
		args[i] = strings.ReplaceAll(a, "{port}", p)
	}
	if urlTemplate == "" {
		urlTemplate = "http://127.0.0.1:{port}"
	}
	return args, strings.TrimSuffix(strings.ReplaceAll(urlTemplate, "{port}", p), "/"), nil
}

// buildMix draws the request mix from the collection (see the package
// documentation), counts its calls by kind and returns the collection.
func buildMix(file string, n int, seed uint64) ([]call, map[string]int, *collection.Collection, error) {
	c, err := collection.LoadFile(file)
	if err != nil {
		return nil, nil, nil, err
	}
	res := collection.NewResolver(c, nil)
	rng := rand.New(rand.NewPCG(seed, seed^0x2545f4914f6cdd1d))
	var all []call
	for _, it := range c.Requests() {
		var ex *collection.Example
		for _, e := range it.Examples {
			if ex == nil || e.ID > ex.ID {
				ex = e
			}
		}
		if ex == nil || ex.Code < 200 || ex.Code > 299 || ex.Request == nil {
			continue
		}
		ru := res.ResolveURL(&ex.Request.URL)
		wild := false
		segs := make([]string, len(ru.Path))
		for i, s := range ru.Path {
			segs[i] = fill(s, rng, &wild)
		}
		target := "/" + strings.Join(segs, "/")
		var q []string
		for _, p := range ru.Query {
			if p.KeyNull || p.Disabled {
				continue
			}
			if p.ValueNull {
				q = append(q, fill(p.Key, rng, &wild))
			} else {
				q = append(q, fill(p.Key, rng, &wild)+"="+fill(p.Value, rng, &wild))
			}
		}
		if len(q) > 0 {
			target += "?" + strings.Join(q, "&")
		}
		cl := call{method: strings.ToUpper(ex.Request.MethodOrGet()), target: target, code: ex.Code}
		if b := ex.Request.Body; b != nil && !b.Disabled && b.Mode == collection.ModeRaw && b.Raw != "" &&
			(cl.method == "POST" || cl.method == "PUT" || cl.method == "PATCH") {
			cl.body = []byte(b.Raw)
			cl.ctype = "text/plain"
			for _, h := range ex.Request.Header {
				if !h.Disabled && strings.EqualFold(h.Key, "Content-Type") {
					cl.ctype = h.Value
				}
			}
		}
		switch {
		case cl.method != "GET":
			cl.kind = cl.method
		case wild:
			cl.kind = "GET {{var}}"
		default:
			cl.kind = "GET literal"
		}
		all = append(all, cl)
	}
	if len(all) == 0 {
		return nil, nil, nil, fmt.Errorf("%s: no request item has a 2xx success example", file)
	}
	calls := all
	if len(all) > n {
		calls = make([]call, n)
		for i := range calls {
			calls[i] = all[i*len(all)/n]
		}
	}
	// The first call is the start-up probe: prefer a GET.
	if i := slices.IndexFunc(calls, func(c call) bool { return c.method == "GET" }); i > 0 {
		calls[0], calls[i] = calls[i], calls[0]
	}
	kinds := map[string]int{}
	for _, c := range calls {
		kinds[c.kind]++
	}
	return calls, kinds, c, nil
}

// fill replaces every {{var}} in s with a random lower-case word and
// reports whether it replaced any.
func fill(s string, rng *rand.Rand, wild *bool) string {
	for {
		i := strings.Index(s, "{{")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i:], "}}")
		if j < 0 {
			return s
		}
		*wild = true
		w := make([]byte, 4+rng.IntN(7))
		for k := range w {
			w[k] = byte('a' + rng.IntN(26))
		}
		s = s[:i] + string(w) + s[i+j+2:]
	}
}

// newRequest builds the HTTP request of a call.
func newRequest(ctx context.Context, base string, c *call) (*http.Request, error) {
	var body io.Reader
	if c.body != nil {
		body = bytes.NewReader(c.body)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, base+c.target, body)
	if err != nil {
		return nil, err
	}
	if c.body != nil {
		req.Header.Set("Content-Type", c.ctype)
	}
	return req, nil
}

// preflight sends c once and returns a description of the failure, or "".
func preflight(tr http.RoundTripper, base string, c call, exact bool) string {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := newRequest(ctx, base, &c)
	if err != nil {
		return fmt.Sprintf("%s %s: %v", c.method, c.target, err)
	}
	resp, err := tr.RoundTrip(req)
	if err != nil {
		return fmt.Sprintf("%s %s: %v", c.method, c.target, err)
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
	switch {
	case resp.StatusCode < 200 || resp.StatusCode > 299:
	case exact && resp.StatusCode != c.code:
	default:
		return ""
	}
	b := strings.Join(strings.Fields(string(body)), " ")
	if len(b) > 160 {
		b = b[:160] + "…"
	}
	return fmt.Sprintf("%s %s: status %d, want %d: %s", c.method, c.target, resp.StatusCode, c.code, b)
}

// workerStats is what one load worker measured.
type workerStats struct {
	lat        []int64
	errors     int64
	non2xx     int64
	bytes      int64
	firstError string
}

// load runs the warm-up and the measurement and fills res.
func load(tr *http.Transport, res *Result, calls []call, cfg *config) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	begin := time.Now()
	winStart := begin.Add(cfg.warmup)
	winEnd := winStart.Add(cfg.duration)
	stop := time.AfterFunc(time.Until(winEnd), cancel)
	defer stop.Stop()

	before := make(chan float64, 1)
	time.AfterFunc(time.Until(winStart), func() { before <- loadavg() })
	stats := make([]workerStats, cfg.conns)
	var wg sync.WaitGroup
	for w := range cfg.conns {
		wg.Go(func() {
			st := &stats[w]
			st.lat = make([]int64, 0, 4096)
			i := w * len(calls) / cfg.conns
			for ctx.Err() == nil {
				c := &calls[i]
				i = (i + 1) % len(calls)
				t0 := time.Now()
				req, err := newRequest(ctx, res.URL, c)
				var status int
				var n int64
				if err == nil {
					var resp *http.Response
					resp, err = tr.RoundTrip(req)
					if err == nil {
						n, err = io.Copy(io.Discard, resp.Body)
						resp.Body.Close()
						status = resp.StatusCode
					}
				}
				t1 := time.Now()
				if err != nil && ctx.Err() == nil {
					time.Sleep(time.Millisecond) // no hot loop against a dead server
				}
				if t1.Before(winStart) || t1.After(winEnd) || ctx.Err() != nil {
					continue // warm-up, or cut off at the end of the window
				}
				switch {
				case err != nil:
					st.errors++
					if st.firstError == "" {
						st.firstError = fmt.Sprintf("%s %s: %v", c.method, c.target, err)
					}
					continue
				case status < 200 || status > 299:
					st.non2xx++
					if st.firstError == "" {
						st.firstError = fmt.Sprintf("%s %s: status %d", c.method, c.target, status)
					}
				}
				st.bytes += n
				st.lat = append(st.lat, int64(t1.Sub(t0)))
			}
		})
	}
	wg.Wait()
	res.LoadAvg[1] = loadavg()
	select {
	case res.LoadAvg[0] = <-before:
	default:
		res.LoadAvg[0] = -1
	}

	var lat []int64
	var bytes int64
	for _, st := range stats {
		lat = append(lat, st.lat...)
		res.Errors += st.errors
		res.Non2xx += st.non2xx
		bytes += st.bytes
		if res.FirstError == "" {
			res.FirstError = st.firstError
		}
	}
	slices.Sort(lat)
	res.Calls = int64(len(lat))
	res.RPS = float64(len(lat)) / cfg.duration.Seconds()
	if len(lat) > 0 {
		res.P50NS = percentile(lat, 0.50)
		res.P99NS = percentile(lat, 0.99)
		res.MaxNS = lat[len(lat)-1]
		res.MeanRespSize = float64(bytes) / float64(len(lat))
	}
}

// loadavg returns the 1-minute load average, or -1.
func loadavg() float64 {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return -1
	}
	f := strings.Fields(string(data))
	if len(f) == 0 {
		return -1
	}
	v, err := strconv.ParseFloat(f[0], 64)
	if err != nil {
		return -1
	}
	return v
}

// percentile returns the nearest-rank percentile p of sorted values.
func percentile(sorted []int64, p float64) int64 {
	k := int(p*float64(len(sorted))+0.5) - 1
	return sorted[max(0, min(k, len(sorted)-1))]
}

// server is a started server command.
type server struct {
	cmd     *exec.Cmd
	spawned time.Time // just before the fork
	logPath string
	done    chan struct{}
	once    sync.Once
	// ready is closed once the server printed a line matching startServer's
	// readyLine, or its standard output ended; nil without a readyLine.
	ready chan struct{}
	// sawLine reports whether ready was closed for a matching line.
	sawLine bool
}

// startServer starts args in a new process group. With a readyLine, the
// server's standard output goes through a pipe that loadgen reads line by
// line (copying it to the log) to close the server's ready channel at the
// first line that matches.
func startServer(args []string, logPath, pidFile string, readyLine *regexp.Regexp) (*server, error) {
	cmd := exec.Command(args[0], args[1:]...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Stdin = nil
	var logFile *os.File
	if logPath != "" {
		if err := os.MkdirAll(filepath.Dir(logPath), 0o755); err != nil {
			return nil, err
		}
		f, err := os.Create(logPath)
		if err != nil {
			return nil, err
		}
		cmd.Stdout, cmd.Stderr = f, f
		logFile = f
	}
	s := &server{cmd: cmd, logPath: logPath, done: make(chan struct{})}
	var out io.ReadCloser
	if readyLine != nil {
		cmd.Stdout = nil
		var err error
		if out, err = cmd.StdoutPipe(); err != nil {
			if logFile != nil {
				logFile.Close()
			}
			return nil, err
		}
		s.ready = make(chan struct{})
	}
	s.spawned = time.Now()
	err := cmd.Start()
	if logFile != nil && (readyLine == nil || err != nil) {
		logFile.Close() // the child has its own copy
	}
	if err != nil {
		return nil, err
	}
	outDone := make(chan struct{})
	if readyLine != nil {
		go func() {
			defer close(outDone)
			var log io.Writer = io.Discard
			if logFile != nil {
				// Shares the child's file offset: lines interleave with
				// its standard error as they come.
				defer logFile.Close()
				log = logFile
			}
			watchLines(out, log, readyLine, func(matched bool) {
				s.sawLine = matched
				close(s.ready)
			})
		}()
	} else {
		close(outDone)
	}
	go func() {
		<-outDone // Wait closes the pipe: read it to its end first
		cmd.Wait()
		close(s.done)
	}()
	if pidFile != "" {
		if err := os.WriteFile(pidFile, []byte(strconv.Itoa(cmd.Process.Pid)+"\n"), 0o644); err != nil {
			s.stop()
			return nil, err
		}
	}
	return s, nil
}

// exited reports whether the server's main process has exited.
func (s *server) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// stop terminates the server's process group: SIGTERM, then SIGKILL when
// the main process has not exited within 10 s. Descendants in the group
// get the same signals; a final SIGKILL to the group cleans up any that
// outlived the main process.
func (s *server) stop() {
	s.once.Do(func() {
		pgid := s.cmd.Process.Pid
		syscall.Kill(-pgid, syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
		}
		// Give children (java under a node wrapper) a moment, then kill
		// whatever is left of the group.
		for range 100 {
			if syscall.Kill(-pgid, 0) != nil {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		syscall.Kill(-pgid, syscall.SIGKILL)
	})
}

// logTail returns the end of the server's log, for error messages.
func (s *server) logTail() string {
	if s.logPath == "" {
		return ""
	}
	data, err := os.ReadFile(s.logPath)
	if err != nil || len(data) == 0 {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return " (log " + s.logPath + ": " + strings.Join(lines, " | ") + ")"
}

// watchLines copies r to log and calls ready once: with true at the first
// line that matches re, or with false when r ends without one. It reads r
// to its end so that the server never blocks on a full pipe. A line longer
// than 64 KiB is matched by its pieces.
func watchLines(r io.Reader, log io.Writer, re *regexp.Regexp, ready func(matched bool)) {
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadSlice('\n')
		log.Write(line)
		if len(line) > 0 && re.Match(bytes.TrimRight(line, "\r\n")) {
			ready(true)
			io.Copy(log, br)
			return
		}
		if err != nil && err != bufio.ErrBufferFull {
			ready(false)
			io.Copy(log, br)
			return
		}
	}
}

// waitReady waits for the server as mode (-ready) says, then polls the probe
// call every millisecond until it is answered 2xx, and returns the time
// since the server was spawned.
func waitReady(s *server, base string, probe call, mode string, timeout time.Duration) (time.Duration, error) {
	spawned := s.spawned
	deadline := spawned.Add(timeout)
	switch mode {
	case "line":
		// s.done closes only after s.ready (the output is read to its end
		// before the process is waited for), so ready is the one to wait on.
		timer := time.NewTimer(time.Until(deadline))
		defer timer.Stop()
		select {
		case <-s.ready:
		case <-timer.C:
			return 0, fmt.Errorf("no ready line within %v", timeout)
		}
		if !s.sawLine {
			// Output ended: the server is exiting, or has closed it.
			select {
			case <-s.done:
				return 0, fmt.Errorf("server exited (%v) before printing the ready line", s.cmd.ProcessState)
			case <-timer.C:
				return 0, fmt.Errorf("server closed its output without printing the ready line within %v", timeout)
			}
		}
	case "connect":
		u, err := url.Parse(base)
		if err != nil {
			return 0, err
		}
		if err := waitAccept(u.Host, deadline, s.exited); err != nil {
			if s.exited() {
				return 0, fmt.Errorf("server exited (%v) before accepting a connection", s.cmd.ProcessState)
			}
			return 0, err
		}
	}
	tr := &http.Transport{Proxy: nil, DisableKeepAlives: true, DisableCompression: true,
		DialContext: (&net.Dialer{Timeout: time.Second}).DialContext}
	defer tr.CloseIdleConnections()
	next := time.Now()
	last := "no answer"
	for time.Now().Before(deadline) {
		if s.exited() {
			return 0, fmt.Errorf("server exited (%v) before answering", s.cmd.ProcessState)
		}
		ctx, cancel := context.WithDeadline(context.Background(), deadline)
		req, err := newRequest(ctx, base, &probe)
		if err != nil {
			cancel()
			return 0, err
		}
		resp, err := tr.RoundTrip(req)
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
				cancel()
				return time.Since(spawned), nil
			}
			last = fmt.Sprintf("status %d", resp.StatusCode)
		} else {
			last = err.Error()
		}
		cancel()
		next = next.Add(time.Millisecond) // fine enough for start-ups of tens of milliseconds
		if d := time.Until(next); d > 0 {
			time.Sleep(d)
		} else {
			next = time.Now()
		}
	}
	return 0, fmt.Errorf("no 2xx answer to %s %s within %v (last: %s)", probe.method, probe.target, timeout, last)
}

// freePort returns a loopback port that was free a moment ago.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// treeHWM sums VmHWM over pid and its descendants.
func treeHWM(pid int) (int64, []Proc) {
	children := map[int][]int{}
	ents, _ := os.ReadDir("/proc")
	for _, e := range ents {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pp, ok := ppid(p); ok {
			children[pp] = append(children[pp], p)
		}
	}
	var procs []Proc
	var total int64
	queue := []int{pid}
	seen := map[int]bool{}
	for len(queue) > 0 && len(seen) < 10000 {
		p := queue[0]
		queue = queue[1:]
		if seen[p] {
			continue
		}
		seen[p] = true
		queue = append(queue, children[p]...)
		pr, ok := readStatus(p)
		if !ok {
			continue
		}
		procs = append(procs, pr)
		total += pr.HWMKiB << 10
	}
	if len(procs) == 0 {
		return -1, nil
	}
	return total, procs
}

// ppid reads the parent pid from /proc/PID/stat.
func ppid(pid int) (int, bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	// The command name is in parentheses and may hold spaces.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, false
	}
	f := strings.Fields(string(data[i+1:]))
	if len(f) < 2 {
		return 0, false
	}
	p, err := strconv.Atoi(f[1])
	return p, err == nil
}

// readStatus reads the name, VmHWM, VmRSS and thread count of a process.
func readStatus(pid int) (Proc, bool) {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return Proc{}, false
	}
	pr := Proc{PID: pid}
	for line := range strings.SplitSeq(string(data), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB"))
		switch k {
		case "Name":
			pr.Comm = v
		case "VmHWM":
			pr.HWMKiB, _ = strconv.ParseInt(v, 10, 64)
		case "VmRSS":
			pr.RSSKiB, _ = strconv.ParseInt(v, 10, 64)
		case "Threads":
			pr.Threads, _ = strconv.ParseInt(v, 10, 64)
		}
	}
	return pr, true
}
