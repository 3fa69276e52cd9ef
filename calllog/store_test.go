package calllog

import (
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rs/xid"
)

var t0 = time.Date(2024, 6, 10, 6, 13, 20, 512_000_000, time.UTC)

// entry returns a plausible served call number i, served i seconds after t0.
func entry(i int) Entry {
	methods := []string{"GET", "POST", "put"}
	codes := []int{200, 201, 404, 500}
	return Entry{
		ServedAt:     t0.Add(time.Duration(i) * time.Second),
		ResponseName: fmt.Sprintf("example %d", i),
		Request: Request{
			Method:  methods[i%len(methods)],
			Path:    fmt.Sprintf("/Users/%d?expand=%d", i%5, i),
			Headers: []Header{{"Accept", "*/*"}},
		},
		Response: Response{
			StatusCode: codes[i%len(codes)],
			Headers:    []Header{{"Content-Type", "application/json"}},
			Body:       Body{Data: fmt.Sprintf(`{"id":%d}`, i)},
		},
		Matched: true,
	}
}

func TestAppendAssignsIDs(t *testing.T) {
	s := NewStore(Limits{})
	var prev xid.ID
	for i := range 50 {
		e := s.Append(entry(i / 3)) // three calls per second
		id, err := xid.FromString(e.ID)
		if err != nil {
			t.Fatalf("entry %d: id %q is not an xid: %v", i, e.ID, err)
		}
		if got, want := id.Time(), e.ServedAt.Truncate(time.Second); !got.Equal(want) {
			t.Errorf("entry %d: id time %v, want servedAt's second %v", i, got, want)
		}
		if i > 0 && id.Compare(prev) <= 0 {
			t.Errorf("entry %d: id %v does not sort after %v", i, id, prev)
		}
		prev = id
	}

	t.Run("given id kept", func(t *testing.T) {
		e := entry(1)
		e.ID = "my-id"
		if got := s.Append(e).ID; got != "my-id" {
			t.Errorf("ID = %q, want my-id", got)
		}
	})
	t.Run("zero servedAt becomes now", func(t *testing.T) {
		before := time.Now()
		e := s.Append(Entry{})
		if e.ServedAt.Before(before.Round(0)) || e.ServedAt.After(time.Now()) {
			t.Errorf("ServedAt = %v, want about %v", e.ServedAt, before)
		}
		if e.ServedAt != e.ServedAt.Round(0) {
			t.Error("ServedAt keeps a monotonic clock reading")
		}
	})
}

func TestAppendFillsTypeAndMode(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		typ         string
		contentType string // "" = no header
		mode        string
		wantType    string
		wantMode    string
	}{
		{"200 is success, no body is raw", 200, "", "", "", "success", "raw"},
		{"399 is success", 399, "", "", "", "success", "raw"},
		{"400 is error", 400, "", "", "", "error", "raw"},
		{"500 is error", 500, "", "", "", "error", "raw"},
		{"given type kept", 500, "custom", "", "", "custom", "raw"},
		{"json is raw", 200, "", "application/json", "", "success", "raw"},
		{"form is urlencoded", 200, "", "Application/X-WWW-Form-Urlencoded; charset=utf-8", "", "success", "urlencoded"},
		{"multipart is formdata", 200, "", "multipart/form-data; boundary=x", "", "success", "formdata"},
		{"given mode kept", 200, "", "multipart/form-data", "raw", "success", "raw"},
	}
	s := NewStore(Limits{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Entry{Response: Response{StatusCode: tt.status, Type: tt.typ}, Request: Request{Body: Body{Mode: tt.mode}}}
			if tt.contentType != "" {
				e.Request.Headers = []Header{{"content-type", tt.contentType}}
			}
			got := s.Append(e)
			if got.Response.Type != tt.wantType || got.Request.Body.Mode != tt.wantMode {
				t.Errorf("type, mode = %q, %q; want %q, %q", got.Response.Type, got.Request.Body.Mode, tt.wantType, tt.wantMode)
			}
		})
	}
}

