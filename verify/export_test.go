package verify

// CompareBody exposes compareBody: the differences (as "path: message")
// and the go-cmp diff.
func CompareBody(mode BodyMode, example, got string) ([]string, string) {
	var d diffs
	diff := compareBody(mode, example, []byte(got), &d)
	var out []string
	for _, x := range d.list {
		out = append(out, x.String())
	}
	return out, diff
}

// RedactJSON exposes redactJSON.
var RedactJSON = redactJSON
