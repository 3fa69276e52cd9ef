package calllog

import (
	"sync"
	"sync/atomic"
)

// DefaultWatchBuffer is the buffer of a Watch given a size of zero or less.
const DefaultWatchBuffer = 256

// Watch receives the entries a Store stores from the moment it is made:
// a live view of the call log for a page or a log printer. Each watch has
// a bounded buffer; an entry that finds it full is dropped for that watch
// only (counted by Dropped), so a slow reader never slows the mock down
// nor makes the store hold more. Close it when done.
type Watch struct {
	// C delivers the entries as Append stored them (ServedAt set, secrets
	// redacted, bodies cut), in the order their Appends finished. It is
	// closed by Close.
	C <-chan Entry

	ch      chan Entry
	s       *Store
	dropped atomic.Int64
	once    sync.Once
}

// watchers are a store's watches. The store's Append reads only an atomic
// count while nobody watches.
type watchers struct {
	n   atomic.Int32
	mu  sync.RWMutex
	set map[*Watch]struct{}
}

// Watch returns a watch of the entries appended from now on, with room for
// buffer entries not yet received (DefaultWatchBuffer when buffer <= 0).
func (s *Store) Watch(buffer int) *Watch {
	if buffer <= 0 {
		buffer = DefaultWatchBuffer
	}
	ch := make(chan Entry, buffer)
	w := &Watch{C: ch, ch: ch, s: s}
	s.watch.mu.Lock()
	if s.watch.set == nil {
		s.watch.set = map[*Watch]struct{}{}
	}
	s.watch.set[w] = struct{}{}
	s.watch.n.Store(int32(len(s.watch.set)))
	s.watch.mu.Unlock()
	return w
}

// Dropped returns how many entries did not fit in the watch's buffer and
// were not delivered.
func (w *Watch) Dropped() int64 { return w.dropped.Load() }

// Close stops the watch and closes C; entries still buffered can be read.
// Closing twice is harmless.
func (w *Watch) Close() {
	w.once.Do(func() {
		ws := &w.s.watch
		ws.mu.Lock()
		delete(ws.set, w)
		ws.n.Store(int32(len(ws.set)))
		// Under the write lock no notify is sending: closing is safe.
		close(w.ch)
		ws.mu.Unlock()
	})
}

// notify offers e to every watch without blocking.
func (ws *watchers) notify(e Entry) {
	ws.mu.RLock()
	for w := range ws.set {
		select {
		case w.ch <- e:
		default:
			w.dropped.Add(1)
		}
	}
	ws.mu.RUnlock()
}
