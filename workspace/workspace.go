package workspace

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/apierr"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/serverresponse"
)

// Error is a mock-management error shaped like the Postman API's: HTTP
// status, error name, message and details. errors.Is matches it against
// ErrNotFound, ErrParamMissing, ErrInvalidParams and ErrMalformed.
type Error = apierr.Error

// Sentinels of mock-management errors (postman-api.md §5).
var (
	// ErrNotFound: no mock, collection, environment or server response with
	// that id (404 instanceNotFoundError).
	ErrNotFound = apierr.ErrNotFound
	// ErrParamMissing: a required field is missing (400 paramMissingError).
	ErrParamMissing = apierr.ErrParamMissing
	// ErrInvalidParams: a field has an invalid value (400
	// invalidParamsError).
	ErrInvalidParams = apierr.ErrInvalidParams
	// ErrMalformed: a request body that is not JSON or not the expected
	// envelope (400 malformedRequestError).
	ErrMalformed = apierr.ErrMalformed
)

// Delay presets of the mock config (Postman's network profiles).
const (
	DelayPreset2G = "1" // 300 ms
	DelayPreset3G = "2" // 100 ms
)

// Delay is a mock's configured delay: a preset ("1" = 2G, 300 ms; "2" = 3G,
// 100 ms) or a custom Duration in milliseconds (1–180000).
type Delay struct {
	Type     string `json:"type"`               // always "fixed"
	Preset   string `json:"preset,omitempty"`   // DelayPreset2G or DelayPreset3G
	Duration int    `json:"duration,omitempty"` // milliseconds, when no preset
}

// Value returns the delay as a duration.
func (d *Delay) Value() time.Duration {
	if d == nil {
		return 0
	}
	switch d.Preset {
	case DelayPreset2G:
		return 300 * time.Millisecond
	case DelayPreset3G:
		return 100 * time.Millisecond
	}
	return time.Duration(d.Duration) * time.Millisecond
}

func (d *Delay) validate() error {
	if d == nil {
		return nil
	}
	if d.Type != "" && d.Type != "fixed" {
		return apierr.InvalidParams(`delay.type must be "fixed".`, "delay")
	}
	switch {
	case d.Preset == DelayPreset2G || d.Preset == DelayPreset3G:
		if d.Duration != 0 {
			return apierr.InvalidParams("delay has both a preset and a duration.", "delay")
		}
	case d.Preset != "":
		return apierr.InvalidParams(fmt.Sprintf(`delay.preset must be "1" (2G) or "2" (3G), got %q.`, d.Preset), "delay")
	case d.Duration < 1 || d.Duration > 180000:
		return apierr.InvalidParams(fmt.Sprintf("delay.duration must be 1–180000 ms, got %d.", d.Duration), "delay")
	}
	return nil
}

// MockConfig is the config block of a Postman mock.
type MockConfig struct {
	Headers          []string `json:"headers"`
	MatchBody        bool     `json:"matchBody"`
	MatchQueryParams bool     `json:"matchQueryParams"`
	MatchWildcards   bool     `json:"matchWildcards"`
	// MatchHeader is true when Headers is non-empty (Postman reports it).
	MatchHeader bool `json:"matchHeader"`
	// Delay is nil for none.
	Delay *Delay `json:"delay"`
	// ServerResponseID is the active server response's id; "" (null) for
	// none.
	ServerResponseID *string `json:"serverResponseId"`
}

// MockInfo is a mock as the Postman API shows it (postman-api.md §1).
type MockInfo struct {
	ID          string     `json:"id"`
	UID         string     `json:"uid"`
	Owner       string     `json:"owner"`
	Name        string     `json:"name"`
	Collection  string     `json:"collection"`
	Environment string     `json:"environment,omitempty"`
	MockURL     string     `json:"mockUrl"`
	Config      MockConfig `json:"config"`
	IsPublic    bool       `json:"isPublic"`
	Deactivated bool       `json:"deactivated"`
	CreatedAt   string     `json:"createdAt"`
	UpdatedAt   string     `json:"updatedAt"`
	Description string     `json:"description,omitempty"`
	VersionTag  string     `json:"versionTag,omitempty"`
	// Workspace is the opaque workspace id given at creation (list filter).
	Workspace string `json:"-"`
}

// CollectionInfo is a collection held by a Workspace.
type CollectionInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	UID  string `json:"uid"`
}

// EnvironmentInfo is an environment held by a Workspace.
type EnvironmentInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	UID  string `json:"uid"`
}

