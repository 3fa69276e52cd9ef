package mocktest

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/workspace"
)

// Workspace is a live workspace.Workspace for one test: several mocks, each
// served at URL + "/" + its id (its MockURL), managed with the Postman API's
// semantics mid-test (private mocks, server responses, call logs).
type Workspace struct {
	// URL is the base URL every mock's MockURL starts with.
	URL string

	ws     *workspace.Workspace
	srv    *httptest.Server
	closed sync.Once
}

// NewWorkspace starts an empty workspace on a loopback port and registers
// its Close with t.Cleanup. Options are workspace.Workspace's (API keys for
// private mocks, owner id, clock, call-log bounds, mock options).
func NewWorkspace(t testing.TB, opts ...workspace.Option) *Workspace {
	t.Helper()
	ws := workspace.New(opts...)
	srv := httptest.NewServer(ws)
	ws.SetBaseURL(srv.URL)
	w := &Workspace{URL: srv.URL, ws: ws, srv: srv}
	t.Cleanup(w.Close)
	return w
}

// Workspace returns the underlying workspace.Workspace: every management method
// (CreateMock, UpdateMock, CreateServerResponse, CallLogs, ...).
func (w *Workspace) Workspace() *workspace.Workspace { return w.ws }

// Client returns an HTTP client for the workspace's listener.
func (w *Workspace) Client() *http.Client { return w.srv.Client() }

// Transport returns an http.RoundTripper that serves the workspace
// in-process: requests reach a mock by its id as the first path segment.
func (w *Workspace) Transport() http.RoundTripper { return mock.Transport(w.ws) }

// Close stops the server; it is safe to call more than once.
func (w *Workspace) Close() { w.closed.Do(w.srv.Close) }

// CreateMock loads a collection file, adds it to the workspace and creates a
// mock of it; spec's Collection is filled in (its other fields apply). Any
// error fails the test at once.
func (w *Workspace) CreateMock(t testing.TB, collectionFile string, spec workspace.NewMock) workspace.MockInfo {
	t.Helper()
	c, err := collection.LoadFile(collectionFile)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	info, err := w.ws.AddCollection(c)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	spec.Collection = info.UID
	m, err := w.ws.CreateMock(spec)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	return m
}

// AddEnvironmentFile loads an environment file into the workspace.
func (w *Workspace) AddEnvironmentFile(t testing.TB, path string) workspace.EnvironmentInfo {
	t.Helper()
	env, err := collection.LoadEnvironmentFile(path)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	info, err := w.ws.AddEnvironment(env)
	if err != nil {
		t.Fatalf("mocktest: %v", err)
	}
	return info
}
