package collection_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
)

// openAPIAdvice is the advice every OpenAPI error ends with.
const openAPIAdvice = "postmock serves Postman collections: import the document into Postman and export the collection as JSON (v2.1), or convert it with openapi-to-postmanv2 (npx openapi-to-postmanv2 -s openapi.yaml -o collection.json)"

// TestParseNamesYAMLDocuments: a YAML file gets an error saying what it is
// and what to do, not "invalid JSON at byte 1"; OpenAPI is "not a
// collection" (like its JSON form), a collection in YAML is a syntax error.
func TestParseNamesYAMLDocuments(t *testing.T) {
	tests := []struct {
		name string
		src  string
		kind error
		msg  string
	}{
		{"OpenAPI 3", "openapi: 3.0.1\ninfo:\n  title: Pets\n  version: 1.0.0\npaths:\n  /pets:\n    get: {}\n", collection.ErrNotCollection,
			"want a Postman collection in JSON, got an OpenAPI 3.0.1 document in YAML; " + openAPIAdvice},
		{"OpenAPI after comments, a marker and CRLF", "# Pets API\r\n\r\n---\r\n\"openapi\": '3.1.0' # latest\r\ninfo: {title: Pets}\r\n", collection.ErrNotCollection,
			"want a Postman collection in JSON, got an OpenAPI 3.1.0 document in YAML; " + openAPIAdvice},
		{"OpenAPI key after info", "info:\n  title: Pets\nopenapi: 3.0.0\n", collection.ErrNotCollection,
			"want a Postman collection in JSON, got an OpenAPI 3.0.0 document in YAML; " + openAPIAdvice},
		{"Swagger 2", "swagger: \"2.0\"\ninfo:\n  title: Pets\nbasePath: /v1\n", collection.ErrNotCollection,
			"want a Postman collection in JSON, got an OpenAPI 2.0 (Swagger) document in YAML; " + openAPIAdvice},
		{"Postman collection", "info:\n  name: Todos\n  schema: https://schema.getpostman.com/json/collection/v2.1.0/collection.json\nitem:\n  - name: list\n    request: /todos\n", collection.ErrSyntax,
			"want a Postman collection in JSON, got a Postman collection in YAML; export it from Postman as JSON (Collection v2.1), or convert the YAML to JSON"},
		{"collection envelope", "collection:\n  info: {name: x}\n  item: []\n", collection.ErrSyntax,
			"want a Postman collection in JSON, got a Postman collection in YAML; export it from Postman as JSON (Collection v2.1), or convert the YAML to JSON"},
		{"other YAML", "name: build\non: [push]\n", collection.ErrSyntax,
			"want a Postman collection in JSON, got YAML (or other text that is not JSON); postmock reads Postman's JSON exports"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := collection.Parse([]byte(tt.src))
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if err.Error() != tt.msg {
				t.Errorf("message:\n got %q\nwant %q", err.Error(), tt.msg)
			}
		})
	}
}

// TestParseEnvironmentNamesYAMLDocuments: the environment loader names the
// same files from its side.
func TestParseEnvironmentNamesYAMLDocuments(t *testing.T) {
	tests := []struct {
		name string
		src  string
		kind error
		msg  string
	}{
		{"environment", "id: 5f1c\nname: staging\nvalues:\n  - key: host\n    value: localhost\n", collection.ErrSyntax,
			"want a Postman environment in JSON, got a Postman environment in YAML; export it from Postman as JSON, or convert the YAML to JSON"},
		{"collection", "info:\n  name: Todos\nitem: []\n", collection.ErrNotEnvironment,
			"want a Postman environment in JSON, got a Postman collection in YAML; load it as a collection, in JSON"},
		{"OpenAPI", "openapi: 3.0.3\npaths: {}\n", collection.ErrNotEnvironment,
			"want a Postman environment in JSON, got an OpenAPI 3.0.3 document in YAML; " + openAPIAdvice},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := collection.ParseEnvironment([]byte(tt.src))
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if err.Error() != tt.msg {
				t.Errorf("message:\n got %q\nwant %q", err.Error(), tt.msg)
			}
		})
	}
}

// TestSyntaxErrorsGiveLineAndColumn: a JSON syntax error names the line and
// column (1-based; the column counts runes) and the byte offset (0-based)
// of the fault, in its message and in the error's fields; broken JSON is
// never taken for YAML.
func TestSyntaxErrorsGiveLineAndColumn(t *testing.T) {
	tests := []struct {
		name              string
		src               string
		line, col, offset int
		msg               string
	}{
		{"missing value on line 3", "{\n  \"info\": {},\n  \"item\": [1,,2]\n}", 3, 14, 29,
			"invalid JSON at line 3, column 14, byte 29: invalid character ',' looking for beginning of value"},
		{"column counts runes", "{\"name\": \"café ☕\" x}", 1, 19, 21,
			"invalid JSON at line 1, column 19, byte 21: invalid character 'x' after object key:value pair"},
		{"end of input after a newline", "{\"item\": [\n", 2, 1, 11,
			"invalid JSON at line 2, column 1, byte 11: unexpected end of JSON input"},
		{"CRLF lines", "{\r\n\"a\": 1\r\n\"b\": 2}", 3, 1, 11,
			"invalid JSON at line 3, column 1, byte 11: invalid character '\"' after object key:value pair"},
		{"after a byte-order mark", "\xef\xbb\xbf{]", 1, 2, 1,
			"invalid JSON at line 1, column 2, byte 1: invalid character ']' looking for beginning of object key string"},
		{"a key with a colon in JSON is not YAML", "{\"a\": 1,\n\"b\" 2}", 2, 5, 13,
			"invalid JSON at line 2, column 5, byte 13: invalid character '2' after object key"},
		{"invalid UTF-8 on line 2", "{\"a\":\n\"\xff\"}", 2, 2, 7,
			"input is not UTF-8 text (invalid byte at line 2, column 2, byte 7)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, parse := range []func([]byte) error{
				func(b []byte) error { _, err := collection.Parse(b); return err },
				func(b []byte) error { _, err := collection.ParseEnvironment(b); return err },
			} {
				err := parse([]byte(tt.src))
				var e *collection.Error
				if !errors.As(err, &e) || !errors.Is(err, collection.ErrSyntax) {
					t.Fatalf("err = %v (%T), want a *collection.Error wrapping ErrSyntax", err, err)
				}
				if e.Message != tt.msg {
					t.Errorf("message:\n got %q\nwant %q", e.Message, tt.msg)
				}
				if e.Line != tt.line || e.Column != tt.col || e.Offset != tt.offset {
					t.Errorf("position = line %d, column %d, byte %d; want %d, %d, %d", e.Line, e.Column, e.Offset, tt.line, tt.col, tt.offset)
				}
			}
		})
	}
}

// TestSyntaxErrorOfALargeFileGivesItsLine: the position is also found on
// input large enough for the concurrent checks.
func TestSyntaxErrorOfALargeFileGivesItsLine(t *testing.T) {
	var b strings.Builder
	b.WriteString("{\"info\": {\"name\": \"big\"},\n\"item\": [\n")
	for range 20000 {
		b.WriteString("  {\"name\": \"r\", \"request\": \"/r\"},\n")
	}
	b.WriteString("  {\"name\": \"r\" \"request\": \"/r\"}\n]}\n")
	_, err := collection.Parse([]byte(b.String()))
	var e *collection.Error
	if !errors.As(err, &e) {
		t.Fatalf("err = %v, want a *collection.Error", err)
	}
	if e.Line != 20003 || e.Column != 16 {
		t.Errorf("err = %v; want line 20003, column 16", err)
	}
}
