package collection

import "strings"

// Collection is a loaded Postman collection: its folder tree, its requests and
// their saved examples, and its variables. A Collection is read-only once
// returned by Parse; it is safe to share between goroutines.
type Collection struct {
	// Info is the collection's info block.
	Info Info
	// Version is the detected format version: "2.1.0" or "2.0.0".
	Version string
	// Items are the top-level items (folders and requests) in document order.
	Items []*Item
	// Variables are the collection variables, disabled ones included (see
	// Variable.Disabled); lookups skip disabled entries.
	Variables []Variable
	// Diagnostics lists what the loader skipped or repaired, each with the JSON
	// path where it happened. With the Strict option any diagnostic is an error.
	Diagnostics []Diagnostic

	requests []*Item
	examples []*Example
}

// Info is the collection's info block.
type Info struct {
	// ID is info._postman_id.
	ID string
	// Name is info.name.
	Name string
	// Schema is info.schema as written.
	Schema string
	// Description is info.description as text (the content of an object form).
	Description string
	// Version is info.version as text ("1.2.3" for the object form).
	Version string
}

// Item is an element of a collection's tree: a folder (Folder true, with
// Items) or a request item (with Request and Examples).
type Item struct {
	// ID is the item's id (or _postman_id) when the file has one.
	ID string
	// Name is the item's name.
	Name string
	// Description is the item's description as text.
	Description string
	// Folder reports whether the item is a folder.
	Folder bool
	// Items are a folder's children in document order.
	Items []*Item
	// Request is a request item's request; nil for folders.
	Request *Request
	// Examples are a request item's saved examples (its response array) that
	// loaded; skipped ones are reported as diagnostics.
	Examples []*Example
	// Folders names the folders that contain the item, outermost first.
	Folders []string
	// JSONPath locates the item in the file, e.g. "item[2].item[0]".
	JSONPath string
}

// FullName returns the item's folder path and name joined by " / ", e.g.
// "Users / Get user": how reports name a request item, since names repeat
// across folders.
func (it *Item) FullName() string {
	if it == nil {
		return ""
	}
	if len(it.Folders) == 0 {
		return it.Name
	}
	return strings.Join(it.Folders, " / ") + " / " + it.Name
}

// Request is the request side of an item or of an example.
type Request struct {
	// Method is the HTTP method as written; empty means GET.
	Method string
	// URL is the request URL.
	URL URL
	// Header lists the request headers in order, disabled ones included.
	Header []Header
	// Body is the request body; nil when there is none.
	Body *Body
	// Description is the request's description as text.
	Description string
}

// URL is a Postman URL, either parsed from a string or taken from its object
// form.
type URL struct {
	// Raw is the URL text as written (url.raw or the string form).
	Raw string
	// Protocol is the scheme without "://".
	Protocol string
	// Host holds the host labels ("{{baseUrl}}" stays one label).
	Host []string
	// Port is the port text.
	Port string
	// Path holds the path segments, unescaped text as written.
	Path []string
	// Query lists query parameters in order, disabled ones included.
	Query []QueryParam
	// Hash is the fragment without "#".
	Hash string
	// Variables are the values of ":name" path variables (url.variable).
	Variables []Variable

	// fields reports that host, path or query came as fields: they then beat raw.
	fields bool
}

// QueryParam is one query parameter.
type QueryParam struct {
	// Key is the parameter name; KeyNull reports a JSON null key.
	Key string
	// Value is the parameter value; ValueNull reports a null or missing value
	// (matched as "").
	Value string
	// KeyNull reports a null key, which never matches.
	KeyNull bool
	// ValueNull reports that the value was null or absent ("k" without "=").
	ValueNull bool
	// Disabled parameters are ignored in matching.
	Disabled bool
}

// Header is a request or response header.
type Header struct {
	// Key is the header name as written.
	Key string
	// Value is the header value.
	Value string
	// Disabled headers are ignored everywhere.
	Disabled bool
}

// Body modes of a request body.
const (
	ModeRaw        = "raw"
	ModeURLEncoded = "urlencoded"
	ModeFormData   = "formdata"
	ModeFile       = "file"
	ModeGraphQL    = "graphql"
)

// Body is a request body.
type Body struct {
	// Mode is one of the Mode constants; an unknown mode loads as ModeRaw.
	Mode string
	// Disabled reports body.disabled.
	Disabled bool
	// Raw is the raw text for ModeRaw.
	Raw string
	// Language is options.raw.language for ModeRaw (json, text, javascript,
	// html, xml), "" when absent.
	Language string
	// URLEncoded holds the pairs for ModeURLEncoded.
	URLEncoded []Param
	// FormData holds the fields for ModeFormData.
	FormData []FormParam
	// File is the file reference for ModeFile.
	File FileRef
	// GraphQL is the query for ModeGraphQL.
	GraphQL GraphQL
}

