package mock

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/postmock/postmock/match"
)

// Config is a mock's configuration: the matching switches and a delay. The
// zero value is Postman's defaults: query parameters scored, {{var}}
// wildcards on, body and header matching off, no delay.
type Config struct {
	// MatchBody turns body matching on for every call.
	MatchBody bool
	// IgnoreQueryParams turns query scoring off (Postman's
	// matchQueryParams: false).
	IgnoreQueryParams bool
	// IgnoreWildcards makes unresolved {{var}} path segments literal text
	// (Postman's matchWildcards: false).
	IgnoreWildcards bool
	// PreferSuccess lets a 2xx example win a score tie against non-2xx
	// ones when a call sends no x-mock-response-code (see
	// match.Config.PreferSuccess). Off is Postman's behaviour.
	PreferSuccess bool
	// SkipSteps takes rungs off the path-score ladder; match.FuzzySteps is
	// exact mode: exact paths, trailing slashes and {{var}} wildcards only
	// (see match.Config.SkipSteps). The zero value skips nothing.
	SkipSteps match.Steps
	// Headers names request headers that must match for every call.
	Headers []string
	// SubsetBody compares bodies in subset mode when body matching is on
	// (see match.Config.SubsetBody): the example's fields must be in the
	// request, which may send more; {{name}} placeholders in its JSON
	// match any value and render in the response.
	SubsetBody bool
	// IgnoreBodyPaths lists gjson paths left out of body comparison (see
	// match.Config.IgnoreBodyPaths); New and SetConfig refuse unusable ones.
	IgnoreBodyPaths []string
	// Delay is applied before every response (0 = none; at most MaxDelay).
	Delay time.Duration
	// DefaultHeaders are x-mock-* request headers applied to every call
	// that does not send that header itself: x-mock-response-code, -id,
	// -name and -delay, x-mock-match-request-body and
	// x-mock-match-request-headers (any other name is ErrInvalidConfig). A
	// call's own header wins whenever it is present, even with an empty
	// value (an empty x-mock-match-request-headers turns header matching off
	// for that call, docs/matching.md#default-headers). The call log records the headers the
	// matcher saw: those the call sent plus the defaults that applied. The
	// caller's request is never changed.
	DefaultHeaders http.Header
}

// defaultableHeaders are the header names Config.DefaultHeaders may set.
var defaultableHeaders = map[string]bool{
	match.HeaderResponseCode: true, match.HeaderResponseID: true, match.HeaderResponseName: true,
	HeaderResponseDelay: true, match.HeaderMatchRequestBody: true, match.HeaderMatchHeaders: true,
}

// MatchConfig is the part of c that decides which example answers a call,
// as package match takes it (for Index.Match, Explain and Ties).
func (c Config) MatchConfig() match.Config {
	return match.Config{MatchBody: c.MatchBody, IgnoreQueryParams: c.IgnoreQueryParams,
		IgnoreWildcards: c.IgnoreWildcards, PreferSuccess: c.PreferSuccess, SkipSteps: c.SkipSteps,
		Headers: c.Headers, SubsetBody: c.SubsetBody, IgnoreBodyPaths: c.IgnoreBodyPaths}
}

// ErrInvalidConfig is returned for a configuration out of range.
var ErrInvalidConfig = errors.New("invalid mock config")

func validateConfig(c Config) error {
	if c.Delay < 0 || c.Delay > MaxDelay {
		return fmt.Errorf("%w: delay %v outside 0–%v", ErrInvalidConfig, c.Delay, MaxDelay)
	}
	if err := match.CheckBodyPaths(c.IgnoreBodyPaths); err != nil {
		return fmt.Errorf("%w: %w", ErrInvalidConfig, err)
	}
	for k, vs := range c.DefaultHeaders {
		if err := validateDefaultHeader(k, vs); err != nil {
			return err
		}
	}
	return nil
}

