package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/postmock/postmock/internal/dashboard"
	"github.com/postmock/postmock/mock"
)

// uiFlags are -ui (serve, api) and -log (serve).
type uiFlags struct {
	addr string
	log  string
}

func (u *uiFlags) register(fs *flag.FlagSet, withLog bool) {
	fs.StringVar(&u.addr, "ui", "", "serve the web page on `ADDR` (PORT or HOST:PORT; the host defaults to 127.0.0.1)")
	if withLog {
		fs.StringVar(&u.log, "log", "", "print each call on standard output as one JSON object a line (-log json)")
	}
}

// check validates the flags.
func (u *uiFlags) check() error {
	if u.log != "" && u.log != "json" {
		return badUsage("invalid -log %q: want json", u.log)
	}
	if u.addr == "" {
		return nil
	}
	if _, err := uiAddr(u.addr); err != nil {
		return err
	}
	return nil
}

// uiAddr turns -ui's value into a listen address: "3556" and ":3556" mean
// 127.0.0.1:3556, so that the page is reachable from this machine only
// unless a host is named.
func uiAddr(v string) (string, error) {
	s := strings.TrimSpace(v)
	if _, err := strconv.Atoi(s); err == nil {
		s = ":" + s
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", badUsage("invalid -ui %q: want PORT or HOST:PORT, e.g. -ui 127.0.0.1:3556", v)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return "", badUsage("invalid -ui %q: port %q is not 0-65535", v, port)
	}
	if host == "" {
		host = defaultHost
	}
	return net.JoinHostPort(host, port), nil
}

// startUI serves the page for src on -ui's address, printing its URL on
// stdout, and returns the func that stops it (ending its live streams).
// Without -ui it does nothing.
func (c *cli) startUI(u uiFlags, src dashboard.Source, opts ...dashboard.Option) (stop func(), err error) {
	if u.addr == "" {
		return func() {}, nil
	}
	addr, err := uiAddr(u.addr)
	if err != nil {
		return nil, err
	}
	host, _, _ := net.SplitHostPort(addr)
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("cannot listen on %s for -ui: %v", addr, listenCause(err))
	}
	ui := dashboard.New(src, append(opts, dashboard.WithHost(host))...)
	srv := &http.Server{Handler: ui, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: log.New(c.stderr, "postmock: -ui: ", 0)}
	served := make(chan struct{})
	go func() {
		defer close(served)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(c.stderr, "postmock: -ui stopped: %v\n", err)
		}
	}()
	fmt.Fprintf(c.stdout, "postmock: web page at http://%s/\n", net.JoinHostPort(urlHost(host), portOf(ln.Addr())))
	return func() {
		ui.Close() // ends the live streams, which Shutdown would wait for
		ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			srv.Close()
		}
		<-served
	}, nil
}

// logJSON starts -log json for m: one JSON object per call on w. The
// returned func stops it and reports calls left out on stderr.
func (c *cli) logJSON(u uiFlags, m *mock.Mock, w io.Writer) (stop func()) {
	if u.log != "json" {
		return func() {}
	}
	stopLog := dashboard.LogCalls(m, w)
	return func() {
		if n := stopLog(); n > 0 {
			fmt.Fprintf(c.stderr, "postmock: -log json left out %d %s: standard output was too slow\n", n, plural(int(n), "call", "calls"))
		}
	}
}

// uiWarnings is what the page's routes view warns about for a mock: the
// warnings given at load (serve's loader and matcher warnings), then those
// of routes, under the mock's current config.
func uiWarnings(loaded []string) func(*mock.Mock) []string {
	return func(m *mock.Mock) []string {
		out := append([]string(nil), loaded...)
		if loaded == nil {
			for _, w := range m.Index().Warnings() {
				out = append(out, "warning: "+oneLine(w.String()))
			}
		}
		return append(out, routesWarnings(m.Index(), m.Config())...)
	}
}
