// Command postmock serves a Postman collection's saved examples as a local
// mock server, choosing the example Postman's cloud mock would send for each
// call, or lists what such a mock serves.
//
// Usage:
//
//	postmock [serve] [-collection FILE] [-environment FILE] [-prefer-success] [-exact] [-H 'NAME: VALUE' ...] [-match-body | -match-body-subset] [-ignore-body-path PATH ...] [-scenario FILE] [-host HOST] [-port N] [-seed N] [-max-conns N] [-tls [-cert-out FILE] | -cert FILE -key FILE] [-v] [-q]
//	postmock routes [-collection FILE] [-environment FILE] [-prefer-success] [-exact] [-json] [-q]
//	postmock api -api-key KEY [-api-key KEY2] [-collection FILE ...] [-environment FILE ...] [-host HOST] [-port N] [-seed N] [-max-conns N] [-tls [-cert-out FILE] | -cert FILE -key FILE] [-v] [-calllog-max-bytes SIZE] [-calllog-mock-bytes SIZE] [-calllog-body-bytes SIZE]
//	postmock record -target URL -o FILE [-host HOST] [-port N] [-every DURATION] [-name NAME] [-redact NAME ...] [-no-redact NAME ...] [-drop-header NAME ...] [-keep-header NAME ...] [-max-bytes SIZE] [-max-conns N]
//	postmock verify -collection FILE [-environment FILE] -base-url URL [-H 'NAME: VALUE' ...] [-only FOLDER_OR_ITEM ...] [-codes 2xx] [-methods GET,HEAD] [-body shape|subset|exact|none] [-junit FILE] [-json] [-parallel N] [-timeout D] [-seed N]
//	postmock help
//
// The serve command (the default) loads the collection and the optional
// environment, listens on HOST:PORT (127.0.0.1:3555 unless -host or -port
// say otherwise), prints the URL it serves on standard output and what the
// loader and the matcher found worth a warning on standard error, then serves
// until SIGINT or SIGTERM and shuts down cleanly.
//
// The routes command prints one line per saved example: method, mock path
// (with its query), status code, example name and id (a path longer than
// 72 characters or a name longer than 40 is cut with "…"), followed by the
// warnings: the loader's and the matcher's, one per method and path where
// several examples tie (naming the one that answers, and the one
// -prefer-success would serve instead), and one for the requests that have
// no saved example and so are never served (how many, and the first few by
// folder path and name). With -json it prints a JSON array of objects with
// the keys method, path, query, code, name and id instead, and the warnings
// go to standard error. -q leaves the warnings out (serve's start-up ones
// too).
//
// The api command serves the Postman API for mocks (POST /collections,
// POST /mocks, server responses, call logs...; see postmanapi.New) and the mocks
// it creates on one listener: paths under /mocks, /collections and
// /environments are the API (every request needs an x-api-key equal to one
// of the -api-key values), every other path is a mock call at its mockUrl,
// "http://HOST:PORT/<mockId>/...". Collections and environments given with
// -collection and -environment (both repeatable) are uploaded at start-up
// and listed with their uids.
//
// The record command (record.go) is a proxy to -target that saves each
// answer as an example in the collection file -o (see package record and
// docs/record.md).
//
// The verify command checks a real service against the collection: it sends
// each selected example's request to -base-url and compares the status,
// the Content-Type and the body with the example (see package verify),
// prints one line per example and a summary, and exits 1 when an example
// failed.
//
// Without -collection serve and routes use a small "Demo Shop" collection built
// into the binary, so that
//
//	go run ./cmd/postmock
//
// serves something to try at once.
//
// Flags:
//
//	-collection, -c FILE   Postman collection (v2.1 or v2.0 export); default: the built-in demo
//	-environment, -e FILE  Postman environment whose variables override the collection's
//	-prefer-success        a 2xx example wins score ties when a call sends no x-mock-response-code (serve, routes)
//	-exact                 exact mode: serve exact paths, trailing slashes and {{var}} wildcards only,
//	                       never through case, alphanumeric ids or edit distance (serve, routes)
//	-host HOST             interface to listen on (serve; default 127.0.0.1)
//	-port, -p N            port to listen on, 0 for any free port (serve; default 3555)
//	-seed N                seed for dynamic variables such as {{$guid}}, for reproducible bodies (serve)
//	-H 'NAME: VALUE'       default x-mock-* request header for calls that do not send it, e.g. -H 'x-mock-response-code: 200' (serve; repeatable)
//	-max-conns N           most connections open at once, past it new ones are closed at once (serve, api; default 512)
//	-tls                   serve https with a self-signed certificate for 127.0.0.1, ::1 and localhost, made at start-up (serve, api)
//	-cert-out FILE         write that certificate as PEM to FILE, for clients to trust; implies -tls (serve, api)
//	-cert FILE, -key FILE  serve https with this certificate and private key (PEM; both or neither) (serve, api)
//	-v                     log every call on standard error (serve)
//	-ui ADDR               serve the web page (routes, live calls, and in api mode the mocks) on ADDR: PORT or HOST:PORT, host 127.0.0.1 unless named (serve, api)
//	-log json              print each call on standard output as one JSON object a line (serve)
//	-q                     print no warnings (serve, routes)
//	-json                  print the routes as JSON (routes)
//	-calllog-max-bytes SIZE   call-log data kept for all mocks (api; default 256MiB)
//	-calllog-mock-bytes SIZE  call-log data kept per mock (api; default 64MiB)
//	-calllog-body-bytes SIZE  bytes kept of each body, the rest marked "…[truncated N bytes]" (api; default 1MiB)
//
// serve and api bound every call: its request body must arrive within 60 s
// of the start of the call (else 408) and its response must be taken within
// 60 s of the end of its delay (else the connection is cut).
//
// Mock calls accept Postman's x-mock-response-name, x-mock-response-id,
// x-mock-response-code, x-mock-response-delay, x-mock-match-request-body and
// x-mock-match-request-headers headers. A call no example matches gets
// Postman's 404 mockRequestNotFoundError body.
//
// docs/cli.md in the repository describes every flag, the output and the
// exit codes; docs/matching.md how a mock chooses its answer.
package main