func TestAppendTruncatesBodiesWithAMarker(t *testing.T) {
	tests := []struct {
		name     string
		max      int
		data     string
		dropped  int64 // set by the caller
		want     string
		wantDrop int64
	}{
		{"shorter kept", 10, "abc", 0, "abc", 0},
		{"exact kept", 3, "abc", 0, "abc", 0},
		{"longer cut", 3, "abcdef", 0, "abc…[truncated 3 bytes]", 3},
		{"cut backs up to a rune start", 4, "abcé", 0, "abc…[truncated 2 bytes]", 2}, // é is 2 bytes: 3..4
		{"cut on a rune boundary", 5, "abcéz", 0, "abcé…[truncated 1 bytes]", 1},     // boundary at 5
		{"four-byte rune", 5, "ab😀cd", 0, "ab…[truncated 6 bytes]", 6},               // 😀 is bytes 2..5
		{"binary cut at the limit", 3, "\xff\xfe\xfd\xfc\xfb", 0, "\xff\xfe\xfd…[truncated 2 bytes]", 2},
		{"empty", 3, "", 0, "", 0},
		{"caller read part of it", 10, "abc", 1000, "abc…[truncated 1000 bytes]", 1000},
		{"caller's part cut again", 3, "abcdef", 1000, "abc…[truncated 1003 bytes]", 1003},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStore(Limits{MaxBodyBytes: tt.max})
			e := s.Append(Entry{
				Request:  Request{Body: Body{Data: tt.data, Dropped: tt.dropped}},
				Response: Response{Body: Body{Data: tt.data, Dropped: tt.dropped}},
			})
			wantDropped := tt.wantDrop
			for side, b := range map[string]Body{"request": e.Request.Body, "response": e.Response.Body, "stored": s.All()[0].Response.Body} {
				if b.Data != tt.want || b.Truncated != (wantDropped > 0) || b.Dropped != wantDropped {
					t.Errorf("%s body = %q (truncated %v, dropped %d), want %q (%v, %d)",
						side, b.Data, b.Truncated, b.Dropped, tt.want, wantDropped > 0, wantDropped)
				}
			}
			if got, want := s.Bytes(), entrySize(&e); got != want || got < int64(2*len(tt.want)) {
				t.Errorf("Bytes() = %d, want entrySize %d counting both bodies with their markers", got, want)
			}
		})
	}

	t.Run("default cap is 1 MiB", func(t *testing.T) {
		s := NewStore(Limits{})
		e := s.Append(Entry{Response: Response{Body: Body{Data: strings.Repeat("x", 1<<20+5)}}})
		want := strings.Repeat("x", 1<<20) + "…[truncated 5 bytes]"
		if b := e.Response.Body; b.Data != want || !b.Truncated || b.Dropped != 5 {
			t.Errorf("body: %d bytes, truncated %v, dropped %d; want %d, true, 5", len(b.Data), b.Truncated, b.Dropped, len(want))
		}
	})
}

