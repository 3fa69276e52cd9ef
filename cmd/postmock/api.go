package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/dashboard"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/postmanapi"
	"github.com/postmock/postmock/workspace"
)

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	*l = append(*l, v)
	return nil
}

// apiResources are the first path segments the api command sends to the
// management API; every other path is a mock call ("/<mock id>/...").
var apiResources = map[string]bool{"mocks": true, "collections": true, "environments": true}

// apiRouter sends management requests to api and mock calls to ws (also
// those addressed by a "<mock id>." host label, whatever their path).
func apiRouter(api http.Handler, ws *workspace.Workspace) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		first, _, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
		if apiResources[first] && !hostNamesMock(ws, r.Host) {
			api.ServeHTTP(w, r)
			return
		}
		ws.ServeHTTP(w, r)
	})
}

// hostNamesMock reports whether the first label of host is a mock's id.
func hostNamesMock(ws *workspace.Workspace, host string) bool {
	label, _, ok := strings.Cut(host, ".")
	if !ok || label == "" {
		return false
	}
	_, err := ws.Mock(label)
	return err == nil
}

// apiArgs are the api command's flags.
type apiArgs struct {
	keys, colls, envs listFlag
	host              string
	port              int
	seed              uint64
	verbose           bool
	logFlags          callLogFlags
	maxConns          *int
	tls               tlsFlags
	ui                uiFlags
}

// apiFlags defines the api command's flags.
func apiFlags() (*flag.FlagSet, *apiArgs) {
	fs := flag.NewFlagSet("api", flag.ContinueOnError)
	a := &apiArgs{}
	fs.Var(&a.keys, "api-key", "API key (repeatable)")
	fs.Var(&a.colls, "collection", "collection file to pre-load (repeatable)")
	fs.Var(&a.colls, "c", "collection file to pre-load (short for -collection)")
	fs.Var(&a.envs, "environment", "environment file to pre-load (repeatable)")
	fs.Var(&a.envs, "e", "environment file to pre-load (short for -environment)")
	fs.StringVar(&a.host, "host", defaultHost, "interface to listen on")
	fs.IntVar(&a.port, "port", defaultPort, "port to listen on")
	fs.IntVar(&a.port, "p", defaultPort, "port to listen on (short for -port)")
	fs.Uint64Var(&a.seed, "seed", 0, "seed for dynamic variables")
	fs.BoolVar(&a.verbose, "v", false, "log every call")
	a.logFlags.register(fs)
	a.maxConns = maxConnsFlag(fs)
	a.tls.register(fs)
	a.ui.register(fs, false)
	return fs, a
}

