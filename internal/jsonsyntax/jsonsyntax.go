// Package jsonsyntax checks that text is JSON without recursion, so that
// hostile input (megabytes of '[') cannot overflow a goroutine's stack,
// which is fatal in Go. The rules are those of encoding/json.Valid,
// including its nesting bound; like it, Valid does not check that the text
// is UTF-8 (callers that need it check on their own).
package jsonsyntax

import "math/bits"

// MaxNesting bounds how deeply arrays and objects may nest in valid text
// (the bound of encoding/json).
const MaxNesting = 10000

// Valid reports whether s is one JSON value (RFC 8259) with optional white
// space around it, nested at most MaxNesting deep. It keeps an explicit
// stack of one byte per open container and reads each byte once.
func Valid[T string | []byte](s T) bool {
	// stack holds, per open container, '{' or '['.
	var stack []byte
	i := skipSpace(s, 0)
	for {
		// A value starts at s[i].
		if i >= len(s) {
			return false
		}
		switch c := s[i]; c {
		case '{', '[':
			if len(stack) >= MaxNesting {
				return false
			}
			stack = append(stack, c)
			i = skipSpace(s, i+1)
			if i < len(s) && s[i] == c+2 { // '{'+2 == '}', '['+2 == ']'
				stack = stack[:len(stack)-1]
				i++
				break
			}
			if c == '{' {
				if i = objectKey(s, i); i < 0 {
					return false
				}
			}
			continue // the first member's value
		case '"':
			if i = validString(s, i); i < 0 {
				return false
			}
		case 't':
			if !hasLiteral(s, i, "true") {
				return false
			}
			i += 4
		case 'f':
			if !hasLiteral(s, i, "false") {
				return false
			}
			i += 5
		case 'n':
			if !hasLiteral(s, i, "null") {
				return false
			}
			i += 4
		default:
			if i = validNumber(s, i); i < 0 {
				return false
			}
		}
		// After a value: close containers, or go on to the next member.
		for {
			i = skipSpace(s, i)
			if len(stack) == 0 {
				return i == len(s)
			}
			if i >= len(s) {
				return false
			}
			open := stack[len(stack)-1]
			if s[i] == open+2 {
				stack = stack[:len(stack)-1]
				i++
				continue
			}
			if s[i] != ',' {
				return false
			}
			i = skipSpace(s, i+1)
			if open == '{' {
				if i = objectKey(s, i); i < 0 {
					return false
				}
			}
			break
		}
	}
}

// objectKey reads `"key" :` starting at s[i] and returns the index of the
// member's value, or -1.
func objectKey[T string | []byte](s T, i int) int {
	if i >= len(s) || s[i] != '"' {
		return -1
	}
	if i = validString(s, i); i < 0 {
		return -1
	}
	i = skipSpace(s, i)
	if i >= len(s) || s[i] != ':' {
		return -1
	}
	return skipSpace(s, i+1)
}

func hasLiteral[T string | []byte](s T, i int, lit string) bool {
	if len(s)-i < len(lit) {
		return false
	}
	for k := range len(lit) {
		if s[i+k] != lit[k] {
			return false
		}
	}
	return true
}

// stringStop marks the bytes at which a string scan must look closer: the
// quote, the backslash and the control characters JSON forbids raw.
var stringStop = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// validString checks the string whose opening quote is s[i] and returns
// the index just past its closing quote, or -1.
func validString[T string | []byte](s T, i int) int {
	for i++; i < len(s); i++ {
		if i = stringStop8(s, i); i >= len(s) {
			break
		}
		c := s[i]
		if !stringStop[c] {
			continue
		}
		switch {
		case c == '"':
			return i + 1
		case c < 0x20:
			return -1
		}
		// A backslash.
		i++
		if i >= len(s) {
			return -1
		}
		switch s[i] {
		case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		case 'u':
			if len(s)-i < 5 || !isHex(s[i+1]) || !isHex(s[i+2]) || !isHex(s[i+3]) || !isHex(s[i+4]) {
				return -1
			}
			i += 4
		default:
			return -1
		}
	}
	return -1
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// validNumber checks the number starting at s[i] and returns the index just
// past it, or -1: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func validNumber[T string | []byte](s T, i int) int {
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i >= len(s):
		return -1
	case s[i] == '0':
		i++
	case s[i] >= '1' && s[i] <= '9':
		i = skipDigits(s, i+1)
	default:
		return -1
	}
	if i < len(s) && s[i] == '.' {
		j := skipDigits(s, i+1)
		if j == i+1 {
			return -1
		}
		i = j
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		j := skipDigits(s, i)
		if j == i {
			return -1
		}
		i = j
	}
	return i
}

func skipDigits[T string | []byte](s T, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

func skipSpace[T string | []byte](s T, i int) int {
	for i < len(s) && isSpace[s[i]] {
		i++
	}
	return i
}

// isSpace marks JSON's white space.
var isSpace = [256]bool{' ': true, '\t': true, '\n': true, '\r': true}

// Masks of the lowest and the highest bit of each byte of a word.
const (
	lsb = 0x0101010101010101
	msb = 0x8080808080808080
)

// stringStop8 returns the index of the first byte of s from i on that is a
// quote, a backslash or below 0x20, reading eight bytes at a time (strings
// in collections are mostly long plain runs); when there is none it stops
// at the last k < 8 bytes, len(s) - k, for a byte-wise scan.
func stringStop8[T string | []byte](s T, i int) int {
	for ; i+8 <= len(s); i += 8 {
		x := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		q := x ^ (lsb * '"')
		b := x ^ (lsb * '\\')
		// (v-lsb)&^v marks each zero byte of v (and (x-lsb*0x20)&^x each
		// byte below 0x20); bytes above a marked one may be marked too, so
		// only the lowest mark is sure, and it is the one taken.
		if m := ((q-lsb)&^q | (b-lsb)&^b | (x-lsb*0x20)&^x) & msb; m != 0 {
			return i + bits.TrailingZeros64(m)>>3
		}
	}
	return i
}
