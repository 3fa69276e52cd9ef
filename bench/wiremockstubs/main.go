// Command wiremockstubs translates a Postman collection into WireMock stub
// mappings, so that WireMock can serve the benchmark's collection in
// bench/compare.sh.
//
// Usage:
//
//	wiremockstubs -collection FILE -root DIR
//
// It writes DIR/mappings/postman-collection.json (a {"mappings": [...]}
// document) and creates DIR/__files. Per request item of the collection it
// emits one stub:
//
//   - the request's method;
//   - its path, resolved with the collection variables (Postman's pipeline,
//     collection.Resolver.ResolveURL): urlPath when it is literal, else
//     urlPathPattern with every {{var}} segment turned into [^/]+ (and a
//     {{var}} inside a segment into [^/]*), the rest regex-quoted;
//   - its enabled query parameters, when present, as queryParameters
//     equalTo (a {{var}} value matches anything);
//   - the response of the request's first example with a 2xx status (in
//     file order): status, enabled headers (minus Content-Length,
//     Content-Encoding and Transfer-Encoding) and body, with collection
//     variables resolved.
//
// Stubs with a literal path get a higher priority than pattern stubs and,
// among those, stubs with query parameters higher than those without, a
// rough stand-in for Postman's preference of exact over wildcard matches.
// Requests without a 2xx example are skipped and counted. What this leaves
// out of Postman's mock semantics is listed in bench/README.md.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/postmock/postmock/collection"
)

// mapping is one WireMock stub mapping.
type mapping struct {
	Name     string   `json:"name"`
	Priority int      `json:"priority"`
	Request  request  `json:"request"`
	Response response `json:"response"`
}

type request struct {
	Method          string                       `json:"method"`
	URLPath         string                       `json:"urlPath,omitempty"`
	URLPathPattern  string                       `json:"urlPathPattern,omitempty"`
	QueryParameters map[string]map[string]string `json:"queryParameters,omitempty"`
}

type response struct {
	Status  int               `json:"status"`
	Headers map[string]string `json:"headers,omitempty"`
	Body    string            `json:"body"`
}

// dropHeaders are response headers WireMock sets itself.
var dropHeaders = map[string]bool{"content-length": true, "content-encoding": true, "transfer-encoding": true}

func main() {
	file := flag.String("collection", "", "Postman collection file (required)")
	root := flag.String("root", "", "WireMock root directory to write mappings/ into (required)")
	flag.Parse()
	if *file == "" || *root == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: wiremockstubs -collection FILE -root DIR")
		os.Exit(2)
	}
	c, err := collection.LoadFile(*file)
	if err != nil {
		fail(err)
	}
	maps, skipped := translate(c)
	dir := filepath.Join(*root, "mappings")
	for _, d := range []string{dir, filepath.Join(*root, "__files")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			fail(err)
		}
	}
	data, err := json.MarshalIndent(struct {
		Mappings []mapping `json:"mappings"`
	}{maps}, "", "  ")
	if err != nil {
		fail(err)
	}
	out := filepath.Join(dir, "postman-collection.json")
	if err := os.WriteFile(out, data, 0o644); err != nil {
		fail(err)
	}
	fmt.Fprintf(os.Stderr, "wiremockstubs: %d stubs written to %s (%d requests without a 2xx example skipped)\n", len(maps), out, skipped)
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "wiremockstubs:", err)
	os.Exit(1)
}

// translate returns one stub per request item that has a 2xx example, and
// how many request items had none.
func translate(c *collection.Collection) ([]mapping, int) {
	res := collection.NewResolver(c, nil)
	var maps []mapping
	skipped := 0
	for _, it := range c.Requests() {
		var ex *collection.Example
		for _, e := range it.Examples {
			if e.Code >= 200 && e.Code < 300 {
				ex = e
				break
			}
		}
		if ex == nil {
			skipped++
			continue
		}
		req := it.Request
		if req == nil {
			req = ex.Request
		}
		ru := res.ResolveURL(&req.URL)
		m := mapping{Name: strings.Join(append(append([]string{}, it.Folders...), it.Name), " / ")}
		m.Request.Method = strings.ToUpper(req.MethodOrGet())
		path, literal := pathMatcher(ru.Path)
		if literal {
			m.Request.URLPath = path
			m.Priority = 2
		} else {
			m.Request.URLPathPattern = path
			m.Priority = 4
		}
		for _, q := range ru.Query {
			if q.KeyNull {
				continue
			}
			if m.Request.QueryParameters == nil {
				m.Request.QueryParameters = map[string]map[string]string{}
				m.Priority--
			}
			if len(collection.Tokens(q.Value)) > 0 {
				m.Request.QueryParameters[q.Key] = map[string]string{"matches": ".*"}
			} else {
				m.Request.QueryParameters[q.Key] = map[string]string{"equalTo": q.Value}
			}
		}
		m.Response.Status = ex.Code
		for _, h := range ex.Header {
			if h.Disabled || dropHeaders[strings.ToLower(h.Key)] {
				continue
			}
			if m.Response.Headers == nil {
				m.Response.Headers = map[string]string{}
			}
			m.Response.Headers[h.Key] = res.Resolve(h.Value)
		}
		if !ex.BodyNull {
			m.Response.Body = res.Resolve(ex.Body)
		}
		maps = append(maps, m)
	}
	return maps, skipped
}

// pathMatcher returns the path for urlPath and true when the resolved
// segments are literal, else a regular expression for urlPathPattern.
func pathMatcher(segs []string) (string, bool) {
	literal := true
	for _, s := range segs {
		if len(collection.Tokens(s)) > 0 {
			literal = false
		}
	}
	if literal {
		return "/" + strings.Join(segs, "/"), true
	}
	parts := make([]string, len(segs))
	for i, s := range segs {
		parts[i] = segmentPattern(s)
	}
	return "/" + strings.Join(parts, "/"), false
}

// token matches one {{name}} token.
var token = regexp.MustCompile(`\{\{[^{}]+\}\}`)

// segmentPattern turns one path segment into a regular expression: a whole
// {{var}} segment matches any non-empty segment, a token inside a segment
// any run of non-slash characters, and the rest matches literally.
func segmentPattern(s string) string {
	if loc := token.FindStringIndex(s); loc != nil && loc[0] == 0 && loc[1] == len(s) {
		return "[^/]+"
	}
	var b strings.Builder
	last := 0
	for _, loc := range token.FindAllStringIndex(s, -1) {
		b.WriteString(regexp.QuoteMeta(s[last:loc[0]]))
		b.WriteString("[^/]*")
		last = loc[1]
	}
	b.WriteString(regexp.QuoteMeta(s[last:]))
	return b.String()
}
