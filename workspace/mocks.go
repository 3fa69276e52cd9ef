package workspace

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/apierr"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/serverresponse"
)

func mockNotFound() *Error {
	return apierr.NotFound("We could not find the mock you are looking for")
}

// mockLocked returns a mock by id or uid; w.mu must be held.
func (w *Workspace) mockLocked(id string) (*wsMock, error) {
	m, ok := w.mocks[w.bareID(id)]
	if !ok {
		return nil, mockNotFound()
	}
	return m, nil
}

// view returns the mock's info with its derived fields filled in.
func (w *Workspace) view(m *wsMock) MockInfo {
	info := m.info
	info.MockURL = w.base + "/" + info.ID
	info.IsPublic = !m.private
	cfg := m.m.Config()
	info.Config.Headers = append([]string{}, cfg.Headers...)
	info.Config.MatchBody, info.Config.MatchQueryParams, info.Config.MatchWildcards = cfg.MatchBody, !cfg.IgnoreQueryParams, !cfg.IgnoreWildcards
	info.Config.MatchHeader = len(cfg.Headers) > 0
	info.Config.DefaultHeaders = nil
	if len(cfg.DefaultHeaders) > 0 {
		info.Config.DefaultHeaders = make(map[string]string, len(cfg.DefaultHeaders))
		for k, vs := range cfg.DefaultHeaders {
			info.Config.DefaultHeaders[k] = strings.Join(vs, ", ")
		}
	}
	info.Config.PreferSuccess = cfg.PreferSuccess
	info.Config.Exact = cfg.SkipSteps&match.FuzzySteps == match.FuzzySteps
	info.Config.MatchBodyMode = ""
	if cfg.SubsetBody {
		info.Config.MatchBodyMode = "subset"
	}
	info.Config.IgnoreBodyPaths = nil
	if len(cfg.IgnoreBodyPaths) > 0 {
		info.Config.IgnoreBodyPaths = append([]string{}, cfg.IgnoreBodyPaths...)
	}
	if info.Config.Delay != nil {
		d := *info.Config.Delay
		info.Config.Delay = &d
	}
	if sr := m.m.ServerResponse(); sr != nil {
		id := sr.ID
		info.Config.ServerResponseID = &id
	} else {
		info.Config.ServerResponseID = nil
	}
	return info
}

func noCollection(id string) *Error {
	return apierr.InvalidParams(fmt.Sprintf("No collection with id or uid %q.", id), "collection")
}

func noEnvironment(id string) *Error {
	return apierr.InvalidParams(fmt.Sprintf("No environment with id or uid %q.", id), "environment")
}

// CreateMock creates a mock of a collection (and optional environment).
// Only Collection is required; the mock is public unless Private. The mock
// is compiled outside the workspace lock, so other mocks keep serving and
// being managed meanwhile; a collection or environment removed during the
// compile makes it fail as if it had never been there.
func (w *Workspace) CreateMock(spec NewMock) (MockInfo, error) {
	if spec.Collection == "" {
		return MockInfo{}, apierr.ParamMissing("A mock needs a collection.", "collection")
	}
	w.mu.RLock()
	c, ok := w.collections[w.bareID(spec.Collection)]
	var env *wsEnvironment
	if ok && spec.Environment != "" {
		env = w.environments[w.bareID(spec.Environment)]
	}
	w.mu.RUnlock()
	if !ok {
		return MockInfo{}, noCollection(spec.Collection)
	}
	if spec.Environment != "" && env == nil {
		return MockInfo{}, noEnvironment(spec.Environment)
	}

	id := newUUID()
	opts := []mock.Option{mock.WithID(id), mock.WithLogger(w.logger), mock.WithClock(w.now), mock.WithCallLogLimits(w.limits)}
	if env != nil {
		opts = append(opts, mock.WithEnvironment(env.env))
	}
	opts = append(opts, w.mockOpts...)
	if w.compileHook != nil {
		w.compileHook()
	}
	m, err := mock.New(c.c, opts...) // the compile: seconds for a large collection
	if errors.Is(err, mock.ErrInvalidScenario) {
		// An example's x-mock-fault header names no fault: the
		// collection's fault, not the server's (docs/scenarios.md#faults).
		return MockInfo{}, apierr.InvalidParams(sentence(err.Error()), "collection")
	}
	if err != nil {
		return MockInfo{}, err
	}

	// Nothing else sees the mock yet: set it up before taking the lock.
	wm := &wsMock{m: m, private: spec.Private, srs: map[string]*serverresponse.ServerResponse{}}
	wm.info = MockInfo{ID: id, UID: w.owner + "-" + id, Owner: w.owner, Name: spec.Name, Collection: c.info.UID,
		Workspace: spec.Workspace}
	if wm.info.Name == "" {
		wm.info.Name = c.info.Name
	}
	if env != nil {
		wm.info.Environment, wm.envID = env.info.UID, env.info.ID
	}
	m.SetPrivate(spec.Private, w.keys...)
	if spec.Config != nil {
		if err := w.applySettings(wm, spec.Config); err != nil {
			return MockInfo{}, err
		}
	}

	w.mu.Lock()
	defer w.mu.Unlock()
	// What was compiled must still be what the workspace holds.
	if w.collections[c.info.ID] != c {
		return MockInfo{}, noCollection(spec.Collection)
	}
	if env != nil && w.environments[env.info.ID] != env {
		return MockInfo{}, noEnvironment(spec.Environment)
	}
	wm.info.CreatedAt = w.stamp()
	wm.info.UpdatedAt = wm.info.CreatedAt
	w.mocks[id] = wm
	w.order = append(w.order, id)
	return w.view(wm), nil
}

