// Package dashboard is postmock's web page: the routes a mock serves with
// their warnings, its calls live (why each matched, and for a call nothing
// matched, the nearest examples and why each was rejected), and in api mode
// the mocks of a workspace with their server responses and config switches.
//
// It sits after postmanapi in the data flow (collection → match →
// serverresponse / calllog → mock → workspace → postmanapi → dashboard →
// cmd): it reads mocks (their index and call log, through calllog.Store.Watch
// for the live stream) and, in api mode, forwards the page's admin calls to
// the Postman API handler. The page is one embedded HTML file (plain
// JavaScript and CSS, nothing fetched from elsewhere) that shows every value
// as text. Its data endpoints are documented in docs/dashboard.md.
package dashboard

import (
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/workspace"
)

//go:embed page.html
var page []byte

// Bounds of the endpoints (docs/dashboard.md#limits): what one request
// makes the server hold or send.
const (
	// MaxListed is the most calls GET /api/calls answers, newest first.
	MaxListed = 500
	// MaxStreams is the most GET /api/events streams open at once; more
	// get 503.
	MaxStreams = 32
	// StreamBuffer is the calls a stream holds for a slow page before it
	// drops them (and tells the page, which reloads the list).
	StreamBuffer = 256
	// MaxShownBody is the most bytes of each body GET /api/calls/{id}
	// sends (Message.Truncated set when it cut).
	MaxShownBody = 256 << 10
	// MaxShownPath is the most bytes of a call's path the page's
	// endpoints send (Call.PathCut set when they cut).
	MaxShownPath = 2 << 10
	// heartbeat keeps idle streams alive through proxies and lets the
	// server notice a page that went away.
	heartbeat = 15 * time.Second
)

// streamWriteTimeout is how long one write to a live stream may wait for
// the page to read: a page that stops reading (a frozen tab, a stalled
// proxy) loses its stream rather than holding one of MaxStreams and a
// goroutine until shutdown. A variable so that tests can shorten it.
var streamWriteTimeout = 30 * time.Second

// Mock is one mock the page shows.
type Mock struct {
	// ID names the mock in the endpoints' mock parameter.
	ID string
	// Name is the mock's name, shown in the page.
	Name string
	// Collection is the served collection's name or uid, shown beside the
	// name.
	Collection string
	// Mock is the mock itself.
	Mock *mock.Mock
}

// Source lists the mocks the page shows; it is called on every request, so
// that mocks created or deleted meanwhile appear or go.
type Source func() []Mock

// FromMock is the Source of one mock (postmock serve).
func FromMock(m *mock.Mock, name string) Source {
	ms := []Mock{{ID: "mock", Name: name, Collection: m.Collection().Info.Name, Mock: m}}
	return func() []Mock { return ms }
}

// FromWorkspace is the Source of a workspace's mocks (postmock api), in
// creation order; deactivated mocks are listed too.
func FromWorkspace(ws *workspace.Workspace) Source {
	return func() []Mock {
		var out []Mock
		for _, info := range ws.ListMocks("") {
			m, err := ws.Mock(info.ID)
			if err != nil {
				continue // deleted meanwhile
			}
			out = append(out, Mock{ID: info.ID, Name: info.Name, Collection: info.Collection, Mock: m})
		}
		return out
	}
}

// Option configures New.
type Option func(*settings)

type settings struct {
	admin    http.Handler
	keys     []string
	host     string
	warnings func(*mock.Mock) []string
}

// WithAdmin turns on api mode: requests under /admin/ are forwarded, with
// the prefix cut, to admin (the postmanapi handler), which checks their
// x-api-key itself; and every /api/ request must send an x-api-key equal
// to one of keys, like the admin API.
func WithAdmin(admin http.Handler, keys ...string) Option {
	return func(s *settings) { s.admin, s.keys = admin, slices.Clone(keys) }
}

// WithHost lets the page be reached by the host name given (besides IP
// addresses and localhost, always accepted). Requests naming any other
// host get 421: a web site that rebinds its own name to 127.0.0.1 cannot
// read the page's data.
func WithHost(host string) Option { return func(s *settings) { s.host = host } }

// WithWarnings sets what the routes view warns about for a mock (the
// routes command's warnings); without it, the index's warnings.
func WithWarnings(f func(*mock.Mock) []string) Option {
	return func(s *settings) { s.warnings = f }
}

// Dashboard serves the page and its data endpoints. It is an http.Handler
// meant for a listener of its own (never the mock's, whose every path
// belongs to the collection). Close ends its live streams.
type Dashboard struct {
	src     Source
	set     settings
	csp     string
	mux     *http.ServeMux
	streams chan struct{} // one token per open stream
	done    chan struct{}
	once    sync.Once

	mu      sync.Mutex
	folders map[*mock.Mock]*folderIndex
}