// NewMock is a create request: only Collection is required.
type NewMock struct {
	Collection  string // collection id or uid
	Environment string // environment id or uid; "" for none
	Name        string // default: the collection's name
	Private     bool   // default false (public)
	Workspace   string // opaque, for ListMocks filtering
	// Config sets the Go-only matching switches and delay; nil means
	// Postman's defaults.
	Config *ConfigUpdate
}

// ConfigUpdate are the mock config fields Postman sets only in its UI and
// postmock also sets from Go (postman-api.md §2, Go-only extension). Nil
// members are left as they are.
type ConfigUpdate struct {
	MatchBody        *bool
	MatchQueryParams *bool
	MatchWildcards   *bool
	Headers          *[]string
	// Delay sets the delay; a non-nil pointer to a zero Delay removes it.
	Delay *Delay
	// ServerResponseID activates a server response; a non-nil pointer to ""
	// deactivates it.
	ServerResponseID *string
}

// MockUpdate is a partial update: nil members are left as they are.
type MockUpdate struct {
	Name        *string
	Environment *string // id or uid; "" detaches the environment
	Description *string
	Private     *bool
	VersionTag  *string
	// Collection may only repeat the mock's own collection.
	Collection *string
	Config     *ConfigUpdate
}

// Option configures a Workspace.
type Option func(*Workspace)

// WithOwner sets the owner id used in uids (default "00000000").
func WithOwner(id string) Option { return func(w *Workspace) { w.owner = id } }

// WithAPIKeys sets the keys that open private mocks (x-api-key).
func WithAPIKeys(keys ...string) Option {
	return func(w *Workspace) { w.keys = append([]string(nil), keys...) }
}

// WithBaseURL sets the base URL mock URLs are built on: "<base>/<mock id>".
func WithBaseURL(u string) Option {
	return func(w *Workspace) { w.base = strings.TrimRight(u, "/") }
}

// WithClock sets the clock for timestamps (default time.Now).
func WithClock(now func() time.Time) Option {
	return func(w *Workspace) { w.now = now }
}

// WithCallLogLimits bounds each mock's call log (entries, bytes,
// bytes per body: the fields of l) and their total: the mocks share
// l.Budget, or when it is nil a new budget of
// calllog.DefaultWorkspaceMaxBytes (256 MiB). Without this option every
// mock has calllog's default limits and they share such a budget.
func WithCallLogLimits(l calllog.Limits) Option {
	return func(w *Workspace) { w.limits = l }
}

// WithLogger sets the logger of the workspace and its mocks.
func WithLogger(l *slog.Logger) Option { return func(w *Workspace) { w.logger = l } }

// WithMockOptions adds options to every mock the workspace creates (seed,
// body limit, max delay...).
func WithMockOptions(opts ...mock.Option) Option {
	return func(w *Workspace) { w.mockOpts = append(w.mockOpts, opts...) }
}

// Workspace holds collections, environments and mocks, and manages them
// with the Postman API's semantics. It is an http.Handler that routes each
// call to its mock by path prefix ("/<mock id>/...", the MockURL) or by a
// "<mock id>." host label. A Workspace is safe for concurrent use: mocks
// keep serving while others are created, updated or deleted.
type Workspace struct {
	owner     string
	keys      []string
	now       func() time.Time
	limits    calllog.Limits
	logger    *slog.Logger
	mockOpts  []mock.Option
	recompile singleflight.Group

	// compileHook, when set (by tests), runs just before a mock is
	// compiled, outside the lock.
	compileHook func()

	mu           sync.RWMutex
	base         string
	collections  map[string]*wsCollection
	environments map[string]*wsEnvironment
	mocks        map[string]*wsMock
	order        []string // mock ids in creation order
}

type wsCollection struct {
	info CollectionInfo
	c    *collection.Collection
	raw  []byte // the JSON it was loaded from, when added with AddCollectionJSON
}

type wsEnvironment struct {
	info EnvironmentInfo
	env  *collection.Environment
}

type wsMock struct {
	info    MockInfo
	m       *mock.Mock
	envID   string
	private bool
	srs     map[string]*serverresponse.ServerResponse
	srOrder []string
}

