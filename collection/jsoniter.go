package collection

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/postmock/postmock/internal/jsonsyntax"
)

// This file holds the loader's own walk over JSON that gjson has already
// validated. gjson's ForEach finds the end of every member by scanning it
// byte by byte, so a value nested n levels deep is scanned n times. Here one
// pass (index) records where each large object and array ends, so the walk
// skips them without scanning; strings are skipped with strings.IndexByte
// and unescaped with one allocation. The values are gjson.Result values
// equal to those of gjson's ForEach (except Index, which holds a container's
// offset in the document), so the rest of the loader reads them as usual.

// maxNesting bounds how deeply arrays and objects may nest in an input (the
// bound of encoding/json, which the syntax check applies too). The loader's
// walk recurses into nested values, so without a bound a few megabytes of
// '[' would overflow the goroutine stack, which is fatal, not a panic.
const maxNesting = jsonsyntax.MaxNesting

// minIndexed is the size from which index records where a container ends;
// smaller ones are skipped by scanning them.
const minIndexed = 16

// doc is an input text with the end of every object and array of at least
// minIndexed bytes in it, found in one pass (index), so that walking the
// tree skips nested values without scanning them again.
type doc struct {
	s      string
	opens  []int // offsets of '{' and '[' in document order
	closes []int // for each of opens, the offset just past its match
	// last is the position in opens of the container found last. A walk
	// goes in document order, so the next container it asks for is most
	// often the one after. A doc is not safe for concurrent use: each
	// goroutine walks its own view.
	last int
	// Views are allocated side by side, and each worker writes its last
	// on every step while the next view's fields are read on another
	// core: without this gap they share a cache line, which cost about a
	// seventh of a large load (bench/README.md, false sharing).
	_ [cacheLine]byte
}

// cacheLine is the gap, in bytes, that keeps the state one worker writes
// off the cache lines of the state beside it in memory (64-byte lines on
// amd64 and most arm64).
const cacheLine = 64

// view returns a doc sharing d's text and table, for another goroutine.
func (d *doc) view() *doc {
	v := *d
	v.last = 0
	return &v
}

// index scans s once, outside strings, and records where each object and
// array ends. It fails (false) when they nest deeper than maxNesting. It needs
// no recursion and is safe on any input; on invalid JSON the table is
// meaningless, so callers validate before walking.
func index(s string) (*doc, bool) {
	// Collections hold a container per 50 to 500 bytes; room for one per
	// 64 saves growing the table (the memory behind capacity never used
	// is not touched).
	n := len(s)/64 + 16
	d := &doc{s: s, opens: make([]int, 0, n), closes: make([]int, 0, n)}
	stack := make([]int, 0, 64)
	for i := 0; i < len(s); {
		if !structural[s[i]] {
			i++
			continue
		}
		switch s[i] {
		case '"':
			i = stringEnd(s, i)
			continue
		case '{', '[':
			if len(stack) >= maxNesting {
				return nil, false
			}
			stack = append(stack, len(d.opens))
			d.opens = append(d.opens, i)
			d.closes = append(d.closes, len(s))
		case '}', ']':
			if n := len(stack); n > 0 {
				k := stack[n-1]
				stack = stack[:n-1]
				if i+1-d.opens[k] < minIndexed && k == len(d.opens)-1 {
					// Small: forget it (its children, smaller still, are
					// already forgotten); skipping it by scanning is cheap.
					d.opens, d.closes = d.opens[:k], d.closes[:k]
				} else {
					d.closes[k] = i + 1
				}
			}
		}
		i++
	}
	return d, true
}

// structural marks the bytes index acts on outside strings.
var structural = [256]bool{'"': true, '{': true, '[': true, '}': true, ']': true}

// root returns the top-level value of the document.
func (d *doc) root() gjson.Result {
	i := skipSpace(d.s, 0)
	v, _ := d.valueAt(d.s, i, 0)
	return v
}

// end returns the offset just past the object or array that starts at
// document offset off.
func (d *doc) end(off int) int {
	if d == nil {
		return -1
	}
	if k := d.last + 1; k < len(d.opens) && d.opens[k] == off {
		d.last = k
		return d.closes[k]
	}
	if k, ok := slices.BinarySearch(d.opens, off); ok {
		d.last = k
		return d.closes[k]
	}
	return -1
}

// each calls fn for every member of an object (key and value) or element of
// an array (zero key and value), in order, until fn returns false. Other
// values are not iterated. v must come from d (its Index is its offset).
func (d *doc) each(v gjson.Result, fn func(key, value gjson.Result) bool) {
	s := v.Raw
	i := skipSpace(s, 0)
	if v.Type != gjson.JSON || i >= len(s) || (s[i] != '{' && s[i] != '[') {
		return
	}
	obj := s[i] == '{'
	i++
	for {
		i = skipSpace(s, i)
		if i < len(s) && s[i] == ',' {
			i = skipSpace(s, i+1)
		}
		if i >= len(s) || s[i] == '}' || s[i] == ']' {
			return
		}
		var key gjson.Result
		if obj {
			if s[i] != '"' {
				return
			}
			end := stringEnd(s, i)
			key = stringResult(s[i:end])
			i = skipSpace(s, end)
			if i >= len(s) || s[i] != ':' {
				return
			}
			i = skipSpace(s, i+1)
		}
		val, end := d.valueAt(s, i, v.Index)
		if end <= i {
			return
		}
		i = end
		if !fn(key, val) {
			return
		}
	}
}

