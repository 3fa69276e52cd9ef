package calllog

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/postmock/postmock/match"
)

// Header is one request or response header, {"key","value"} in JSON.
type Header struct {
	Key   string
	Value string
}

// Entry is one served call.
//
// Entries returned by a Store share their Headers slices and Captures map
// with the stored entry: treat them as read-only.
type Entry struct {
	// ID is the entry's unique id; Append assigns an xid string derived from
	// ServedAt (time-ordered) when it is empty.
	ID string
	// ServedAt is when the response was served; Append uses time.Now when it
	// is zero.
	ServedAt time.Time
	// ResponseName is the served example's or server response's name; ""
	// when nothing matched.
	ResponseName string
	// Request is the call as received.
	Request Request
	// Response is what the mock answered.
	Response Response

	// The fields below are Go-only and test-facing: the Postman JSON omits
	// them.

	// MockID is the id of the mock that served the call.
	MockID string
	// ExampleID is the id of the served example; "" when none was served.
	ExampleID string
	// ExampleName is the name of the served example.
	ExampleName string
	// Score is the winning match score; 0 when nothing matched.
	Score int
	// Step is the score-ladder step (match.StepExact 1 to
	// match.StepDistance 8) that matched the path; 0 (match.StepSelected)
	// when nothing matched or the example was selected by an
	// x-mock-response-id or -name header (Matched tells the two apart).
	Step match.Step
	// Captures are the values path wildcards captured, by variable name.
	Captures map[string]string
	// Delay is the delay applied before the response was written.
	Delay time.Duration
	// Duration is how long the call took, from its arrival to its
	// response written (Delay included); 0 when the recorder did not
	// measure it.
	Duration time.Duration
	// Matched reports whether an example matched the call.
	Matched bool
	// Scenario names the scripted rule that answered the call (package
	// mock's scenarios): "sequence NAME", "override PATTERN", "fault
	// PATTERN", "chaos", "rate-limit" or "x-mock-fault"; "" when none did.
	Scenario string
	// ScenarioStep is the 1-based step of the sequence that answered; 0
	// for none, and for a call past the end of a sequence that answers 404.
	ScenarioStep int
	// Fault is the fault served instead of (or, for malformed-chunk, in
	// the middle of) a response: "connection-reset", "empty-response",
	// "malformed-chunk" or "random-data-then-close"; "" for none.
	Fault string
}

// Request is the request side of an Entry.
type Request struct {
	// Method is the HTTP method, e.g. "GET".
	Method string
	// Path is the path plus "?query" as received, e.g. "/users/42?expand=1".
	Path string
	// Headers are the request headers in the order received. Append redacts
	// the values of x-api-key, Authorization and Cookie unless
	// Limits.KeepSecrets is set.
	Headers []Header
	// Body is the request body; Append sets its Mode from the Content-Type
	// header when it is empty (see BodyMode).
	Body Body
}

// Response is the response side of an Entry.
type Response struct {
	// Type is "success" when StatusCode < 400, else "error"; Append sets it
	// when it is empty.
	Type string
	// StatusCode is the HTTP status code sent.
	StatusCode int
	// Headers are the response headers sent.
	Headers []Header
	// Body is the response body; its Mode is unused.
	Body Body
}

// Body is a request or response body.
type Body struct {
	// Mode is, for a request, "urlencoded", "formdata" or "raw", from the
	// Content-Type (see BodyMode); "" for a response.
	Mode string
	// Data is the body text. Once stored it holds at most
	// Limits.MaxBodyBytes bytes of the body, followed, when the body was
	// cut, by TruncatedMarker(Dropped) ("…[truncated 1048576 bytes]").
	Data string
	// Truncated reports that the body was cut (Dropped > 0) and Data ends
	// with the marker. Go-only: the JSON omits it.
	Truncated bool
	// Dropped is how many bytes of the body are not in Data. Append adds
	// what it cuts past Limits.MaxBodyBytes; a caller that read only the
	// start of a body sets it to the size of the rest before Append.
	// Go-only: the JSON omits it.
	Dropped int64
}

// Request body modes, as in Postman's call-log JSON.
const (
	ModeRaw        = "raw"
	ModeURLEncoded = "urlencoded"
	ModeFormData   = "formdata"
)

// Response types, as in Postman's call-log JSON.
const (
	TypeSuccess = "success"
	TypeError   = "error"
)

