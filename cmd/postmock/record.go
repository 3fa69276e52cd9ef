package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"sync"
	"time"

	"github.com/postmock/postmock/record"
)

// recordUsage is the record command's part of the help text.
const recordUsage = `
Flags of record (postmock record -target URL -o FILE [flags]):
  -target URL             the API to forward every call to (required)
  -o FILE                 the collection file to write or extend (required);
                          written every -every and on Ctrl-C/SIGTERM
  -host HOST, -port N     where the recording proxy listens (default 127.0.0.1:3555)
  -every DURATION         how often new calls are written (default 5s)
  -name NAME              info.name of a new file (default "Recorded from HOST")
  -redact NAME            also redact headers, query parameters and fields whose
                          name contains NAME (repeatable)
  -no-redact NAME         keep NAME in the clear (repeatable), e.g. -no-redact key
  -drop-header NAME       leave this response header out of examples (repeatable)
  -keep-header NAME       keep a response header dropped by default, e.g. Date
  -max-bytes SIZE         memory the calls not yet written may take (default 256MiB);
                          past it calls are answered but not recorded
  -max-conns N            as for serve
`

// recordArgs are the record command's flags.
type recordArgs struct {
	target, out, host, name string
	port                    int
	every                   time.Duration
	redact, unredact        listFlag
	drop, keep              listFlag
	maxBytes                byteSize
	maxConns                *int
}

func recordFlags() (*flag.FlagSet, *recordArgs) {
	fs := flag.NewFlagSet("record", flag.ContinueOnError)
	a := &recordArgs{}
	fs.StringVar(&a.target, "target", "", "the API to forward calls to")
	fs.StringVar(&a.out, "o", "", "the collection file to write")
	fs.StringVar(&a.host, "host", defaultHost, "interface to listen on")
	fs.IntVar(&a.port, "port", defaultPort, "port to listen on")
	fs.IntVar(&a.port, "p", defaultPort, "port to listen on")
	fs.DurationVar(&a.every, "every", 5*time.Second, "how often new calls are written")
	fs.StringVar(&a.name, "name", "", "info.name of a new file")
	fs.Var(&a.redact, "redact", "name to redact (repeatable)")
	fs.Var(&a.unredact, "no-redact", "name to keep in the clear (repeatable)")
	fs.Var(&a.drop, "drop-header", "response header to leave out (repeatable)")
	fs.Var(&a.keep, "keep-header", "response header to keep (repeatable)")
	a.maxBytes = record.DefaultMaxBytes
	fs.Var(&a.maxBytes, "max-bytes", "memory the calls not yet written may take, e.g. 512MiB")
	a.maxConns = maxConnsFlag(fs)
	return fs, a
}

// record implements the record command: a proxy to -target whose calls
// are written to -o.
func (c *cli) record(ctx context.Context, args []string) error {
	fs, a := recordFlags()
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case a.target == "":
		return badUsage("record needs -target URL, the API to record")
	case a.out == "":
		return badUsage("record needs -o FILE, the collection to write")
	case a.every <= 0:
		return badUsage("invalid -every %v: want a positive duration such as 5s", a.every)
	}
	if err := checkMaxConns(*a.maxConns); err != nil {
		return err
	}
	rec, err := record.New(a.target,
		record.WithName(a.name), record.WithRedact(a.redact...), record.WithoutRedact(a.unredact...),
		record.WithDropHeaders(a.drop...), record.WithKeepHeaders(a.keep...), record.WithMaxBytes(int64(a.maxBytes)),
		record.WithLogger(slog.New(slog.NewTextHandler(c.stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))))
	if err != nil {
		return usageError{err}
	}
	defer rec.Close()
	// A file that cannot be written fails now, not after an hour of calls.
	if err := record.CheckFile(a.out); err != nil {
		return err
	}
	addr := net.JoinHostPort(a.host, strconv.Itoa(a.port))
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v", addr, listenCause(err))
	}
	url := "http://" + net.JoinHostPort(urlHost(a.host), portOf(ln.Addr()))
	fmt.Fprintf(c.stdout, "postmock: recording %s at %s into %s\n", rec.Target(), url, a.out)

	written := 0
	write := func() {
		n := rec.Count()
		if n == written {
			return
		}
		if err := rec.WriteFile(a.out); err != nil {
			fmt.Fprintf(c.stderr, "postmock: %v\n", err)
			return
		}
		written = n
	}
	stopTicker := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex // one write at a time
	wg.Go(func() {
		t := time.NewTicker(a.every)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				mu.Lock()
				write()
				mu.Unlock()
			case <-stopTicker:
				return
			}
		}
	})
	err = c.serveUntilDone(ctx, ln, nil, url, rec, *a.maxConns)
	close(stopTicker)
	wg.Wait()
	mu.Lock()
	write()
	mu.Unlock()
	if n := rec.Len(); n > 0 {
		fmt.Fprintf(c.stdout, "postmock: %d %s recorded in %s\n", n, plural(n, "call", "calls"), a.out)
	} else {
		fmt.Fprintf(c.stdout, "postmock: no calls recorded; %s left as it was\n", a.out)
	}
	return err
}
