package calllog

import (
	"fmt"
	"sync"
	"testing"
)

func TestWatchDeliversEntriesAppendedAfterItStarts(t *testing.T) {
	s := NewStore(Limits{})
	s.Append(Entry{Request: Request{Method: "GET", Path: "/before"}})
	w := s.Watch(8)
	defer w.Close()
	s.Append(Entry{Request: Request{Method: "GET", Path: "/a", Headers: []Header{{"Authorization", "Bearer x"}}}})
	s.Append(Entry{Request: Request{Method: "POST", Path: "/b"}})
	var got []string
	for range 2 {
		e := <-w.C
		got = append(got, e.Request.Method+" "+e.Request.Path)
		if e.ID == "" {
			t.Errorf("%s: delivered without the id Append assigns", e.Request.Path)
		}
		if len(e.Request.Headers) > 0 && e.Request.Headers[0].Value != Redacted {
			t.Errorf("%s: Authorization delivered as %q, want it redacted as stored", e.Request.Path, e.Request.Headers[0].Value)
		}
	}
	if want := []string{"GET /a", "POST /b"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("delivered %v, want %v (nothing from before the watch)", got, want)
	}
	select {
	case e := <-w.C:
		t.Errorf("extra entry %s delivered", e.Request.Path)
	default:
	}
}

func TestWatchDropsPastItsBufferAndCountsThem(t *testing.T) {
	s := NewStore(Limits{})
	w := s.Watch(3)
	defer w.Close()
	for i := range 10 {
		s.Append(Entry{Request: Request{Method: "GET", Path: fmt.Sprintf("/%d", i)}})
	}
	if got := w.Dropped(); got != 7 {
		t.Errorf("Dropped = %d, want 7 (10 appended, room for 3)", got)
	}
	if s.Len() != 10 {
		t.Errorf("store holds %d entries, want all 10: a full watch must not cost the log anything", s.Len())
	}
	for i := range 3 {
		if e := <-w.C; e.Request.Path != fmt.Sprintf("/%d", i) {
			t.Errorf("buffered entry %d is %s, want the first ones kept", i, e.Request.Path)
		}
	}
}

func TestWatchCloseClosesTheChannelAndStopsDelivery(t *testing.T) {
	s := NewStore(Limits{})
	w := s.Watch(0)
	other := s.Watch(4)
	defer other.Close()
	w.Close()
	w.Close() // twice is harmless
	s.Append(Entry{Request: Request{Method: "GET", Path: "/after"}})
	if _, open := <-w.C; open {
		t.Error("C still open (or delivering) after Close")
	}
	if e := <-other.C; e.Request.Path != "/after" {
		t.Errorf("the other watch got %s, want /after", e.Request.Path)
	}
	if n := s.watch.n.Load(); n != 1 {
		t.Errorf("store counts %d watches, want 1 after closing one of two", n)
	}
}

// Watches come and go while calls are appended: no send on a closed
// channel, no lost count (run with -race).
func TestWatchCloseRacesWithAppend(t *testing.T) {
	s := NewStore(Limits{MaxEntries: 50})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 200 {
				s.Append(Entry{Request: Request{Method: "GET", Path: fmt.Sprintf("/%d/%d", g, i)}})
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range 100 {
				w := s.Watch(2)
				select {
				case <-w.C:
				default:
				}
				w.Close()
			}
		})
	}
	wg.Wait()
	if n := s.watch.n.Load(); n != 0 {
		t.Errorf("%d watches left after all were closed", n)
	}
}