// BodyMode returns the call-log body mode for a request Content-Type:
// ModeURLEncoded for application/x-www-form-urlencoded, ModeFormData for
// multipart/form-data, ModeRaw for anything else (or nothing).
func BodyMode(contentType string) string {
	mt, _, _ := strings.Cut(contentType, ";")
	mt = strings.TrimSpace(mt)
	switch {
	case strings.EqualFold(mt, "application/x-www-form-urlencoded"):
		return ModeURLEncoded
	case strings.EqualFold(mt, "multipart/form-data"):
		return ModeFormData
	}
	return ModeRaw
}

// ResponseType returns TypeSuccess for a status code below 400 and TypeError
// otherwise.
func ResponseType(statusCode int) string {
	if statusCode < 400 {
		return TypeSuccess
	}
	return TypeError
}

// servedAtLayout is the Postman JSON's servedAt format: ISO 8601, UTC,
// milliseconds.
const servedAtLayout = "2006-01-02T15:04:05.000Z"

// AppendJSON appends the entry's Postman JSON to dst and returns the extended
// slice:
//
//	{"id":…,"responseName":…,"servedAt":"2024-06-10T06:13:20.512Z",
//	 "request":{"method":…,"path":…,"headers":[{"key":…,"value":…}],"body":{"mode":…,"data":…}},
//	 "response":{"type":…,"statusCode":…,"headers":[…],"body":{"data":…}}}
//
// The headers and body members appear only when inc names them; the Go-only
// fields never do. Strings are escaped as JSON requires (HTML characters are
// left alone); invalid UTF-8 becomes U+FFFD.
func (e *Entry) AppendJSON(dst []byte, inc Include) []byte {
	dst = append(dst, `{"id":`...)
	dst = appendString(dst, e.ID)
	dst = append(dst, `,"responseName":`...)
	dst = appendString(dst, e.ResponseName)
	dst = append(dst, `,"servedAt":"`...)
	dst = e.ServedAt.UTC().AppendFormat(dst, servedAtLayout)
	dst = append(dst, `","request":{"method":`...)
	dst = appendString(dst, e.Request.Method)
	dst = append(dst, `,"path":`...)
	dst = appendString(dst, e.Request.Path)
	if inc&IncludeRequestHeaders != 0 {
		dst = append(dst, `,"headers":`...)
		dst = appendHeaders(dst, e.Request.Headers)
	}
	if inc&IncludeRequestBody != 0 {
		mode := e.Request.Body.Mode
		if mode == "" {
			mode = ModeRaw
		}
		dst = append(dst, `,"body":{"mode":`...)
		dst = appendString(dst, mode)
		dst = append(dst, `,"data":`...)
		dst = appendString(dst, e.Request.Body.Data)
		dst = append(dst, '}')
	}
	typ := e.Response.Type
	if typ == "" {
		typ = ResponseType(e.Response.StatusCode)
	}
	dst = append(dst, `},"response":{"type":`...)
	dst = appendString(dst, typ)
	dst = append(dst, `,"statusCode":`...)
	dst = appendInt(dst, e.Response.StatusCode)
	if inc&IncludeResponseHeaders != 0 {
		dst = append(dst, `,"headers":`...)
		dst = appendHeaders(dst, e.Response.Headers)
	}
	if inc&IncludeResponseBody != 0 {
		dst = append(dst, `,"body":{"data":`...)
		dst = appendString(dst, e.Response.Body.Data)
		dst = append(dst, '}')
	}
	return append(dst, "}}"...)
}

// MarshalJSON returns the entry's Postman JSON with every optional member
// (AppendJSON with IncludeAll).
func (e Entry) MarshalJSON() ([]byte, error) {
	return e.AppendJSON(nil, IncludeAll), nil
}

func appendHeaders(dst []byte, hs []Header) []byte {
	dst = append(dst, '[')
	for i := range hs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, `{"key":`...)
		dst = appendString(dst, hs[i].Key)
		dst = append(dst, `,"value":`...)
		dst = appendString(dst, hs[i].Value)
		dst = append(dst, '}')
	}
	return append(dst, ']')
}

func appendInt(dst []byte, n int) []byte {
	if n < 0 {
		dst = append(dst, '-')
		n = -n // a status code is never math.MinInt
	}
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(dst, b[i:]...)
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string: quotes, backslashes and control
// characters escaped, U+2028 and U+2029 escaped (JavaScript-safe), invalid
// UTF-8 replaced by U+FFFD.
func appendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\b':
				dst = append(dst, '\\', 'b')
			case '\f':
				dst = append(dst, '\\', 'f')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
