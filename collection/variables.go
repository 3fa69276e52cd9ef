package collection

import (
	"slices"
	"strings"
)

// MaxResolvePasses is how many substitution passes Resolve makes at most, as
// Postman's SDK does; chains longer than this, and cycles, stay unresolved.
const MaxResolvePasses = 19

// maxResolvedLen bounds the text a resolution may grow to, so that variables
// that double at every pass cannot exhaust memory. Past it, resolution stops
// and the remaining tokens stay literal.
const maxResolvedLen = 1 << 20

// Resolver resolves {{name}} tokens against the two scopes a mock has: the
// environment (if any) over the collection variables. Disabled entries are
// skipped; among duplicate keys the last enabled one wins. A Resolver is
// immutable and safe for concurrent use.
type Resolver struct {
	vars map[string]string
}

// NewResolver builds the resolver for a collection and an optional
// environment (nil for none).
func NewResolver(c *Collection, env *Environment) *Resolver {
	r := &Resolver{vars: make(map[string]string)}
	if c != nil {
		for _, v := range c.Variables {
			if !v.Disabled {
				r.vars[v.Key] = v.Value
			}
		}
	}
	if env != nil {
		for _, v := range env.Values {
			if !v.Disabled {
				r.vars[v.Key] = v.Value
			}
		}
	}
	return r
}

// Lookup returns the value of a variable and whether it is defined.
func (r *Resolver) Lookup(name string) (string, bool) {
	if r == nil {
		return "", false
	}
	v, ok := r.vars[name]
	return v, ok
}

// Resolve replaces every {{name}} token whose name is defined, repeating
// while a pass replaced something (at most MaxResolvePasses passes), so that
// chains and composed names ({{host_{{env}}}}) resolve. Tokens that name
// nothing, and cycles, stay as they are.
func (r *Resolver) Resolve(s string) string {
	return r.ResolveFunc(s, nil)
}

// ResolveFunc is Resolve with a fallback: names the resolver does not define
// are passed to extra (if non-nil), which returns a value and true to replace
// the token. Mocks use it for captures, dynamic variables and helpers.
func (r *Resolver) ResolveFunc(s string, extra func(name string) (string, bool)) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	for range MaxResolvePasses {
		out, changed := r.pass(s, extra)
		if !changed {
			break
		}
		s = out
		if len(s) > maxResolvedLen {
			break
		}
	}
	return s
}

// pass makes one substitution pass over s.
func (r *Resolver) pass(s string, extra func(string) (string, bool)) (string, bool) {
	var b strings.Builder
	changed := false
	last := 0
	for i := 0; i+1 < len(s); {
		if s[i] != '{' || s[i+1] != '{' {
			i++
			continue
		}
		j := i + 2
		for j < len(s) && s[j] != '{' && s[j] != '}' {
			j++
		}
		if j+1 >= len(s) || s[j] != '}' || s[j+1] != '}' {
			i++
			continue
		}
		name := s[i+2 : j]
		val, ok := r.Lookup(name)
		if !ok && extra != nil {
			val, ok = extra(name)
		}
		if ok {
			if b.Len()+len(val) > maxResolvedLen {
				break
			}
			b.WriteString(s[last:i])
			b.WriteString(val)
			last = j + 2
			changed = true
		}
		i = j + 2
	}
	if !changed {
		return s, false
	}
	b.WriteString(s[last:])
	return b.String(), true
}

// Tokens returns the names of the {{name}} tokens in s, in order, repeats
// included.
func Tokens(s string) []string {
	var names []string
	for i := 0; i+1 < len(s); {
		if s[i] != '{' || s[i+1] != '{' {
			i++
			continue
		}
		j := i + 2
		for j < len(s) && s[j] != '{' && s[j] != '}' {
			j++
		}
		if j+1 < len(s) && s[j] == '}' && s[j+1] == '}' {
			names = append(names, s[i+2:j])
			i = j + 2
			continue
		}
		i++
	}
	return names
}