import (
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/dashboard"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
)

//go:embed demo.postman_collection.json
var demoCollection []byte

// Defaults of the serve command.
const (
	defaultHost = "127.0.0.1"
	defaultPort = 3555
	// shutdownTimeout bounds how long a stopping server waits for calls in
	// flight before it closes their connections.
	shutdownTimeout = 5 * time.Second
)

const usage = `postmock serves a Postman collection's saved examples as a local mock server.

Usage:
  postmock [serve] [flags]    serve the collection (the default command)
  postmock routes [flags]     list what the mock serves, one line per example
  postmock api -api-key KEY [flags]
                              serve the Postman API for mocks: upload collections,
                              create mocks, server responses, call logs over HTTP
  postmock record -target URL -o FILE [flags]
                              forward calls to an API and save its answers as a collection
  postmock verify -collection FILE -base-url URL [flags]
                              check a real service against the collection's examples
  postmock help               show this help

Flags of serve and routes:
  -collection, -c FILE    Postman collection (v2.1 or v2.0 export);
                          without it, the built-in "Demo Shop" collection
  -environment, -e FILE   Postman environment whose variables override the collection's
  -prefer-success         when examples tie (say 200, 404 and 500 saved for one request),
                          answer the 2xx unless the call sends x-mock-response-code
  -exact                  exact mode: serve exact paths, trailing slashes and {{var}}
                          wildcards only; a path that differs in case, in an id or by
                          a typo gets the 404 instead of a near example

Flags of serve:
  -host HOST              interface to listen on (default 127.0.0.1)
  -port, -p N             port to listen on, 0 for any free port (default 3555)
  -seed N                 seed for dynamic variables ({{$guid}}, ...): same seed, same values
  -H 'NAME: VALUE'        default request header (repeatable, curl's syntax): calls that
                          do not send NAME are matched as if they had, e.g.
                          -H 'x-mock-response-code: 200' for the success examples;
                          NAME is one of the x-mock-* headers below
  -max-conns N            most connections open at once; past it a new one is
                          closed at once (default 512)
  -v                      log every call on standard error
  -match-body             compare request bodies on every call (Postman's matchBody)
  -match-body-subset      compare request bodies on every call in subset mode: the
                          example's fields must be sent, more may be; {{name}} in
                          its JSON matches any value
  -ignore-body-path PATH  gjson path left out of body comparison (repeatable),
                          e.g. meta.requestId or items.#.ts
  -scenario FILE          script the mock from a JSON file: sequences of examples per
                          route, faults, chaos, a rate limit (docs/scenarios.md)
  -q                      print no warnings at start-up
  -tls                    serve https with a self-signed certificate for 127.0.0.1,
                          ::1 and localhost, made at start-up and valid for 24 h
  -cert-out FILE          write that certificate (PEM) to FILE for clients to trust,
                          e.g. curl --cacert FILE; implies -tls
  -cert FILE, -key FILE   serve https with your certificate and its private key
                          (PEM files, both needed) instead; imply -tls
  -ui ADDR                serve a web page of the routes and the live calls (why each
                          matched or not) on ADDR, PORT or HOST:PORT (host 127.0.0.1
                          unless named), e.g. -ui 3556
  -log json               print each call on standard output as one JSON object a line

Flags of routes:
  -json                   print a JSON array of {method, path, query, code, name, id}
  -q                      print no warnings (ties, requests without examples, ...)

Flags of api:
  -api-key KEY            required, repeatable: the x-api-key admin requests (and
                          private mock calls) must send
  -collection, -c FILE    collection to upload at start-up (repeatable)
  -environment, -e FILE   environment to upload at start-up (repeatable)
  -calllog-max-bytes SIZE call-log data kept for all mocks together, oldest calls
                          evicted first (default 256MiB); SIZE is bytes or N with
                          KiB, MiB or GiB
  -calllog-mock-bytes SIZE
                          call-log data kept per mock (default 64MiB)
  -calllog-body-bytes SIZE
                          bytes kept of each request and response body; the rest
                          is cut and marked "…[truncated N bytes]" (default 1MiB)
  -host, -port, -seed, -max-conns, -v, -tls, -cert-out, -cert, -key, -ui
                          as for serve (with -tls, mockUrls are https; the -ui page
                          asks for the API key and also manages the mocks)

Flags of verify (docs/verify.md):
  -collection, -c FILE, -environment, -e FILE
                          the collection whose examples the service must match
  -base-url URL           the service; it replaces each example's scheme and host
  -H 'NAME: VALUE'        header sent with every request, in place of the example's
                          (repeatable), e.g. -H 'Authorization: Bearer ...'
  -only NAME              only the examples under this folder or of this item (repeatable)
  -codes LIST             only examples with these codes, e.g. 2xx or 200,404
  -methods LIST           methods sent (default GET,HEAD,OPTIONS); others are skipped
  -body MODE              shape (default), subset, exact or none
  -junit FILE             also write a JUnit XML report
  -json                   print the report as JSON
  -parallel N             requests in flight at once (default 4)
  -timeout D              time each request may take (default 10s)
  -seed N                 seed for the dynamic variables sent ({{$guid}}, ...):
                          the same seed sends the same values

Calls may select an example with the headers x-mock-response-name,
x-mock-response-id and x-mock-response-code, and delay the answer with
x-mock-response-delay (milliseconds). serve and api stop on Ctrl-C (SIGINT) or SIGTERM.
` + recordUsage

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		// After the first signal, a second one kills the process at once.
		<-ctx.Done()
		stop()
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args (without the program name) and returns
// the exit code. serve runs until ctx is canceled.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	return (&cli{stdout: stdout, stderr: stderr}).run(ctx, args)
}

