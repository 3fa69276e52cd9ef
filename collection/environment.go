package collection

import (
	"io"
	"math"

	"github.com/tidwall/gjson"
)

// Environment is a Postman environment: named variables that override the
// collection's. Disabled entries (enabled: false) are kept but skipped in
// lookups.
type Environment struct {
	// ID is the environment id.
	ID string
	// Name is the environment name.
	Name string
	// Values are the variables in file order.
	Values []Variable
}

// ParseEnvironment loads a Postman environment file (also inside the Postman
// API's {"environment": {...}} envelope, and with a leading UTF-8 byte-order
// mark, which Postman tools write).
func ParseEnvironment(data []byte, opts ...Option) (*Environment, error) {
	o := newOptions(opts)
	if int64(len(data)) > o.maxSize {
		return nil, tooLarge(o.maxSize)
	}
	return parseEnvironment(string(data), o)
}

// parseEnvironment is ParseEnvironment on text the loader may keep.
func parseEnvironment(s string, o options) (*Environment, error) {
	o.concurrentMin = math.MaxInt // environments are small: no speculative walk
	o.want = wantEnvironment
	d, root, _, err := parseRoot(s, o)
	if err != nil {
		return nil, err
	}
	if !root.IsObject() {
		return nil, &Error{Message: "want a JSON object with a values array, got " + describe(root), Kind: ErrNotEnvironment}
	}
	if w := d.member(root, "environment"); w.IsObject() && !d.member(root, "values").Exists() {
		root = w
	}
	top := &jpath{}
	values := d.member(root, "values")
	if !values.Exists() {
		what := "an object without a values array"
		if isCollection(d, root) || isCollection(d, d.member(root, "collection")) {
			what = "a Postman collection; load it as a collection"
		}
		return nil, &Error{Message: "want a Postman environment, got " + what, Kind: ErrNotEnvironment}
	}
	if !values.IsArray() {
		return nil, invalid(top.field("values"), "want an array, got %s", describe(values))
	}
	env := &Environment{ID: text(d.member(root, "id")), Name: text(d.member(root, "name"))}
	i := 0
	d.each(values, func(_, e gjson.Result) bool {
		if !e.IsObject() {
			err = invalid(top.field("values").index(i), "want an object, got %s", describe(e))
			return false
		}
		env.Values = append(env.Values, variable(d, e, "enabled"))
		i++
		return true
	})
	if err != nil {
		return nil, err
	}
	return env, nil
}

// LoadEnvironment reads an environment from r (at most the size cap) and
// parses it.
func LoadEnvironment(r io.Reader, opts ...Option) (*Environment, error) {
	o := newOptions(opts)
	s, err := readCapped(r, o.maxSize, 0)
	if err != nil {
		return nil, err
	}
	return parseEnvironment(s, o)
}

// LoadEnvironmentFile reads and parses the environment file at path.
func LoadEnvironmentFile(path string, opts ...Option) (*Environment, error) {
	return loadFile(path, newOptions(opts), parseEnvironment)
}

// isCollection reports whether v looks like a collection: an object with
// info and item.
func isCollection(d *doc, v gjson.Result) bool {
	return v.IsObject() && d.member(v, "item").Exists() && d.member(v, "info").Exists()
}