// ResolvedURL is an example's URL after Postman's pipeline: path variables
// rewritten, {{variables}} resolved in the whole URL text, and the result
// parsed again. Tokens that stayed unresolved are wildcards in matching.
type ResolvedURL struct {
	// Text is the resolved URL text.
	Text string
	// Path holds the path segments (still percent-encoded as written; [""]
	// for an empty path).
	Path []string
	// Query lists the enabled query parameters with non-null keys.
	Query []QueryParam
	// Unresolved names the tokens left in the path and query, in order.
	Unresolved []string
	// PathVariables names the valueless ":name" path variables among
	// Unresolved: wildcards by declaration (docs/collections.md#path-variables),
	// not variables some scope forgot to define.
	PathVariables []string
}

// Undefined returns the names of Unresolved that are not PathVariables:
// the variables no scope defines, which a warning should name.
func (u ResolvedURL) Undefined() []string {
	if len(u.PathVariables) == 0 {
		return u.Unresolved
	}
	var out []string
	for _, n := range u.Unresolved {
		if !slices.Contains(u.PathVariables, n) {
			out = append(out, n)
		}
	}
	return out
}

// ResolveURL runs an example URL through the pipeline of the collection
// format: take the URL (fields beat raw), rewrite its ":name" segments,
// resolve {{...}} in the whole text, then parse the result again. A valueless
// ":name" stays the wildcard {{name}} even when a variable has that name.
func (r *Resolver) ResolveURL(u *URL) ResolvedURL {
	return r.ResolveURLKey(u.ResolveKey())
}

// ResolveURLKey is ResolveURL of the URLs whose URL.ResolveKey is key.
func (r *Resolver) ResolveURLKey(key string) ResolvedURL {
	text := r.Resolve(key)
	var pathVars []string
	if strings.Contains(text, "{{"+keptToken) {
		for _, n := range Tokens(text) {
			if n, ok := strings.CutPrefix(n, keptToken); ok && !slices.Contains(pathVars, n) {
				pathVars = append(pathVars, n)
			}
		}
		text = strings.ReplaceAll(text, "{{"+keptToken, "{{")
	}
	p := ParseURL(text)
	out := ResolvedURL{Text: text, Path: p.Path, PathVariables: pathVars}
	if len(out.Path) == 0 {
		out.Path = []string{""}
	}
	for _, q := range p.Query {
		if q.KeyNull {
			continue
		}
		out.Query = append(out.Query, q)
	}
	for _, seg := range out.Path {
		out.Unresolved = append(out.Unresolved, Tokens(seg)...)
	}
	for _, q := range out.Query {
		out.Unresolved = append(out.Unresolved, Tokens(q.Key)...)
		out.Unresolved = append(out.Unresolved, Tokens(q.Value)...)
	}
	return out
}

// Unresolved is a variable name that no scope defines, with the JSON paths of
// the examples whose URL uses it. Such names become wildcards in matching.
type Unresolved struct {
	Name  string   // the variable name
	Paths []string // JSON paths of the examples that use it
}

// UnresolvedVariables reports the variable names left unresolved in the
// example URLs of c under env (nil for none), sorted by first use. Dynamic
// variables ($guid...) and valueless path variables (ResolvedURL.PathVariables)
// are not reported.
func UnresolvedVariables(c *Collection, env *Environment) []Unresolved {
	r := NewResolver(c, env)
	var out []Unresolved
	pos := map[string]int{}
	for _, ex := range c.Examples() {
		ru := r.ResolveURL(&ex.Request.URL)
		seen := map[string]bool{}
		for _, name := range ru.Undefined() {
			if strings.HasPrefix(name, "$") || seen[name] {
				continue
			}
			seen[name] = true
			i, ok := pos[name]
			if !ok {
				i = len(out)
				pos[name] = i
				out = append(out, Unresolved{Name: name})
			}
			out[i].Paths = append(out[i].Paths, ex.JSONPath)
		}
	}
	return out
}

// Substitute makes one pass over s and replaces each {{name}} token for
// which lookup returns true. Replacement text is not read again, so values
// that come from a request (captures, echoed bodies) can never reach a
// variable. Mocks use it after Resolve for captures, dynamic variables and
// template helpers.
func Substitute(s string, lookup func(name string) (string, bool)) string {
	if !strings.Contains(s, "{{") {
		return s
	}
	var empty Resolver
	out, _ := empty.pass(s, lookup)
	return out
}
