package collection_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
)

func TestParseDetectsVersionFromSchema(t *testing.T) {
	tests := []struct {
		schema string
		want   string
	}{
		{"https://schema.getpostman.com/json/collection/v2.1.0/collection.json", "2.1.0"},
		{"http://schema.getpostman.com/json/collection/v2.1.0/collection.json", "2.1.0"},
		{"https://schema.getpostman.com/json/collection/v2.0.0/collection.json", "2.0.0"},
		{"http://schema.getpostman.com/json/collection/v2.0.0/collection.json", "2.0.0"},
		{"https://schema.postman.com/json/collection/v2.1.0/collection.json", "2.1.0"},
		{"http://schema.postman.com/json/collection/v2.0.0/collection.json", "2.0.0"},
		{"https://schema.postman.com/collection/json/v2.1.0/draft-07/collection.json", "2.1.0"},
	}
	for _, tt := range tests {
		t.Run(tt.schema, func(t *testing.T) {
			c := mustParse(t, `{"info":{"name":"v","schema":"`+tt.schema+`"},"item":[]}`)
			if c.Version != tt.want {
				t.Errorf("Version = %q, want %q", c.Version, tt.want)
			}
			if c.Info.Schema != tt.schema {
				t.Errorf("Info.Schema = %q, want it as written", c.Info.Schema)
			}
			if len(c.Diagnostics) != 0 {
				t.Errorf("unexpected diagnostics: %v", diagnostics(c))
			}
		})
	}
}

func TestParseLoadsMissingOrUnknownSchemaAsV21WithDiagnostic(t *testing.T) {
	tests := []struct {
		name string
		info string
		want string
	}{
		{"missing", `{"name":"x"}`, "info.schema: missing"},
		{"null", `{"name":"x","schema":null}`, "info.schema: missing"},
		{"empty", `{"name":"x","schema":""}`, "info.schema: missing"},
		{"unknown", `{"name":"x","schema":"https://example.com/my-schema.json"}`, `info.schema: unknown schema "https://example.com/my-schema.json"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, `{"info":`+tt.info+`,"item":[{"name":"r","request":"/r"}]}`)
			if c.Version != "2.1.0" {
				t.Errorf("Version = %q, want 2.1.0", c.Version)
			}
			if got := diagnostics(c); !reflect.DeepEqual(got, []string{tt.want}) {
				t.Errorf("diagnostics = %q, want [%q]", got, tt.want)
			}
			if a := c.Diagnostics[0].Action; a != "loaded as v2.1.0" {
				t.Errorf("Action = %q", a)
			}
			if len(c.Requests()) != 1 {
				t.Errorf("requests = %d, want 1", len(c.Requests()))
			}
		})
	}
}

func TestParseRejectsV1Layout(t *testing.T) {
	v1, err := os.ReadFile(filepath.Join("testdata", "v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  string
	}{
		{"exported v1 file", string(v1)},
		{"requests without order", `{"name":"x","folders":[],"requests":[]}`},
		{"order without requests", `{"name":"x","order":["a"]}`},
		{"v1 with an info block", `{"info":{"name":"x"},"requests":[],"order":[]}`},
		{"v1 schema", `{"info":{"name":"x","schema":"https://schema.getpostman.com/json/collection/v1.0.0/collection.json"},"item":[]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := collection.Parse([]byte(tt.src))
			if !errors.Is(err, collection.ErrUnsupportedVersion) {
				t.Fatalf("err = %v, want ErrUnsupportedVersion", err)
			}
			if !strings.Contains(err.Error(), "v1") {
				t.Errorf("message %q does not name v1", err)
			}
		})
	}
}

func TestParseRejectsInputThatIsNotACollection(t *testing.T) {
	env, err := os.ReadFile(filepath.Join("testdata", "environment.json"))
	if err != nil {
		t.Fatal(err)
	}
	openapi, err := os.ReadFile(filepath.Join("testdata", "openapi.json"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		src  string
		kind error
		msg  string // exact error text
	}{
		{"environment file", string(env), collection.ErrNotCollection,
			"want a Postman collection, got a Postman environment (it has a values array); load it as an environment"},
		{"environment envelope", `{"environment":{"name":"e","values":[]}}`, collection.ErrNotCollection,
			"want a Postman collection, got a Postman API environment envelope; load it as an environment"},
		{"OpenAPI document", string(openapi), collection.ErrNotCollection,
			"want a Postman collection, got an OpenAPI document; " + openAPIAdvice},
		{"Swagger document", `{"swagger":"2.0","paths":{}}`, collection.ErrNotCollection,
			"want a Postman collection, got an OpenAPI document; " + openAPIAdvice},
		{"other object", `{"hello":"world"}`, collection.ErrNotCollection,
			"want a Postman collection, got an object without info and item"},
		{"array", `[{"info":{}}]`, collection.ErrNotCollection, "want a JSON object with info and item, got an array"},
		{"string", `"https://api.example.com"`, collection.ErrNotCollection,
			`want a JSON object with info and item, got "https://api.example.com"`},
		{"number", `42`, collection.ErrNotCollection, "want a JSON object with info and item, got 42"},
		{"null", `null`, collection.ErrNotCollection, "want a JSON object with info and item, got null"},
		{"empty input", ``, collection.ErrSyntax, "input is empty"},
		{"only whitespace", " \n\t", collection.ErrSyntax, "input is empty"},
		{"only a BOM", "\xef\xbb\xbf", collection.ErrSyntax, "input is empty"},
		{"truncated JSON", `{"info":{"name":"x"},"item":[`, collection.ErrSyntax,
			"invalid JSON at line 1, column 30, byte 29: unexpected end of JSON input"},
		{"trailing garbage", `{"info":{},"item":[]} x`, collection.ErrSyntax,
			"invalid JSON at line 1, column 23, byte 22: invalid character 'x' after top-level value"},
		{"single quotes", `{'info':{}}`, collection.ErrSyntax,
			"invalid JSON at line 1, column 2, byte 1: invalid character '\\'' looking for beginning of object key string"},
		{"invalid UTF-8", "{\"info\":{\"name\":\"caf\xe9\"},\"item\":[]}", collection.ErrSyntax,
			"input is not UTF-8 text (invalid byte at line 1, column 21, byte 20)"},
		{"UTF-16 text", "\xff\xfe{\x00}\x00", collection.ErrSyntax, "input is not UTF-8 text (invalid byte at line 1, column 1, byte 0)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := collection.Parse([]byte(tt.src))
			if c != nil {
				t.Errorf("got a collection with an error")
			}
			if !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want %v", err, tt.kind)
			}
			if err.Error() != tt.msg {
				t.Errorf("message:\n got %q\nwant %q", err.Error(), tt.msg)
			}
			var e *collection.Error
			if !errors.As(err, &e) {
				t.Fatalf("err is %T, want *collection.Error", err)
			}
		})
	}
}