// Param is a key/value pair of an urlencoded body.
type Param struct {
	Key      string // the field name
	Value    string // the field value
	Disabled bool   // disabled pairs are ignored
}

// FormParam is a multipart form field: text (Value) or file (Src).
type FormParam struct {
	Key         string // the field name
	Value       string // the text value for Type "text"
	Type        string // "text" (default) or "file"
	Src         string // the file path(s) for Type "file"
	ContentType string // the part's content type, if set
	Disabled    bool   // disabled fields are ignored
}

// FileRef is the body of ModeFile.
type FileRef struct {
	Src     string // the file path
	Content string // inline content, if any
}

// GraphQL is the body of ModeGraphQL.
type GraphQL struct {
	Query     string // the GraphQL document
	Variables string // the variables as JSON text ("" when absent)
}

// Request-side sources of an example (Example.RequestFrom).
const (
	FromOriginalRequest = "originalRequest" // the example's originalRequest
	FromExampleRequest  = "request"         // a request key inside the example (old exports)
	FromParent          = "parent"          // the parent item's request
)

// Example is a saved example (one element of an item's response array): the
// request side that selects it and the response a mock serves.
type Example struct {
	// ID is the example id; a synthesized stable one when the file has none
	// (see SyntheticID).
	ID string
	// IDSynthetic reports that ID was synthesized: the file gave the example
	// no id, or one an earlier example has. Ties and duplicate names among
	// such examples follow document order (docs/matching.md#winner-and-ties).
	IDSynthetic bool
	// UID is the file's uid, else "<owner>-<ID>".
	UID string
	// Name is the example name.
	Name string
	// Request is the request side: originalRequest, else a request key in the
	// example, else the parent's request (RequestFrom says which).
	Request *Request
	// RequestFrom is one of the From constants.
	RequestFrom string
	// Code is the status code; 200 when the file has none.
	Code int
	// Status is the reason phrase (informational).
	Status string
	// Header lists the response headers in order, disabled ones included.
	Header []Header
	// Cookies are the example's cookies (ignored when serving).
	Cookies []Cookie
	// Body is the response body text.
	Body string
	// BodyNull reports a null or missing body.
	BodyNull bool
	// PreviewLanguage is _postman_previewlanguage.
	PreviewLanguage string
	// Item is the request item the example belongs to.
	Item *Item
	// Index is the example's 1-based position among all examples of the file.
	Index int
	// JSONPath locates the example, e.g. "item[0].response[1]".
	JSONPath string
}

// Cookie is a cookie saved with an example.
type Cookie struct {
	Name   string // the cookie name
	Value  string // the cookie value
	Domain string // the cookie domain
	Path   string // the cookie path
}

// Variable is a collection, environment or path variable. Values of any JSON
// type are held as text: numbers and booleans as JSON text, objects and arrays
// as compact JSON, null as "".
type Variable struct {
	Key      string // the variable name (legacy "id" or "name" when "key" is absent)
	Value    string // the stored ("initial") value as text
	Type     string // the declared type, if any
	Disabled bool   // disabled (or enabled:false) entries are skipped in lookups
}

// Diagnostic is something the loader skipped or repaired: where (a JSON path),
// what was wrong and what the loader did about it.
type Diagnostic struct {
	Path    string // JSON path, e.g. "item[3].response[0].code"
	Message string // what was wrong, e.g. `want a number, got "abc"`
	Action  string // what the loader did, e.g. "example skipped"
}

// String formats the diagnostic as "path: message" (the form of the
// matching Strict error); Action is not included.
func (d Diagnostic) String() string {
	if d.Path == "" {
		return d.Message
	}
	return d.Path + ": " + d.Message
}

// Requests returns every request item in document order, at any folder depth.
func (c *Collection) Requests() []*Item { return c.requests }

// Examples returns every loaded example in document order.
func (c *Collection) Examples() []*Example { return c.examples }

// Walk calls fn for every item (folders first, then their children) in
// document order with the names of its enclosing folders. A non-nil error
// from fn stops the walk and is returned.
func (c *Collection) Walk(fn func(folders []string, it *Item) error) error {
	var walk func(items []*Item) error
	walk = func(items []*Item) error {
		for _, it := range items {
			if err := fn(it.Folders, it); err != nil {
				return err
			}
			if it.Folder {
				if err := walk(it.Items); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return walk(c.Items)
}

// MethodOrGet returns the request method, "GET" when empty.
func (r *Request) MethodOrGet() string {
	if r == nil || r.Method == "" {
		return "GET"
	}
	return r.Method
}