// cli is one invocation of the command.
type cli struct {
	stdout, stderr io.Writer
	// ready, if set, is called with the listen address once serve is
	// listening (tests use it to learn the port of -port 0).
	ready func(addr string)
	// shutdownTimeout overrides the default shutdownTimeout when positive.
	shutdownTimeout time.Duration
	// bodyTimeout and writeTimeout override mock.DefaultBodyTimeout and
	// mock.DefaultWriteTimeout when positive (tests use short ones).
	bodyTimeout, writeTimeout time.Duration
	// connEvent, if set, is called with the number of open connections
	// after each one is accepted or closed.
	connEvent func(open int)
	// handling, if set, is called as each call reaches the handler (tests
	// wait on it: a connection turns active before net/http has decided
	// to serve its request, and a shutdown in between drops it unserved).
	handling func(*http.Request)
}

// timeouts returns the body and write bounds of serve and api.
func (c *cli) timeouts() (body, write time.Duration) {
	body, write = mock.DefaultBodyTimeout, mock.DefaultWriteTimeout
	if c.bodyTimeout > 0 {
		body = c.bodyTimeout
	}
	if c.writeTimeout > 0 {
		write = c.writeTimeout
	}
	return body, write
}

// maxConnsFlag registers -max-conns on fs.
func maxConnsFlag(fs *flag.FlagSet) *int {
	return fs.Int("max-conns", defaultMaxConns, "most connections open at once; more are closed at once")
}

