package record

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
)

// FuzzTree checks that the order-keeping JSON tree a Recorder extends
// files with reads every valid JSON text and writes it back with the same
// meaning.
func FuzzTree(f *testing.F) {
	for _, s := range []string{`{}`, `[]`, `{"a":1,"b":[true,null,"x<&>"],"a":2}`, `{"info":{"name":"n"},"item":[{"name":"é\u2028"}]}`, `1.5e300`, `"\ud800"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 || !json.Valid(data) {
			return
		}
		v, err := decodeTree(data)
		if err != nil {
			t.Fatalf("valid JSON %q: %v", data, err)
		}
		out, err := encodeTree(v)
		if err != nil {
			t.Fatal(err)
		}
		a, err := plain(data)
		if err != nil {
			t.Fatal(err)
		}
		b, err := plain(out)
		if err != nil {
			t.Fatalf("wrote invalid JSON %q from %q: %v", out, data, err)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("meaning changed: %q → %q", data, out)
		}
	})
}

// plain decodes with encoding/json, numbers kept as written.
func plain(data []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	err := dec.Decode(&v)
	return v, err
}