// NewWorkspace returns an empty workspace.
func New(opts ...Option) *Workspace {
	w := &Workspace{owner: collection.DefaultOwner, now: time.Now, base: "http://127.0.0.1",
		collections: map[string]*wsCollection{}, environments: map[string]*wsEnvironment{}, mocks: map[string]*wsMock{}}
	for _, o := range opts {
		o(w)
	}
	if w.logger == nil {
		w.logger = slog.New(slog.DiscardHandler)
	}
	if w.limits.Budget == nil {
		// One budget for all the mocks, so that a process serving many of
		// them (postmock api) holds a bounded amount of call log in all.
		w.limits.Budget = calllog.NewBudget(0)
	}
	return w
}

// CallLogBudget returns the byte budget the mocks' call logs share: its
// Bytes is what they hold in all (a deleted mock's log no longer counts).
func (w *Workspace) CallLogBudget() *calllog.Budget { return w.limits.Budget }

// SetBaseURL changes the base URL of mock URLs (e.g. once a listener's
// address is known).
func (w *Workspace) SetBaseURL(u string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.base = strings.TrimRight(u, "/")
}

// Owner returns the owner id.
func (w *Workspace) Owner() string { return w.owner }

// APIKeys returns the configured API keys.
func (w *Workspace) APIKeys() []string { return append([]string(nil), w.keys...) }

// newUUID returns a random UUID v4.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

const stampLayout = "2006-01-02T15:04:05.000Z"

func (w *Workspace) stamp() string { return w.now().UTC().Format(stampLayout) }

// bareID strips "<owner>-" from a uid.
func (w *Workspace) bareID(id string) string {
	if p := w.owner + "-"; strings.HasPrefix(id, p) {
		return id[len(p):]
	}
	return id
}

