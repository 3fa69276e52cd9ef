package calllog

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
	"unsafe"
)

// Defaults for Limits (our rule, docs/postman-api.md#storage-and-budgets).
//
// The byte budgets bound what the call log holds whatever the traffic: a
// mock keeps at most DefaultMaxBytes of entries (about 30 calls with 1 MiB
// request and response bodies, or 10,000 small ones), and the mocks of a
// Workspace (package mock) together at most DefaultWorkspaceMaxBytes, so
// that `postmock api` stays under a quarter of a GiB of call-log data
// however many mocks it serves and however large the bodies are. A quarter
// of the workspace per mock lets four busy mocks keep a useful history each
// while none can take all of it.
const (
	DefaultMaxEntries        = 10000
	DefaultMaxBodyBytes      = 1 << 20   // 1 MiB
	DefaultMaxBytes          = 64 << 20  // 64 MiB per store
	DefaultWorkspaceMaxBytes = 256 << 20 // 256 MiB per Budget
)

// Redacted replaces the values of secret request headers (x-api-key,
// Authorization, Cookie) in stored entries.
const Redacted = "[REDACTED]"

// Limits bounds a Store. The zero value means the defaults: 10,000 entries,
// 1 MiB per body, 64 MiB in all, no shared budget.
type Limits struct {
	// MaxEntries is how many entries the store keeps; past it the oldest are
	// evicted. Zero or negative means DefaultMaxEntries.
	MaxEntries int
	// MaxBodyBytes caps each request and response body: the bytes past it
	// are cut and replaced by a marker saying how many were dropped
	// (Body.Truncated and Body.Dropped set). Zero or negative means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int
	// MaxBytes bounds the store's total size as Store.Bytes counts it
	// (strings, headers and a fixed overhead per entry); past it the oldest
	// entries are evicted, down to none if a single entry is larger. Zero or
	// negative means DefaultMaxBytes.
	MaxBytes int64
	// Budget, when not nil, is a byte budget the store shares with other
	// stores (those of a workspace's mocks): past Budget's maximum the
	// globally oldest entries of those stores are evicted. Nil means the
	// store is bounded by MaxBytes alone.
	Budget *Budget
	// KeepSecrets keeps the values of the x-api-key, Authorization and Cookie
	// request headers; by default they are replaced by Redacted.
	KeepSecrets bool
}

// key orders entries: servedAt, then append order (seq). Keys are unique
// and never change, which is what makes cursors exact.
type key struct {
	sec  int64
	nsec int32
	seq  uint64
}

func (a key) less(b key) bool {
	if a.sec != b.sec {
		return a.sec < b.sec
	}
	if a.nsec != b.nsec {
		return a.nsec < b.nsec
	}
	return a.seq < b.seq
}

func (a key) compare(b key) int {
	switch {
	case a.less(b):
		return -1
	case b.less(a):
		return 1
	}
	return 0
}

type slot struct {
	k    key
	e    Entry
	size int64  // entrySize(&e), what the entry adds to Store.Bytes
	gen  uint64 // the budget's append order; 0 without a budget
}

// Store is the bounded call log of one mock: a ring buffer of entries,
// oldest evicted first. It is safe for concurrent use. The zero value is an
// empty store with the default limits.
type Store struct {
	lim Limits // as given; see withDefaults

	mu    sync.RWMutex
	buf   []slot // circular; len(buf) is the capacity, grown and shrunk with n
	start int    // index of the oldest entry
	n     int    // number of entries
	bytes int64  // sum of the entries' sizes
	seq   uint64 // last sequence number handed out; never reset
	// inv counts adjacent pairs (in append order) whose keys are out of
	// order. While it is zero the ring is sorted and queries binary-search
	// it instead of scanning and sorting.
	inv int

	// oldest is the budget gen of the oldest entry, 0 when empty or without
	// a budget. Written under mu; read without it by Budget.shrink, which
	// only needs a hint of which store to evict from.
	oldest atomic.Uint64
	// tracked reports that the store is in its budget's set; written under
	// both locks (Budget.mu, then mu), read under either.
	tracked atomic.Bool

	// watch are the live watches (Store.Watch, watch.go).
	watch watchers
}

// NewStore returns an empty store bounded by l (zero fields take the
// defaults). Memory is allocated as entries arrive.
func NewStore(l Limits) *Store {
	return &Store{lim: l.withDefaults()}
}

func (l Limits) withDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = DefaultMaxEntries
	}
	if l.MaxBodyBytes <= 0 {
		l.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	return l
}

// Limits returns the store's limits, defaults filled in.
func (s *Store) Limits() Limits { return s.lim.withDefaults() }

