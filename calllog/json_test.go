package calllog

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/match"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// fixtureStore holds three calls: the documented example (docs/postman-api.md#call-logs), a
// form POST with a secret header, and an unmatched call answered 404.
func fixtureStore() *Store {
	s := NewStore(Limits{})
	s.Append(Entry{
		ID:           "0b3f9c2a7d1e4b5f8a6c",
		ServedAt:     time.Date(2024, 6, 10, 6, 13, 20, 512_345_678, time.UTC),
		ResponseName: "User 42",
		Request: Request{Method: "GET", Path: "/users/42?expand=1",
			Headers: []Header{{"accept", "*/*"}}},
		Response: Response{StatusCode: 200,
			Headers: []Header{{"Content-Type", "application/json"}},
			Body:    Body{Data: `{"id":42}`}},
		MockID: "mock-1", ExampleID: "ex-42", ExampleName: "User 42", Score: 100, Step: match.StepCase,
		Captures: map[string]string{"userId": "42"}, Matched: true,
	})
	s.Append(Entry{
		ID:           "0b3f9c2a7d1e4b5f8a6d",
		ServedAt:     time.Date(2024, 6, 10, 8, 13, 21, 0, time.FixedZone("CEST", 2*3600)),
		ResponseName: "Created",
		Request: Request{Method: "POST", Path: "/users",
			Headers: []Header{{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", "Bearer secret"}},
			Body:    Body{Data: "name=Ada+Lovelace&note=%3Cb%3E"}},
		Response: Response{StatusCode: 201,
			Headers: []Header{{"Content-Type", "text/html; charset=utf-8"}, {"Location", "/users/43"}},
			Body:    Body{Data: "<b>\"Ada\"</b>\n\tcreated\u2028"}},
		Matched: true,
	})
	s.Append(Entry{
		ID:       "0b3f9c2a7d1e4b5f8a6e",
		ServedAt: time.Date(2024, 6, 10, 6, 13, 22, 999_999_999, time.UTC),
		Request:  Request{Method: "DELETE", Path: "/nothing/here"},
		Response: Response{StatusCode: 404,
			Headers: []Header{{"Content-Type", "application/json; charset=utf-8"}},
			Body:    Body{Data: `{"error":{"name":"mockRequestNotFoundError"}}`}},
	})
	return s
}

func TestPageJSONMatchesGolden(t *testing.T) {
	tests := []struct {
		file string
		q    Query
	}{
		{"page.json", Query{Sort: "servedAt", Direction: "asc",
			Include: []string{"request.headers", "request.body", "response.headers", "response.body"}}},
		{"page-bare.json", Query{Limit: 2}},
		{"page-bodies.json", Query{Limit: 1, Sort: "servedAt", Direction: "asc", Include: []string{"request.body,response.body"}}},
		{"page-empty.json", Query{RequestMethod: "PATCH"}},
	}
	s := fixtureStore()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			p, err := s.Query(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := p.AppendJSON(nil)
			// json.Marshal goes through Page.MarshalJSON (and escapes HTML).
			viaStd, err := json.Marshal(p)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(decode(t, got), decode(t, viaStd)); diff != "" {
				t.Errorf("json.Marshal differs from AppendJSON (-append +marshal):\n%s", diff)
			}
			// The cursor is opaque: the golden file holds a placeholder.
			if p.NextCursor != "" {
				got = bytes.Replace(got, []byte(`"`+p.NextCursor+`"`), []byte(`"<cursor>"`), 1)
			}
			path := filepath.Join("testdata", tt.file)
			if *update {
				var buf bytes.Buffer
				if err := json.Indent(&buf, got, "", "  "); err != nil {
					t.Fatal(err)
				}
				buf.WriteByte('\n')
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(decode(t, want), decode(t, got)); diff != "" {
				t.Errorf("%s (-want +got):\n%s", path, diff)
			}
			// Byte for byte too: member order and escaping as in the file.
			if w := compact(t, want); !bytes.Equal(w, got) {
				t.Errorf("%s: bytes differ\nwant %s\ngot  %s", path, w, got)
			}
		})
	}
}

func decode(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, b)
	}
	return v
}

