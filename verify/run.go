package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/dynvar"
)

// Outcome is what became of one example.
type Outcome string

// Outcomes of an example.
const (
	Pass Outcome = "pass"
	Fail Outcome = "fail"
	Skip Outcome = "skip"
)

// Result is the verification of one example.
type Result struct {
	// Folders are the names of the folders holding the example's item,
	// outermost first.
	Folders []string `json:"folders"`
	// Item is the request item's name; Example the example's name and ID
	// its id.
	Item    string `json:"item"`
	Example string `json:"example"`
	ID      string `json:"id"`
	// Outcome is pass, fail or skip.
	Outcome Outcome `json:"outcome"`
	// Reason says why the example was skipped.
	Reason string `json:"reason,omitempty"`
	// Sent is the request sent, secrets redacted (nil when skipped before
	// sending).
	Sent *Sent `json:"sent,omitempty"`
	// Error is the error that stopped the request (a network error or the
	// timeout); the example fails with it.
	Error string `json:"error,omitempty"`
	// Status is the response's status code (0 when there was none).
	Status int `json:"status,omitempty"`
	// Differences are the ways the response differs from the example, at
	// most 20; More counts those left out.
	Differences []Difference `json:"differences,omitempty"`
	More        int          `json:"more,omitempty"`
	// Diff is a go-cmp diff of the example's body (-) and the response's
	// (+) in exact mode.
	Diff string `json:"diff,omitempty"`
	// Duration is how long the request took.
	Duration time.Duration `json:"durationNs"`
}

// Name is the example's place: folders, item and example name joined by
// " / ", e.g. "Users / Get user / 200 OK".
func (r *Result) Name() string {
	return strings.Join(append(slices.Clone(r.Folders), r.Item, r.Example), " / ")
}

// Report is the result of a run: one Result per selected example in
// document order, and the counts.
type Report struct {
	// Collection is the collection's name.
	Collection string   `json:"collection"`
	Results    []Result `json:"results"`
	Passed     int      `json:"passed"`
	Failed     int      `json:"failed"`
	Skipped    int      `json:"skipped"`
}

// OK reports whether no example failed.
func (r *Report) OK() bool { return r.Failed == 0 }

// verifier holds a run's settings and state.
type verifier struct {
	s      *settings
	coll   *collection.Collection
	res    *collection.Resolver
	gen    *dynvar.Generator
	client *http.Client
	base   *url.URL
	codes  CodeSet
}

func newVerifier(c *collection.Collection, client *http.Client, baseURL string, opts []Option) (*verifier, error) {
	s, err := newSettings(opts)
	if err != nil {
		return nil, err
	}
	base, err := url.Parse(baseURL)
	if err != nil || (base.Scheme != "http" && base.Scheme != "https") || base.Host == "" {
		return nil, fmt.Errorf("%w: base URL %q: want http:// or https:// and a host", ErrInvalidOption, baseURL)
	}
	base.RawQuery, base.Fragment = "", ""
	if client == nil {
		client = http.DefaultClient
	}
	// Copy the client to see redirects as the example does: a 302 example
	// must get the 302, not what it points to.
	cl := *client
	cl.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	codes, _ := ParseCodes(s.codes) // checked by newSettings
	seed := s.seed
	if !s.seeded {
		seed = rand.Uint64()
	}
	return &verifier{
		s: s, coll: c, res: collection.NewResolver(c, s.env), gen: dynvar.New(seed, nil),
		client: &cl, base: base, codes: codes,
	}, nil
}

func (v *verifier) allowed(method string) bool { return slices.Contains(v.s.methods, method) }

// selected returns the examples Only and Codes select, in document order.
func (v *verifier) selected() []*collection.Example {
	var out []*collection.Example
	for _, ex := range v.coll.Examples() {
		if v.codes.Contains(ex.Code) && v.chosen(ex.Item) {
			out = append(out, ex)
		}
	}
	return out
}

func (v *verifier) chosen(it *collection.Item) bool {
	if len(v.s.only) == 0 {
		return true
	}
	path := strings.Join(append(slices.Clone(it.Folders), it.Name), "/")
	for _, o := range v.s.only {
		o = strings.Trim(o, "/")
		if o == it.Name || o == it.FullName() || slices.Contains(it.Folders, o) ||
			path == o || strings.HasPrefix(path, o+"/") {
			return true
		}
	}
	return false
}