// Append stores e and returns the stored entry. Before storing it, Append
// sets ServedAt to time.Now if it is zero (and drops its monotonic clock
// reading), assigns an xid derived from ServedAt if ID is empty, fills
// Response.Type and Request.Body.Mode if empty, redacts secret request
// headers (unless Limits.KeepSecrets), and cuts bodies longer than
// Limits.MaxBodyBytes (at a UTF-8 boundary when the text allows) and marks
// them (see Body). Past Limits.MaxEntries or Limits.MaxBytes the oldest
// entries are evicted; past the shared Limits.Budget, the budget's oldest.
//
// The store takes ownership of e's Headers slices and Captures map: the
// caller must not modify them afterwards. Append itself never modifies them
// (redaction works on a copy).
func (s *Store) Append(e Entry) Entry {
	lim := s.lim.withDefaults()
	prepare(&e, lim)
	k := key{sec: e.ServedAt.Unix(), nsec: int32(e.ServedAt.Nanosecond())}
	size := entrySize(&e)
	b := lim.Budget

	s.mu.Lock()
	s.seq++
	k.seq = s.seq
	if s.n >= lim.MaxEntries {
		// A full ring puts the new entry in the oldest's slot: overwriting
		// it releases the old entry as clearing it would, for half the
		// pointer writes.
		s.evict(b, s.n < len(s.buf))
	}
	var gen uint64
	if b != nil {
		gen = b.gen.Add(1)
	}
	s.push(slot{k: k, e: e, size: size, gen: gen}, lim.MaxEntries)
	s.bytes += size
	if b != nil {
		b.used.Add(size)
	}
	for s.n > 0 && s.bytes > lim.MaxBytes {
		s.evictOldest(b)
	}
	s.setOldest(b)
	s.mu.Unlock()

	if b != nil {
		b.admit(s)
	}
	if s.watch.n.Load() > 0 {
		s.watch.notify(e)
	}
	return e
}

// push appends sl after the newest entry, growing the ring when full, up
// to maxEntries slots: a ring larger than the store can fill would only add
// empty slots for the collector to scan. The caller holds s.mu.
func (s *Store) push(sl slot, maxEntries int) {
	if s.n == len(s.buf) {
		s.resize(min(max(2*len(s.buf), 8), maxEntries))
	}
	if s.n > 0 && sl.k.less(s.at(s.n-1).k) {
		s.inv++
	}
	s.buf[(s.start+s.n)%len(s.buf)] = sl
	s.n++
}

// evictOldest drops the oldest entry, releasing its bytes from the store and
// from b. The caller holds s.mu; the store is not empty.
func (s *Store) evictOldest(b *Budget) { s.evict(b, true) }

// evict is evictOldest; clear false leaves the entry in its slot, for a
// caller about to overwrite it.
func (s *Store) evict(b *Budget, clear bool) {
	sl := &s.buf[s.start]
	s.bytes -= sl.size
	if b != nil {
		b.used.Add(-sl.size)
	}
	if s.n >= 2 && s.at(1).k.less(sl.k) {
		s.inv--
	}
	if clear {
		*sl = slot{} // let the entry's strings go
	}
	s.start = (s.start + 1) % len(s.buf)
	s.n--
	if s.n == 0 {
		s.start = 0
	}
	// Entries evicted by bytes can leave a ring sized for many more: give
	// the room back, or a workspace of many mocks that were each full once
	// would hold all their empty slots.
	if len(s.buf) > 64 && s.n < len(s.buf)/4 {
		s.resize(len(s.buf) / 2)
	}
}

// resize moves the entries, oldest first, into a ring of capacity c >= s.n.
func (s *Store) resize(c int) {
	nb := make([]slot, c)
	for i := range s.n {
		nb[i] = *s.at(i)
	}
	s.buf, s.start = nb, 0
}

// setOldest publishes the oldest entry's gen for Budget.shrink. The caller
// holds s.mu.
func (s *Store) setOldest(b *Budget) {
	if b == nil {
		return
	}
	if s.n == 0 {
		s.oldest.Store(0)
		return
	}
	s.oldest.Store(s.buf[s.start].gen)
}

// entryOverhead is what an entry costs besides its strings: its slot in the
// ring (the Entry struct, key, size and gen).
const entryOverhead = int64(unsafe.Sizeof(slot{}))

// Per header and per capture, the slice element or map entry that holds the
// two strings.
const (
	headerOverhead  = int64(unsafe.Sizeof(Header{}))
	captureOverhead = 2*int64(unsafe.Sizeof("")) + 16 // key, value, map bookkeeping
)