// checkMaxConns validates -max-conns.
func checkMaxConns(n int) error {
	if n < 1 {
		return badUsage("invalid -max-conns %d: want at least 1", n)
	}
	return nil
}

func (c *cli) run(ctx context.Context, args []string) int {
	cmd := "serve"
	if len(args) > 0 {
		switch args[0] {
		case "serve", "routes", "api", "record", "verify":
			cmd, args = args[0], args[1:]
		case "help":
			fmt.Fprint(c.stdout, usage)
			return 0
		default:
			if !strings.HasPrefix(args[0], "-") {
				if strings.HasSuffix(args[0], ".json") {
					return c.fail(2, "unknown command %q (to serve a file: postmock -collection %s)", args[0], args[0])
				}
				return c.fail(2, "unknown command %q (want serve, routes, api, record, verify or help; see postmock -h)", args[0])
			}
		}
	}
	var err error
	switch cmd {
	case "routes":
		err = c.routes(args)
	case "api":
		err = c.api(ctx, args)
	case "record":
		err = c.record(ctx, args)
	case "verify":
		err = c.verify(ctx, args)
	default:
		err = c.serve(ctx, args)
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(c.stdout, usage)
		return 0
	case errors.As(err, &ue):
		return c.fail(2, "%v (see postmock -h)", ue.err)
	default:
		return c.fail(1, "%v", err)
	}
}

func (c *cli) fail(code int, format string, args ...any) int {
	fmt.Fprintf(c.stderr, "postmock: "+format+"\n", args...)
	return code
}

// headerFlag is serve's repeatable -H, in curl's syntax: "Name: value", or
// "Name;" for an empty value. A name given twice gets both values, as curl
// sends both; the mock checks names and values when it is built.
type headerFlag http.Header

func (h headerFlag) String() string { return "" }

func (h headerFlag) Set(v string) error {
	name, value, ok := strings.Cut(v, ":")
	if !ok {
		if n, rest, semi := strings.Cut(v, ";"); semi && strings.TrimSpace(rest) == "" {
			name, value, ok = n, "", true
		}
	}
	name = strings.TrimSpace(name)
	if !ok || name == "" || strings.ContainsAny(name, " \t") {
		return fmt.Errorf("want -H 'Name: value' (e.g. -H 'x-mock-response-code: 200'), got %q", v)
	}
	k := http.CanonicalHeaderKey(name)
	h[k] = append(h[k], strings.TrimSpace(value))
	return nil
}

// usageError is a command-line mistake: run exits 2 and points at -h.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

func badUsage(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// matchFlags are the matching options of serve and routes.
type matchFlags struct {
	preferSuccess, exact bool
}

func (m *matchFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&m.preferSuccess, "prefer-success", false, "a 2xx example wins score ties")
	fs.BoolVar(&m.exact, "exact", false, "exact mode: no case, id or distance matching")
}

// config is the mock.Config the flags ask for.
func (m matchFlags) config() mock.Config {
	cfg := mock.Config{PreferSuccess: m.preferSuccess}
	if m.exact {
		cfg.SkipSteps = match.FuzzySteps
	}
	return cfg
}

// sourceFlags are the flags every command has: what to load.
type sourceFlags struct {
	collection  string
	environment string
}

func (s *sourceFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&s.collection, "collection", "", "Postman collection file")
	fs.StringVar(&s.collection, "c", "", "Postman collection file (short for -collection)")
	fs.StringVar(&s.environment, "environment", "", "Postman environment file")
	fs.StringVar(&s.environment, "e", "", "Postman environment file (short for -environment)")
}

