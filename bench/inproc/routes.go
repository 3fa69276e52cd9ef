// Package inproc compares postmock's in-process Transport with
// jarcoal/httpmock, h2non/gock and a bare http.RoundTripper on the same
// generated routes (issue 17). It is a module of its own so that the
// library's go.mod keeps only its own dependencies; it sits beside the
// library, outside its data flow, and only measures it.
//
// Every library answers 200 with the same 200-byte JSON body. The routes:
//
//   - exact: GET http://api.test/api/v1/res{i}/items
//   - id:    GET http://api.test/api/v1/obj{i}/items/{id} (any id)
//   - miss:  calls to /zzz/yyy/qqq{i}/www against the id routes, which no
//     route matches
//
// Setup builds one library's RoundTripper for a kind of route and a count;
// Calls gives the requests to send and what each must be answered. The
// benchmarks and TestSameAnswers (in inproc_test.go) use both; run.sh runs
// the benchmarks and prints the medians table.
package inproc

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/h2non/gock"
	"github.com/jarcoal/httpmock"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
)

// Host is the host every route and call uses.
const Host = "http://api.test"

// BodySize is the length of every answer's body.
const BodySize = 200

// ContentType is every answer's Content-Type.
const ContentType = "application/json"

// Kind is a kind of route.
type Kind string

// The kinds of routes and calls.
const (
	Exact Kind = "exact" // literal paths, one map lookup away
	ID    Kind = "id"    // one {id} segment per route
	Miss  Kind = "miss"  // the id routes, called on paths none matches
)

// Library names one of the compared RoundTrippers.
type Library string

// The compared libraries.
const (
	Postmock Library = "postmock"
	Httpmock Library = "httpmock"
	Gock     Library = "gock"
	Bare     Library = "bare"
)

// Libraries lists the libraries in table order.
var Libraries = []Library{Postmock, Httpmock, Gock, Bare}

// Body returns route i's answer: a JSON object of exactly BodySize bytes.
func Body(i int) string {
	s := fmt.Sprintf(`{"id":%d,"name":"route %d","pad":""}`, i, i)
	return s[:len(s)-2] + strings.Repeat("x", BodySize-len(s)) + `"}`
}

func exactPath(i int) string { return "/api/v1/res" + strconv.Itoa(i) + "/items" }
func idPrefix(i int) string  { return "/api/v1/obj" + strconv.Itoa(i) + "/items/" }

// Call is one request to send and the answer it must get.
type Call struct {
	Req    *http.Request
	Status int    // 0: no route matches (a 404 or an error, as the library does)
	Body   string // expected body when Status is 200
}

// Calls returns count calls of the kind against n routes, spread evenly
// over the routes.
func Calls(kind Kind, n, count int) []Call {
	out := make([]Call, count)
	for k := range out {
		i := (k * 7919) % n
		var c Call
		switch kind {
		case Exact:
			c = Call{Status: 200, Body: Body(i)}
			c.Req, _ = http.NewRequest(http.MethodGet, Host+exactPath(i), nil)
		case ID:
			c = Call{Status: 200, Body: Body(i)}
			c.Req, _ = http.NewRequest(http.MethodGet, Host+idPrefix(i)+strconv.Itoa(1000+k), nil)
		case Miss:
			c.Req, _ = http.NewRequest(http.MethodGet, Host+"/zzz/yyy/qqq"+strconv.Itoa(i)+"/www", nil)
		}
		out[k] = c
	}
	return out
}

// routeKind is the kind of routes a kind of call runs against.
func routeKind(kind Kind) Kind {
	if kind == Miss {
		return ID
	}
	return kind
}