// AddCollection adds a loaded collection and returns its id, name and uid.
// The collection's _postman_id is its id when present and not taken;
// otherwise a new UUID.
func (w *Workspace) AddCollection(c *collection.Collection) (CollectionInfo, error) {
	if c == nil {
		return CollectionInfo{}, apierr.ParamMissing("A collection is required.", "collection")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	id := c.Info.ID
	if _, taken := w.collections[id]; id == "" || taken {
		id = newUUID()
	}
	info := CollectionInfo{ID: id, Name: c.Info.Name, UID: w.owner + "-" + id}
	w.collections[id] = &wsCollection{info: info, c: c}
	return info, nil
}

// AddCollectionJSON parses a collection (its JSON as exported, or in the
// Postman API's {"collection": {...}} envelope) and adds it, keeping the JSON
// so that CollectionJSON can return it as uploaded. A collection that does
// not load is a malformedRequestError naming the problem.
func (w *Workspace) AddCollectionJSON(data []byte) (CollectionInfo, error) {
	c, err := collection.Parse(data)
	if err != nil {
		return CollectionInfo{}, apierr.Malformed("The collection is not a valid Postman collection (v2.1 or v2.0): " + err.Error())
	}
	info, err := w.AddCollection(c)
	if err != nil {
		return CollectionInfo{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if held, ok := w.collections[info.ID]; ok && held.c == c {
		held.raw = bytes.Clone(data)
	}
	return info, nil
}

// CollectionJSON returns a collection by id or uid with the JSON it was added
// with (nil when it was added with AddCollection).
func (w *Workspace) CollectionJSON(id string) ([]byte, *collection.Collection, CollectionInfo, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	c, ok := w.collections[w.bareID(id)]
	if !ok {
		return nil, nil, CollectionInfo{}, apierr.NotFound("We could not find the collection you are looking for")
	}
	return c.raw, c.c, c.info, nil
}

// Collections lists the collections, sorted by name then id.
func (w *Workspace) Collections() []CollectionInfo {
	w.mu.RLock()
	defer w.mu.RUnlock()
	out := make([]CollectionInfo, 0, len(w.collections))
	for _, c := range w.collections {
		out = append(out, c.info)
	}
	slices.SortFunc(out, func(a, b CollectionInfo) int { return strings.Compare(a.Name+a.ID, b.Name+b.ID) })
	return out
}

// Collection returns a collection by id or uid.
func (w *Workspace) Collection(id string) (*collection.Collection, CollectionInfo, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	c, ok := w.collections[w.bareID(id)]
	if !ok {
		return nil, CollectionInfo{}, apierr.NotFound("We could not find the collection you are looking for")
	}
	return c.c, c.info, nil
}

// RemoveCollection removes a collection; mocks that serve it are
// deactivated.
func (w *Workspace) RemoveCollection(id string) (CollectionInfo, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	c, ok := w.collections[w.bareID(id)]
	if !ok {
		return CollectionInfo{}, apierr.NotFound("We could not find the collection you are looking for")
	}
	delete(w.collections, c.info.ID)
	for _, m := range w.mocks {
		if m.info.Collection == c.info.UID {
			m.info.Deactivated = true
			m.m.SetDeactivated(true)
		}
	}
	return c.info, nil
}

// AddEnvironment adds an environment and returns its id, name and uid.
func (w *Workspace) AddEnvironment(env *collection.Environment) (EnvironmentInfo, error) {
	if env == nil {
		return EnvironmentInfo{}, apierr.ParamMissing("An environment is required.", "environment")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	id := env.ID
	if _, taken := w.environments[id]; id == "" || taken {
		id = newUUID()
	}
	info := EnvironmentInfo{ID: id, Name: env.Name, UID: w.owner + "-" + id}
	w.environments[id] = &wsEnvironment{info: info, env: env}
	return info, nil
}

// Environments lists the environments, sorted by name then id.
func (w *Workspace) Environments() []EnvironmentInfo {
	w.mu.RLock()
	defer w.mu.RUnlock()
	out := make([]EnvironmentInfo, 0, len(w.environments))
	for _, e := range w.environments {
		out = append(out, e.info)
	}
	slices.SortFunc(out, func(a, b EnvironmentInfo) int { return strings.Compare(a.Name+a.ID, b.Name+b.ID) })
	return out
}

// Environment returns an environment by id or uid.
func (w *Workspace) Environment(id string) (*collection.Environment, EnvironmentInfo, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	e, ok := w.environments[w.bareID(id)]
	if !ok {
		return nil, EnvironmentInfo{}, apierr.NotFound("We could not find the environment you are looking for")
	}
	return e.env, e.info, nil
}

// RemoveEnvironment removes an environment; mocks that use it are
// deactivated.
func (w *Workspace) RemoveEnvironment(id string) (EnvironmentInfo, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	e, ok := w.environments[w.bareID(id)]
	if !ok {
		return EnvironmentInfo{}, apierr.NotFound("We could not find the environment you are looking for")
	}
	delete(w.environments, e.info.ID)
	for _, m := range w.mocks {
		if m.envID == e.info.ID {
			m.info.Deactivated = true
			m.m.SetDeactivated(true)
		}
	}
	return e.info, nil
}

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
	info.Config.MatchBody, info.Config.MatchQueryParams, info.Config.MatchWildcards = cfg.MatchBody, cfg.MatchQueryParams, cfg.MatchWildcards
	info.Config.MatchHeader = len(cfg.Headers) > 0
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
		cfg.MatchQueryParams = *s.MatchQueryParams
	}
	if s.MatchWildcards != nil {
		cfg.MatchWildcards = *s.MatchWildcards
	}
	if s.Headers != nil {
		cfg.Headers = nil
		for _, h := range *s.Headers {
			if h = strings.TrimSpace(h); h != "" {
				cfg.Headers = append(cfg.Headers, h)
			}
		}
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

func srNotFound() *Error {
	e := apierr.NotFound("We could not find the server response you are looking for")
	e.Header = "Server response not found"
	return e
}

// CreateServerResponse adds a server response to a mock. Name and an
// integer 500–599 statusCode are required; it is not active until the mock's
// config names it.
func (w *Workspace) CreateServerResponse(mockID string, f serverresponse.Fields) (serverresponse.ServerResponse, error) {
	if err := f.Validate(true); err != nil {
		return serverresponse.ServerResponse{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	m, err := w.mockLocked(mockID)
	if err != nil {
		return serverresponse.ServerResponse{}, err
	}
	now := w.now().UTC().Truncate(time.Millisecond)
	sr := &serverresponse.ServerResponse{ID: newUUID(), CreatedBy: w.owner, UpdatedBy: w.owner, CreatedAt: now, UpdatedAt: now, MockID: m.info.ID}
	f.Apply(sr)
	m.srs[sr.ID] = sr
	m.srOrder = append(m.srOrder, sr.ID)
	return *sr, nil
}

// GetServerResponse returns one server response of a mock.
func (w *Workspace) GetServerResponse(mockID, id string) (serverresponse.ServerResponse, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	m, err := w.mockLocked(mockID)
	if err != nil {
		return serverresponse.ServerResponse{}, err
	}
	sr, ok := m.srs[id]
	if !ok {
		return serverresponse.ServerResponse{}, srNotFound()
	}
	return *sr, nil
}

// ListServerResponses lists a mock's server responses in creation order.
func (w *Workspace) ListServerResponses(mockID string) ([]serverresponse.ServerResponse, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	m, err := w.mockLocked(mockID)
	if err != nil {
		return nil, err
	}
	out := make([]serverresponse.ServerResponse, 0, len(m.srOrder))
	for _, id := range m.srOrder {
		out = append(out, *m.srs[id])
	}
	return out, nil
}

// UpdateServerResponse changes any subset of a server response (at least
// one field). An active one serves its new content at once.
func (w *Workspace) UpdateServerResponse(mockID, id string, f serverresponse.Fields) (serverresponse.ServerResponse, error) {
	if err := f.Validate(false); err != nil {
		return serverresponse.ServerResponse{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	m, err := w.mockLocked(mockID)
	if err != nil {
		return serverresponse.ServerResponse{}, err
	}
	old, ok := m.srs[id]
	if !ok {
		return serverresponse.ServerResponse{}, srNotFound()
	}
	sr := *old
	f.Apply(&sr)
	sr.UpdatedAt = w.now().UTC().Truncate(time.Millisecond)
	sr.UpdatedBy = w.owner
	m.srs[id] = &sr
	if active := m.m.ServerResponse(); active != nil && active.ID == id {
		m.m.SetServerResponse(&sr)
	}
	return sr, nil
}

// DeleteServerResponse deletes a server response; deleting the active one
// deactivates it.
func (w *Workspace) DeleteServerResponse(mockID, id string) (serverresponse.ServerResponse, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	m, err := w.mockLocked(mockID)
	if err != nil {
		return serverresponse.ServerResponse{}, err
	}
	sr, ok := m.srs[id]
	if !ok {
		return serverresponse.ServerResponse{}, srNotFound()
	}
	delete(m.srs, id)
	m.srOrder = slices.DeleteFunc(m.srOrder, func(x string) bool { return x == id })
	if active := m.m.ServerResponse(); active != nil && active.ID == id {
		m.m.SetServerResponse(nil)
	}
	return *sr, nil
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

// MockNotFoundBody answers a call whose URL names no mock (404).
const MockNotFoundBody = `{"error":{"name":"mockNotFoundError","message":"We could not find the mock you are looking for."}}`

// ServeHTTP routes a call to its mock: the first path segment is the mock id
// (stripped before matching), or the first host label is. Unknown mocks get
// 404 mockNotFoundError.
func (w *Workspace) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	m, rest := w.route(r)
	if m == nil {
		h := rw.Header()
		h.Set("Content-Type", "application/json; charset=utf-8")
		rw.WriteHeader(http.StatusNotFound)
		_, _ = rw.Write([]byte(MockNotFoundBody))
		return
	}
	if rest != nil {
		r = rest
	}
	m.ServeHTTP(rw, r)
}

// route finds the mock of a call and, for a path prefix, returns the
// request with the prefix stripped.
func (w *Workspace) route(r *http.Request) (*mock.Mock, *http.Request) {
	path, rawQuery := requestTarget(r)
	trimmed := strings.TrimPrefix(path, "/")
	first, rest, _ := strings.Cut(trimmed, "/")
	w.mu.RLock()
	wm := w.mocks[first]
	if wm == nil {
		host := r.Host
		if i := strings.IndexByte(host, '.'); i > 0 {
			if hm := w.mocks[host[:i]]; hm != nil {
				w.mu.RUnlock()
				return hm.m, nil
			}
		}
	}
	w.mu.RUnlock()
	if wm == nil {
		return nil, nil
	}
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/" + rest
	r2.URL.RawPath = ""
	if strings.IndexByte(rest, '%') >= 0 {
		r2.URL.RawPath = "/" + rest
		if p, err := url.PathUnescape("/" + rest); err == nil {
			r2.URL.Path = p
		}
	}
	r2.RequestURI = "/" + rest
	if rawQuery != "" {
		r2.RequestURI += "?" + rawQuery
	}
	return wm.m, r2
}

// requestTarget returns a call's request-target as received (escaped path,
// raw query), as the mock reads it, so that the prefix stripped is the one
// the client sent.
func requestTarget(r *http.Request) (path, rawQuery string) {
	if u := r.RequestURI; strings.HasPrefix(u, "/") {
		path, rawQuery, _ = strings.Cut(u, "?")
		return path, rawQuery
	}
	return r.URL.EscapedPath(), r.URL.RawQuery
}