func TestAppendRedactsSecrets(t *testing.T) {
	in := []Header{
		{"Accept", "*/*"},
		{"X-API-Key", "PMAK-123"},
		{"authorization", "Bearer abc"},
		{"COOKIE", "session=1"},
		{"Set-Cookie", "not a request secret"},
		{"X-Api-Key-Hint", "kept"},
	}
	redacted := []Header{
		{"Accept", "*/*"},
		{"X-API-Key", Redacted},
		{"authorization", Redacted},
		{"COOKIE", Redacted},
		{"Set-Cookie", "not a request secret"},
		{"X-Api-Key-Hint", "kept"},
	}
	tests := []struct {
		name   string
		limits Limits
		want   []Header
	}{
		{"redacted by default", Limits{}, redacted},
		{"kept with KeepSecrets", Limits{KeepSecrets: true}, in},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orig := append([]Header(nil), in...)
			s := NewStore(tt.limits)
			e := s.Append(Entry{Request: Request{Headers: in}, Response: Response{Headers: in}})
			if diff := cmp.Diff(tt.want, e.Request.Headers); diff != "" {
				t.Errorf("request headers (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.want, s.All()[0].Request.Headers); diff != "" {
				t.Errorf("stored request headers (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(in, e.Response.Headers); diff != "" {
				t.Errorf("response headers changed (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(orig, in); diff != "" {
				t.Errorf("caller's slice modified (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAppendEvictsOldest(t *testing.T) {
	tests := []struct {
		max, appends int
	}{
		{1, 1}, {1, 5}, {3, 2}, {3, 3}, {3, 4}, {3, 10}, {10, 25},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("max %d, %d appends", tt.max, tt.appends), func(t *testing.T) {
			s := NewStore(Limits{MaxEntries: tt.max})
			for i := range tt.appends {
				s.Append(entry(i))
			}
			var want []string
			for i := max(0, tt.appends-tt.max); i < tt.appends; i++ {
				want = append(want, fmt.Sprintf("example %d", i))
			}
			var got []string
			for _, e := range s.All() {
				got = append(got, e.ResponseName)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("All() (-want +got):\n%s", diff)
			}
			if s.Len() != len(want) {
				t.Errorf("Len() = %d, want %d", s.Len(), len(want))
			}
			// The query sees the same entries, newest first.
			p, err := s.Query(Query{})
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Entries) != len(want) || p.Entries[0].ResponseName != want[len(want)-1] {
				t.Errorf("query: %d entries, first %q", len(p.Entries), p.Entries[0].ResponseName)
			}
		})
	}
}

func TestDefaultLimits(t *testing.T) {
	got := NewStore(Limits{MaxEntries: -1}).Limits()
	want := Limits{MaxEntries: 10000, MaxBodyBytes: 1 << 20, MaxBytes: 64 << 20}
	if got != want {
		t.Errorf("Limits() = %+v, want %+v", got, want)
	}
}

func TestZeroStoreIsUsable(t *testing.T) {
	var s Store
	if got := s.Limits(); got != (Limits{MaxEntries: DefaultMaxEntries, MaxBodyBytes: DefaultMaxBodyBytes, MaxBytes: DefaultMaxBytes}) {
		t.Errorf("Limits() = %+v", got)
	}
	e := entry(1)
	e.Request.Headers = []Header{{"Cookie", "a=b"}}
	s.Append(e)
	s.Append(entry(2))
	p, err := s.Query(Query{})
	if err != nil || len(p.Entries) != 2 || p.Entries[1].Request.Headers[0].Value != Redacted {
		t.Errorf("Query on a zero Store: %v, %+v", err, p)
	}
}

func TestResetEmptiesTheStore(t *testing.T) {
	s := NewStore(Limits{MaxEntries: 3})
	for i := range 5 {
		s.Append(entry(i))
	}
	p, _ := s.Query(Query{Limit: 1})
	s.Reset()
	if s.Len() != 0 || len(s.All()) != 0 {
		t.Fatalf("after Reset: Len %d, All %d", s.Len(), len(s.All()))
	}
	s.Append(entry(10))
	if s.Len() != 1 {
		t.Errorf("Len() = %d after one append, want 1", s.Len())
	}
	// An old cursor still works; what it continues from is gone.
	if _, err := s.Query(Query{Limit: 1, Cursor: p.NextCursor}); err != nil {
		t.Errorf("old cursor after Reset: %v", err)
	}
}

func TestAllReturnsACopy(t *testing.T) {
	s := NewStore(Limits{})
	s.Append(entry(1))
	all := s.All()
	all[0].ResponseName = "changed"
	if got := s.All()[0].ResponseName; got != "example 1" {
		t.Errorf("stored entry changed through All(): %q", got)
	}
}

// TestMemoryIsBounded appends a million entries with 1 KiB bodies into a
// ring of 1000: the store keeps 1000 entries and the heap does not grow with
// the appends.
func TestMemoryIsBounded(t *testing.T) {
	const n, max = 1_000_000, 1000
	s := NewStore(Limits{MaxEntries: max})
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	body := strings.Repeat("x", 1024)
	for i := range n {
		e := entry(i)
		e.Response.Body.Data = body[:1023] + string(rune('a'+i%26)) // a fresh string each time
		s.Append(e)
	}
	if s.Len() != max {
		t.Fatalf("Len() = %d, want %d", s.Len(), max)
	}
	all := s.All()
	if all[0].ResponseName != fmt.Sprintf("example %d", n-max) || all[max-1].ResponseName != fmt.Sprintf("example %d", n-1) {
		t.Errorf("kept %q … %q, want the newest %d", all[0].ResponseName, all[max-1].ResponseName, max)
	}
	s.mu.RLock()
	c := cap(s.buf)
	s.mu.RUnlock()
	if c > 2*max {
		t.Errorf("ring capacity %d for %d entries", c, max)
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	// 1M × 1 KiB went through; ~1000 × 1 KiB may stay.
	if grown := int64(after.HeapAlloc) - int64(before.HeapAlloc); grown > 32<<20 {
		t.Errorf("heap grew by %d MiB", grown>>20)
	}
	runtime.KeepAlive(s)
}

func BenchmarkCallLogAppend(b *testing.B) {
	e := entry(1)
	e.Request.Headers = []Header{{"Accept", "*/*"}, {"User-Agent", "test"}, {"Content-Type", "application/json"}}
	e.Request.Body.Data = `{"name":"x"}`
	for _, bc := range []struct {
		name string
		mod  func(*Entry)
	}{
		{"plain", func(*Entry) {}},
		{"with id and type", func(e *Entry) {
			e.ID = "c9v0n8k2o5b5a7d4h3j0"
			e.Response.Type = "success"
			e.Request.Body.Mode = "raw"
		}},
		{"redacting", func(e *Entry) {
			e.Request.Headers = append(e.Request.Headers[:len(e.Request.Headers):len(e.Request.Headers)], Header{"Authorization", "Bearer x"})
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			e := e
			bc.mod(&e)
			s := NewStore(Limits{MaxEntries: 1000})
			b.ReportAllocs()
			for b.Loop() {
				s.Append(e)
			}
		})
	}
	b.Run("parallel", func(b *testing.B) {
		s := NewStore(Limits{MaxEntries: 1000})
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				s.Append(e)
			}
		})
	})
}

// TestIDsAreDistinctXIDsOfServedAt appends more entries than one id chunk
// holds, from several goroutines, and checks each id is an xid carrying its
// entry's ServedAt second and that no two are equal or change afterwards.
func TestIDsAreDistinctXIDsOfServedAt(t *testing.T) {
	s := NewStore(Limits{})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 3 * idsPerChunk {
				s.Append(Entry{ServedAt: time.Unix(int64(1_700_000_000+g*100+i), 0)})
			}
		}()
	}
	wg.Wait()
	first := s.All()
	seen := map[string]bool{}
	before := make([]string, len(first)) // copies: the ids' own bytes may change
	for i, e := range first {
		before[i] = strings.Clone(e.ID)
	}
	for _, e := range first {
		id, err := xid.FromString(e.ID)
		if err != nil {
			t.Fatalf("id %q is not an xid: %v", e.ID, err)
		}
		if !id.Time().Equal(e.ServedAt.Truncate(time.Second)) {
			t.Errorf("id %q has time %v, want ServedAt %v", e.ID, id.Time(), e.ServedAt)
		}
		if seen[e.ID] {
			t.Errorf("id %q given twice", e.ID)
		}
		seen[e.ID] = true
	}
	if len(seen) != 4*3*idsPerChunk {
		t.Fatalf("%d distinct ids, want %d", len(seen), 4*3*idsPerChunk)
	}
	for range 2 * idsPerChunk { // later ids must not overwrite earlier ones
		s.Append(Entry{})
	}
	for i, e := range first {
		if e.ID != before[i] {
			t.Fatalf("entry %d: id changed from %q to %q", i, before[i], e.ID)
		}
	}
}

// TestRingNoLargerThanMaxEntries checks that a store never holds more slots
// than MaxEntries (the collector scans every slot) and that a full ring,
// which overwrites its oldest slot in place, still keeps the newest
// MaxEntries entries in append order.
func TestRingNoLargerThanMaxEntries(t *testing.T) {
	for _, max := range []int{1, 3, 8, 100, 1000} {
		s := NewStore(Limits{MaxEntries: max})
		total := 3*max + 5
		for i := range total {
			s.Append(Entry{ServedAt: time.Unix(1_700_000_000, int64(i)), ResponseName: strconv.Itoa(i)})
		}
		if len(s.buf) > max {
			t.Errorf("MaxEntries %d: ring of %d slots", max, len(s.buf))
		}
		all := s.All()
		if len(all) != max {
			t.Fatalf("MaxEntries %d: %d entries kept", max, len(all))
		}
		for i, e := range all {
			if want := strconv.Itoa(total - max + i); e.ResponseName != want {
				t.Fatalf("MaxEntries %d: entry %d is %q, want %q", max, i, e.ResponseName, want)
			}
		}
	}
}
