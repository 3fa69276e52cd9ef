// Package serverresponse owns the mock-wide 5xx replies that simulate an
// outage (Postman API "server responses"): their type, their validation and
// their JSON shapes. It sits beside calllog, before mock, in postmock's data
// flow (collection → match → serverresponse / calllog → mock → workspace →
// postmanapi → mocktest / cmd).
//
// A server response does nothing until a mock activates it
// (config.serverResponseId); while active it answers every call of that mock
// with its status, headers and body, whatever the path or x-mock-* headers.
package serverresponse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/postmock/postmock/internal/apierr"
)

// Header is one response header, {"key","value"} in JSON.
type Header struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// languages a server response body may be labelled with; unexported so no
// caller can change what Validate accepts (Languages hands out copies).
var languages = []string{"text", "javascript", "json", "html", "xml"}

// Languages returns the languages a server response body may be labelled
// with: text, javascript, json, html, xml. The slice is a fresh copy.
func Languages() []string { return slices.Clone(languages) }

// ServerResponse is a mock-wide reply with a 5xx status.
type ServerResponse struct {
	ID         string    // UUID v4
	Name       string    // required
	StatusCode int       // 500–599
	Headers    []Header  // sent as is
	Language   string    // text, javascript, json, html, xml, or "" (null)
	Body       string    // sent as is
	CreatedBy  string    // owner id
	UpdatedBy  string    // owner id
	CreatedAt  time.Time // UTC
	UpdatedAt  time.Time // UTC
	MockID     string    // the mock it belongs to
}

// Fields is a create or update request: nil members are absent.
type Fields struct {
	Name       *string
	StatusCode *int
	Headers    *[]Header
	Language   *string // "" means null
	Body       *string
}

// Validate checks fields for a create (name and statusCode required) or an
// update (at least one field): statusCode an integer 500–599, language one
// of Languages() or null.
func (f Fields) Validate(create bool) error {
	if create {
		var missing []string
		if f.Name == nil || strings.TrimSpace(*f.Name) == "" {
			missing = append(missing, "name")
		}
		if f.StatusCode == nil {
			missing = append(missing, "statusCode")
		}
		if len(missing) > 0 {
			return apierr.ParamMissing("A server response needs "+strings.Join(missing, " and ")+".", missing...)
		}
	} else if f.Name == nil && f.StatusCode == nil && f.Headers == nil && f.Language == nil && f.Body == nil {
		return apierr.ParamMissing("An update needs at least one of name, statusCode, headers, language, body.", "serverResponse")
	}
	if f.Name != nil && strings.TrimSpace(*f.Name) == "" {
		return apierr.InvalidParams("name must not be empty.", "name")
	}
	if f.StatusCode != nil && (*f.StatusCode < 500 || *f.StatusCode > 599) {
		return apierr.InvalidParams(fmt.Sprintf("statusCode must be an integer from 500 to 599, got %d.", *f.StatusCode), "statusCode")
	}
	if f.Language != nil && *f.Language != "" && !validLanguage(*f.Language) {
		return apierr.InvalidParams(fmt.Sprintf("language must be one of %s or null, got %q.", strings.Join(languages, ", "), *f.Language), "language")
	}
	return nil
}

func validLanguage(l string) bool { return slices.Contains(languages, l) }

// Apply copies the present fields into sr.
func (f Fields) Apply(sr *ServerResponse) {
	if f.Name != nil {
		sr.Name = *f.Name
	}
	if f.StatusCode != nil {
		sr.StatusCode = *f.StatusCode
	}
	if f.Headers != nil {
		sr.Headers = append([]Header(nil), (*f.Headers)...)
	}
	if f.Language != nil {
		sr.Language = *f.Language
	}
	if f.Body != nil {
		sr.Body = *f.Body
	}
}

// ParseFields decodes the Postman API envelope {"serverResponse": {...}}
// strictly: statusCode must be a JSON integer (a string such as "500" is an
// invalidParamsError), name/language/body strings, headers an array of
// {key, value}. Bad JSON or a missing envelope is a malformedRequestError.
func ParseFields(data []byte) (Fields, error) {
	var env map[string]json.RawMessage
	if err := json.Unmarshal(data, &env); err != nil {
		return Fields{}, apierr.Malformed("The request body is not valid JSON: " + err.Error())
	}
	raw, ok := env["serverResponse"]
	if !ok || !isObject(raw) {
		return Fields{}, apierr.Malformed(`The request body needs a "serverResponse" object.`)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return Fields{}, apierr.Malformed(`"serverResponse" must be an object.`)
	}
	var f Fields
	for k, v := range m {
		switch k {
		case "name":
			s, err := str(v, k, false)
			if err != nil {
				return Fields{}, err
			}
			f.Name = s
		case "language":
			s, err := str(v, k, true)
			if err != nil {
				return Fields{}, err
			}
			f.Language = s
		case "body":
			s, err := str(v, k, true)
			if err != nil {
				return Fields{}, err
			}
			f.Body = s
		case "statusCode":
			var n json.Number
			dec := json.NewDecoder(bytes.NewReader(v))
			dec.UseNumber()
			if t := bytes.TrimSpace(v); len(t) == 0 || t[0] == '"' || dec.Decode(&n) != nil {
				return Fields{}, apierr.InvalidParams("statusCode must be an integer from 500 to 599, got "+string(v)+".", "statusCode")
			}
			i, err := n.Int64()
			if err != nil || i < -1<<31 || i > 1<<31-1 {
				return Fields{}, apierr.InvalidParams("statusCode must be an integer from 500 to 599, got "+string(v)+".", "statusCode")
			}
			code := int(i)
			f.StatusCode = &code
		case "headers":
			var hs []Header
			if string(bytes.TrimSpace(v)) != "null" {
				if err := json.Unmarshal(v, &hs); err != nil {
					return Fields{}, apierr.InvalidParams(`headers must be an array of {"key","value"} objects.`, "headers")
				}
			}
			f.Headers = &hs
		}
	}
	return f, nil
}

