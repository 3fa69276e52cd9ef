package collection

import (
	"bytes"
	"encoding/json"
	"strconv"

	"github.com/tidwall/gjson"
)

// describe names the JSON type of v for error messages, quoting short scalars.
func describe(v gjson.Result) string {
	switch {
	case !v.Exists():
		return "nothing"
	case v.Type == gjson.Null:
		return "null"
	case v.IsArray():
		return "an array"
	case v.IsObject():
		return "an object"
	case v.Type == gjson.String:
		s := v.Str
		if len(s) > 40 {
			s = s[:40] + "..."
		}
		return strconv.Quote(s)
	case v.Type == gjson.True, v.Type == gjson.False:
		return v.Raw
	default:
		raw := v.Raw
		if len(raw) > 40 {
			raw = raw[:40] + "..."
		}
		return raw
	}
}

// text converts any JSON value to text: strings as is, null and missing as "",
// other scalars as JSON text, objects and arrays as compact JSON.
func text(v gjson.Result) string {
	switch v.Type {
	case gjson.String:
		return v.Str
	case gjson.Null:
		return ""
	case gjson.JSON:
		var b bytes.Buffer
		if json.Compact(&b, []byte(v.Raw)) == nil {
			return b.String()
		}
		return v.Raw
	default:
		return v.Raw
	}
}

// description returns a description given as a string or as {content}.
func description(d *doc, v gjson.Result) string {
	if v.IsObject() {
		return text(d.member(v, "content"))
	}
	if v.Type == gjson.String {
		return v.Str
	}
	return ""
}

// integer returns v as an int when it is a JSON number with an integral
// value in int range.
func integer(v gjson.Result) (int, bool) {
	if v.Type != gjson.Number {
		return 0, false
	}
	n, err := strconv.ParseInt(v.Raw, 10, 32)
	if err == nil {
		return int(n), true
	}
	f := v.Num
	if f == float64(int32(f)) {
		return int(f), true
	}
	return 0, false
}
