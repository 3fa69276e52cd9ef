package calllog

import (
	"sync"
	"sync/atomic"
)

// Budget is a byte budget several stores share: the stores of a workspace's
// mocks (package workspace gives each Workspace one). Each Store counts its
// entries (Store.Bytes) against its own Limits.MaxBytes and against the
// budget; when the stores together hold more than the budget's maximum, the
// oldest entries of all of them, in the order they were appended, are
// evicted until they fit.
//
// Globally oldest rather than the appending store's own first: the budget
// then keeps the most recent calls of the workspace whichever mocks they
// went to, so a mock that starts taking calls once others have filled the
// budget still logs them, while Limits.MaxBytes stops one busy mock from
// holding all of it. Choosing the victim scans the stores that hold entries,
// which is cheap for the tens or hundreds of mocks of a workspace.
//
// The total can pass the maximum for a moment, by what concurrent Appends
// are adding; once they return it is back within it. A Budget is safe for
// concurrent use.
type Budget struct {
	max  int64
	used atomic.Int64  // sum of the member stores' bytes
	gen  atomic.Uint64 // last append order handed out

	mu     sync.Mutex // lock order: Budget.mu, then Store.mu
	stores map[*Store]struct{}
}

// NewBudget returns a budget of maxBytes; zero or negative means
// DefaultWorkspaceMaxBytes.
func NewBudget(maxBytes int64) *Budget {
	if maxBytes <= 0 {
		maxBytes = DefaultWorkspaceMaxBytes
	}
	return &Budget{max: maxBytes, stores: map[*Store]struct{}{}}
}

// Max returns the budget's maximum in bytes.
func (b *Budget) Max() int64 { return b.max }

// Bytes returns what the stores sharing the budget hold in all, as
// Store.Bytes counts it.
func (b *Budget) Bytes() int64 { return b.used.Load() }

// admit makes s a member after an Append to it and evicts down to the
// maximum. Called without s.mu held.
func (b *Budget) admit(s *Store) {
	if !s.tracked.Load() {
		b.mu.Lock()
		s.mu.Lock()
		if s.n > 0 && !s.tracked.Load() {
			b.stores[s] = struct{}{}
			s.tracked.Store(true)
		}
		s.mu.Unlock()
		b.mu.Unlock()
	}
	if b.used.Load() > b.max {
		b.shrink()
	}
}

// untrack drops s from the members; the caller holds b.mu and s.mu.
func (b *Budget) untrack(s *Store) {
	delete(b.stores, s)
	s.tracked.Store(false)
}

// shrink evicts the globally oldest entries until the total fits.
func (b *Budget) shrink() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for b.used.Load() > b.max {
		var victim *Store
		var oldest uint64
		for s := range b.stores {
			if g := s.oldest.Load(); g != 0 && (victim == nil || g < oldest) {
				victim, oldest = s, g
			}
		}
		if victim == nil {
			return // what is left is being appended right now
		}
		victim.mu.Lock()
		if victim.n > 0 {
			victim.evictOldest(b)
			victim.setOldest(b)
		}
		if victim.n == 0 {
			b.untrack(victim)
		}
		victim.mu.Unlock()
	}
}
