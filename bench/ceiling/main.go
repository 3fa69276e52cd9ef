// Command ceiling is the benchmark's upper bound for any Go mock server: a
// bare net/http server that answers every request with the same status,
// headers and JSON body, with no routing, matching or logging. Whatever a
// Go mock does on top of net/http can only make it slower than this, so
// bench/compare.sh reports postmock's throughput as a fraction of it.
//
// Usage:
//
//	ceiling [-host HOST] [-port N]
//
// It listens on HOST:PORT (127.0.0.1:3556 by default; -port 0 picks a free
// port), prints "ceiling: serving at http://HOST:PORT" on standard output
// and serves until SIGINT or SIGTERM. The answer is 200 with Content-Type
// application/json and an X-Request-Id header, like the generated
// collection's examples, and a 181-byte JSON body the size of one of its
// entity bodies. The request body, if any, is drained so that keep-alive
// connections stay reusable.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
)

// body is the fixed answer: one entity as internal/testsupport/gen writes them.
var body = []byte(`{
  "id": "63f44fc9-7c58-40a8-a2b7-4e5d9a763301",
  "name": "User 4711",
  "status": "active",
  "amount": 1234.56,
  "createdAt": "2024-08-12T23:05:07Z",
  "note": "fixed answer"
}`)

func main() {
	host := flag.String("host", "127.0.0.1", "interface to listen on")
	port := flag.Int("port", 3556, "port to listen on (0: any free port)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: ceiling [-host HOST] [-port N]")
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(*host, strconv.Itoa(*port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	}
	fmt.Printf("ceiling: serving at http://%s\n", ln.Addr())

	clen := strconv.Itoa(len(body))
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			io.Copy(io.Discard, r.Body)
		}
		h := w.Header()
		h["Content-Type"] = []string{"application/json; charset=utf-8"}
		h["Content-Length"] = []string{clen}
		h["X-Request-Id"] = []string{"059b3baa-02c8-460f-9c68-e483279b10ea"}
		w.WriteHeader(http.StatusOK)
		w.Write(body)
	})
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		fmt.Fprintln(os.Stderr, "ceiling:", err)
		os.Exit(1)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
}