// CollectionJSON returns a Postman collection of n routes of the kind (the
// id routes for Miss), each one request with one 200 example.
func CollectionJSON(kind Kind, n int) []byte {
	type header struct {
		Key   string `json:"key"`
		Value string `json:"value"`
	}
	type request struct {
		Method string `json:"method"`
		URL    string `json:"url"`
	}
	type example struct {
		Name     string   `json:"name"`
		Original request  `json:"originalRequest"`
		Code     int      `json:"code"`
		Header   []header `json:"header"`
		Body     string   `json:"body"`
	}
	type item struct {
		Name     string    `json:"name"`
		Request  request   `json:"request"`
		Response []example `json:"response"`
	}
	items := make([]item, n)
	for i := range items {
		u := Host + exactPath(i)
		if routeKind(kind) == ID {
			u = Host + idPrefix(i) + "{{id}}"
		}
		rq := request{Method: http.MethodGet, URL: u}
		items[i] = item{Name: "route " + strconv.Itoa(i), Request: rq, Response: []example{{
			Name: "ok", Original: rq, Code: 200, Header: []header{{"Content-Type", ContentType}}, Body: Body(i),
		}}}
	}
	b, err := json.Marshal(map[string]any{
		"info": map[string]string{"name": "inproc", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
		"item": items,
	})
	if err != nil {
		panic(err) // only plain values above
	}
	return b
}

// ParsedCollection parses CollectionJSON(kind, n).
func ParsedCollection(kind Kind, n int) (*collection.Collection, error) {
	return collection.Parse(CollectionJSON(kind, n))
}

// BuildPostmock builds the mock of an already parsed collection and returns
// its Transport.
func BuildPostmock(c *collection.Collection) (http.RoundTripper, error) {
	m, err := mock.New(c, mock.WithSeed(1))
	if err != nil {
		return nil, err
	}
	return m.Transport(), nil
}

// Routes are n routes of a kind made ready for registration, so that
// building a mock measures the library, not the making of its input.
type Routes struct {
	Kind   Kind     // Exact or ID
	Paths  []string // exact paths, or the prefixes before the id
	Bodies []string // each route's answer
}

// NewRoutes returns n routes of the kind (the id routes for Miss).
func NewRoutes(kind Kind, n int) Routes {
	r := Routes{Kind: routeKind(kind), Paths: make([]string, n), Bodies: make([]string, n)}
	for i := range n {
		r.Paths[i], r.Bodies[i] = exactPath(i), Body(i)
		if r.Kind == ID {
			r.Paths[i] = idPrefix(i)
		}
	}
	return r
}

// BuildHttpmock registers the routes with a new httpmock transport: exact
// routes as URLs, id routes as regexps, and a 404 for anything else.
func BuildHttpmock(rs Routes) http.RoundTripper {
	t := httpmock.NewMockTransport()
	hdr := http.Header{"Content-Type": {ContentType}}
	for i, p := range rs.Paths {
		r := httpmock.NewStringResponder(200, rs.Bodies[i]).HeaderSet(hdr)
		if rs.Kind == ID {
			t.RegisterRegexpResponder(http.MethodGet, regexp.MustCompile(`^`+regexp.QuoteMeta(Host+p)+`[^/]+$`), r)
		} else {
			t.RegisterResponder(http.MethodGet, Host+p, r)
		}
	}
	t.RegisterNoResponder(httpmock.NewStringResponder(404, `{"error":"no route"}`))
	return t
}

// BuildGock registers the routes as persistent gock mocks (gock keeps them
// in a global list: call gock.Off before building another set) and returns
// gock's transport. Paths are anchored regexps, as gock matches paths by
// regexp.
func BuildGock(rs Routes) http.RoundTripper {
	for i, p := range rs.Paths {
		p = `^` + regexp.QuoteMeta(p) + `$`
		if rs.Kind == ID {
			p = p[:len(p)-1] + `[^/]+$`
		}
		gock.New(Host).Get(p).Persist().Reply(200).SetHeader("Content-Type", ContentType).BodyString(rs.Bodies[i])
	}
	return gock.DefaultTransport
}

// BareTransport answers every request 200 with Body(0), no routing: the
// floor of any in-process mock.
type BareTransport struct{}

// RoundTrip answers req.
func (BareTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	return &http.Response{Status: "200 OK", StatusCode: 200, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {ContentType}}, Body: io.NopCloser(strings.NewReader(bare)),
		ContentLength: BodySize, Request: req}, nil
}

var bare = Body(0)

// Setup returns lib's RoundTripper for n routes of the kind and a func
// that releases it (gock's global mocks).
func Setup(lib Library, kind Kind, n int) (http.RoundTripper, func(), error) {
	switch lib {
	case Postmock:
		c, err := ParsedCollection(kind, n)
		if err != nil {
			return nil, nil, err
		}
		rt, err := BuildPostmock(c)
		return rt, func() {}, err
	case Httpmock:
		return BuildHttpmock(NewRoutes(kind, n)), func() {}, nil
	case Gock:
		gock.Off()
		return BuildGock(NewRoutes(kind, n)), gock.Off, nil
	case Bare:
		return BareTransport{}, func() {}, nil
	}
	return nil, nil, fmt.Errorf("unknown library %q", lib)
}

// Do sends req through client, reads the whole body and closes it, as
// the benchmarks do; it returns the status.
func Do(client *http.Client, req *http.Request) (int, error) {
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode, err
}

// Check sends every call and reports the first one answered otherwise than
// it must be: a route's 200, its body and Content-Type; a miss answered
// 404 or refused with an error.
func Check(rt http.RoundTripper, calls []Call, bodyCheck bool) error {
	client := &http.Client{Transport: rt}
	for _, c := range calls {
		resp, err := client.Do(c.Req)
		if c.Status == 0 {
			if err == nil {
				resp.Body.Close()
				if resp.StatusCode != http.StatusNotFound {
					return fmt.Errorf("%s %s: status %d, want 404 or an error", c.Req.Method, c.Req.URL, resp.StatusCode)
				}
			}
			continue
		}
		if err != nil {
			return fmt.Errorf("%s %s: %v", c.Req.Method, c.Req.URL, err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return fmt.Errorf("%s %s: reading the body: %v", c.Req.Method, c.Req.URL, err)
		}
		if resp.StatusCode != c.Status {
			return fmt.Errorf("%s %s: status %d, want %d", c.Req.Method, c.Req.URL, resp.StatusCode, c.Status)
		}
		if ct := resp.Header.Get("Content-Type"); ct != ContentType {
			return fmt.Errorf("%s %s: Content-Type %q, want %q", c.Req.Method, c.Req.URL, ct, ContentType)
		}
		if bodyCheck && string(body) != c.Body {
			return fmt.Errorf("%s %s: body %q, want %q", c.Req.Method, c.Req.URL, body, c.Body)
		}
		if len(body) != BodySize {
			return fmt.Errorf("%s %s: body of %d bytes, want %d", c.Req.Method, c.Req.URL, len(body), BodySize)
		}
	}
	return nil
}
