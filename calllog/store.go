package calllog

import (
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/rs/xid"
)

// Defaults for Limits (postman-api.md §4, our rule).
const (
	DefaultMaxEntries   = 10000
	DefaultMaxBodyBytes = 1 << 20 // 1 MiB
)

// Redacted replaces the values of secret request headers (x-api-key,
// Authorization, Cookie) in stored entries.
const Redacted = "[REDACTED]"

// Limits bounds a Store. The zero value means the defaults.
type Limits struct {
	// MaxEntries is how many entries the store keeps; past it the oldest are
	// evicted. Zero or negative means DefaultMaxEntries.
	MaxEntries int
	// MaxBodyBytes caps each request and response body; longer bodies are cut
	// (Body.Truncated set). Zero or negative means DefaultMaxBodyBytes.
	MaxBodyBytes int
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
	k key
	e Entry
}

// Store is the bounded call log of one mock: a ring buffer of entries. It is
// safe for concurrent use. The zero value is an empty store with the default
// limits.
type Store struct {
	lim Limits // as given; see withDefaults

	mu    sync.RWMutex
	buf   []slot // grows up to lim.MaxEntries, then wraps
	start int    // index of the oldest entry once buf is full; 0 before
	seq   uint64 // last sequence number handed out; never reset
	// inv counts adjacent pairs (in append order) whose keys are out of
	// order. While it is zero the ring is sorted and queries binary-search
	// it instead of scanning and sorting.
	inv int
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
	return l
}

// Limits returns the store's limits, defaults filled in.
func (s *Store) Limits() Limits { return s.lim.withDefaults() }

// Append stores e and returns the stored entry. Before storing it, Append
// sets ServedAt to time.Now if it is zero (and drops its monotonic clock
// reading), assigns an xid derived from ServedAt if ID is empty, fills
// Response.Type and Request.Body.Mode if empty, redacts secret request
// headers (unless Limits.KeepSecrets), and cuts bodies longer than
// Limits.MaxBodyBytes (at a UTF-8 boundary when the text allows; Truncated
// set). Past Limits.MaxEntries the oldest entry is evicted.
//
// The store takes ownership of e's Headers slices and Captures map: the
// caller must not modify them afterwards. Append itself never modifies them
// (redaction works on a copy).
func (s *Store) Append(e Entry) Entry {
	lim := s.lim.withDefaults()
	prepare(&e, lim)
	k := key{sec: e.ServedAt.Unix(), nsec: int32(e.ServedAt.Nanosecond())}

	s.mu.Lock()
	s.seq++
	k.seq = s.seq
	n := len(s.buf)
	if n < lim.MaxEntries {
		if n > 0 && k.less(s.buf[n-1].k) {
			s.inv++
		}
		s.buf = append(s.buf, slot{k: k, e: e})
	} else {
		// Evict the oldest (at start): its pair with the next one goes.
		if n >= 2 {
			if s.buf[(s.start+1)%n].k.less(s.buf[s.start].k) {
				s.inv--
			}
			if k.less(s.buf[(s.start+n-1)%n].k) {
				s.inv++
			}
		}
		s.buf[s.start] = slot{k: k, e: e}
		s.start = (s.start + 1) % n
	}
	s.mu.Unlock()
	return e
}

// prepare normalizes e outside the lock.
func prepare(e *Entry, lim Limits) {
	if e.ServedAt.IsZero() {
		e.ServedAt = time.Now()
	}
	e.ServedAt = e.ServedAt.Round(0) // wall clock only: comparable with cursors
	if e.ID == "" {
		e.ID = xid.NewWithTime(e.ServedAt).String()
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

// truncate cuts b.Data to at most max bytes, backing up to a rune start
// (at most 3 bytes) so valid UTF-8 stays valid. The result is a fresh
// string, so the long original can be freed.
func truncate(b *Body, max int) {
	if len(b.Data) <= max {
		return
	}
	n := max
	for i := n; i >= 0 && i > max-utf8.UTFMax; i-- {
		if utf8.RuneStart(b.Data[i]) {
			n = i
			break
		}
	}
	b.Data = strings.Clone(b.Data[:n])
	b.Truncated = true
}

// Len returns the number of stored entries.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.buf)
}

// All returns a copy of the stored entries, oldest (first appended) first.
func (s *Store) All() []Entry {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := len(s.buf)
	out := make([]Entry, n)
	for i := range n {
		out[i] = s.buf[(s.start+i)%n].e
	}
	return out
}

// Reset removes every entry and frees the ring. Cursors issued before stay
// valid: they page over whatever is appended afterwards.
func (s *Store) Reset() {
	s.mu.Lock()
	s.buf = nil
	s.start = 0
	s.inv = 0
	s.mu.Unlock()
}

// at returns the i-th entry in append order; the caller holds s.mu.
func (s *Store) at(i int) *slot {
	return &s.buf[(s.start+i)%len(s.buf)]
}