// New returns the page for the mocks src lists.
func New(src Source, opts ...Option) *Dashboard {
	d := &Dashboard{src: src, streams: make(chan struct{}, MaxStreams), done: make(chan struct{}),
		folders: map[*mock.Mock]*folderIndex{}}
	for _, o := range opts {
		o(&d.set)
	}
	d.csp = contentSecurityPolicy(page)
	d.mux = http.NewServeMux()
	d.mux.HandleFunc("GET /{$}", d.servePage)
	d.mux.HandleFunc("GET /api/info", d.api(d.info))
	d.mux.HandleFunc("GET /api/routes", d.api(d.routes))
	d.mux.HandleFunc("GET /api/calls", d.api(d.calls))
	d.mux.HandleFunc("GET /api/calls/{id}", d.api(d.call))
	d.mux.HandleFunc("POST /api/clear", d.api(d.clear))
	d.mux.HandleFunc("GET /api/events", d.events)
	if d.set.admin != nil {
		d.mux.Handle("/admin/", http.StripPrefix("/admin", d.set.admin))
	}
	return d
}

// Close ends the open live streams and refuses new ones; the page and the
// other endpoints keep answering.
func (d *Dashboard) Close() error {
	d.once.Do(func() { close(d.done) })
	return nil
}

// ServeHTTP checks the Host, then routes the request.
func (d *Dashboard) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !d.hostAllowed(r.Host) {
		http.Error(w, "postmock: this page answers only to localhost, IP addresses and the -ui host", http.StatusMisdirectedRequest)
		return
	}
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	d.mux.ServeHTTP(w, r)
}

// hostAllowed reports whether the Host header names this server: an IP
// address, localhost, or the host given with WithHost.
func (d *Dashboard) hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	switch {
	case host == "":
		return false
	case net.ParseIP(host) != nil, strings.EqualFold(host, "localhost"):
		return true
	}
	return d.set.host != "" && strings.EqualFold(host, d.set.host)
}

func (d *Dashboard) servePage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Content-Security-Policy", d.csp)
	w.Write(page)
}