func TestParseUnwrapsTheCollectionEnvelope(t *testing.T) {
	c := mustParse(t, `{"collection":{"info":{"name":"Wrapped","schema":"`+schema20+`"},"item":[{"name":"r","request":"/r"}]}}`)
	if c.Info.Name != "Wrapped" || c.Version != "2.0.0" || len(c.Requests()) != 1 {
		t.Errorf("got name %q version %q and %d requests", c.Info.Name, c.Version, len(c.Requests()))
	}
	// Only one level of envelope is unwrapped.
	_, err := collection.Parse([]byte(`{"collection":{"collection":{"info":{},"item":[]}}}`))
	if !errors.Is(err, collection.ErrNotCollection) {
		t.Errorf("double envelope: err = %v, want ErrNotCollection", err)
	}
	// A collection that happens to have a member named collection is not unwrapped.
	c = mustParse(t, `{"info":{"name":"Top","schema":"`+schema21+`"},"item":[],"collection":{"info":{"name":"Inner"},"item":[]}}`)
	if c.Info.Name != "Top" {
		t.Errorf("Info.Name = %q, want Top", c.Info.Name)
	}
}

func TestParseReadsInfo(t *testing.T) {
	c := mustParse(t, `{"info":{"_postman_id":"abc-123","name":"Shop","schema":"`+schema21+`",
		"description":{"content":"The shop API","type":"text/markdown"},
		"version":{"major":1,"minor":2,"patch":3,"identifier":"beta","meta":{}}},"item":[]}`)
	want := collection.Info{ID: "abc-123", Name: "Shop", Schema: schema21, Description: "The shop API", Version: "1.2.3-beta"}
	if c.Info != want {
		t.Errorf("Info = %+v, want %+v", c.Info, want)
	}
	c = mustParse(t, `{"info":{"name":"Shop","schema":"`+schema21+`","description":"plain","version":"v7"},"item":[]}`)
	if c.Info.Description != "plain" || c.Info.Version != "v7" {
		t.Errorf("Info = %+v", c.Info)
	}
}

