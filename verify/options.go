package verify

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/postmock/postmock/collection"
)

// ErrInvalidOption is wrapped by the error Run returns when an option is
// unusable (a codes list that does not parse, an unknown body mode, a base URL
// that is not http or https); nothing has been sent then.
var ErrInvalidOption = errors.New("invalid verify option")

// BodyMode says how a response body is compared with the example's.
type BodyMode string

// Body modes (docs/verify.md#body-modes).
const (
	// BodyShape (the default): a JSON example's values must have the same
	// JSON types at the same places in the response; members the example
	// does not have are allowed, arrays are checked by their elements'
	// shapes, and a null on either side fits any type.
	BodyShape BodyMode = "shape"
	// BodySubset: the example's members and values must be in the response;
	// it may have more members.
	BodySubset BodyMode = "subset"
	// BodyExact: the response body must equal the example's (JSON compared
	// as values, key order ignored).
	BodyExact BodyMode = "exact"
	// BodyNone: the body is not compared.
	BodyNone BodyMode = "none"
)

// Defaults of the options.
const (
	DefaultParallel = 4
	DefaultTimeout  = 10 * time.Second
	// DefaultMaxBody is the most of a response body read; a larger body
	// fails its example rather than being buffered.
	DefaultMaxBody = 10 << 20
)

// DefaultMethods are the methods sent unless Methods says otherwise: the
// ones that should not change data on the service.
var DefaultMethods = []string{http.MethodGet, http.MethodHead, http.MethodOptions}

// Option changes how Run and Test verify a collection.
type Option func(*settings)

type settings struct {
	env      *collection.Environment
	header   http.Header
	only     []string
	codes    string
	methods  []string
	body     BodyMode
	parallel int
	timeout  time.Duration
	maxBody  int64
	seed     uint64
	seeded   bool
}

// Environment resolves {{variables}} with env over the collection's own.
func Environment(env *collection.Environment) Option {
	return func(s *settings) { s.env = env }
}

// Header sends name: value with every request, in place of a header of that
// name the example has (an Authorization for the service, say). Repeat it for
// more headers; the same name twice sends both values.
func Header(name, value string) Option {
	return func(s *settings) {
		if s.header == nil {
			s.header = http.Header{}
		}
		s.header.Add(name, value)
	}
}

// Only selects the examples under a folder or of a request item: name is a
// folder's name, an item's name, an item's full name ("Users / Get user") or
// a slash-separated path of folders and item ("Users/Get user"). Repeat it to
// select several; without it every example is selected.
func Only(name string) Option {
	return func(s *settings) { s.only = append(s.only, name) }
}

// Codes selects the examples by status code: a comma-separated list of codes
// and classes, such as "2xx" or "200,404,5xx" (see ParseCodes).
func Codes(list string) Option { return func(s *settings) { s.codes = list } }

// Methods sets the methods sent (default DefaultMethods); examples of other
// methods are reported as skipped. Names are case-insensitive.
func Methods(methods ...string) Option {
	return func(s *settings) {
		s.methods = s.methods[:0]
		for _, m := range methods {
			s.methods = append(s.methods, strings.ToUpper(strings.TrimSpace(m)))
		}
	}
}

// Body sets the body comparison (default BodyShape).
func Body(mode BodyMode) Option { return func(s *settings) { s.body = mode } }

// Parallel sets how many requests are in flight at once (default
// DefaultParallel); values below 1 mean 1.
func Parallel(n int) Option { return func(s *settings) { s.parallel = n } }

// Timeout bounds each request, its response body included (default
// DefaultTimeout).
func Timeout(d time.Duration) Option { return func(s *settings) { s.timeout = d } }

// MaxBody sets the most of a response body read (default DefaultMaxBody).
func MaxBody(n int64) Option { return func(s *settings) { s.maxBody = n } }

// Seed makes the dynamic variables sent ({{$guid}}, {{$randomInt}}, ...)
// reproducible; without it each run draws new values.
func Seed(seed uint64) Option {
	return func(s *settings) { s.seed, s.seeded = seed, true }
}

func newSettings(opts []Option) (*settings, error) {
	s := &settings{body: BodyShape, parallel: DefaultParallel, timeout: DefaultTimeout, maxBody: DefaultMaxBody}
	s.methods = slices.Clone(DefaultMethods)
	for _, o := range opts {
		if o != nil {
			o(s)
		}
	}
	switch s.body {
	case BodyShape, BodySubset, BodyExact, BodyNone:
	case "":
		s.body = BodyShape
	default:
		return nil, fmt.Errorf("%w: body mode %q: want shape, subset, exact or none", ErrInvalidOption, s.body)
	}
	if s.parallel < 1 {
		s.parallel = 1
	}
	if s.timeout <= 0 {
		s.timeout = DefaultTimeout
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBody
	}
	if len(s.methods) == 0 {
		return nil, fmt.Errorf("%w: no methods to send", ErrInvalidOption)
	}
	for _, m := range s.methods {
		if m == "" || strings.ContainsAny(m, " \t/") {
			return nil, fmt.Errorf("%w: method %q", ErrInvalidOption, m)
		}
	}
	if _, err := ParseCodes(s.codes); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrInvalidOption, err)
	}
	return s, nil
}

// CodeSet is a set of status codes parsed by ParseCodes; the zero value
// holds every code.
type CodeSet struct {
	codes   []int
	classes []int // 1 for 1xx ... 5xx
}

// ParseCodes parses a comma-separated list of status codes (100-999) and
// classes ("2xx", case-insensitive), spaces allowed around the commas. The
// empty string is the set of every code.
func ParseCodes(list string) (CodeSet, error) {
	var cs CodeSet
	if strings.TrimSpace(list) == "" {
		return cs, nil
	}
	for part := range strings.SplitSeq(list, ",") {
		p := strings.ToLower(strings.TrimSpace(part))
		switch {
		case len(p) == 3 && p[0] >= '1' && p[0] <= '9' && p[1:] == "xx":
			cs.classes = append(cs.classes, int(p[0]-'0'))
		case len(p) == 3:
			n, err := strconv.Atoi(p)
			if err != nil || n < 100 {
				return CodeSet{}, fmt.Errorf("codes %q: %q is not a status code or class such as 404 or 2xx", list, strings.TrimSpace(part))
			}
			cs.codes = append(cs.codes, n)
		default:
			return CodeSet{}, fmt.Errorf("codes %q: %q is not a status code or class such as 404 or 2xx", list, strings.TrimSpace(part))
		}
	}
	return cs, nil
}

// Contains reports whether code is in the set.
func (cs CodeSet) Contains(code int) bool {
	if len(cs.codes) == 0 && len(cs.classes) == 0 {
		return true
	}
	return slices.Contains(cs.codes, code) || slices.Contains(cs.classes, code/100)
}