// member returns the value of the first member named key of object v, as
// gjson's Get does for a plain key; a zero Result when there is none.
func (d *doc) member(v gjson.Result, key string) gjson.Result {
	var out gjson.Result
	d.each(v, func(k, f gjson.Result) bool {
		if k.Str == key {
			out = f
			return false
		}
		return true
	})
	return out
}

// valueAt reads the value starting at s[i] and returns it with the index
// just past it; end == i when s[i] starts no value. s starts at document
// offset base; containers get their document offset as Index.
func (d *doc) valueAt(s string, i, base int) (gjson.Result, int) {
	if i >= len(s) {
		return gjson.Result{}, i
	}
	switch c := s[i]; c {
	case '"':
		end := stringEnd(s, i)
		return stringResult(s[i:end]), end
	case '{', '[':
		end := d.end(base+i) - base
		if end <= i || end > len(s) {
			end = skipContainer(s, i)
		}
		return gjson.Result{Type: gjson.JSON, Raw: s[i:end], Index: base + i}, end
	case 't':
		end := min(i+4, len(s))
		return gjson.Result{Type: gjson.True, Raw: s[i:end]}, end
	case 'f':
		end := min(i+5, len(s))
		return gjson.Result{Type: gjson.False, Raw: s[i:end]}, end
	case 'n':
		end := min(i+4, len(s))
		return gjson.Result{Type: gjson.Null, Raw: s[i:end]}, end
	default:
		if c != '-' && (c < '0' || c > '9') {
			return gjson.Result{}, i
		}
		end := i + 1
		for end < len(s) && numberByte(s[end]) {
			end++
		}
		raw := s[i:end]
		n, _ := strconv.ParseFloat(raw, 64)
		return gjson.Result{Type: gjson.Number, Raw: raw, Num: n}, end
	}
}

func numberByte(c byte) bool {
	return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-'
}

func skipSpace(s string, i int) int {
	for i < len(s) && isSpace[s[i]] {
		i++
	}
	return i
}

// isSpace marks JSON's white space.
var isSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// stringEnd returns the index just past the closing quote of the string
// whose opening quote is s[i] (len(s) when it is unterminated).
func stringEnd(s string, i int) int {
	j := i + 1
	for {
		k := strings.IndexByte(s[j:], '"')
		if k < 0 {
			return len(s)
		}
		q := j + k
		n := 0
		for b := q - 1; b > i && s[b] == '\\'; b-- {
			n++
		}
		if n%2 == 0 {
			return q + 1
		}
		j = q + 1
	}
}

// skipContainer returns the index just past the object or array that starts
// at s[i] (len(s) when it is unterminated).
func skipContainer(s string, i int) int {
	depth := 0
	for i < len(s) {
		if !structural[s[i]] {
			i++
			continue
		}
		switch s[i] {
		case '"':
			i = stringEnd(s, i)
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
		i++
	}
	return len(s)
}

// stringResult makes the Result of a JSON string token (quotes included).
func stringResult(raw string) gjson.Result {
	if len(raw) < 2 {
		return gjson.Result{Type: gjson.String, Raw: raw}
	}
	body := raw[1 : len(raw)-1]
	if strings.IndexByte(body, '\\') < 0 {
		return gjson.Result{Type: gjson.String, Raw: raw, Str: body}
	}
	return gjson.Result{Type: gjson.String, Raw: raw, Str: unescape(body)}
}

// unescape decodes the escapes of a JSON string body with one allocation,
// with gjson's rules: a lone surrogate becomes U+FFFD and decoding stops at a
// malformed escape. The body comes from validated JSON, so it holds no raw
// control characters.
func unescape(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' {
			// Copy the run up to the next backslash at once.
			j := strings.IndexByte(s[i:], '\\')
			if j < 0 {
				j = len(s) - i
			}
			b.WriteString(s[i : i+j])
			i += j - 1
			continue
		}
		i++
		if i >= len(s) {
			return b.String()
		}
		switch s[i] {
		case '\\', '/', '"':
			b.WriteByte(s[i])
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			if i+5 > len(s) {
				return b.String()
			}
			r := hexRune(s[i+1 : i+5])
			i += 5
			if utf16.IsSurrogate(r) && len(s[i:]) >= 6 && s[i] == '\\' && s[i+1] == 'u' {
				r = utf16.DecodeRune(r, hexRune(s[i+2:i+6]))
				i += 6
			}
			var buf [utf8.UTFMax]byte
			n := utf8.EncodeRune(buf[:], r)
			b.Write(buf[:n])
			i-- // the loop's i++ moves to the next byte
		default:
			return b.String()
		}
	}
	return b.String()
}

// hexRune reads four hex digits (0 when they are not hex, as gjson does).
func hexRune(s string) rune {
	n, _ := strconv.ParseUint(s, 16, 64)
	return rune(n)
}
