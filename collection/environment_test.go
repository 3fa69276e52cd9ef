package collection_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
)

func TestParseEnvironmentReadsPostmanExports(t *testing.T) {
	env, err := collection.LoadEnvironmentFile(filepath.Join("testdata", "environment.json"))
	if err != nil {
		t.Fatal(err)
	}
	if env.ID != "5d0c3e2a-0000-4000-8000-000000000001" || env.Name != "staging" {
		t.Errorf("ID %q Name %q", env.ID, env.Name)
	}
	want := []collection.Variable{
		{Key: "baseUrl", Value: "https://staging.example.com", Type: "default"},
		{Key: "token", Value: "s3cr3t", Type: "secret", Disabled: true},
		{Key: "region", Value: "eu"},
		{Key: "region", Value: "us"},
		{Key: "region", Value: "ap", Disabled: true},
		{Key: "port", Value: "8443"},
		{Key: "tls", Value: "true"},
		{Key: "extra", Value: `{"k":[1,2]}`},
		{Key: "blank", Value: ""},
	}
	if !reflect.DeepEqual(env.Values, want) {
		t.Errorf("Values:\n got %+v\nwant %+v", env.Values, want)
	}

	c := mustParse(t, `{"info":{"name":"c","schema":"`+schema21+`"},"variable":[
		{"key":"baseUrl","value":"https://api.example.com"},{"key":"token","value":"coll-token"}],"item":[]}`)
	r := collection.NewResolver(c, env)
	for key, want := range map[string]string{
		"baseUrl": "https://staging.example.com", // environment over collection
		"token":   "coll-token",                  // disabled in the environment: falls through
		"region":  "us",                          // last enabled duplicate
	} {
		if got, _ := r.Lookup(key); got != want {
			t.Errorf("Lookup(%q) = %q, want %q", key, got, want)
		}
	}
}

func TestParseEnvironmentAcceptsTheAPIEnvelope(t *testing.T) {
	env, err := collection.ParseEnvironment([]byte(`{"environment":{"id":"e1","name":"api","values":[{"key":"a","value":"1","enabled":true}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	if env.ID != "e1" || env.Name != "api" || !reflect.DeepEqual(env.Values, []collection.Variable{{Key: "a", Value: "1"}}) {
		t.Errorf("got %+v", env)
	}
}

func TestParseEnvironmentAcceptsAByteOrderMark(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "environment-bom.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		t.Fatal("testdata/environment-bom.json lost its byte-order mark")
	}
	env, err := collection.LoadEnvironment(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if env.Name != "with BOM" || len(env.Values) != 1 || env.Values[0].Value != "https://bom.example.com" {
		t.Errorf("got %+v", env)
	}
}

func TestParseEnvironmentRejectsOtherDocuments(t *testing.T) {
	folders, err := os.ReadFile(filepath.Join("testdata", "folders.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  string
		kind error
		msg  string
	}{
		{"collection", string(folders), collection.ErrNotEnvironment,
			"want a Postman environment, got a Postman collection; load it as a collection"},
		{"collection in its envelope", `{"collection":{"info":{"name":"x"},"item":[]}}`, collection.ErrNotEnvironment,
			"want a Postman environment, got a Postman collection; load it as a collection"},
		{"object without values", `{"name":"x"}`, collection.ErrNotEnvironment,
			"want a Postman environment, got an object without a values array"},
		{"array", `[{"key":"a"}]`, collection.ErrNotEnvironment, "want a JSON object with a values array, got an array"},
		{"string", `"env"`, collection.ErrNotEnvironment, `want a JSON object with a values array, got "env"`},
		{"values not an array", `{"name":"x","values":{"a":"1"}}`, collection.ErrInvalid, "values: want an array, got an object"},
		{"values null", `{"name":"x","values":null}`, collection.ErrInvalid, "values: want an array, got null"},
		{"value not an object", `{"name":"x","values":[{"key":"a"},5]}`, collection.ErrInvalid, "values[1]: want an object, got 5"},
		{"empty", ``, collection.ErrSyntax, "input is empty"},
		{"invalid JSON", `{"values":[}`, collection.ErrSyntax, "invalid JSON at line 1, column 12, byte 11: invalid character '}' looking for beginning of value"},
		{"invalid UTF-8", "{\"values\":[{\"key\":\"\xc3\"}]}", collection.ErrSyntax, "input is not UTF-8 text (invalid byte at line 1, column 20, byte 19)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, err := collection.ParseEnvironment([]byte(tt.src))
			if env != nil || !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if err.Error() != tt.msg {
				t.Errorf("message:\n got %q\nwant %q", err, tt.msg)
			}
		})
	}
}

func TestLoadEnvironmentLimitsSize(t *testing.T) {
	src := `{"name":"x","values":[]}`
	if _, err := collection.LoadEnvironment(strings.NewReader(src), collection.MaxBytes(int64(len(src)))); err != nil {
		t.Errorf("at the cap: %v", err)
	}
	_, err := collection.LoadEnvironment(strings.NewReader(src), collection.MaxBytes(int64(len(src)-1)))
	if !errors.Is(err, collection.ErrTooLarge) {
		t.Errorf("over the cap: err = %v, want ErrTooLarge", err)
	}
	_, err = collection.ParseEnvironment([]byte(src), collection.MaxBytes(5))
	if !errors.Is(err, collection.ErrTooLarge) {
		t.Errorf("ParseEnvironment over the cap: err = %v, want ErrTooLarge", err)
	}
}

func TestLoadEnvironmentFileNamesThePath(t *testing.T) {
	path := filepath.Join("testdata", "folders.json")
	_, err := collection.LoadEnvironmentFile(path)
	if !errors.Is(err, collection.ErrNotEnvironment) || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("err = %v, want ErrNotEnvironment prefixed with the path", err)
	}
	if _, err := collection.LoadEnvironmentFile(filepath.Join("testdata", "missing.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestParseEnvironmentKeysAndFlags(t *testing.T) {
	env, err := collection.ParseEnvironment([]byte(`{"values":[
		{"key":"k","value":"1"},
		{"key":"off","value":"2","enabled":false},
		{"key":"disabledIgnored","value":"3","disabled":true},
		{"name":"byName","value":"4"},
		{"key":"","value":"5"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := []collection.Variable{
		{Key: "k", Value: "1"},
		{Key: "off", Value: "2", Disabled: true},
		{Key: "disabledIgnored", Value: "3"}, // environments use enabled, not disabled
		{Key: "byName", Value: "4"},
		{Key: "", Value: "5"},
	}
	if !reflect.DeepEqual(env.Values, want) {
		t.Errorf("Values:\n got %+v\nwant %+v", env.Values, want)
	}
}