// Run verifies the service at baseURL against the examples of c that the
// options select: it sends each example's request (docs/verify.md) with
// client (nil: http.DefaultClient; redirects are not followed), at most
// Parallel at a time, and compares each response with its example.
//
// The error is non-nil when an option is unusable (wrapping
// ErrInvalidOption; nothing was sent) or when ctx ended the run: then the
// report holds what was verified, and the examples not run are skipped.
// Examples that fail do not make an error: see Report.OK.
func Run(ctx context.Context, c *collection.Collection, client *http.Client, baseURL string, opts ...Option) (*Report, error) {
	v, err := newVerifier(c, client, baseURL, opts)
	if err != nil {
		return nil, err
	}
	exs := v.selected()
	rep := &Report{Collection: c.Info.Name, Results: make([]Result, len(exs))}
	sem := make(chan struct{}, v.s.parallel)
	var wg sync.WaitGroup
	for i, ex := range exs {
		// Built here, one after the other in document order, not in the
		// goroutines: the dynamic variables are drawn in that order, so
		// that Seed gives each example the same values whatever the
		// scheduler does.
		out, buildErr := v.build(ex)
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			rep.Results[i] = v.notRun(ex)
			continue
		}
		wg.Go(func() {
			defer func() { <-sem }()
			rep.Results[i] = v.one(ctx, ex, out, buildErr)
		})
	}
	wg.Wait()
	rep.count()
	return rep, ctx.Err()
}

func (rep *Report) count() {
	rep.Passed, rep.Failed, rep.Skipped = 0, 0, 0
	for _, r := range rep.Results {
		switch r.Outcome {
		case Pass:
			rep.Passed++
		case Fail:
			rep.Failed++
		default:
			rep.Skipped++
		}
	}
}

func newResult(ex *collection.Example) Result {
	return Result{Folders: slices.Clone(ex.Item.Folders), Item: ex.Item.Name, Example: ex.Name, ID: ex.ID}
}

func (v *verifier) notRun(ex *collection.Example) Result {
	r := newResult(ex)
	r.Outcome, r.Reason = Skip, "not run: the run was canceled"
	return r
}

// one verifies one example, whose request build made (or could not).
func (v *verifier) one(ctx context.Context, ex *collection.Example, out *outgoing, buildErr error) Result {
	r := newResult(ex)
	if buildErr != nil {
		r.Outcome, r.Reason = Skip, buildErr.Error()
		return r
	}
	sent := out.shown()
	r.Sent = &sent
	ctx, cancel := context.WithTimeout(ctx, v.s.timeout)
	defer cancel()
	start := time.Now()
	status, header, body, err := v.send(ctx, out)
	r.Duration = time.Since(start)
	if err != nil {
		if ctx.Err() != nil && !errors.Is(ctx.Err(), context.DeadlineExceeded) {
			r.Outcome, r.Reason = Skip, "not finished: the run was canceled"
			return r
		}
		r.Outcome, r.Error = Fail, err.Error()
		return r
	}
	r.Status = status
	var d diffs
	if status != ex.Code {
		d.add("status", "example %d, got %d", ex.Code, status)
	}
	hasBody := bodyAllowed(out.method, status)
	if want := exampleContentType(ex); want != "" && (hasBody || out.method == http.MethodHead) {
		if w, g := mediaType(want), mediaType(header.Get("Content-Type")); w != g {
			if g == "" {
				g = "none"
			}
			d.add("header Content-Type", "example %s, got %s", w, g)
		}
	}
	if hasBody {
		r.Diff = compareBody(v.s.body, v.res.Resolve(ex.Body), body, &d)
	}
	r.Differences, r.More = d.list, d.more
	r.Outcome = Pass
	if d.n() > 0 {
		r.Outcome = Fail
	}
	return r
}

// errTooLarge is the error of a response body over the limit.
var errTooLarge = errors.New("response body too large")

// send sends the request and reads at most maxBody of the response.
func (v *verifier) send(ctx context.Context, out *outgoing) (int, http.Header, []byte, error) {
	var body io.Reader
	if out.body != nil {
		body = bytes.NewReader(out.body)
	}
	req, err := http.NewRequestWithContext(ctx, out.method, out.url.String(), body)
	if err != nil {
		return 0, nil, nil, err
	}
	req.Header = out.header.Clone()
	if h := req.Header.Get("Host"); h != "" {
		req.Host = h
	}
	resp, err := v.client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, v.s.maxBody+1))
	if err != nil {
		return 0, nil, nil, fmt.Errorf("reading the response body: %w", err)
	}
	if int64(len(data)) > v.s.maxBody {
		return 0, nil, nil, fmt.Errorf("%w: more than %d bytes", errTooLarge, v.s.maxBody)
	}
	return resp.StatusCode, resp.Header, data, nil
}

// bodyAllowed reports whether a response may have a body: not to HEAD, and
// not with 1xx, 204 or 304, whatever body the example saved. Nor is the
// Content-Type of a 1xx, 204 or 304 checked: net/http drops it from a 304.
func bodyAllowed(method string, status int) bool {
	return method != http.MethodHead && status >= 200 && status != http.StatusNoContent && status != http.StatusNotModified
}
