package workspace

import (
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/serverresponse"
)

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

// New returns an empty workspace.
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
