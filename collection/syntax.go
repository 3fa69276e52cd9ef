package collection

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// want names what a load expects, so that a file of another kind can be
// named in the error.
type want int

const (
	wantCollection want = iota
	wantEnvironment
)

// position returns the 1-based line and column of byte offset off in s.
// The column counts runes (characters), not bytes: it is what a reader
// counts on the line, and a tab counts as one. Offsets past the end are
// clamped to it.
func position(s string, off int) (line, col int) {
	off = min(max(off, 0), len(s))
	start := strings.LastIndexByte(s[:off], '\n') + 1
	return strings.Count(s[:start], "\n") + 1, utf8.RuneCountInString(s[start:off]) + 1
}

// at is an ErrSyntax error at byte offset off of s: its message is prefix
// followed by the position, then suffix.
func at(s string, off int, prefix, suffix string) *Error {
	line, col := position(s, off)
	return &Error{
		Message: fmt.Sprintf("%s line %d, column %d, byte %d%s", prefix, line, col, off, suffix),
		Kind:    ErrSyntax,
		Line:    line, Column: col, Offset: off,
	}
}

// syntaxError explains why s is not JSON: with the line, column and byte
// offset of the fault, or, for a YAML file, what the file is and how to get
// the JSON postmock reads.
func syntaxError(s string, w want) error {
	if len(strings.TrimSpace(s)) == 0 {
		return &Error{Message: "input is empty", Kind: ErrSyntax}
	}
	if err := yamlError(s, w); err != nil {
		return err
	}
	var v any
	err := json.Unmarshal([]byte(s), &v)
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		// jsonsyntax and encoding/json agree on what is JSON; this is
		// only a fallback should they ever differ.
		return &Error{Message: "invalid JSON", Kind: ErrSyntax}
	}
	// encoding/json's Offset counts the bytes read, the offending one
	// included: the fault is the byte before, or the end of the input.
	off := int(se.Offset)
	if off < len(s) || !strings.HasPrefix(se.Error(), "unexpected end") {
		off = max(off-1, 0)
	}
	return at(s, off, "invalid JSON at", ": "+se.Error())
}

// utf8Error reports the first byte of s that is not UTF-8.
func utf8Error(s string) error {
	return at(s, invalidUTF8(s), "input is not UTF-8 text (invalid byte at", ")")
}

// yamlError returns an error naming a YAML document postmock cannot load
// (an OpenAPI or Swagger document, a Postman collection or environment, or
// YAML of another kind), or nil when s does not look like YAML. It only
// reads the keys at the start of lines, without a YAML parser: the
// difference between YAML and JSON shows in the first line, and the kind
// of document in its top-level keys.
func yamlError(s string, w want) error {
	keys, ok := yamlTopKeys(s)
	if !ok {
		return nil
	}
	has := func(k string) bool { _, ok := keys[k]; return ok }
	wanted, other := "a Postman collection", ErrNotCollection
	if w == wantEnvironment {
		wanted, other = "a Postman environment", ErrNotEnvironment
	}
	var what, todo string
	kind := ErrSyntax
	switch {
	case has("openapi") || has("swagger"):
		what = "an OpenAPI"
		if v := keys["openapi"]; v != "" {
			what += " " + v
		} else if v := keys["swagger"]; v != "" {
			what += " " + v + " (Swagger)"
		}
		what += " document in YAML"
		todo, kind = openAPIAdvice, other
	case has("info") && has("item") || has("collection"):
		what, todo = "a Postman collection in YAML", "export it from Postman as JSON (Collection v2.1), or convert the YAML to JSON"
		if w == wantEnvironment {
			todo, kind = "load it as a collection, in JSON", other
		}
	case has("values") && w == wantEnvironment:
		what, todo = "a Postman environment in YAML", "export it from Postman as JSON, or convert the YAML to JSON"
	default:
		what, todo = "YAML (or other text that is not JSON)", "postmock reads Postman's JSON exports"
	}
	return &Error{Message: "want " + wanted + " in JSON, got " + what + "; " + todo, Kind: kind}
}

// openAPIAdvice says how to turn an OpenAPI document into a collection.
const openAPIAdvice = "postmock serves Postman collections: import the document into Postman and export the collection as JSON (v2.1), or convert it with openapi-to-postmanv2 (npx openapi-to-postmanv2 -s openapi.yaml -o collection.json)"

// yamlTopKeys returns the top-level keys of s read as a YAML block mapping
// (with the scalar value of each, unquoted, "" when none), and whether s
// looks like one: its first line that is not blank, a comment or a
// document marker is "key:" or "key: value". JSON never does (it starts
// with a value), so JSON errors are never taken for YAML.
func yamlTopKeys(s string) (map[string]string, bool) {
	keys := map[string]string{}
	first := true
	for line := range strings.Lines(s) {
		line = strings.TrimRight(line, "\r\n")
		t := strings.TrimSpace(line)
		if t == "" || t[0] == '#' || (first && (t == "---" || strings.HasPrefix(t, "%"))) {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' || line[0] == '-' {
			if first {
				return nil, false
			}
			continue // nested
		}
		k, v, ok := yamlKey(line)
		if !ok {
			if first {
				return nil, false
			}
			continue
		}
		first = false
		if _, dup := keys[k]; !dup {
			keys[k] = v
		}
	}
	return keys, !first
}

// yamlKey splits a top-level "key: value" line; the key may be quoted.
func yamlKey(line string) (key, value string, ok bool) {
	rest := line
	if q := line[0]; q == '"' || q == '\'' {
		end := strings.IndexByte(line[1:], q)
		if end < 0 {
			return "", "", false
		}
		key, rest = line[1:1+end], line[2+end:]
	} else {
		i := strings.IndexByte(line, ':')
		if i <= 0 {
			return "", "", false
		}
		key, rest = line[:i], line[i:]
		if strings.ContainsAny(key, "{}[],\"'") {
			return "", "", false
		}
	}
	if !strings.HasPrefix(rest, ":") || (len(rest) > 1 && rest[1] != ' ' && rest[1] != '\t') {
		return "", "", false
	}
	value = strings.TrimSpace(rest[1:])
	if i := strings.Index(value, " #"); i >= 0 {
		value = strings.TrimSpace(value[:i])
	}
	value = strings.Trim(value, `"'`)
	return key, value, true
}
