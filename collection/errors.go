package collection

import (
	"errors"
	"strconv"
	"strings"
)

// Sentinel errors. Every error returned by this package wraps one of them, so
// callers can tell the cases apart with errors.Is.
var (
	// ErrSyntax: the input is not valid JSON (or not UTF-8 text).
	ErrSyntax = errors.New("not valid JSON")
	// ErrNotCollection: valid JSON that is not a Postman collection (an
	// environment, an OpenAPI document, an array...).
	ErrNotCollection = errors.New("not a Postman collection")
	// ErrNotEnvironment: valid JSON that is not a Postman environment.
	ErrNotEnvironment = errors.New("not a Postman environment")
	// ErrUnsupportedVersion: a collection in a format this package does not
	// load (the v1 layout).
	ErrUnsupportedVersion = errors.New("unsupported collection format")
	// ErrInvalid: a collection or environment with a wrong type or a missing
	// field at some JSON path; with Strict, also any diagnostic.
	ErrInvalid = errors.New("invalid collection")
	// ErrTooLarge: the input exceeds the size or depth limit.
	ErrTooLarge = errors.New("input too large")
)

// Error is a load error: what was wrong (Message) and where (Path, a JSON path
// such as "item[2].item[0].response[1].code", or for text that is not JSON,
// Line, Column and Offset). It wraps one of the package's sentinel errors
// (Kind).
type Error struct {
	Path    string // JSON path of the offending value; "" for the whole input
	Message string // what was wrong
	Kind    error  // one of the sentinel errors

	// Line and Column (1-based; the column counts runes, not bytes) and
	// Offset (0-based, in bytes, after any byte-order mark) locate a fault
	// in text that is not JSON or not UTF-8; Line is 0 when the error has
	// no position in the text.
	Line, Column, Offset int
}

// Error formats the error as "path: message".
func (e *Error) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

// Unwrap returns the sentinel error (Kind).
func (e *Error) Unwrap() error { return e.Kind }

// jpath is a JSON path built lazily: nodes are cheap to create and the string
// form is only built for errors and for the items and examples that keep it.
type jpath struct {
	parent *jpath
	key    string // member name; "" for an array index
	idx    int
}

func (p *jpath) field(key string) *jpath { return &jpath{parent: p, key: key} }
func (p *jpath) index(i int) *jpath      { return &jpath{parent: p, idx: i} }

func (p *jpath) String() string {
	// Every item and example keeps its path: size the text first, so that
	// building it allocates once, and find each node by walking up from p
	// (paths are a few levels deep) rather than collecting pointers to
	// them, so that callers' nodes can live on their stacks.
	size, depth := 0, 0
	for n := p; n.named(); n = n.parent {
		depth++
		if n.key != "" {
			size += len(n.key) + 1
		} else {
			size += 2 + digits(n.idx)
		}
	}
	var b strings.Builder
	b.Grow(size)
	for k := depth - 1; k >= 0; k-- {
		n := p
		for range k {
			n = n.parent
		}
		if n.key != "" {
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(n.key)
		} else {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(n.idx))
			b.WriteByte(']')
		}
	}
	return b.String()
}

// named reports whether p is a node of a path (not nil, not the root).
func (p *jpath) named() bool { return p != nil && (p.key != "" || p.parent != nil) }

// digits is the length of strconv.Itoa(n).
func digits(n int) int {
	d := 1
	if n < 0 {
		d, n = 2, -n
	}
	for ; n >= 10; n /= 10 {
		d++
	}
	return d
}
