package calllog

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

// sized returns entry(i) with a response body of n bytes.
func sized(i, n int) Entry {
	e := entry(i)
	e.Response.Body.Data = strings.Repeat("x", n)
	return e
}

// respNames lists the ResponseNames of es.
func respNames(es []Entry) []string {
	out := make([]string, len(es))
	for i := range es {
		out[i] = es[i].ResponseName
	}
	return out
}

// sumSizes is what Store.Bytes must be for the entries es.
func sumSizes(es []Entry) int64 {
	var n int64
	for i := range es {
		n += entrySize(&es[i])
	}
	return n
}

func TestMaxBytesEvictsOldestFirst(t *testing.T) {
	// Entries of one size: the same fields, names of two digits.
	uniform := func(i int) Entry {
		return Entry{ResponseName: fmt.Sprintf("example %02d", i), Request: Request{Method: "POST", Path: "/x"},
			Response: Response{StatusCode: 200, Body: Body{Data: strings.Repeat("x", 1000)}}}
	}
	probe := NewStore(Limits{})
	probe.Append(uniform(0))
	one := probe.Bytes()
	tests := []struct {
		name     string
		maxBytes int64
		appends  int
		keep     int
	}{
		{"all fit", 10 * one, 10, 10},
		{"three fit", 3*one + one/2, 10, 3},
		{"exactly three", 3 * one, 10, 3},
		{"one fits", one, 5, 1},
		{"none fits", one - 1, 5, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStore(Limits{MaxBytes: tt.maxBytes})
			for i := range tt.appends {
				s.Append(uniform(i))
				if s.Bytes() > tt.maxBytes {
					t.Fatalf("after append %d: Bytes() = %d > MaxBytes %d", i, s.Bytes(), tt.maxBytes)
				}
			}
			all := s.All()
			var want []string
			for i := tt.appends - tt.keep; i < tt.appends; i++ {
				want = append(want, fmt.Sprintf("example %02d", i))
			}
			if got := respNames(all); strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("kept %q, want the newest %q", got, want)
			}
			if got, want := s.Bytes(), sumSizes(all); got != want {
				t.Errorf("Bytes() = %d, want %d (the kept entries' sizes)", got, want)
			}
		})
	}
}

func TestBytesCountsWhatAnEntryHolds(t *testing.T) {
	e := sized(1, 5000)
	e.Request.Body.Data = strings.Repeat("y", 3000)
	e.Request.Headers = []Header{{"X-Long", strings.Repeat("h", 700)}}
	e.Captures = map[string]string{"id": strings.Repeat("c", 400)}
	s := NewStore(Limits{})
	s.Append(e)
	if got, atLeast := s.Bytes(), int64(5000+3000+700+400+int(entryOverhead)); got < atLeast {
		t.Errorf("Bytes() = %d, want at least %d (bodies, header, capture, slot)", got, atLeast)
	}
	s.Reset()
	if s.Bytes() != 0 {
		t.Errorf("Bytes() after Reset = %d", s.Bytes())
	}
}

// TestBudgetEvictsTheGloballyOldest appends to three stores in turn, with
// bodies of different sizes, under a budget that holds a few entries: what
// is kept is always the newest entries across the stores, in append order,
// and the budget's count is the stores' sum.
func TestBudgetEvictsTheGloballyOldest(t *testing.T) {
	b := NewBudget(20_000)
	stores := []*Store{
		NewStore(Limits{Budget: b}),
		NewStore(Limits{Budget: b}),
		NewStore(Limits{Budget: b, MaxBytes: 6000}), // its own cap too
	}
	type appended struct {
		store int
		name  string
	}
	var order []appended
	sizes := []int{1500, 4000, 2500, 700, 3000}
	for i := range 60 {
		si := i % len(stores)
		if i%7 == 6 {
			si = 0 // not quite round-robin
		}
		e := sized(i, sizes[i%len(sizes)])
		stores[si].Append(e)
		order = append(order, appended{si, e.ResponseName})

		var sum int64
		kept := map[string]bool{}
		for _, s := range stores {
			sum += s.Bytes()
			for _, e := range s.All() {
				kept[e.ResponseName] = true
			}
		}
		if got := b.Bytes(); got != sum || got > b.Max() {
			t.Fatalf("after append %d: budget Bytes() = %d, stores hold %d, max %d", i, got, sum, b.Max())
		}
		if stores[2].Bytes() > 6000 {
			t.Fatalf("after append %d: store 2 holds %d > its MaxBytes 6000", i, stores[2].Bytes())
		}
		// Everything kept in stores 0 and 1 is a suffix of the append order
		// of the entries those stores got: nothing newer was evicted while
		// something older stayed. (Store 2 also evicts by its own cap.)
		evictedSeen := false
		for j := len(order) - 1; j >= 0; j-- {
			a := order[j]
			if a.store == 2 {
				continue
			}
			if !kept[a.name] {
				evictedSeen = true
			} else if evictedSeen {
				t.Fatalf("after append %d: %s kept in store %d though a newer entry was evicted", i, a.name, a.store)
			}
		}
	}
	// The newest entry of each store is there.
	for si, s := range stores {
		all := s.All()
		if len(all) == 0 {
			t.Errorf("store %d is empty", si)
		}
	}

	// Reset (what deleting a mock does) gives its bytes back.
	held := stores[1].Bytes()
	before := b.Bytes()
	stores[1].Reset()
	if got, want := b.Bytes(), before-held; got != want || held == 0 {
		t.Errorf("after Reset of a store holding %d: budget Bytes() = %d, want %d", held, got, want)
	}
	// The others are not evicted by appends that now fit.
	n0 := stores[0].Len()
	stores[1].Append(sized(100, 100))
	if stores[0].Len() != n0 {
		t.Errorf("store 0 lost entries to an append that fits: %d → %d", n0, stores[0].Len())
	}
}