// commandFlags defines each command's flags (the FlagSet is named after
// the command), so that a flag given to the wrong command can be named.
var commandFlags = []func() *flag.FlagSet{
	func() *flag.FlagSet { fs, _ := serveFlags(); return fs },
	func() *flag.FlagSet { fs, _ := routesFlags(); return fs },
	func() *flag.FlagSet { fs, _ := apiFlags(); return fs },
	func() *flag.FlagSet { fs, _ := recordFlags(); return fs },
	func() *flag.FlagSet { fs, _ := verifyFlags(); return fs },
}

// undefinedFlag is the flag package's error for a flag a set lacks.
const undefinedFlag = "flag provided but not defined: -"

// wrongCommand explains err when it is a flag fs lacks but another
// command takes (routes -port 1): which command it belongs to. It returns
// nil for other errors and for flags no command takes.
func wrongCommand(fs *flag.FlagSet, err error) error {
	name, ok := strings.CutPrefix(err.Error(), undefinedFlag)
	if !ok {
		return nil
	}
	var owners []string
	for _, def := range commandFlags {
		if other := def(); other.Name() != fs.Name() && other.Lookup(name) != nil {
			owners = append(owners, other.Name())
		}
	}
	if len(owners) == 0 {
		return nil
	}
	return badUsage("-%s is a flag of %s, not of %s (postmock %s -%s ...)", name, joinAnd(owners), fs.Name(), owners[0], name)
}

// joinAnd lists names as "a", "a and b" or "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// parse parses args into fs; positional arguments are an error.
func parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		if werr := wrongCommand(fs, err); werr != nil {
			return werr
		}
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return badUsage("unexpected argument %q (flags come before arguments, e.g. -collection FILE)", fs.Arg(0))
	}
	return nil
}

// serveCallLog is how many calls serve keeps in memory.
const serveCallLog = 100

// loaded is a collection ready to serve.
type loaded struct {
	coll     *collection.Collection
	mock     *mock.Mock
	demo     bool
	warnings []string
}

// load reads the collection (or the demo) and the environment and builds
// the mock.
func (s *sourceFlags) load(opts ...mock.Option) (*loaded, error) {
	defer pauseGC()()
	l := &loaded{}
	var err error
	if s.collection == "" {
		l.demo = true
		l.coll, err = collection.Parse(demoCollection)
		if err != nil {
			return nil, fmt.Errorf("built-in demo collection: %w", err)
		}
	} else {
		if fi, err := os.Stat(s.collection); err == nil && fi.Size() >= hugeHeapFrom {
			// Within a quarter of the memory limit (GOMEMLIMIT), which
			// the buffer counts against until it is returned.
			_, release := hugeHeap(int(min(hugeHeapFactor*fi.Size(), hugeHeapMax, debug.SetMemoryLimit(-1)/4)))
			defer release() // once the mock is built
		}
		l.coll, err = collection.LoadFile(s.collection)
		if err != nil {
			return nil, fmt.Errorf("cannot load collection: %w", err)
		}
	}
	if s.environment != "" {
		env, err := collection.LoadEnvironmentFile(s.environment)
		if err != nil {
			return nil, fmt.Errorf("cannot load environment: %w", err)
		}
		opts = append(opts, mock.WithEnvironment(env))
	}
	l.mock, err = mock.New(l.coll, opts...)
	if err != nil {
		return nil, fmt.Errorf("cannot build the mock: %w", err)
	}
	for _, d := range l.coll.Diagnostics {
		l.warnings = append(l.warnings, "warning: "+oneLine(d.String()))
	}
	for _, w := range l.mock.Index().Warnings() {
		l.warnings = append(l.warnings, "warning: "+oneLine(w.String()))
	}
	return l, nil
}

// gcAfterStart is how long serve holds the collector off after it starts
// listening: the loaded heap is collected (and returned to the OS) once the
// first calls, which usually come at once, are answered.
const gcAfterStart = 100 * time.Millisecond