func TestParseKeepsFoldersInDocumentOrder(t *testing.T) {
	c := loadTestdata(t, "folders.json")
	if len(c.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", diagnostics(c))
	}
	var walked []string
	err := c.Walk(func(folders []string, it *collection.Item) error {
		kind := "request"
		if it.Folder {
			kind = "folder"
		}
		walked = append(walked, fmt.Sprintf("%s %s [%s] %s", kind, it.Name, strings.Join(folders, "/"), it.JSONPath))
		if !reflect.DeepEqual(folders, it.Folders) {
			t.Errorf("%s: Walk passed folders %q, item has %q", it.Name, folders, it.Folders)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"request root request [] item[0]",
		"folder A [] item[1]",
		"request a1 [A] item[1].item[0]",
		"folder B [A] item[1].item[1]",
		"folder C [A/B] item[1].item[1].item[0]",
		"folder D [A/B/C] item[1].item[1].item[0].item[0]",
		"request deep [A/B/C/D] item[1].item[1].item[0].item[0].item[0]",
		"request b1 [A/B] item[1].item[1].item[1]",
		"folder empty folder [A] item[1].item[2]",
		"folder E [] item[2]",
		"request e1 [E] item[2].item[0]",
	}
	if !reflect.DeepEqual(walked, want) {
		t.Errorf("Walk visited:\n%s\nwant:\n%s", strings.Join(walked, "\n"), strings.Join(want, "\n"))
	}
	var names []string
	for _, it := range c.Requests() {
		names = append(names, it.Name)
	}
	if want := []string{"root request", "a1", "deep", "b1", "e1"}; !reflect.DeepEqual(names, want) {
		t.Errorf("Requests() = %q, want %q", names, want)
	}
	b := c.Items[1].Items[1]
	if !b.Folder || b.Name != "B" || b.Description != "second level" || b.Request != nil {
		t.Errorf("folder B = %+v", b)
	}
	if deep := requestNamed(t, c, "deep"); strings.Join(deep.Request.URL.Path, "/") != "a/b/c/d/deep" {
		t.Errorf("deep path = %q", deep.Request.URL.Path)
	}
}

func TestWalkStopsAtTheFirstError(t *testing.T) {
	c := loadTestdata(t, "folders.json")
	stop := errors.New("stop")
	var n int
	err := c.Walk(func(_ []string, it *collection.Item) error {
		n++
		if it.Name == "B" {
			return stop
		}
		return nil
	})
	if err != stop {
		t.Errorf("Walk returned %v, want the callback's error", err)
	}
	if n != 4 {
		t.Errorf("callback ran %d times, want 4 (root request, A, a1, B)", n)
	}
}

func TestParseLimitsFolderDepth(t *testing.T) {
	c := mustParse(t, nestedFolders(collection.MaxDepth))
	leaf := c.Requests()
	if len(leaf) != 1 || len(leaf[0].Folders) != collection.MaxDepth {
		t.Fatalf("at MaxDepth: %d requests", len(leaf))
	}
	_, err := collection.Parse([]byte(nestedFolders(collection.MaxDepth + 1)))
	if !errors.Is(err, collection.ErrTooLarge) {
		t.Fatalf("MaxDepth+1 folders: err = %v, want ErrTooLarge", err)
	}
	wantPath := strings.Repeat("item[0].", collection.MaxDepth) + "item[0]"
	if want := wantPath + ": folders nest deeper than 64 levels"; err.Error() != want {
		t.Errorf("error:\n got %q\nwant %q", err, want)
	}
	// An empty folder one level too deep fails too.
	src := strings.Replace(nestedFolders(collection.MaxDepth+1), `{"name":"leaf","request":"/leaf"}`, ``, 1)
	if _, err := collection.Parse([]byte(src)); !errors.Is(err, collection.ErrTooLarge) {
		t.Errorf("empty folder at MaxDepth+1: err = %v, want ErrTooLarge", err)
	}
}

func TestParseLimitsJSONNesting(t *testing.T) {
	// 10000 levels of arrays are fine in a value the loader ignores.
	ok := withItems(`[{"name":"r","request":"/r","x":` + strings.Repeat("[", 9990) + strings.Repeat("]", 9990) + `}]`)
	if _, err := collection.Parse([]byte(ok)); err != nil {
		t.Errorf("9990 nested arrays: %v", err)
	}
	deep := withItems(`[{"name":"r","request":"/r","x":` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}]`)
	_, err := collection.Parse([]byte(deep))
	if !errors.Is(err, collection.ErrTooLarge) || err.Error() != "arrays and objects nest deeper than 10000 levels" {
		t.Errorf("10001 nested arrays: err = %v, want ErrTooLarge", err)
	}
	// Megabytes of '[' must fail cleanly, not overflow the stack.
	_, err = collection.Parse(bytes.Repeat([]byte("["), 20<<20))
	if !errors.Is(err, collection.ErrTooLarge) {
		t.Errorf("20 MiB of '[': err = %v, want ErrTooLarge", err)
	}
	_, err = collection.ParseEnvironment(bytes.Repeat([]byte(`{"a":`), 4<<20))
	if !errors.Is(err, collection.ErrTooLarge) {
		t.Errorf("environment, 4M nested objects: err = %v, want ErrTooLarge", err)
	}
}

func TestParseLimitsInputSize(t *testing.T) {
	src := []byte(withItems(`[]`))
	if _, err := collection.Parse(src, collection.MaxBytes(int64(len(src)))); err != nil {
		t.Errorf("input of exactly the cap: %v", err)
	}
	_, err := collection.Parse(src, collection.MaxBytes(int64(len(src)-1)))
	if !errors.Is(err, collection.ErrTooLarge) {
		t.Fatalf("input over the cap: err = %v, want ErrTooLarge", err)
	}
	if want := fmt.Sprintf("input is larger than %d bytes", len(src)-1); err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	_, err = collection.Load(bytes.NewReader(src), collection.MaxBytes(10))
	if !errors.Is(err, collection.ErrTooLarge) {
		t.Errorf("Load over the cap: err = %v, want ErrTooLarge", err)
	}
	if c, err := collection.Load(bytes.NewReader(src)); err != nil || c.Info.Name != "t" {
		t.Errorf("Load: %v", err)
	}
	// LoadFile sizes its buffer from the file: the cap still holds, to the byte.
	file := filepath.Join(t.TempDir(), "c.json")
	if err := os.WriteFile(file, src, 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err := collection.LoadFile(file, collection.MaxBytes(int64(len(src)))); err != nil || c.Info.Name != "t" {
		t.Errorf("LoadFile of exactly the cap: %v", err)
	}
	if _, err := collection.LoadFile(file, collection.MaxBytes(int64(len(src)-1))); !errors.Is(err, collection.ErrTooLarge) {
		t.Errorf("LoadFile over the cap: err = %v, want ErrTooLarge", err)
	}
	// The default cap is MaxSize.
	big := make([]byte, collection.MaxSize+1)
	if _, err := collection.Parse(big); !errors.Is(err, collection.ErrTooLarge) {
		t.Errorf("MaxSize+1 bytes: err = %v, want ErrTooLarge", err)
	}
}

func TestLoadFileNamesThePath(t *testing.T) {
	c, err := collection.LoadFile(filepath.Join("testdata", "folders.json"))
	if err != nil || c.Info.Name != "Folders" {
		t.Fatalf("LoadFile: %v", err)
	}
	path := filepath.Join("testdata", "openapi.json")
	_, err = collection.LoadFile(path)
	if !errors.Is(err, collection.ErrNotCollection) || !strings.HasPrefix(err.Error(), path+": ") {
		t.Errorf("err = %v, want ErrNotCollection prefixed with the path", err)
	}
	if _, err := collection.LoadFile(filepath.Join("testdata", "no-such-file.json")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v", err)
	}
}

func TestParseReadsRequestAndURLShapes(t *testing.T) {
	c := loadTestdata(t, "urls.json")
	if len(c.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", diagnostics(c))
	}
	tests := []struct {
		item   string
		method string
		want   urlView
	}{
		{"url string", "GET", urlView{
			Raw: "https://api.example.com:8443/v1/users?active=true&limit#top", Protocol: "https",
			Host: []string{"api", "example", "com"}, Port: "8443", Path: []string{"v1", "users"},
			Query: []collection.QueryParam{{Key: "active", Value: "true"}, {Key: "limit", ValueNull: true}},
			Hash:  "top", String: "https://api.example.com:8443/v1/users?active=true&limit#top"}},
		{"request string", "GET", urlView{
			Raw: "{{baseUrl}}/ping", Host: []string{"{{baseUrl}}"}, Path: []string{"ping"}, String: "{{baseUrl}}/ping"}},
		{"raw only", "", urlView{
			Raw: "{{baseUrl}}/users/:id?fields=name", Host: []string{"{{baseUrl}}"}, Path: []string{"users", ":id"},
			Query:     []collection.QueryParam{{Key: "fields", Value: "name"}},
			Variables: []collection.Variable{{Key: "id", Value: "7"}},
			String:    "{{baseUrl}}/users/:id?fields=name"}},
		{"host and path strings", "PUT", urlView{
			Raw: "https://ignored.example.org/nothing", Host: []string{"api", "{{domain.name}}", "com"},
			Path: []string{"v2", "items", ":itemId"}, Variables: []collection.Variable{{Key: "itemId", Value: "9"}},
			String: "api.{{domain.name}}.com/v2/items/:itemId"}},
		{"host and path arrays", "", urlView{
			Raw: "https://ignored.example.org/nothing", Protocol: "https", Host: []string{"{{baseUrl}}"}, Port: "8080",
			Path: []string{"files", "report", ":name.json"}, Hash: "h", Variables: []collection.Variable{{Key: "name", Value: "q1"}},
			String: "https://{{baseUrl}}:8080/files/report/:name.json#h"}},
		{"query forms", "", urlView{
			Raw: "x/search?q=go", Host: []string{"x"}, Path: []string{"search"},
			Query: []collection.QueryParam{
				{Key: "q", Value: "go"},
				{Key: "page", ValueNull: true},
				{Key: "debug", Value: "1", Disabled: true},
				{KeyNull: true, Value: "orphan"},
				{KeyNull: true, Value: "nokey"},
				{Key: "empty"},
			},
			String: "x/search?q=go&page&empty="}},
		{"no url", "POST", urlView{}},
		{"empty url string", "", urlView{}},
		{"null url", "", urlView{}},
	}
	for _, tt := range tests {
		t.Run(tt.item, func(t *testing.T) {
			r := requestNamed(t, c, tt.item).Request
			if r.Method != tt.method {
				t.Errorf("Method = %q, want %q", r.Method, tt.method)
			}
			if got := viewURL(r.URL); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("URL:\n got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestRequestMethodOrGet(t *testing.T) {
	c := mustParse(t, withItems(`[{"name":"a","request":{"url":"/a"}},{"name":"b","request":{"url":"/b","method":" post "}},{"name":"c","request":{"url":"/c","method":"PROPFIND"}}]`))
	var got []string
	for _, it := range c.Requests() {
		got = append(got, it.Request.MethodOrGet())
	}
	if want := []string{"GET", "post", "PROPFIND"}; !reflect.DeepEqual(got, want) {
		t.Errorf("methods = %q, want %q (as written, trimmed)", got, want)
	}
	var nilReq *collection.Request
	if nilReq.MethodOrGet() != "GET" {
		t.Error("nil request: want GET")
	}
}

func TestParseReadsHeaderShapes(t *testing.T) {
	c := loadTestdata(t, "headers.json")
	if len(c.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", diagnostics(c))
	}
	tests := []struct {
		item string
		want []collection.Header
	}{
		{"array", []collection.Header{{Key: "Accept", Value: "application/json"}, {Key: "X-Debug", Value: "1", Disabled: true}}},
		{"string of lines", []collection.Header{{Key: "Accept", Value: "text/plain"}, {Key: "X-Long", Value: "first second third"}, {Key: "X-Empty"}}},
		{"string elements", []collection.Header{{Key: "Accept", Value: "application/xml"}, {Key: "X-Trace", Value: "abc"}}},
		{"null", nil},
	}
	for _, tt := range tests {
		t.Run(tt.item, func(t *testing.T) {
			if got := requestNamed(t, c, tt.item).Request.Header; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Header = %+v, want %+v", got, tt.want)
			}
		})
	}
	ex := requestNamed(t, c, "string elements").Examples
	wantEx := [][]collection.Header{
		{{Key: "Content-Type", Value: "application/json"}, {Key: "X-Rate", Value: "10"}},
		{{Key: "Content-Type", Value: "text/html"}, {Key: "X-Id", Value: "5"}},
		nil,
	}
	if len(ex) != len(wantEx) {
		t.Fatalf("%d examples, want %d", len(ex), len(wantEx))
	}
	for i, e := range ex {
		if !reflect.DeepEqual(e.Header, wantEx[i]) {
			t.Errorf("example %q: Header = %+v, want %+v", e.Name, e.Header, wantEx[i])
		}
	}
}

func TestParseHeaderLines(t *testing.T) {
	tests := []struct {
		in   string
		want []collection.Header
	}{
		{"", nil},
		{"A: 1", []collection.Header{{Key: "A", Value: "1"}}},
		{"A:1\r\nB : two words \r\n", []collection.Header{{Key: "A", Value: "1"}, {Key: "B", Value: "two words"}}},
		{"A: x\n continued\n\tagain", []collection.Header{{Key: "A", Value: "x continued again"}}},
		{" leading: fold without a header", []collection.Header{{Key: "leading", Value: "fold without a header"}}},
		{"no colon\nA: 1", []collection.Header{{Key: "A", Value: "1"}}},
		{"Url: http://x:8080/a", []collection.Header{{Key: "Url", Value: "http://x:8080/a"}}},
	}
	for _, tt := range tests {
		if got := collection.ParseHeaderLines(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseHeaderLines(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestParseReadsBodyModes(t *testing.T) {
	c := loadTestdata(t, "bodies.json")
	if len(c.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", diagnostics(c))
	}
	tests := []struct {
		item string
		want *collection.Body
	}{
		{"raw json", &collection.Body{Mode: collection.ModeRaw, Raw: `{"name": "{{name}}"}`, Language: "json"}},
		{"raw without options", &collection.Body{Mode: collection.ModeRaw, Raw: "plain text"}},
		{"urlencoded array", &collection.Body{Mode: collection.ModeURLEncoded, URLEncoded: []collection.Param{
			{Key: "user", Value: "ada"}, {Key: "debug", Value: "1", Disabled: true}}}},
		{"urlencoded string", &collection.Body{Mode: collection.ModeURLEncoded, URLEncoded: []collection.Param{
			{Key: "a", Value: "1"}, {Key: "b"}, {Key: "c"}}}},
		{"formdata", &collection.Body{Mode: collection.ModeFormData, FormData: []collection.FormParam{
			{Key: "title", Value: "Report", Type: "text"},
			{Key: "file", Type: "file", Src: "/tmp/report.pdf", ContentType: "application/pdf"},
			{Key: "note", Value: "untyped", Type: "text"},
			{Key: "old", Value: "x", Type: "text", Disabled: true}}}},
		{"file object", &collection.Body{Mode: collection.ModeFile, File: collection.FileRef{Src: "data.bin", Content: "AAAA"}}},
		{"file string", &collection.Body{Mode: collection.ModeFile, File: collection.FileRef{Src: "data2.bin"}}},
		{"graphql", &collection.Body{Mode: collection.ModeGraphQL, GraphQL: collection.GraphQL{
			Query: "query($id: ID!) { user(id: $id) { name } }", Variables: `{"id": "1"}`}}},
		{"unknown mode", &collection.Body{Mode: collection.ModeRaw, Raw: "bytes"}},
		{"no mode", nil},
		{"null body", nil},
		{"disabled body", &collection.Body{Mode: collection.ModeRaw, Raw: "off", Disabled: true}},
	}
	for _, tt := range tests {
		t.Run(tt.item, func(t *testing.T) {
			if got := requestNamed(t, c, tt.item).Request.Body; !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Body = %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestParseReadsDescriptionsOfEveryForm(t *testing.T) {
	tests := []struct {
		name string
		desc string
		want string
	}{
		{"string", `"plain text"`, "plain text"},
		{"object", `{"content":"# Title","type":"text/markdown","version":"1"}`, "# Title"},
		{"object without content", `{"type":"text/plain"}`, ""},
		{"null", `null`, ""},
		{"number", `5`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mustParse(t, `{"info":{"name":"d","schema":"`+schema21+`","description":`+tt.desc+`},
				"item":[{"name":"f","description":`+tt.desc+`,"item":[
					{"name":"r","description":`+tt.desc+`,"request":{"url":"/r","description":`+tt.desc+`}}]}]}`)
			r := c.Requests()[0]
			got := []string{c.Info.Description, c.Items[0].Description, r.Description, r.Request.Description}
			if want := []string{tt.want, tt.want, tt.want, tt.want}; !reflect.DeepEqual(got, want) {
				t.Errorf("descriptions (info, folder, item, request) = %q, want %q", got, want)
			}
			if len(c.Diagnostics) != 0 {
				t.Errorf("diagnostics: %v", diagnostics(c))
			}
		})
	}
}

func TestParseIgnoresAuthEventsAndProtocolProfileBehavior(t *testing.T) {
	for _, name := range []string{"auth-v20.json", "auth-v21.json"} {
		t.Run(name, func(t *testing.T) {
			c := loadTestdata(t, name, collection.Strict())
			if len(c.Diagnostics) != 0 {
				t.Errorf("diagnostics: %v", diagnostics(c))
			}
			r := requestNamed(t, c, "Ping")
			if got := r.Request.URL.String(); got != "https://api.example.com/ping" {
				t.Errorf("URL = %q", got)
			}
			if !reflect.DeepEqual(r.Folders, []string{"Folder"}) {
				t.Errorf("Folders = %q", r.Folders)
			}
			// Folder variables are not collection variables (docs/variables.md#scopes).
			if len(c.Variables) != 0 {
				t.Errorf("Variables = %+v, want none", c.Variables)
			}
		})
	}
}

func TestParseConvertsCollectionVariablesToText(t *testing.T) {
	c := loadTestdata(t, "variables.json")
	want := []collection.Variable{
		{Key: "baseUrl", Value: "https://api.example.com", Type: "string"},
		{Key: "old", Value: "gone", Disabled: true},
		{Key: "count", Value: "42", Type: "number"},
		{Key: "ratio", Value: "1.5e3"},
		{Key: "flag", Value: "true", Type: "boolean"},
		{Key: "obj", Value: `{"a":[1,2],"b":"c"}`, Type: "any"},
		{Key: "list", Value: `[1,"two"]`},
		{Key: "nothing", Value: ""},
		{Key: "missing", Value: ""},
		{Key: "legacyId", Value: "from id"},
		{Key: "legacyName", Value: "from name"},
	}
	if !reflect.DeepEqual(c.Variables, want) {
		t.Errorf("Variables:\n got %+v\nwant %+v", c.Variables, want)
	}
	if c.Version != "2.0.0" {
		t.Errorf("Version = %q", c.Version)
	}
	r := collection.NewResolver(c, nil)
	if _, ok := r.Lookup("old"); ok {
		t.Error("disabled variable is defined")
	}
	if v, ok := r.Lookup("nothing"); !ok || v != "" {
		t.Errorf("null variable: %q, %v; want defined as empty", v, ok)
	}
}

func TestParseReadsExamples(t *testing.T) {
	c := loadTestdata(t, "examples.json")
	if len(c.Diagnostics) != 0 {
		t.Fatalf("diagnostics: %v", diagnostics(c))
	}
	item := requestNamed(t, c, "Get user")
	if len(item.Examples) != 4 {
		t.Fatalf("%d examples, want 4", len(item.Examples))
	}
	found, notFound, legacy, parent := item.Examples[0], item.Examples[1], item.Examples[2], item.Examples[3]

	if found.ID != "ex-found" || found.UID != "1234-ex-found" || found.Name != "Found" {
		t.Errorf("found: id %q uid %q name %q", found.ID, found.UID, found.Name)
	}
	if found.RequestFrom != collection.FromOriginalRequest || found.Request.Method != "GET" ||
		found.Request.URL.Raw != "{{baseUrl}}/users/:id" {
		t.Errorf("found: request side %q %+v", found.RequestFrom, found.Request)
	}
	if found.Code != 200 || found.Status != "OK" || found.PreviewLanguage != "json" {
		t.Errorf("found: code %d status %q preview %q", found.Code, found.Status, found.PreviewLanguage)
	}
	if want := []collection.Header{{Key: "Content-Type", Value: "application/json"}, {Key: "X-Off", Value: "1", Disabled: true}}; !reflect.DeepEqual(found.Header, want) {
		t.Errorf("found: Header = %+v", found.Header)
	}
	if want := []collection.Cookie{{Name: "session", Value: "abc", Domain: "example.com", Path: "/"}}; !reflect.DeepEqual(found.Cookies, want) {
		t.Errorf("found: Cookies = %+v", found.Cookies)
	}
	if found.Body != `{"id":"{{id}}"}` || found.BodyNull {
		t.Errorf("found: Body = %q (null %v)", found.Body, found.BodyNull)
	}
	if found.Item != item || found.Index != 1 || found.JSONPath != "item[0].response[0]" {
		t.Errorf("found: item %p index %d path %q", found.Item, found.Index, found.JSONPath)
	}

	if notFound.ID != collection.SyntheticID(2) || notFound.UID != collection.DefaultOwner+"-"+collection.SyntheticID(2) {
		t.Errorf("not found: id %q uid %q", notFound.ID, notFound.UID)
	}
	if notFound.RequestFrom != collection.FromOriginalRequest || notFound.Request.MethodOrGet() != "GET" ||
		!reflect.DeepEqual(notFound.Request.URL.Path, []string{"users", "404"}) {
		t.Errorf("not found: originalRequest string: %+v", notFound.Request)
	}
	if notFound.Code != 404 || notFound.Status != "Not Found" || !notFound.BodyNull || notFound.Body != "" {
		t.Errorf("not found: code %d status %q body %q null %v", notFound.Code, notFound.Status, notFound.Body, notFound.BodyNull)
	}

	if legacy.RequestFrom != collection.FromExampleRequest || legacy.Request.Method != "DELETE" {
		t.Errorf("legacy: request side %q method %q", legacy.RequestFrom, legacy.Request.Method)
	}
	if legacy.Code != 200 || legacy.Body != "old" {
		t.Errorf("legacy: code %d (missing code means 200) body %q", legacy.Code, legacy.Body)
	}

	if parent.RequestFrom != collection.FromParent || parent.Request != item.Request {
		t.Errorf("parent: request side %q, want the parent's request", parent.RequestFrom)
	}
	if parent.Code != 201 || !parent.BodyNull || parent.Header != nil {
		t.Errorf("parent: code %d body null %v header %v", parent.Code, parent.BodyNull, parent.Header)
	}

	single := requestNamed(t, c, "Single response").Examples
	if len(single) != 1 || single[0].ID != "single" || single[0].Code != 202 || single[0].Index != 5 ||
		single[0].JSONPath != "item[1].response" {
		t.Errorf("response as one object: %+v", single)
	}
	if got := len(c.Examples()); got != 5 {
		t.Errorf("Examples() has %d, want 5", got)
	}
	for i, ex := range c.Examples() {
		if ex.Index != i+1 {
			t.Errorf("Examples()[%d].Index = %d", i, ex.Index)
		}
	}
}

func TestParseExampleCodes(t *testing.T) {
	tests := []struct {
		code string
		want int
		diag string // "" for none
	}{
		{`404`, 404, ""},
		{`201.0`, 201, ""},
		{`2e2`, 200, ""},
		{`null`, 200, ""},
		{`"abc"`, 0, `item[0].response[0].code: want a number, got "abc"`},
		{`"200"`, 0, `item[0].response[0].code: want a number, got "200"`},
		{`200.5`, 0, `item[0].response[0].code: want a number, got 200.5`},
		{`true`, 0, `item[0].response[0].code: want a number, got true`},
		{`{}`, 0, `item[0].response[0].code: want a number, got an object`},
		{`1e20`, 0, `item[0].response[0].code: want a number, got 1e20`},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			src := withItems(`[{"name":"r","request":"/r","response":[{"id":"a","code":` + tt.code + `},{"id":"b","code":500}]}]`)
			c := mustParse(t, src)
			ex := c.Examples()
			if tt.diag == "" {
				if len(ex) != 2 || ex[0].Code != tt.want || len(c.Diagnostics) != 0 {
					t.Errorf("got %d examples, first code %d, diagnostics %v", len(ex), ex[0].Code, diagnostics(c))
				}
				return
			}
			if got := diagnostics(c); !reflect.DeepEqual(got, []string{tt.diag}) {
				t.Errorf("diagnostics = %q, want [%q]", got, tt.diag)
			}
			if c.Diagnostics[0].Action != "example skipped" {
				t.Errorf("Action = %q", c.Diagnostics[0].Action)
			}
			// The example is skipped; the next one keeps its place and index.
			if len(ex) != 1 || ex[0].ID != "b" || ex[0].Index != 2 {
				t.Errorf("examples after the bad one: %+v", ex)
			}
			_, err := collection.Parse([]byte(src), collection.Strict())
			if !errors.Is(err, collection.ErrInvalid) || err.Error() != tt.diag {
				t.Errorf("Strict: err = %v, want exactly %q wrapping ErrInvalid", err, tt.diag)
			}
		})
	}
}

func TestParseSynthesizesStableExampleIDs(t *testing.T) {
	if got := collection.SyntheticID(3); got != "00000000-0000-4000-8000-000000000003" {
		t.Errorf("SyntheticID(3) = %q", got)
	}
	src := withItems(`[
		{"name":"a","request":"/a","response":[{"name":"one"},{"id":"","name":"two"},{"id":"fixed","name":"three"}]},
		{"name":"b","request":"/b","response":[{"name":"four","code":"bad"},{"name":"five"}]}]`)
	first := mustParse(t, src)
	var ids []string
	for _, ex := range first.Examples() {
		ids = append(ids, ex.ID)
	}
	want := []string{collection.SyntheticID(1), collection.SyntheticID(2), "fixed", collection.SyntheticID(5)}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %q, want %q (dropped examples keep their number)", ids, want)
	}
	second := mustParse(t, src)
	for i, ex := range second.Examples() {
		if ex.ID != ids[i] || ex.UID != first.Examples()[i].UID {
			t.Errorf("second load: example %d has id %q uid %q, first load %q %q", i, ex.ID, ex.UID, ids[i], first.Examples()[i].UID)
		}
	}
}

func TestParseGivesDuplicateIDsASyntheticID(t *testing.T) {
	c := mustParse(t, withItems(`[
		{"name":"a","request":"/a","response":[{"id":"dup","uid":"9-dup","name":"first"}]},
		{"name":"b","request":"/b","response":[{"id":"dup","uid":"9-dup","name":"second"}]}]`))
	ex := c.Examples()
	if len(ex) != 2 {
		t.Fatalf("%d examples", len(ex))
	}
	if ex[0].ID != "dup" || ex[0].UID != "9-dup" {
		t.Errorf("first keeps its ids: %q %q", ex[0].ID, ex[0].UID)
	}
	if ex[1].ID != collection.SyntheticID(2) || ex[1].UID != collection.DefaultOwner+"-"+collection.SyntheticID(2) {
		t.Errorf("second: id %q uid %q, want synthetic", ex[1].ID, ex[1].UID)
	}
	want := `item[1].response[0].id: duplicate id "dup"`
	if got := diagnostics(c); !reflect.DeepEqual(got, []string{want}) {
		t.Errorf("diagnostics = %q, want [%q]", got, want)
	}
	if a := c.Diagnostics[0].Action; a != "the example gets the synthetic id "+collection.SyntheticID(2) {
		t.Errorf("Action = %q", a)
	}
}

func TestParseKeepsExampleIDsUniqueWhenAFileUsesASyntheticOne(t *testing.T) {
	// The first example claims the id the second one would be given.
	c := mustParse(t, withItems(`[{"name":"a","request":"/a","response":[
		{"id":"`+collection.SyntheticID(2)+`"},{"name":"no id"},{"id":"`+collection.SyntheticID(2)+`"}]}]`))
	seen := map[string]bool{}
	for _, ex := range c.Examples() {
		if seen[ex.ID] {
			t.Errorf("id %q used twice", ex.ID)
		}
		seen[ex.ID] = true
	}
	if len(c.Examples()) != 3 || c.Examples()[0].ID != collection.SyntheticID(2) {
		t.Errorf("examples: %+v", c.Examples())
	}
	if got := c.Examples()[1].ID; got != "00000000-0000-4000-8001-000000000002" {
		t.Errorf("second id = %q", got)
	}
}

func TestParseBuildsUIDsFromTheOwner(t *testing.T) {
	src := withItems(`[{"name":"a","request":"/a","response":[{"id":"e1"},{"id":"e2","uid":"777-e2"}]}]`)
	tests := []struct {
		name string
		opts []collection.Option
		want []string
	}{
		{"default owner", nil, []string{"00000000-e1", "777-e2"}},
		{"Owner option", []collection.Option{collection.Owner("1234567")}, []string{"1234567-e1", "777-e2"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, ex := range mustParse(t, src, tt.opts...).Examples() {
				got = append(got, ex.UID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("uids = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestParseSkipsUnusableItemsAndExamplesWithDiagnostics(t *testing.T) {
	tests := []struct {
		name     string
		items    string
		diag     string
		action   string
		requests int
		examples int
	}{
		{"neither item nor request", `[{"name":"lonely"},{"name":"ok","request":"/ok"}]`,
			"item[0]: neither item nor request", "item skipped", 1, 0},
		{"request of a wrong type", `[{"name":"r","request":5}]`,
			"item[0].request: want an object or a URL string, got 5", "item skipped", 0, 0},
		{"response not an array", `[{"name":"r","request":"/r","response":"nope"}]`,
			`item[0].response: want an array, got "nope"`, "examples skipped", 1, 0},
		{"example not an object", `[{"name":"r","request":"/r","response":[7,{"id":"x"}]}]`,
			"item[0].response[0]: want an object, got 7", "example skipped", 1, 1},
		{"originalRequest of a wrong type", `[{"name":"r","request":"/r","response":[{"originalRequest":[]}]}]`,
			"item[0].response[0].originalRequest: want an object or a URL string, got an array", "example skipped", 1, 0},
		{"url of a wrong type", `[{"name":"r","request":{"url":true}}]`,
			"item[0].request.url: want an object or a string, got true", "ignored", 1, 0},
		{"header of a wrong type", `[{"name":"r","request":{"url":"/r","header":{}}}]`,
			"item[0].request.header: want an array or a string, got an object", "ignored", 1, 0},
		{"header element of a wrong type", `[{"name":"r","request":{"url":"/r","header":[{"key":"A","value":"1"},3]}}]`,
			"item[0].request.header[1]: want an object or a string, got 3", "ignored", 1, 0},
		{"query element of a wrong type", `[{"name":"r","request":{"url":{"path":["r"],"query":["a=1"]}}}]`,
			`item[0].request.url.query[0]: want an object, got "a=1"`, "ignored", 1, 0},
		{"body of a wrong type", `[{"name":"r","request":{"url":"/r","body":"raw text"}}]`,
			`item[0].request.body: want an object, got "raw text"`, "ignored", 1, 0},
		{"example header of a wrong type", `[{"name":"r","request":"/r","response":[{"header":12}]}]`,
			"item[0].response[0].header: want an array or a string, got 12", "ignored", 1, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := withItems(tt.items)
			c := mustParse(t, src)
			if got := diagnostics(c); !reflect.DeepEqual(got, []string{tt.diag}) {
				t.Errorf("diagnostics = %q, want [%q]", got, tt.diag)
			} else if c.Diagnostics[0].Action != tt.action {
				t.Errorf("Action = %q, want %q", c.Diagnostics[0].Action, tt.action)
			}
			if len(c.Requests()) != tt.requests || len(c.Examples()) != tt.examples {
				t.Errorf("%d requests and %d examples, want %d and %d", len(c.Requests()), len(c.Examples()), tt.requests, tt.examples)
			}
			_, err := collection.Parse([]byte(src), collection.Strict())
			if !errors.Is(err, collection.ErrInvalid) || err.Error() != tt.diag {
				t.Errorf("Strict: err = %v, want %q", err, tt.diag)
			}
		})
	}
}

func TestParseFailsOnWrongTypesWithTheJSONPath(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"item not an array", `{"info":{"name":"x"},"item":{}}`, "item: want an array, got an object"},
		{"item null", `{"info":{"name":"x"},"item":null}`, "item: want an array, got null"},
		{"item element not an object", withItems(`[{"name":"a","request":"/a"},"b"]`), `item[1]: want an object, got "b"`},
		{"nested item element not an object", withItems(`[{"name":"a","request":"/a"},{"name":"b","request":"/b"},{"name":"f","item":[5]}]`),
			"item[2].item[0]: want an object, got 5"},
		{"folder item not an array", withItems(`[{"name":"f","item":"x"}]`), `item[0].item: want an array, got "x"`},
		{"variable not an array", `{"info":{"name":"x"},"variable":{"key":"a"},"item":[]}`, "variable: want an array, got an object"},
		{"variable element not an object", `{"info":{"name":"x"},"variable":[{"key":"a"},"b"],"item":[]}`, `variable[1]: want an object, got "b"`},
		{"info not an object", `{"info":"Shop","item":[]}`, `info: want an object, got "Shop"`},
		{"info null", `{"info":null,"item":[]}`, "info: want an object, got null"},
		{"schema not a string", `{"info":{"name":"x","schema":2},"item":[]}`, "info.schema: want a string, got 2"},
		{"info missing", `{"item":[]}`, "info: missing: a collection needs an info object"},
		{"item missing", `{"info":{"name":"x"}}`, "item: missing: a collection needs an item array"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := collection.Parse([]byte(tt.src))
			if !errors.Is(err, collection.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if err.Error() != tt.want {
				t.Errorf("error:\n got %q\nwant %q", err, tt.want)
			}
		})
	}
}

func TestParseDoesNotAliasTheInput(t *testing.T) {
	data := []byte(withItems(`[{"name":"ping","request":"/ping","response":[{"id":"e","body":"pong"}]}]`))
	c, err := collection.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	for i := range data {
		data[i] = 'x'
	}
	if it := c.Requests()[0]; it.Name != "ping" || it.Examples[0].Body != "pong" || it.Examples[0].ID != "e" {
		t.Errorf("values changed with the input buffer: %q %q", it.Name, it.Examples[0].Body)
	}
}

func TestParseDecodesJSONEscapes(t *testing.T) {
	c := mustParse(t, withItems(`[{"name":"caf\u00e9 \ud83d\ude00 \"q\" \\ \/ \b\f\n\r\t","request":"/r","response":[{"body":"\ud800 lone"}]}]`))
	it := c.Requests()[0]
	if want := "café 😀 \"q\" \\ / \b\f\n\r\t"; it.Name != want {
		t.Errorf("Name = %q, want %q", it.Name, want)
	}
	if want := "\ufffd lone"; it.Examples[0].Body != want {
		t.Errorf("Body = %q, want %q", it.Examples[0].Body, want)
	}
}

func TestParseAcceptsAByteOrderMark(t *testing.T) {
	c := mustParse(t, "\xef\xbb\xbf"+withItems(`[]`))
	if c.Info.Name != "t" {
		t.Errorf("Info.Name = %q", c.Info.Name)
	}
}

func TestParseHeaderLinesJoinsManyFoldedLinesInLinearTime(t *testing.T) {
	// Joining folded lines one at a time copies the value for every line:
	// quadratic, seconds for half a megabyte. Count allocations instead of
	// timing: one join allocates a handful, whatever the number of lines.
	s := "X-Long: a" + strings.Repeat("\n b", 10000) + "\nX-Next: c"
	var got []collection.Header
	allocs := testing.AllocsPerRun(3, func() { got = collection.ParseHeaderLines(s) })
	if len(got) != 2 || got[0].Value != "a"+strings.Repeat(" b", 10000) || got[1].Value != "c" {
		t.Fatalf("got %d headers", len(got))
	}
	if allocs > 100 {
		t.Errorf("%v allocations for 10000 folded lines, want a handful", allocs)
	}
}
