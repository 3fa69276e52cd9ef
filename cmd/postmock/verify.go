package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/verify"
)

// verifyArgs are the verify command's flags.
type verifyArgs struct {
	src      sourceFlags
	baseURL  string
	headers  headerFlag
	only     []string
	codes    string
	methods  string
	body     string
	junit    string
	json     bool
	parallel int
	timeout  time.Duration
	seed     uint64
}

// verifyFlags defines the verify command's flags.
func verifyFlags() (*flag.FlagSet, *verifyArgs) {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	a := &verifyArgs{headers: headerFlag{}}
	a.src.register(fs)
	fs.StringVar(&a.baseURL, "base-url", "", "URL of the service to verify, e.g. https://staging.example.com")
	fs.Var(a.headers, "H", "header sent with every request, in place of the example's (repeatable)")
	fs.Func("only", "verify only the examples under this folder or of this item (repeatable)", func(s string) error {
		a.only = append(a.only, s)
		return nil
	})
	fs.StringVar(&a.codes, "codes", "", "verify only examples with these status codes, e.g. 2xx or 200,404")
	fs.StringVar(&a.methods, "methods", strings.Join(verify.DefaultMethods, ","), "methods sent; examples of others are skipped")
	fs.StringVar(&a.body, "body", string(verify.BodyShape), "body comparison: shape, subset, exact or none")
	fs.StringVar(&a.junit, "junit", "", "write a JUnit XML report to FILE")
	fs.BoolVar(&a.json, "json", false, "print the report as JSON")
	fs.IntVar(&a.parallel, "parallel", verify.DefaultParallel, "requests in flight at once")
	fs.DurationVar(&a.timeout, "timeout", verify.DefaultTimeout, "time each request may take")
	fs.Uint64Var(&a.seed, "seed", 0, "seed for the dynamic variables sent ({{$guid}}, ...)")
	return fs, a
}

// errFailed is verify's error when examples failed: exit 1 without
// pointing at the usage.
var errFailed = errors.New("the service differs from the collection")

// verify implements the verify command.
func (c *cli) verify(ctx context.Context, args []string) error {
	fs, a := verifyFlags()
	if err := parse(fs, args); err != nil {
		return err
	}
	if a.src.collection == "" {
		return badUsage("verify needs -collection FILE")
	}
	if a.baseURL == "" {
		return badUsage("verify needs -base-url URL (the service to check)")
	}
	if u, err := url.Parse(a.baseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return badUsage("invalid -base-url %q: want http:// or https:// and a host", a.baseURL)
	}
	if a.parallel < 1 {
		return badUsage("invalid -parallel %d: want at least 1", a.parallel)
	}
	if a.timeout <= 0 {
		return badUsage("invalid -timeout %s: want more than 0", a.timeout)
	}
	opts := []verify.Option{verify.Codes(a.codes), verify.Body(verify.BodyMode(a.body)),
		verify.Parallel(a.parallel), verify.Timeout(a.timeout)}
	var methods []string
	for m := range strings.SplitSeq(a.methods, ",") {
		if m = strings.TrimSpace(m); m != "" {
			methods = append(methods, m)
		}
	}
	opts = append(opts, verify.Methods(methods...))
	if flagSet(fs, "seed") {
		// Only when given: -seed 0 is a seed like any other, and without
		// one each run draws new values.
		opts = append(opts, verify.Seed(a.seed))
	}
	for _, o := range a.only {
		opts = append(opts, verify.Only(o))
	}
	for name, vals := range a.headers {
		for _, v := range vals {
			opts = append(opts, verify.Header(name, v))
		}
	}
	coll, err := collection.LoadFile(a.src.collection)
	if err != nil {
		return fmt.Errorf("cannot load collection: %w", err)
	}
	if a.src.environment != "" {
		env, err := collection.LoadEnvironmentFile(a.src.environment)
		if err != nil {
			return fmt.Errorf("cannot load environment: %w", err)
		}
		opts = append(opts, verify.Environment(env))
	}
	client := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
	defer client.CloseIdleConnections()
	rep, err := verify.Run(ctx, coll, client, a.baseURL, opts...)
	if errors.Is(err, verify.ErrInvalidOption) {
		return usageError{err}
	}
	if rep == nil {
		return err
	}
	interrupted := err != nil
	if a.junit != "" {
		if werr := writeJUnit(a.junit, rep); werr != nil {
			return werr
		}
	}
	if a.json {
		err = rep.WriteJSON(c.stdout)
	} else {
		err = rep.WriteText(c.stdout)
	}
	switch {
	case err != nil:
		return err
	case interrupted:
		return fmt.Errorf("interrupted: %d of %d examples verified", len(rep.Results)-rep.Skipped, len(rep.Results))
	case len(rep.Results) == 0:
		return fmt.Errorf("no example of %s is selected (see -only and -codes)", a.src.collection)
	case !rep.OK():
		return fmt.Errorf("%w: %d of %d examples failed", errFailed, rep.Failed, len(rep.Results))
	}
	return nil
}

// writeJUnit writes the JUnit XML report to path.
func writeJUnit(path string, rep *verify.Report) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cannot write -junit: %w", err)
	}
	if err := rep.WriteJUnit(f); err != nil {
		f.Close()
		return fmt.Errorf("cannot write -junit: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("cannot write -junit: %w", err)
	}
	return nil
}