// api implements the api command: the Postman API for mocks (postmanapi.New)
// and the mocks it creates, on one listener.
func (c *cli) api(ctx context.Context, args []string) error {
	fs, a := apiFlags()
	if err := parse(fs, args); err != nil {
		return err
	}
	if len(a.keys) == 0 {
		return badUsage("the api command needs -api-key KEY: admin requests must send that key in the x-api-key header (it also opens private mocks)")
	}
	for _, k := range a.keys {
		if strings.TrimSpace(k) == "" {
			return badUsage("-api-key must not be empty")
		}
	}
	if a.port < 0 || a.port > 65535 {
		return badUsage("invalid port %d: want 0-65535", a.port)
	}
	if err := checkMaxConns(*a.maxConns); err != nil {
		return err
	}
	if err := a.tls.check(); err != nil {
		return err
	}
	if err := a.ui.check(); err != nil {
		return err
	}

	limits, err := a.logFlags.limits()
	if err != nil {
		return err
	}
	wsOpts := []workspace.Option{workspace.WithAPIKeys(a.keys...), workspace.WithCallLogLimits(limits),
		workspace.WithMockOptions(mock.WithTimeouts(c.timeouts()))}
	if flagSet(fs, "seed") {
		wsOpts = append(wsOpts, workspace.WithMockOptions(mock.WithSeed(a.seed)))
	}
	if a.verbose {
		wsOpts = append(wsOpts, workspace.WithLogger(slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	ws := workspace.New(wsOpts...)
	admin := postmanapi.New(ws)

	// Pre-load through the API itself, so that GET /collections/{id}
	// answers the file as it is.
	var lines, warnings []string
	restoreGC := pauseGC()
	defer restoreGC() // on an early return; a second call changes nothing
	for _, path := range a.colls {
		coll, err := collection.LoadFile(path)
		if err != nil {
			return fmt.Errorf("cannot load collection: %w", err)
		}
		uid, err := preload(admin, a.keys[0], "collection", path)
		if err != nil {
			return fmt.Errorf("cannot load collection %s: %v", path, err)
		}
		n := len(coll.Examples())
		lines = append(lines, fmt.Sprintf("postmock: collection %s %q (%d %s) from %s", uid, coll.Info.Name, n, plural(n, "example", "examples"), path))
		for _, d := range coll.Diagnostics {
			warnings = append(warnings, "warning: "+path+": "+oneLine(d.String()))
		}
	}
	for _, path := range a.envs {
		env, err := collection.LoadEnvironmentFile(path)
		if err != nil {
			return fmt.Errorf("cannot load environment: %w", err)
		}
		uid, err := preload(admin, a.keys[0], "environment", path)
		if err != nil {
			return fmt.Errorf("cannot load environment %s: %v", path, err)
		}
		lines = append(lines, fmt.Sprintf("postmock: environment %s %q from %s", uid, env.Name, path))
	}
	restoreGC()

	st, err := a.tls.setup(a.host, time.Now())
	if err != nil {
		return err
	}
	addr := net.JoinHostPort(a.host, strconv.Itoa(a.port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v", addr, listenCause(err))
	}
	url := st.scheme() + "://" + net.JoinHostPort(urlHost(a.host), portOf(ln.Addr()))
	ws.SetBaseURL(url)

	fmt.Fprintf(c.stdout, "postmock: Postman API for mocks at %s (send the -api-key in x-api-key); mock calls at %s/<mockId>/...\n", url, url)
	if d := a.tls.describe(st); d != "" {
		fmt.Fprintln(c.stdout, d)
	}
	for _, l := range lines {
		fmt.Fprintln(c.stdout, l)
	}
	for _, w := range warnings {
		fmt.Fprintln(c.stderr, w)
	}
	stopUI, err := c.startUI(a.ui, dashboard.FromWorkspace(ws), dashboard.WithAdmin(admin, a.keys...), dashboard.WithWarnings(uiWarnings(nil)))
	if err != nil {
		ln.Close()
		return err
	}
	defer stopUI()
	return c.serveUntilDone(ctx, ln, st, url, apiRouter(admin, ws), *a.maxConns)
}

// preload uploads a collection or environment file (kind "collection" or
// "environment") through the API handler h, as POST /collections or POST
// /environments would, and returns its uid. A file that is not already in
// the API's {"<kind>": {...}} envelope is wrapped in one.
func preload(h http.Handler, key, kind, path string) (string, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	body := raw
	if !isEnvelope(raw, kind) {
		body = make([]byte, 0, len(raw)+len(kind)+5)
		body = append(body, `{"`+kind+`":`...)
		body = append(body, raw...)
		body = append(body, '}')
	}
	req, err := http.NewRequest(http.MethodPost, "/"+kind+"s", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Header.Set("X-Api-Key", key)
	req.Header.Set("Content-Type", "application/json")
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(rec, req)
	if rec.status != http.StatusOK {
		var e struct {
			Error struct {
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(rec.body.Bytes(), &e) == nil && e.Error.Message != "" {
			return "", errors.New(e.Error.Message)
		}
		return "", fmt.Errorf("status %d: %s", rec.status, rec.body.Bytes())
	}
	var ans map[string]struct {
		UID string `json:"uid"`
	}
	if err := json.Unmarshal(rec.body.Bytes(), &ans); err != nil || ans[kind].UID == "" {
		return "", fmt.Errorf("unexpected answer %s", rec.body.Bytes())
	}
	return ans[kind].UID, nil
}

// isEnvelope reports whether raw is {"<kind>": {...}} rather than a bare
// collection (with item) or environment (with values).
func isEnvelope(raw []byte, kind string) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(raw, &top) != nil {
		return false
	}
	inner, ok := top[kind]
	if !ok || len(bytes.TrimSpace(inner)) == 0 || bytes.TrimSpace(inner)[0] != '{' {
		return false
	}
	own := "item"
	if kind == "environment" {
		own = "values"
	}
	_, bare := top[own]
	return !bare
}

// recorder is an in-process http.ResponseWriter.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) Write(p []byte) (int, error) { return r.body.Write(p) }
func (r *recorder) WriteHeader(status int)      { r.status = status }

// serveUntilDone serves h on ln (over TLS unless st is nil) until ctx is
// canceled, then shuts down: calls in flight get the shutdown timeout, then
// are cut off. Both serve and api use it. At most maxConns connections are
// open at once, and every call is bounded (see bounded).
func (c *cli) serveUntilDone(ctx context.Context, ln net.Listener, st *serverTLS, url string, h http.Handler, maxConns int) error {
	baseCtx, cancelBase := context.WithCancel(context.Background())
	defer cancelBase()
	// TLS goes over the limit, so that a connection is counted (and
	// refused) before its handshake costs anything; net/http does the
	// handshake within ReadHeaderTimeout.
	ln = st.listener(newLimitListener(ln, maxConns, refusalLog(c.stderr, maxConns, 10*time.Second), c.connEvent))
	body, write := c.timeouts()
	if c.handling != nil {
		next := h
		h = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			c.handling(r)
			next.ServeHTTP(w, r)
		})
	}
	srv := &http.Server{
		Handler: bounded(h, body, write),
		// No ReadTimeout or WriteTimeout: both count from the start of
		// the request and would cut off delayed answers (bounded sets
		// per-request deadlines instead).
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		BaseContext:       func(net.Listener) context.Context { return baseCtx },
		// net/http's own complaints (a failed TLS handshake, a panic)
		// go with the command's other messages.
		ErrorLog: log.New(c.stderr, "postmock: ", 0),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if c.ready != nil {
		c.ready(ln.Addr().String())
	}

	select {
	case err := <-served:
		// Serve only returns early on a listener failure.
		return fmt.Errorf("serving %s: %v", url, err)
	case <-ctx.Done():
	}
	fmt.Fprintln(c.stderr, "postmock: shutting down")
	timeout := shutdownTimeout
	if c.shutdownTimeout > 0 {
		timeout = c.shutdownTimeout
	}
	sctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		// Calls still in flight (a long x-mock-response-delay, a slow
		// client): cancel them and close their connections.
		cancelBase()
		srv.Close()
		fmt.Fprintf(c.stderr, "postmock: calls still running after %v were cut off\n", timeout)
	}
	<-served
	return nil
}
