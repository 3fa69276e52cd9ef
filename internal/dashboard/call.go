package dashboard

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
)

// Call is one call as the page lists it and as -log json prints it
// (docs/dashboard.md#call-records).
type Call struct {
	ID   string    `json:"id"`
	Mock string    `json:"mock,omitempty"`
	Time time.Time `json:"time"`
	// Method and Path (with its query) are the request's.
	Method string `json:"method"`
	Path   string `json:"path"`
	// PathCut reports that the page's endpoints sent only the first
	// MaxShownPath bytes of Path (never set by LogCalls).
	PathCut bool `json:"pathCut,omitempty"`
	Status  int  `json:"status"`
	// Matched reports that an example answered.
	Matched bool `json:"matched"`
	// Example is the name of the example or server response that answered;
	// ExampleID and Folder (its request item) are set for an example.
	Example   string `json:"example,omitempty"`
	ExampleID string `json:"exampleId,omitempty"`
	Folder    string `json:"folder,omitempty"`
	// ServerResponse reports an answer of the active server response.
	ServerResponse bool `json:"serverResponse,omitempty"`
	// Score and Step are the winning score and ladder step (match.Step
	// names: "exact", "trailing slash", ... "document distance", or
	// "selected" for an x-mock-response-id or -name selection); zero and ""
	// when nothing matched.
	Score int    `json:"score"`
	Step  string `json:"step,omitempty"`
	// DurationMS is the time from arrival to response, DelayMS the delay
	// in it, both in milliseconds.
	DurationMS float64 `json:"durationMs"`
	DelayMS    float64 `json:"delayMs"`
}

func newCall(e *calllog.Entry, mockID string, fi *folderIndex) Call {
	c := Call{ID: e.ID, Mock: mockID, Time: e.ServedAt.UTC(), Method: e.Request.Method, Path: e.Request.Path,
		Status: e.Response.StatusCode, Matched: e.Matched, Example: e.ResponseName, ExampleID: e.ExampleID,
		Score: e.Score, DurationMS: ms(e.Duration), DelayMS: ms(e.Delay)}
	if e.Matched {
		c.Step = e.Step.String()
		if fi != nil {
			c.Folder = fi.folder(e.ExampleID)
		}
	} else if e.ResponseName != "" {
		c.ServerResponse = true
	}
	return c
}

// pageCall is newCall for the page's endpoints, with the path cut at
// MaxShownPath: a request target may be a megabyte long, and the list
// sends MaxListed of them.
func pageCall(e *calllog.Entry, mockID string, fi *folderIndex) Call {
	c := newCall(e, mockID, fi)
	if p, cut := shown(c.Path, MaxShownPath); cut {
		c.Path, c.PathCut = p, true
	}
	return c
}

// shown returns at most max bytes of s, cut at a UTF-8 boundary, and
// whether it was cut.
func shown(s string, max int) (string, bool) {
	if len(s) <= max {
		return s, false
	}
	n := max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n], true
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Header is a request or response header in a Detail.
type Header struct {
	Name  string `json:"name"`
	Value string `json:"value"`
}

// Message is the request or response side of a Detail.
type Message struct {
	Headers []Header `json:"headers"`
	Body    string   `json:"body"`
	// Truncated reports that Body is only the start of the body: the call
	// log kept only that, or the detail sent only MaxShownBody bytes.
	Truncated bool `json:"truncated,omitempty"`
}