// entrySize is what e adds to Store.Bytes: its strings (string data shared
// with other entries or the caller is counted too, so the figure errs on
// the high side), its headers and captures, and entryOverhead.
func entrySize(e *Entry) int64 {
	n := entryOverhead + int64(len(e.ID)+len(e.ResponseName)+len(e.MockID)+len(e.ExampleID)+len(e.ExampleName)+len(e.Scenario)+len(e.Fault))
	n += int64(len(e.Request.Method) + len(e.Request.Path) + len(e.Request.Body.Mode) + len(e.Request.Body.Data))
	n += int64(len(e.Response.Type) + len(e.Response.Body.Mode) + len(e.Response.Body.Data))
	for _, hs := range [2][]Header{e.Request.Headers, e.Response.Headers} {
		n += int64(len(hs)) * headerOverhead
		for i := range hs {
			n += int64(len(hs[i].Key) + len(hs[i].Value))
		}
	}
	for k, v := range e.Captures {
		n += captureOverhead + int64(len(k)+len(v))
	}
	return n
}

// prepare normalizes e outside the lock.
func prepare(e *Entry, lim Limits) {
	if e.ServedAt.IsZero() {
		e.ServedAt = time.Now()
	}
	e.ServedAt = e.ServedAt.Round(0) // wall clock only: comparable with cursors
	if e.ID == "" {
		e.ID = newID(e.ServedAt)
	}
	if e.Response.Type == "" {
		e.Response.Type = ResponseType(e.Response.StatusCode)
	}
	if e.Request.Body.Mode == "" {
		e.Request.Body.Mode = ModeRaw
		for _, h := range e.Request.Headers {
			if strings.EqualFold(h.Key, "Content-Type") {
				e.Request.Body.Mode = BodyMode(h.Value)
				break
			}
		}
	}
	if !lim.KeepSecrets {
		e.Request.Headers = redact(e.Request.Headers)
	}
	truncate(&e.Request.Body, lim.MaxBodyBytes)
	truncate(&e.Response.Body, lim.MaxBodyBytes)
}

func isSecret(name string) bool {
	switch len(name) {
	case len("x-api-key"):
		return strings.EqualFold(name, "x-api-key")
	case len("Authorization"):
		return strings.EqualFold(name, "Authorization")
	case len("Cookie"):
		return strings.EqualFold(name, "Cookie")
	}
	return false
}

// redact returns hs with secret values replaced, copying hs only when
// something changes.
func redact(hs []Header) []Header {
	copied := false
	for i := range hs {
		if !isSecret(hs[i].Key) || hs[i].Value == Redacted {
			continue
		}
		if !copied {
			hs = slices.Clone(hs)
			copied = true
		}
		hs[i].Value = Redacted
	}
	return hs
}

// TruncatedMarker formats the text Append puts after a body it cut:
// "…[truncated 1048576 bytes]" for 1 MiB dropped. A reader of the call log
// sees at once that the body went on and by how much.
func TruncatedMarker(dropped int64) string {
	return "…[truncated " + strconv.FormatInt(dropped, 10) + " bytes]"
}

// truncate cuts b.Data to at most max bytes, backing up to a rune start
// (at most 3 bytes) so valid UTF-8 stays valid, adds the cut bytes to
// b.Dropped and, when anything was dropped (here or by the caller), appends
// TruncatedMarker(b.Dropped). The result is a fresh string, so the long
// original can be freed.
func truncate(b *Body, max int) {
	n := len(b.Data)
	if n > max {
		n = max
		for i := n; i >= 0 && i > max-utf8.UTFMax; i-- {
			if utf8.RuneStart(b.Data[i]) {
				n = i
				break
			}
		}
		b.Dropped += int64(len(b.Data) - n)
	}
	if b.Dropped <= 0 {
		b.Dropped = 0
		return
	}
	b.Data = b.Data[:n] + TruncatedMarker(b.Dropped)
	b.Truncated = true
}

// Len returns the number of stored entries.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.n
}

// Bytes returns the stored entries' total size: their strings, headers,
// captures and a fixed overhead each. Limits.MaxBytes bounds it.
func (s *Store) Bytes() int64 {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.bytes
}

// All returns a copy of the stored entries, oldest (first appended) first.
func (s *Store) All() []Entry {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Entry, s.n)
	for i := range s.n {
		out[i] = s.at(i).e
	}
	return out
}

// Reset removes every entry, frees the ring and gives the bytes back to the
// shared budget. Cursors issued before stay valid: they page over whatever
// is appended afterwards.
func (s *Store) Reset() {
	b := s.lim.Budget
	if b != nil {
		b.mu.Lock() // lock order: Budget.mu, then Store.mu
		defer b.mu.Unlock()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if b != nil {
		b.used.Add(-s.bytes)
		b.untrack(s)
	}
	s.buf = nil
	s.start, s.n, s.bytes, s.inv = 0, 0, 0, 0
	s.oldest.Store(0)
}

// at returns the i-th entry in append order; the caller holds s.mu.
func (s *Store) at(i int) *slot {
	return &s.buf[(s.start+i)%len(s.buf)]
}