// Validate reports whether New and SetConfig would take c: an
// ErrInvalidConfig error saying what is wrong, else nil.
func (c Config) Validate() error { return validateConfig(c) }

// validateDefaultHeader checks one default request header: a name the
// matcher reads and values it would act on, so that a typo fails at
// start-up instead of making every call a 404.
func validateDefaultHeader(name string, values []string) error {
	canon := http.CanonicalHeaderKey(strings.TrimSpace(name))
	if !defaultableHeaders[canon] {
		return fmt.Errorf("%w: default header %q: only x-mock-response-code, x-mock-response-id, x-mock-response-name, x-mock-response-delay, x-mock-match-request-body and x-mock-match-request-headers may be set", ErrInvalidConfig, name)
	}
	if len(values) == 0 {
		return fmt.Errorf("%w: default header %s has no value", ErrInvalidConfig, canon)
	}
	for _, v := range values {
		if !validHeaderValue(v) {
			return fmt.Errorf("%w: default header %s: value %q has control characters", ErrInvalidConfig, canon, v)
		}
		v = strings.TrimSpace(v)
		switch canon {
		case match.HeaderResponseCode:
			if n, err := strconv.Atoi(v); err != nil || n < 100 || n > 599 {
				return fmt.Errorf("%w: default header %s: %q is not an integer 100-599", ErrInvalidConfig, canon, v)
			}
		case HeaderResponseDelay:
			if n, err := strconv.Atoi(v); err != nil || n < 1 || n > 180000 {
				return fmt.Errorf("%w: default header %s: %q is not an integer 1-180000 (milliseconds)", ErrInvalidConfig, canon, v)
			}
		case match.HeaderMatchRequestBody:
			if !strings.EqualFold(v, "true") && !strings.EqualFold(v, "false") && !strings.EqualFold(v, "subset") {
				return fmt.Errorf("%w: default header %s: %q is not true, false or subset", ErrInvalidConfig, canon, v)
			}
		case match.HeaderResponseID, match.HeaderResponseName:
			if v == "" {
				return fmt.Errorf("%w: default header %s is empty", ErrInvalidConfig, canon)
			}
		}
	}
	return nil
}

// validHeaderValue reports whether v may be a header value: no control
// characters but tab.
func validHeaderValue(v string) bool {
	for i := 0; i < len(v); i++ {
		if c := v[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return false
		}
	}
	return true
}

// normalize returns c with its own copies of the slices and maps a caller
// could change later, and the default headers' names in canonical form.
func (c Config) normalize() Config {
	c.Headers = append([]string(nil), c.Headers...)
	c.IgnoreBodyPaths = append([]string(nil), c.IgnoreBodyPaths...)
	if len(c.DefaultHeaders) == 0 {
		c.DefaultHeaders = nil
		return c
	}
	h := make(http.Header, len(c.DefaultHeaders))
	for k, vs := range c.DefaultHeaders {
		k = http.CanonicalHeaderKey(strings.TrimSpace(k))
		h[k] = append(h[k], vs...)
	}
	c.DefaultHeaders = h
	return c
}

// withDefaults returns r itself when every default header is sent (or there
// are none), else a shallow copy whose Header is the call's headers plus
// the defaults it lacks: the caller's request and header map stay as they
// are (under Transport they are the client's own).
func withDefaults(r *http.Request, defaults http.Header) *http.Request {
	var h http.Header
	for k, vs := range defaults {
		if _, sent := r.Header[k]; sent {
			continue
		}
		if h == nil {
			h = make(http.Header, len(r.Header)+len(defaults))
			for k2, v2 := range r.Header {
				h[k2] = v2
			}
		}
		h[k] = vs
	}
	if h == nil {
		return r
	}
	r2 := new(http.Request)
	*r2 = *r
	r2.Header = h
	return r2
}

// Config returns the current configuration.
func (m *Mock) Config() Config { return *m.cfg.Load() }