// Rejection is one near example of an unmatched call and why it was not
// served (match.Rejection).
type Rejection struct {
	Example   string `json:"example"`
	ExampleID string `json:"exampleId"`
	Folder    string `json:"folder"`
	Method    string `json:"method"`
	Path      string `json:"path"`
	// Reason is the filter that rejected it: method, path, code, header,
	// body or score (match.Reason).
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

// Detail is GET /api/calls/{id}: the call, its request and response and,
// for a call answered with the no-match 404, the nearest examples and why
// each was rejected.
type Detail struct {
	Call
	Request  Message `json:"request"`
	Response Message `json:"response"`
	// Explanation is set for a call answered with mock.NotFoundBody; it is
	// worked out when asked, against the mock's current index and config.
	Explanation []Rejection `json:"explanation,omitempty"`
	// Explained reports that Explanation was worked out (it may be empty:
	// no example near enough).
	Explained bool `json:"explained"`
}

// redactedHeaders converts headers for the page, hiding the values of
// Set-Cookie (response) and Proxy-Authorization (request) as well: the call
// log redacts x-api-key, Authorization and Cookie already.
func redactedHeaders(hs []calllog.Header, response bool) []Header {
	out := make([]Header, 0, len(hs))
	for _, h := range hs {
		v := h.Value
		if response && strings.EqualFold(h.Key, "Set-Cookie") || !response && strings.EqualFold(h.Key, "Proxy-Authorization") {
			v = calllog.Redacted
		}
		out = append(out, Header{Name: h.Key, Value: v})
	}
	return out
}

func newDetail(e *calllog.Entry, m Mock, fi *folderIndex) Detail {
	d := Detail{Call: pageCall(e, m.ID, fi),
		Request:  shownMessage(e.Request.Headers, false, e.Request.Body),
		Response: shownMessage(e.Response.Headers, true, e.Response.Body)}
	if !e.Matched && e.ResponseName == "" && e.Response.StatusCode == http.StatusNotFound && e.Response.Body.Data == mock.NotFoundBody {
		d.Explained = true
		d.Explanation = explain(e, m.Mock, fi)
	}
	return d
}

// shownMessage is one side of a call for the detail, its body cut at
// MaxShownBody: api mode's call logs may keep bodies of tens of megabytes,
// more than a page can show.
func shownMessage(hs []calllog.Header, response bool, b calllog.Body) Message {
	body, cut := shown(b.Data, MaxShownBody)
	return Message{Headers: redactedHeaders(hs, response), Body: body, Truncated: b.Truncated || cut}
}

// explain replays an unmatched call through the mock's index as the call
// log recorded it (headers as the matcher saw them, defaults included;
// secrets redacted and bodies cut, which can change a header or body
// rejection's detail).
func explain(e *calllog.Entry, m *mock.Mock, fi *folderIndex) []Rejection {
	path, q, _ := strings.Cut(e.Request.Path, "?")
	h := http.Header{}
	for _, x := range e.Request.Headers {
		h.Add(x.Key, x.Value)
	}
	req := &match.Request{Method: e.Request.Method, Path: path, RawQuery: q, Header: h, Body: []byte(e.Request.Body.Data)}
	ix := fi.ix
	if ix == nil {
		ix = m.Index()
	}
	out := []Rejection{}
	for _, r := range ix.Explain(req, m.Config().MatchConfig()) {
		x := Rejection{Reason: string(r.Reason), Detail: r.Detail, Method: r.Route.Method, Path: r.Route.Path}
		if r.Route.Query != "" {
			x.Path += "?" + r.Route.Query
		}
		if r.Example != nil {
			x.Example, x.ExampleID, x.Folder = r.Example.Name, r.Example.ID, r.Example.Item.FullName()
		}
		out = append(out, x)
	}
	return out
}

// matchConfig is the matching part of a mock's config, as the mock
// matches with it.
// LogBuffer is the calls LogCalls holds while w is slow; past it calls
// are left out of the log and counted.
const LogBuffer = 4096

// LogCalls writes one JSON object per call the mock stores from now on to
// w (the fields of Call, one object a line), until stop is called; stop
// waits for the calls already taken to be written and returns how many
// were left out because w was too slow. postmock serve -log json uses it.
func LogCalls(m *mock.Mock, w io.Writer) (stop func() (dropped int64)) {
	watch := m.Calls().Watch(LogBuffer)
	done := make(chan struct{})
	go func() {
		defer close(done)
		enc := json.NewEncoder(w)
		var fi *folderIndex
		for e := range watch.C {
			if ix := m.Index(); fi == nil || fi.ix != ix {
				fi = newFolderIndex(ix)
			}
			if enc.Encode(newCall(&e, "", fi)) != nil {
				// w is gone (a closed pipe): keep draining so that the
				// watch stays cheap, write no more.
				enc = json.NewEncoder(io.Discard)
			}
		}
	}()
	var once sync.Once
	return func() int64 {
		once.Do(func() {
			watch.Close()
			<-done
		})
		return watch.Dropped()
	}
}