// Loading a collection of hugeHeapFrom bytes or more first readies
// hugeHeapFactor times its size (at most hugeHeapMax, and a quarter of the
// memory limit) of heap for huge pages (hugeHeap): loading allocates about
// four times the file's size.
const (
	hugeHeapFrom   = 1 << 20
	hugeHeapFactor = 6
	hugeHeapMax    = 256 << 20
)

// hugePage is the size of a transparent huge page on amd64 and arm64 with
// 4 KiB pages, and the alignment the kernel needs to map one.
const hugePage = 2 << 20

// loadMemoryLimit bounds the heap while pauseGC holds the collector off.
const loadMemoryLimit = 1 << 30

// pauseGC holds garbage collection off until the returned func is called,
// unless the heap reaches loadMemoryLimit. Loading allocates a few times the
// collection's size, all of it in a few tens of milliseconds, and keeps
// about a third: collecting on the way (five cycles for a 4.6 MB file) only
// delays the first answer. serve returns the garbage to the OS afterwards.
func pauseGC() (restore func()) {
	pct := debug.SetGCPercent(-1)
	limit := debug.SetMemoryLimit(-1)
	debug.SetMemoryLimit(min(limit, loadMemoryLimit))
	return func() {
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(pct)
	}
}

// serveArgs are the serve command's flags.
type serveArgs struct {
	src      sourceFlags
	mf       matchFlags
	host     string
	port     int
	seed     uint64
	verbose  bool
	quiet    bool
	maxConns *int
	headers  headerFlag
	body     mock.Config // the body-matching flags
	subset   bool
	tls      tlsFlags
	ui       uiFlags
	scenario string // -scenario FILE (scenario.go)
}

// serveFlags defines the serve command's flags.
func serveFlags() (*flag.FlagSet, *serveArgs) {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	a := &serveArgs{headers: headerFlag{}}
	a.src.register(fs)
	a.mf.register(fs)
	fs.StringVar(&a.host, "host", defaultHost, "interface to listen on")
	fs.IntVar(&a.port, "port", defaultPort, "port to listen on")
	fs.IntVar(&a.port, "p", defaultPort, "port to listen on (short for -port)")
	fs.Uint64Var(&a.seed, "seed", 0, "seed for dynamic variables")
	fs.BoolVar(&a.verbose, "v", false, "log every call")
	fs.BoolVar(&a.quiet, "q", false, "print no warnings at start-up")
	a.maxConns = maxConnsFlag(fs)
	fs.Var(a.headers, "H", "default request header 'x-mock-...: value' for calls that do not send it (repeatable)")
	fs.BoolVar(&a.body.MatchBody, "match-body", false, "compare request bodies on every call (Postman's matchBody)")
	fs.BoolVar(&a.subset, "match-body-subset", false, "compare request bodies on every call in subset mode: the example's fields must be sent, more may be")
	fs.Func("ignore-body-path", "gjson `PATH` left out of body comparison (repeatable)", func(p string) error {
		a.body.IgnoreBodyPaths = append(a.body.IgnoreBodyPaths, p)
		return nil
	})
	a.tls.register(fs)
	a.ui.register(fs, true)
	fs.StringVar(&a.scenario, "scenario", "", "JSON `FILE` scripting sequences, faults, chaos and a rate limit")
	return fs, a
}