func isObject(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '{'
}

func str(v json.RawMessage, name string, nullable bool) (*string, error) {
	if nullable && string(bytes.TrimSpace(v)) == "null" {
		s := ""
		return &s, nil
	}
	var s string
	if err := json.Unmarshal(v, &s); err != nil {
		return nil, apierr.InvalidParams(name+" must be a string.", name)
	}
	return &s, nil
}

const timeLayout = "2006-01-02T15:04:05.000Z"

// MarshalJSON encodes the full object (create, get, update answers).
func (sr ServerResponse) MarshalJSON() ([]byte, error) {
	var lang any
	if sr.Language != "" {
		lang = sr.Language
	}
	hs := sr.Headers
	if hs == nil {
		hs = []Header{}
	}
	return json.Marshal(struct {
		ID         string   `json:"id"`
		Name       string   `json:"name"`
		StatusCode int      `json:"statusCode"`
		Headers    []Header `json:"headers"`
		Language   any      `json:"language"`
		Body       string   `json:"body"`
		CreatedBy  string   `json:"createdBy"`
		UpdatedBy  string   `json:"updatedBy"`
		CreatedAt  string   `json:"createdAt"`
		UpdatedAt  string   `json:"updatedAt"`
		Mock       string   `json:"mock"`
	}{sr.ID, sr.Name, sr.StatusCode, hs, lang, sr.Body, sr.CreatedBy, sr.UpdatedBy,
		sr.CreatedAt.UTC().Format(timeLayout), sr.UpdatedAt.UTC().Format(timeLayout), sr.MockID})
}

// Summary is the shape of one element of the list answer.
type Summary struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	StatusCode int    `json:"statusCode"`
	CreatedAt  string `json:"createdAt"`
	UpdatedAt  string `json:"updatedAt"`
	CreatedBy  string `json:"createdBy"`
	UpdatedBy  string `json:"updatedBy"`
}

// Summary returns the list-answer shape of sr.
func (sr ServerResponse) Summary() Summary {
	return Summary{sr.ID, sr.Name, sr.StatusCode, sr.CreatedAt.UTC().Format(timeLayout),
		sr.UpdatedAt.UTC().Format(timeLayout), sr.CreatedBy, sr.UpdatedBy}
}

// Deleted is the shape of the delete answer: the object without updatedAt
// and mock.
type Deleted struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	StatusCode int      `json:"statusCode"`
	Headers    []Header `json:"headers"`
	Language   any      `json:"language"`
	Body       string   `json:"body"`
	CreatedBy  string   `json:"createdBy"`
	UpdatedBy  string   `json:"updatedBy"`
	CreatedAt  string   `json:"createdAt"`
}

// Deleted returns the delete-answer shape of sr.
func (sr ServerResponse) Deleted() Deleted {
	var lang any
	if sr.Language != "" {
		lang = sr.Language
	}
	hs := sr.Headers
	if hs == nil {
		hs = []Header{}
	}
	return Deleted{sr.ID, sr.Name, sr.StatusCode, hs, lang, sr.Body, sr.CreatedBy, sr.UpdatedBy, sr.CreatedAt.UTC().Format(timeLayout)}
}

// ContentType returns the Content-Type a server response is served with:
// its own Content-Type header, else one derived from its language.
func (sr ServerResponse) ContentType() string {
	for _, h := range sr.Headers {
		if strings.EqualFold(strings.TrimSpace(h.Key), "Content-Type") {
			return h.Value
		}
	}
	switch sr.Language {
	case "json":
		return "application/json; charset=utf-8"
	case "xml":
		return "application/xml; charset=utf-8"
	case "html":
		return "text/html; charset=utf-8"
	case "javascript":
		return "application/javascript; charset=utf-8"
	}
	return "text/plain; charset=utf-8"
}