func compact(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := json.Compact(&buf, b); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestEntryMarshalJSONIncludesEverything(t *testing.T) {
	e := fixtureStore().All()[0]
	got, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":"0b3f9c2a7d1e4b5f8a6c","responseName":"User 42","servedAt":"2024-06-10T06:13:20.512Z",` +
		`"request":{"method":"GET","path":"/users/42?expand=1","headers":[{"key":"accept","value":"*/*"}],"body":{"mode":"raw","data":""}},` +
		`"response":{"type":"success","statusCode":200,"headers":[{"key":"Content-Type","value":"application/json"}],"body":{"data":"{\"id\":42}"}}}`
	if string(got) != want {
		t.Errorf("json.Marshal(entry):\n got %s\nwant %s", got, want)
	}
	// Empty headers are an empty array, never null.
	got = (&Entry{}).AppendJSON(nil, IncludeAll)
	if !strings.Contains(string(got), `"headers":[]`) || strings.Contains(string(got), "null") {
		t.Errorf("zero entry: %s", got)
	}
}

func TestIncludeNames(t *testing.T) {
	tests := []struct {
		in   []string
		want Include
		str  string
	}{
		{nil, 0, ""},
		{[]string{"response.body"}, IncludeResponseBody, "response.body"},
		{[]string{" response.body , request.headers ", "", "request.body"}, IncludeResponseBody | IncludeRequestHeaders | IncludeRequestBody,
			"request.headers,request.body,response.body"},
		{[]string{"response.headers,response.headers"}, IncludeResponseHeaders, "response.headers"},
		{IncludeAll.Names(), IncludeAll, "request.headers,request.body,response.headers,response.body"},
	}
	for _, tt := range tests {
		got, err := ParseInclude(tt.in)
		if err != nil || got != tt.want || got.String() != tt.str {
			t.Errorf("ParseInclude(%q) = %v (%q), %v; want %v (%q)", tt.in, got, got.String(), err, tt.want, tt.str)
		}
	}
}

var escapeCases = []string{
	"", "plain", `"quoted" \back\slash/`, "<html> & 'x'", "line\nfeed\r\ttab\b\f",
	"\x00\x01\x1f\x7f", "héllo wörld ☃ 😀", "\u2028\u2029", "bad \xff utf-8 \xc3", "\xed\xa0\x80 surrogate",
}

// TestAppendStringDecodesToTheSameText checks that every string encodes to
// JSON that encoding/json decodes to the same text (invalid UTF-8 replaced as
// encoding/json replaces it).
func TestAppendStringDecodesToTheSameText(t *testing.T) {
	for _, s := range escapeCases {
		checkString(t, s)
	}
}

func FuzzAppendString(f *testing.F) {
	for _, s := range escapeCases {
		f.Add(s)
	}
	f.Fuzz(checkString)
}

func checkString(t *testing.T, s string) {
	std, _ := json.Marshal(s)
	var want, got string
	if err := json.Unmarshal(std, &want); err != nil {
		t.Fatal(err)
	}
	enc := appendString(nil, s)
	if err := json.Unmarshal(enc, &got); err != nil {
		t.Fatalf("appendString(%q) = %s: %v", s, enc, err)
	}
	if got != want {
		t.Errorf("appendString(%q) = %s decodes to %q, want %q", s, enc, got, want)
	}
}

// TestMaxJSONLenIsAnUpperBound checks the bound that lets Query skip encoding
// pages far from MaxPageBytes, on entries made of the escaping cases.
func TestMaxJSONLenIsAnUpperBound(t *testing.T) {
	for _, a := range escapeCases {
		for _, b := range escapeCases {
			e := Entry{ID: a, ResponseName: b, ServedAt: time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC),
				Request:  Request{Method: a, Path: b, Headers: []Header{{a, b}, {b, a}, {}}, Body: Body{Data: a}},
				Response: Response{Type: b, StatusCode: -1 << 62, Headers: []Header{{a, a}}, Body: Body{Data: b}}}
			for inc := range IncludeAll + 1 {
				if got, bound := len(e.AppendJSON(nil, inc)), maxJSONLen(&e, inc); got > bound {
					t.Errorf("include %q, entry %q/%q: %d bytes, bound %d", inc, a, b, got, bound)
				}
			}
		}
	}
}
