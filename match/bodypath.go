package match

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrBodyPath is what every BodyPathError is (errors.Is): an entry of
// Config.IgnoreBodyPaths that is not a supported gjson path.
var ErrBodyPath = errors.New("invalid ignored body path")

// BodyPathError says which entry of Config.IgnoreBodyPaths is unusable and
// why.
type BodyPathError struct {
	// Index is the entry's position in the list.
	Index int
	// Path is the entry as given.
	Path string
	// Reason says what is wrong with it.
	Reason string
}

// Error formats the error as `ignored body path [i] "path": reason`.
func (e *BodyPathError) Error() string {
	return fmt.Sprintf("ignored body path [%d] %q: %s", e.Index, e.Path, e.Reason)
}

// Is makes errors.Is(err, ErrBodyPath) true.
func (e *BodyPathError) Is(target error) bool { return target == ErrBodyPath }

// CheckBodyPaths validates Config.IgnoreBodyPaths: each entry must be a
// gjson path of the navigating kind — keys separated by '.', '\' escaping
// the next character, '*' and '?' wildcards within a key, a number for an
// array index (or a key of digits), '#' for every element of an array.
// gjson's queries (#(...)), modifiers (@...), multipaths ([...], {...}),
// literals (!...) and pipes select computed values, which cannot be left
// out of a body, so they are refused. Match skips entries that fail here;
// mock.New and Mock.SetConfig refuse them.
func CheckBodyPaths(paths []string) error {
	for i, p := range paths {
		if _, err := parseBodyPath(p); err != "" {
			return &BodyPathError{Index: i, Path: p, Reason: err}
		}
	}
	return nil
}

// pcomp is one component of an ignored body path.
type pcomp struct {
	any   bool   // '#': every element of an array
	index int    // array index when digits, else -1
	key   string // the key with escapes removed (matched literally when !glob)
	glob  []rune // the key as a glob when it has an unescaped * or ?
	meta  []bool // which glob runes are wildcards
}

// parseBodyPath splits a path into components, or returns why it cannot.
func parseBodyPath(p string) ([]pcomp, string) {
	if p == "" {
		return nil, "empty path"
	}
	switch p[0] {
	case '[', '{':
		return nil, "multipaths select new values and cannot be ignored"
	case '!':
		return nil, "literals select no part of the body"
	case '@':
		return nil, "modifiers select new values and cannot be ignored"
	}
	var comps []pcomp
	var key strings.Builder
	var glob []rune
	var meta []bool
	wild := false
	flush := func() string {
		raw := key.String()
		if len(glob) == 0 {
			return "empty component (two dots in a row, or a dot at an end)"
		}
		c := pcomp{index: -1, key: raw}
		switch {
		case wild:
			c.glob, c.meta = glob, meta
		case raw == "#" && meta[0]:
			c.any = true
		}
		if !wild && isDigits(raw) && len(raw) < 10 {
			n := 0
			for _, d := range raw {
				n = n*10 + int(d-'0')
			}
			c.index = n
		}
		comps = append(comps, c)
		key.Reset()
		glob, meta, wild = nil, nil, false
		return ""
	}
	for i := 0; i < len(p); {
		r, size := utf8.DecodeRuneInString(p[i:])
		switch {
		case r == '\\':
			i += size
			if i >= len(p) {
				return nil, "ends in a lone backslash"
			}
			r, size = utf8.DecodeRuneInString(p[i:])
			key.WriteRune(r)
			glob, meta = append(glob, r), append(meta, false)
		case r == '.':
			if err := flush(); err != "" {
				return nil, err
			}
		case r == '|':
			return nil, "pipes select new values and cannot be ignored"
		case r == '@' && len(glob) == 0:
			return nil, "modifiers select new values and cannot be ignored"
		case r == '#' && len(glob) == 0 && i+1 < len(p) && p[i+1] == '(':
			return nil, "queries (#(...)) are not supported; use # for every element"
		case r == '*' || r == '?':
			key.WriteRune(r)
			glob, meta, wild = append(glob, r), append(meta, true), true
		default:
			key.WriteRune(r)
			glob, meta = append(glob, r), append(meta, r == '#')
		}
		i += size
	}
	if err := flush(); err != "" {
		return nil, err
	}
	if comps[len(comps)-1].any {
		return nil, "a path ending in # counts elements; name the array itself to ignore it"
	}
	return comps, ""
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// ignoreSet is a call's ignored body paths, walked as the comparison
// descends: a state is a path and how many of its components the walk has
// matched; reaching the end of a path ignores the value there.
type ignoreSet struct {
	paths [][]pcomp
	root  []ignState
}

type ignState struct{ path, next int }

// newIgnoreSet parses the usable paths (nil when there are none).
func newIgnoreSet(paths []string) *ignoreSet {
	var s ignoreSet
	for _, p := range paths {
		if comps, err := parseBodyPath(p); err == "" {
			s.root = append(s.root, ignState{len(s.paths), 0})
			s.paths = append(s.paths, comps)
		}
	}
	if len(s.paths) == 0 {
		return nil
	}
	return &s
}

// key steps the states into an object member: the states inside it, and
// whether the member is ignored.
func (s *ignoreSet) key(st []ignState, k string) ([]ignState, bool) {
	return s.step(st, func(c *pcomp) bool {
		if c.glob != nil {
			return globMatch(c.glob, c.meta, k)
		}
		return !c.any && c.key == k
	})
}

// index steps the states into an array element.
func (s *ignoreSet) index(st []ignState, i int) ([]ignState, bool) {
	return s.step(st, func(c *pcomp) bool { return c.any || c.index == i })
}

func (s *ignoreSet) step(st []ignState, ok func(*pcomp) bool) ([]ignState, bool) {
	if s == nil || len(st) == 0 {
		return nil, false
	}
	var next []ignState
	for _, x := range st {
		comps := s.paths[x.path]
		if !ok(&comps[x.next]) {
			continue
		}
		if x.next+1 == len(comps) {
			return nil, true
		}
		next = append(next, ignState{x.path, x.next + 1})
	}
	return next, false
}

// globMatch matches s against a glob of literal runes and wildcards ('*'
// any run, '?' one rune), backtracking only to the last '*' (linear for
// one star, at most quadratic in general).
func globMatch(g []rune, meta []bool, s string) bool {
	rs := []rune(s)
	gi, si := 0, 0
	star, mark := -1, 0
	for si < len(rs) {
		switch {
		case gi < len(g) && meta[gi] && g[gi] == '*':
			star, mark = gi, si
			gi++
		case gi < len(g) && ((meta[gi] && g[gi] == '?') || (!meta[gi] && g[gi] == rs[si]) || (meta[gi] && g[gi] == rs[si])):
			gi++
			si++
		case star >= 0:
			gi = star + 1
			mark++
			si = mark
		default:
			return false
		}
	}
	for gi < len(g) && meta[gi] && g[gi] == '*' {
		gi++
	}
	return gi == len(g)
}