// contentSecurityPolicy allows the page's own inline script and style (by
// hash) and requests to its own origin, nothing else: even text that
// escaped into markup could not run or load anything.
func contentSecurityPolicy(html []byte) string {
	hash := func(open, close string) string {
		s := string(html)
		i := strings.Index(s, open)
		if i < 0 {
			return "'none'"
		}
		s = s[i+len(open):]
		j := strings.Index(s, close)
		if j < 0 {
			return "'none'"
		}
		sum := sha256.Sum256([]byte(s[:j]))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return "default-src 'none'; script-src " + hash("<script>", "</script>") +
		"; style-src " + hash("<style>", "</style>") +
		"; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
}

// apiError is an endpoint's error: its status and message, answered as
// {"error": "..."}.
type apiError struct {
	status int
	msg    string
}

func (e *apiError) Error() string { return e.msg }

// ErrUnknownMock is the error of a mock parameter naming no mock.
var ErrUnknownMock = errors.New("no such mock")

// api wraps a JSON endpoint: key check in api mode, then f's answer or
// error.
func (d *Dashboard) api(f func(r *http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := d.authorize(r); err != nil {
			writeError(w, err)
			return
		}
		v, err := f(r)
		if err != nil {
			writeError(w, err)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(v)
	}
}

// authorize checks, in api mode, the x-api-key (constant time, on hashes
// so that lengths do not leak); and for a POST the X-Postmock-UI header,
// which a cross-site form cannot send.
func (d *Dashboard) authorize(r *http.Request) error {
	if r.Method == http.MethodPost && r.Header.Get("X-Postmock-UI") == "" {
		return &apiError{http.StatusForbidden, "POST needs the X-Postmock-UI header"}
	}
	if d.set.admin == nil {
		return nil
	}
	got := sha256.Sum256([]byte(r.Header.Get("X-Api-Key")))
	ok := 0
	for _, k := range d.set.keys {
		if k == "" {
			continue
		}
		want := sha256.Sum256([]byte(k))
		ok |= subtle.ConstantTimeCompare(got[:], want[:])
	}
	if ok != 1 || r.Header.Get("X-Api-Key") == "" {
		return &apiError{http.StatusUnauthorized, "send one of the -api-key values in the x-api-key header"}
	}
	return nil
}

func writeError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	var ae *apiError
	switch {
	case errors.As(err, &ae):
		status = ae.status
	case errors.Is(err, ErrUnknownMock):
		status = http.StatusNotFound
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": err.Error()})
}

// mockOf returns the mock the request's mock parameter names; without
// one, the first mock (the only one of serve).
func (d *Dashboard) mockOf(r *http.Request) (Mock, error) {
	id := r.URL.Query().Get("mock")
	ms := d.src()
	for _, m := range ms {
		if id == "" || m.ID == id {
			return m, nil
		}
	}
	if id == "" {
		return Mock{}, fmt.Errorf("%w: none is served yet", ErrUnknownMock)
	}
	return Mock{}, fmt.Errorf("%w: %q", ErrUnknownMock, id)
}

// Info is GET /api/info: the mode and the mocks.
type Info struct {
	// Mode is "serve" (one mock) or "api" (a workspace's mocks; admin
	// calls go to /admin/).
	Mode  string     `json:"mode"`
	Mocks []MockInfo `json:"mocks"`
}

// MockInfo names a mock in Info.
type MockInfo struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Collection string `json:"collection"`
	Examples   int    `json:"examples"`
	Calls      int    `json:"calls"`
}

func (d *Dashboard) info(r *http.Request) (any, error) {
	out := Info{Mode: "serve", Mocks: []MockInfo{}}
	if d.set.admin != nil {
		out.Mode = "api"
	}
	for _, m := range d.src() {
		out.Mocks = append(out.Mocks, MockInfo{ID: m.ID, Name: m.Name, Collection: m.Collection,
			Examples: m.Mock.Index().Len(), Calls: m.Mock.Calls().Len()})
	}
	return out, nil
}

// Route is one row of GET /api/routes: what the mock serves for one
// example (as the routes command lists it) and the request item it
// belongs to.
type Route struct {
	match.Route
	// Folder is the example's request item: "Folder / Sub / Item".
	Folder string `json:"folder"`
}

// Routes is GET /api/routes.
type Routes struct {
	Routes   []Route  `json:"routes"`
	Warnings []string `json:"warnings"`
}

func (d *Dashboard) routes(r *http.Request) (any, error) {
	m, err := d.mockOf(r)
	if err != nil {
		return nil, err
	}
	ix := m.Mock.Index()
	out := Routes{Routes: []Route{}, Warnings: []string{}}
	for _, ex := range ix.Collection().Examples() {
		rt, ok := ix.RouteOf(ex)
		if !ok {
			continue
		}
		out.Routes = append(out.Routes, Route{Route: rt, Folder: ex.Item.FullName()})
	}
	if d.set.warnings != nil {
		out.Warnings = append(out.Warnings, d.set.warnings(m.Mock)...)
	} else {
		for _, w := range ix.Warnings() {
			out.Warnings = append(out.Warnings, w.String())
		}
	}
	return out, nil
}

// Calls is GET /api/calls: the newest calls first.
type Calls struct {
	Calls []Call `json:"calls"`
	// Total is how many calls the log holds (more than listed past
	// MaxListed).
	Total int `json:"total"`
}

func (d *Dashboard) calls(r *http.Request) (any, error) {
	m, err := d.mockOf(r)
	if err != nil {
		return nil, err
	}
	all := m.Mock.Calls().All()
	out := Calls{Calls: make([]Call, 0, min(len(all), MaxListed)), Total: len(all)}
	fi := d.folderIndex(m.Mock)
	for i := len(all) - 1; i >= 0 && len(out.Calls) < MaxListed; i-- {
		out.Calls = append(out.Calls, pageCall(&all[i], m.ID, fi))
	}
	return out, nil
}

func (d *Dashboard) call(r *http.Request) (any, error) {
	m, err := d.mockOf(r)
	if err != nil {
		return nil, err
	}
	id := r.PathValue("id")
	all := m.Mock.Calls().All()
	for i := range all {
		if all[i].ID == id {
			return newDetail(&all[i], m, d.folderIndex(m.Mock)), nil
		}
	}
	return nil, &apiError{http.StatusNotFound, fmt.Sprintf("no call %q in the log (evicted or cleared?)", id)}
}

func (d *Dashboard) clear(r *http.Request) (any, error) {
	m, err := d.mockOf(r)
	if err != nil {
		return nil, err
	}
	m.Mock.Calls().Reset()
	return map[string]bool{"cleared": true}, nil
}

// folderIndex names the request item of each example id of a mock's
// current index, built once per index.
type folderIndex struct {
	ix   *match.Index
	byID map[string]*collection.Example
}

func (d *Dashboard) folderIndex(m *mock.Mock) *folderIndex {
	ix := m.Index()
	d.mu.Lock()
	defer d.mu.Unlock()
	if fi := d.folders[m]; fi != nil && fi.ix == ix {
		return fi
	}
	fi := newFolderIndex(ix)
	// Only the mocks listed now are kept: a workspace's deleted mocks go.
	if len(d.folders) > 64 {
		clear(d.folders)
	}
	d.folders[m] = fi
	return fi
}

func newFolderIndex(ix *match.Index) *folderIndex {
	fi := &folderIndex{ix: ix, byID: map[string]*collection.Example{}}
	for _, ex := range ix.Collection().Examples() {
		if _, dup := fi.byID[ex.ID]; !dup {
			fi.byID[ex.ID] = ex
		}
	}
	return fi
}

func (fi *folderIndex) folder(exampleID string) string {
	if ex := fi.byID[exampleID]; ex != nil {
		return ex.Item.FullName()
	}
	return ""
}