// TestRingShrinksAfterEviction: a ring grown for many small entries gives
// its slots back once large entries have evicted most of them, so many
// mocks that were each full once do not keep their empty rings.
func TestRingShrinksAfterEviction(t *testing.T) {
	s := NewStore(Limits{MaxBytes: 1 << 20})
	for i := range 2000 {
		s.Append(entry(i))
	}
	s.mu.RLock()
	grown := len(s.buf)
	s.mu.RUnlock()
	for i := range 20 {
		s.Append(sized(2000+i, 100_000))
	}
	s.mu.RLock()
	shrunk, n := len(s.buf), s.n
	s.mu.RUnlock()
	if n > 10 || shrunk > 4*max(n, 16) || shrunk >= grown {
		t.Errorf("ring of %d slots for %d entries (was %d slots)", shrunk, n, grown)
	}
	// Order survives the moves.
	all := s.All()
	for i := 1; i < len(all); i++ {
		if all[i].ServedAt.Before(all[i-1].ServedAt) {
			t.Fatalf("entries out of order after shrinking: %q", respNames(all))
		}
	}
	if got := s.Bytes(); got != sumSizes(all) {
		t.Errorf("Bytes() = %d, want %d", got, sumSizes(all))
	}
}

// TestBudgetUnderConcurrency appends to four stores of one budget from many
// goroutines while stores are reset: at rest the budget's count is the sum
// of the stores' and within its maximum. Run it under -race.
func TestBudgetUnderConcurrency(t *testing.T) {
	b := NewBudget(200_000)
	stores := make([]*Store, 4)
	for i := range stores {
		stores[i] = NewStore(Limits{Budget: b, MaxBytes: 90_000, MaxEntries: 50})
	}
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Go(func() {
			for i := range 400 {
				s := stores[(w+i)%len(stores)]
				s.Append(sized(w*1000+i, 100+(i*37)%5000))
				if i%97 == 0 {
					stores[(w+i+1)%len(stores)].Reset()
				}
			}
		})
	}
	wg.Wait()
	var sum int64
	for i, s := range stores {
		all := s.All()
		if got := s.Bytes(); got != sumSizes(all) {
			t.Errorf("store %d: Bytes() = %d, entries sum to %d", i, got, sumSizes(all))
		}
		if s.Len() > 50 || s.Bytes() > 90_000 {
			t.Errorf("store %d: %d entries, %d bytes", i, s.Len(), s.Bytes())
		}
		sum += s.Bytes()
	}
	if got := b.Bytes(); got != sum || got > b.Max() {
		t.Errorf("budget Bytes() = %d, stores hold %d, max %d", got, sum, b.Max())
	}
}

func TestNewBudgetDefault(t *testing.T) {
	if got := NewBudget(0).Max(); got != DefaultWorkspaceMaxBytes {
		t.Errorf("NewBudget(0).Max() = %d, want %d", got, DefaultWorkspaceMaxBytes)
	}
	if got := NewBudget(-5).Max(); got != DefaultWorkspaceMaxBytes {
		t.Errorf("NewBudget(-5).Max() = %d, want %d", got, DefaultWorkspaceMaxBytes)
	}
}
