package calllog

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestPagingWhileAppending appends from 16 goroutines while another goroutine
// pages through the log again and again, in both directions and with a
// filter. Every traversal must list each entry that existed when it started
// exactly once (nothing is evicted: the ring is large enough), never list an
// entry twice, and keep its order. Some appends carry an older servedAt, so
// the store also runs its scan-and-sort path. Run it under -race.
func TestPagingWhileAppending(t *testing.T) {
	const writers, perWriter, initial = 16, 250, 300
	s := NewStore(Limits{MaxEntries: initial + writers*perWriter})
	for i := range initial {
		s.Append(entry(i))
	}

	var done atomic.Bool
	var wg sync.WaitGroup
	started := make(chan struct{}) // writers start once paging has
	for w := range writers {
		wg.Go(func() {
			<-started
			for i := range perWriter {
				e := entry(initial + w*perWriter + i)
				e.ServedAt = time.Time{} // now
				if i%50 == 49 {
					e.ServedAt = t0.Add(time.Duration(w*perWriter+i) * time.Millisecond) // late arrival
				}
				s.Append(e)
			}
		})
	}
	go func() { wg.Wait(); done.Store(true) }()

	queries := []Query{
		{Limit: 7},
		{Limit: 13, Sort: "servedAt", Direction: "asc"},
		{Limit: 10, Sort: "servedAt", Direction: "desc", RequestMethod: "get"},
		{Limit: 100, Sort: "servedAt", Direction: "asc", ResponseType: "error", Include: []string{"response.body"}},
	}
	overlapping := 0
	for round := 0; !done.Load() || round < len(queries); round++ {
		if !done.Load() {
			overlapping++
		}
		q := queries[round%len(queries)]
		f, _ := q.compile()
		before := s.All() // every entry here must be seen exactly once
		seen := map[string]int{}
		var prev *Entry
		for pages := 0; ; pages++ {
			if pages > 10000 {
				t.Fatalf("round %d: paging does not end", round)
			}
			p, err := s.Query(q)
			if err != nil {
				t.Fatalf("round %d page %d: %v", round, pages, err)
			}
			if round == 0 && pages == 0 {
				close(started)
			}
			for i := range p.Entries {
				e := &p.Entries[i]
				seen[e.ID]++
				if prev != nil {
					if c := e.ServedAt.Compare(prev.ServedAt); (q.Direction == "asc" && c < 0) || (q.Direction != "asc" && c > 0) {
						t.Fatalf("round %d: %v after %v out of order", round, e.ServedAt, prev.ServedAt)
					}
				}
				prev = e
			}
			if p.NextCursor == "" {
				break
			}
			q.Cursor = p.NextCursor
		}
		for id, n := range seen {
			if n != 1 {
				t.Fatalf("round %d (%+v): entry %s seen %d times", round, queries[round%len(queries)], id, n)
			}
		}
		for i := range before {
			if f.match(&before[i]) && seen[before[i].ID] != 1 {
				t.Fatalf("round %d (%+v): entry %s (%s) existed but was not seen", round, queries[round%len(queries)],
					before[i].ID, before[i].ResponseName)
			}
		}
	}
	if s.Len() != initial+writers*perWriter {
		t.Errorf("Len() = %d, want %d", s.Len(), initial+writers*perWriter)
	}
	t.Logf("%d traversals began while appending", overlapping)
}

// TestQueryWhileEvicting pages while appends overwrite the ring: no error, no
// duplicate within a traversal.
func TestQueryWhileEvicting(t *testing.T) {
	s := NewStore(Limits{MaxEntries: 200})
	var wg sync.WaitGroup
	for w := range 16 {
		wg.Go(func() {
			for i := range 500 {
				s.Append(entry(w*500 + i))
			}
		})
	}
	stop := make(chan struct{})
	go func() { wg.Wait(); close(stop) }()
	for {
		select {
		case <-stop:
			if s.Len() != 200 {
				t.Errorf("Len() = %d, want 200", s.Len())
			}
			return
		default:
		}
		for _, dir := range []string{"asc", "desc"} {
			q := Query{Limit: 9, Sort: "servedAt", Direction: dir}
			seen := map[string]bool{}
			for pages := 0; ; pages++ {
				if pages > 1000 {
					t.Fatalf("%s: paging does not end", dir)
				}
				p, err := s.Query(q)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range p.Entries {
					if seen[e.ID] {
						t.Fatalf("%s: %s seen twice", dir, e.ID)
					}
					seen[e.ID] = true
				}
				if p.NextCursor == "" {
					break
				}
				q.Cursor = p.NextCursor
			}
		}
	}
}