// applySettings validates and applies the Go-only config fields.
func (w *Workspace) applySettings(wm *wsMock, s *ConfigUpdate) error {
	cfg := wm.m.Config()
	if s.MatchBody != nil {
		cfg.MatchBody = *s.MatchBody
	}
	if s.MatchQueryParams != nil {
		cfg.IgnoreQueryParams = !*s.MatchQueryParams
	}
	if s.MatchWildcards != nil {
		cfg.IgnoreWildcards = !*s.MatchWildcards
	}
	if s.PreferSuccess != nil {
		cfg.PreferSuccess = *s.PreferSuccess
	}
	if s.Exact != nil {
		cfg.SkipSteps = 0
		if *s.Exact {
			cfg.SkipSteps = match.FuzzySteps
		}
	}
	if s.Headers != nil {
		cfg.Headers = nil
		for _, h := range *s.Headers {
			if h = strings.TrimSpace(h); h != "" {
				cfg.Headers = append(cfg.Headers, h)
			}
		}
	}
	if s.DefaultHeaders != nil {
		cfg.DefaultHeaders = nil
		if len(*s.DefaultHeaders) > 0 {
			cfg.DefaultHeaders = make(http.Header, len(*s.DefaultHeaders))
			for k, v := range *s.DefaultHeaders {
				cfg.DefaultHeaders[k] = []string{v}
			}
			if err := (mock.Config{DefaultHeaders: cfg.DefaultHeaders}).Validate(); err != nil {
				return apierr.InvalidParams(err.Error()+".", "defaultHeaders")
			}
		}
	}
	if s.MatchBodyMode != nil {
		switch *s.MatchBodyMode {
		case "exact":
			cfg.SubsetBody = false
		case "subset":
			cfg.SubsetBody = true
		default:
			return apierr.InvalidParams(fmt.Sprintf(`matchBodyMode must be "exact" or "subset", got %q.`, *s.MatchBodyMode), "matchBodyMode")
		}
	}
	if s.IgnoreBodyPaths != nil {
		paths := append([]string(nil), *s.IgnoreBodyPaths...)
		if err := match.CheckBodyPaths(paths); err != nil {
			return apierr.InvalidParams(err.Error()+".", "ignoreBodyPaths")
		}
		cfg.IgnoreBodyPaths = paths
	}
	delay := wm.info.Config.Delay
	if s.Delay != nil {
		if *s.Delay == (Delay{}) {
			delay = nil
		} else {
			d := *s.Delay
			if err := d.validate(); err != nil {
				return err
			}
			d.Type = "fixed"
			delay = &d
		}
	}
	cfg.Delay = delay.Value()
	var sr *serverresponse.ServerResponse
	setSR := false
	if s.ServerResponseID != nil {
		setSR = true
		if id := *s.ServerResponseID; id != "" {
			found, ok := wm.srs[id]
			if !ok {
				return apierr.InvalidParams(fmt.Sprintf("No server response with id %q on this mock.", id), "serverResponseId")
			}
			sr = found
		}
	}
	if err := wm.m.SetConfig(cfg); err != nil {
		return apierr.InvalidParams(err.Error(), "config")
	}
	wm.info.Config.Delay = delay
	if setSR {
		wm.m.SetServerResponse(sr)
	}
	return nil
}

// GetMock returns a mock by id or uid.
func (w *Workspace) GetMock(id string) (MockInfo, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	m, err := w.mockLocked(id)
	if err != nil {
		return MockInfo{}, err
	}
	return w.view(m), nil
}

// Mock returns the serving *mock.Mock of a mock id or uid (to read its index or
// call log directly, or wrap it).
func (w *Workspace) Mock(id string) (*mock.Mock, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	m, err := w.mockLocked(id)
	if err != nil {
		return nil, err
	}
	return m.m, nil
}

// ListMocks lists mocks in creation order, deactivated ones included. With
// a non-empty workspace, only mocks created with that workspace id.
func (w *Workspace) ListMocks(workspace string) []MockInfo {
	w.mu.RLock()
	defer w.mu.RUnlock()
	out := make([]MockInfo, 0, len(w.order))
	for _, id := range w.order {
		m := w.mocks[id]
		if workspace != "" && m.info.Workspace != workspace {
			continue
		}
		out = append(out, w.view(m))
	}
	return out
}