// serve implements the serve command.
func (c *cli) serve(ctx context.Context, args []string) error {
	fs, a := serveFlags()
	if err := parse(fs, args); err != nil {
		return err
	}
	if a.subset {
		a.body.MatchBody, a.body.SubsetBody = true, true
	}
	if err := match.CheckBodyPaths(a.body.IgnoreBodyPaths); err != nil {
		var pe *match.BodyPathError
		if errors.As(err, &pe) {
			return badUsage("-ignore-body-path %q: %s", pe.Path, pe.Reason)
		}
		return badUsage("-ignore-body-path: %v", err)
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

	// Nothing reads a served mock's call log from outside the process, so
	// serve keeps only the last calls (the api command keeps 10,000 per mock
	// for its call-logs endpoint).
	cfg := a.mf.config()
	cfg.MatchBody, cfg.SubsetBody, cfg.IgnoreBodyPaths = a.body.MatchBody, a.body.SubsetBody, a.body.IgnoreBodyPaths
	if len(a.headers) > 0 {
		cfg.DefaultHeaders = http.Header(a.headers)
	}
	opts := []mock.Option{mock.WithCallLogLimits(calllog.Limits{MaxEntries: serveCallLog, MaxBodyBytes: 64 << 10}),
		mock.WithTimeouts(c.timeouts()), mock.WithConfig(cfg)}
	if flagSet(fs, "seed") {
		opts = append(opts, mock.WithSeed(a.seed))
	}
	if a.verbose {
		opts = append(opts, mock.WithLogger(slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	var scenarioLine string
	if a.scenario != "" {
		o, line, err := scenarioOption(a.scenario)
		if err != nil {
			return err
		}
		opts, scenarioLine = append(opts, o), line
	}
	// The collector stays off past loading until the first calls are
	// answered (see gcAfterStart).
	restoreGC := pauseGC()
	gcHeld := true
	defer func() {
		if gcHeld {
			restoreGC()
		}
	}()
	l, err := a.src.load(opts...)
	if errors.Is(err, mock.ErrBadFault) {
		// The scenario file's faults were checked as it was read: this one
		// is an x-mock-fault saved on one of the collection's examples.
		return fmt.Errorf("collection %s: %w", a.src.collection, err)
	}
	if a.scenario != "" && errors.Is(err, mock.ErrInvalidScenario) {
		return fmt.Errorf("-scenario %s: %w", a.scenario, err) // an example the collection lacks, a bad pattern
	}
	if errors.Is(err, mock.ErrInvalidConfig) {
		return usageError{err} // a -H the mock does not take
	}
	if err != nil {
		return err
	}
	st, err := a.tls.setup(a.host, time.Now())
	if err != nil {
		return err
	}
	addr := net.JoinHostPort(a.host, strconv.Itoa(a.port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v", addr, listenCause(err))
	}
	// Loading allocates a few times the collection's size and keeps about
	// a third: hand the rest back to the OS (a mock that runs beside a test
	// suite should stay small), after the first calls rather than before
	// or beside them, where a collection of the loaded heap would take a
	// core from them.
	gcHeld = false
	freed := make(chan struct{})
	go func() {
		defer close(freed)
		t := time.NewTimer(gcAfterStart)
		defer t.Stop()
		select {
		case <-t.C:
			restoreGC()
			debug.FreeOSMemory()
		case <-ctx.Done():
			restoreGC()
		}
	}()
	defer func() { <-freed }()
	url := st.scheme() + "://" + net.JoinHostPort(urlHost(a.host), portOf(ln.Addr()))

	n := l.mock.Index().Len()
	fmt.Fprintf(c.stdout, "postmock: serving %q (%d %s) at %s\n", l.coll.Info.Name, n, plural(n, "example", "examples"), url)
	if d := a.tls.describe(st); d != "" {
		fmt.Fprintln(c.stdout, d)
	}
	if scenarioLine != "" {
		fmt.Fprintln(c.stdout, scenarioLine)
	}
	if l.demo {
		printDemoHints(c.stdout, a.tls.curl(st), url)
	}
	if !a.quiet && len(l.warnings) > 0 {
		// One write, not one per line: a large collection can have
		// hundreds, and each write is a system call before serving starts.
		_, _ = io.WriteString(c.stderr, strings.Join(l.warnings, "\n")+"\n")
	}
	stopUI, err := c.startUI(a.ui, dashboard.FromMock(l.mock, l.coll.Info.Name), dashboard.WithWarnings(uiWarnings(l.warnings)))
	if err != nil {
		ln.Close()
		return err
	}
	defer stopUI()
	defer c.logJSON(a.ui, l.mock, c.stdout)()

	return c.serveUntilDone(ctx, ln, st, url, l.mock, *a.maxConns)
}

// flagSet reports whether the flag name was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// listenCause returns the operating system's reason for a failed listen
// ("address already in use", "permission denied", ...) without Go's
// "listen tcp ADDR: bind:" prefix, which the caller's message repeats.
func listenCause(err error) error {
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		err = op.Err
	}
	var sys *os.SyscallError
	if errors.As(err, &sys) && sys.Err != nil {
		err = sys.Err
	}
	return err
}

// urlHost is the host to show in the served URL: a wildcard address
// (-host "" or 0.0.0.0 or ::) is reached through localhost.
func urlHost(host string) string {
	if host == "" {
		return "localhost"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		return "localhost"
	}
	return host
}

func portOf(a net.Addr) string {
	if t, ok := a.(*net.TCPAddr); ok {
		return strconv.Itoa(t.Port)
	}
	_, p, err := net.SplitHostPort(a.String())
	if err != nil {
		return a.String()
	}
	return p
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// printDemoHints prints a few calls to try against the built-in demo, each
// starting with curl (the command and the flags that trust the server).
func printDemoHints(w io.Writer, curl, url string) {
	fmt.Fprintf(w, `postmock: no -collection given, so this is the built-in demo; try:
  %[2]s %[1]s/products
  %[2]s %[1]s/products/42
  %[2]s -H 'x-mock-response-name: Product not found' %[1]s/products/42
  %[2]s -X POST -H 'Content-Type: application/json' -d '{"productId": 7, "quantity": 2}' %[1]s/orders
  %[2]s -H 'x-mock-response-code: 400' -X POST %[1]s/orders
  %[2]s -H 'x-mock-response-delay: 500' %[1]s/orders/1001
  %[2]s %[1]s/nothing-here
`, url, curl)
}

// routesArgs are the routes command's flags.
type routesArgs struct {
	src           sourceFlags
	mf            matchFlags
	asJSON, quiet bool
}

// routesFlags defines the routes command's flags.
func routesFlags() (*flag.FlagSet, *routesArgs) {
	fs := flag.NewFlagSet("routes", flag.ContinueOnError)
	a := &routesArgs{}
	a.src.register(fs)
	// The mock routes describes is configured as serve's would be, so that
	// what it says about ties holds for the mock served with these flags.
	a.mf.register(fs)
	fs.BoolVar(&a.asJSON, "json", false, "print JSON")
	fs.BoolVar(&a.quiet, "q", false, "print no warnings")
	return fs, a
}

// routes implements the routes command.
func (c *cli) routes(args []string) error {
	fs, a := routesFlags()
	if err := parse(fs, args); err != nil {
		return err
	}
	l, err := a.src.load(mock.WithConfig(a.mf.config()))
	if err != nil {
		return err
	}
	// The ties are computed under the config the listing describes.
	var warnings []string
	if !a.quiet {
		warnings = append(l.warnings, routesWarnings(l.mock.Index(), l.mock.Config())...)
	}
	routes := l.mock.Index().Routes()
	if a.asJSON {
		if routes == nil {
			routes = []match.Route{}
		}
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(routes); err != nil {
			return err
		}
		for _, w := range warnings {
			fmt.Fprintln(c.stderr, w)
		}
		return nil
	}
	tw := tabwriter.NewWriter(c.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "METHOD\tPATH\tCODE\tNAME\tID")
	for _, r := range routes {
		path := r.Path
		if r.Query != "" {
			path += "?" + r.Query
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\n", clip(cell(r.Method), maxMethodWidth), clipMiddle(cell(path), maxPathWidth),
			r.Code, clip(cell(r.Name), maxNameWidth), cell(r.ID))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(c.stdout, w)
	}
	return nil
}

// Widths past which routes cuts a cell of its table (in runes), so that one
// long path or name (a 900-character path was seen in the wild) does not
// widen every line. The id, last on its line, is kept whole: it is what
// x-mock-response-id takes. -json never cuts.
const (
	maxMethodWidth = 16
	maxPathWidth   = 72
	maxNameWidth   = 40
)

// clip cuts s to at most n runes, ending it with "…" when cut.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// clipMiddle cuts s to at most n runes by dropping its middle for "…": a
// path's start (the API's prefix) and end (the resource) say most.
func clipMiddle(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	head := (n - 1) / 2
	tail := n - 1 - head
	return string(r[:head]) + "…" + string(r[len(r)-tail:])
}

// cell makes a value safe for one tabwriter cell: no tabs or line breaks,
// and "-" for an empty value so that columns stay readable.
func cell(s string) string {
	if s == "" {
		return "-"
	}
	return oneLine(s)
}

// oneLine replaces tabs and line breaks with spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\t\r\n") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\r' || r == '\n' {
			return ' '
		}
		return r
	}, s)
}