// UpdateMock changes any subset of a mock. The collection cannot change;
// a new environment recompiles the mock outside the workspace lock (so other
// mocks keep being managed meanwhile), and concurrent recompiles of the same
// mock and environment run once.
func (w *Workspace) UpdateMock(id string, u MockUpdate) (MockInfo, error) {
	var ix *match.Index
	var env *wsEnvironment
	if u.Environment != nil {
		w.mu.RLock()
		m, err := w.mockLocked(id)
		if err != nil {
			w.mu.RUnlock()
			return MockInfo{}, err
		}
		if *u.Environment != "" {
			var ok bool
			if env, ok = w.environments[w.bareID(*u.Environment)]; !ok {
				w.mu.RUnlock()
				return MockInfo{}, noEnvironment(*u.Environment)
			}
		}
		mockID, coll := m.info.ID, m.m.Collection()
		w.mu.RUnlock()
		var e *collection.Environment
		envID := ""
		if env != nil {
			e, envID = env.env, env.info.ID
		}
		if w.compileHook != nil {
			w.compileHook()
		}
		v, err, _ := w.recompile.Do(mockID+"\x00"+envID, func() (any, error) { return match.Compile(coll, e) })
		if err != nil {
			return MockInfo{}, err
		}
		ix = v.(*match.Index)
	}

	w.mu.Lock()
	defer w.mu.Unlock()
	m, err := w.mockLocked(id)
	if err != nil {
		return MockInfo{}, err
	}
	if env != nil && w.environments[env.info.ID] != env {
		// Removed (or replaced) while the mock was being compiled with
		// it: the same answer as if it had been gone from the start,
		// rather than a mock serving an environment that no longer exists.
		return MockInfo{}, noEnvironment(*u.Environment)
	}
	if u.Collection != nil && w.bareID(*u.Collection) != w.bareID(m.info.Collection) {
		return MockInfo{}, apierr.InvalidParams("The collection of a mock cannot be changed.", "collection")
	}
	if u.Name != nil && strings.TrimSpace(*u.Name) == "" {
		return MockInfo{}, apierr.InvalidParams("name must not be empty.", "name")
	}
	if u.Config != nil {
		if err := w.applySettings(m, u.Config); err != nil {
			return MockInfo{}, err
		}
	}
	if ix != nil {
		var e *collection.Environment
		m.envID, m.info.Environment = "", ""
		if env != nil {
			e = env.env
			m.envID, m.info.Environment = env.info.ID, env.info.UID
		}
		if err := m.m.SetIndex(e, ix); err != nil {
			return MockInfo{}, err
		}
		if _, ok := w.collections[w.bareID(m.info.Collection)]; ok && m.info.Deactivated {
			m.info.Deactivated = false
			m.m.SetDeactivated(false)
		}
	}
	if u.Name != nil {
		m.info.Name = *u.Name
	}
	if u.Description != nil {
		m.info.Description = *u.Description
	}
	if u.VersionTag != nil {
		m.info.VersionTag = *u.VersionTag
	}
	if u.Private != nil {
		m.private = *u.Private
		m.m.SetPrivate(m.private, w.keys...)
	}
	m.info.UpdatedAt = w.stamp()
	return w.view(m), nil
}

// DeleteMock deletes a mock with its server responses and call log; its URL
// then answers 404. It returns the deleted mock's id and uid.
func (w *Workspace) DeleteMock(id string) (MockInfo, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	m, err := w.mockLocked(id)
	if err != nil {
		return MockInfo{}, err
	}
	delete(w.mocks, m.info.ID)
	w.order = slices.DeleteFunc(w.order, func(x string) bool { return x == m.info.ID })
	m.m.SetDeactivated(true)
	m.m.Calls().Reset()
	return MockInfo{ID: m.info.ID, UID: m.info.UID}, nil
}

// PublishMock makes a mock public; repeating it is a no-op.
func (w *Workspace) PublishMock(id string) (MockInfo, error) { return w.setPrivate(id, false) }

// UnpublishMock makes a mock private: calls need a valid x-api-key.
func (w *Workspace) UnpublishMock(id string) (MockInfo, error) { return w.setPrivate(id, true) }

func (w *Workspace) setPrivate(id string, private bool) (MockInfo, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	m, err := w.mockLocked(id)
	if err != nil {
		return MockInfo{}, err
	}
	if m.private != private {
		m.private = private
		m.m.SetPrivate(private, w.keys...)
		m.info.UpdatedAt = w.stamp()
	}
	return MockInfo{ID: m.info.ID}, nil
}

// CallLogs returns one page of a mock's call log (Postman API semantics:
// newest first by default, at most 100 entries or 6.5 MB, cursor paging).
// Invalid queries are invalidParamsError.
func (w *Workspace) CallLogs(mockID string, q calllog.Query) (calllog.Page, error) {
	m, err := w.Mock(mockID)
	if err != nil {
		return calllog.Page{}, err
	}
	page, err := m.Calls().Query(q)
	if err != nil {
		var qe *calllog.QueryError
		if errors.As(err, &qe) {
			return calllog.Page{}, apierr.InvalidParams(qe.Error(), qe.Param)
		}
		return calllog.Page{}, apierr.InvalidParams(err.Error())
	}
	return page, nil
}
