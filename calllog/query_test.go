package calllog

import (
	"encoding/base64"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestQueryRejectsInvalidParams(t *testing.T) {
	s := NewStore(Limits{})
	for i := range 10 {
		s.Append(entry(i))
	}
	first, err := s.Query(Query{Limit: 2, RequestMethod: "GET", Sort: "servedAt", Direction: "asc"})
	if err != nil || first.NextCursor == "" {
		t.Fatalf("setup: %v, cursor %q", err, first.NextCursor)
	}
	cur := first.NextCursor
	raw, _ := base64.RawURLEncoding.DecodeString(cur)
	flipped := append([]byte(nil), raw...)
	flipped[5] ^= 1

	tests := []struct {
		name      string
		params    string // ParseQuery input; "" = skip ParseQuery
		query     *Query // Query input; nil = skip Query
		wantParam string
		wantMsg   string // exact Error() when set
	}{
		{name: "limit 0", params: "limit=0", wantParam: "limit", wantMsg: "limit: want 1–100, got 0"},
		{name: "limit 101", params: "limit=101", query: &Query{Limit: 101}, wantParam: "limit", wantMsg: "limit: want 1–100, got 101"},
		{name: "negative limit", params: "limit=-1", query: &Query{Limit: -1}, wantParam: "limit"},
		{name: "limit not a number", params: "limit=ten", wantParam: "limit"},
		{name: "limit twice", params: "limit=5&limit=6", wantParam: "limit"},
		{name: "since after until", params: "since=2024-06-10T06:13:21Z&until=2024-06-10T06:13:20Z",
			query: &Query{Since: t0.Add(time.Nanosecond), Until: t0}, wantParam: "since"},
		{name: "since not a time", params: "since=yesterday", wantParam: "since"},
		{name: "until not a time", params: "until=2024-13-01T00:00:00Z", wantParam: "until"},
		{name: "lone sort", params: "sort=servedAt", query: &Query{Sort: "servedAt"}, wantParam: "direction",
			wantMsg: "direction: required with sort"},
		{name: "lone direction", params: "direction=asc", query: &Query{Direction: "asc"}, wantParam: "sort",
			wantMsg: "sort: required with direction"},
		{name: "bad direction", params: "sort=servedAt&direction=up", query: &Query{Sort: "servedAt", Direction: "up"}, wantParam: "direction"},
		{name: "direction is case-sensitive", params: "sort=servedAt&direction=ASC", wantParam: "direction"},
		{name: "bad sort", params: "sort=id&direction=asc", query: &Query{Sort: "id", Direction: "asc"}, wantParam: "sort"},
		{name: "bad include", params: "include=request.headers,response.cookies", query: &Query{Include: []string{"request.header"}}, wantParam: "include"},
		{name: "bad status code", params: "responseStatusCode=abc", query: &Query{ResponseStatusCode: 42}, wantParam: "responseStatusCode"},
		{name: "status code 0", params: "responseStatusCode=0", wantParam: "responseStatusCode"},
		{name: "garbled cursor", params: "cursor=!!!", query: &Query{Cursor: "not-a-cursor"}, wantParam: "cursor",
			wantMsg: "cursor: not a valid cursor"},
		{name: "truncated cursor", query: &Query{RequestMethod: "GET", Sort: "servedAt", Direction: "asc", Cursor: cur[:len(cur)-3]}, wantParam: "cursor"},
		{name: "cursor with a flipped bit", query: &Query{RequestMethod: "GET", Sort: "servedAt", Direction: "asc",
			Cursor: base64.RawURLEncoding.EncodeToString(flipped)}, wantParam: "cursor", wantMsg: "cursor: not a valid cursor"},
		{name: "cursor with padding", query: &Query{RequestMethod: "GET", Sort: "servedAt", Direction: "asc",
			Cursor: cur + "=="}, wantParam: "cursor"},
		{name: "cursor reused with other filters in ParseQuery", params: "requestMethod=POST&sort=servedAt&direction=asc&cursor=" + cur,
			wantParam: "cursor", wantMsg: "cursor: issued for a query with other filters"},
		{name: "cursor reused with another method", query: &Query{RequestMethod: "POST", Sort: "servedAt", Direction: "asc", Cursor: cur},
			wantParam: "cursor", wantMsg: "cursor: issued for a query with other filters"},
		{name: "cursor reused with another direction", query: &Query{RequestMethod: "GET", Sort: "servedAt", Direction: "desc", Cursor: cur}, wantParam: "cursor"},
		{name: "cursor reused with the default order", query: &Query{RequestMethod: "GET", Cursor: cur}, wantParam: "cursor"},
		{name: "cursor reused with include", query: &Query{RequestMethod: "GET", Sort: "servedAt", Direction: "asc",
			Include: []string{"response.body"}, Cursor: cur}, wantParam: "cursor"},
		{name: "cursor reused with since", query: &Query{RequestMethod: "GET", Sort: "servedAt", Direction: "asc", Since: t0, Cursor: cur}, wantParam: "cursor"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := func(how string, err error) {
				t.Helper()
				if err == nil {
					t.Fatalf("%s: no error", how)
				}
				if !errors.Is(err, ErrInvalidParams) {
					t.Errorf("%s: %v does not wrap ErrInvalidParams", how, err)
				}
				var qe *QueryError
				if !errors.As(err, &qe) || qe.Param != tt.wantParam {
					t.Errorf("%s: %v, want param %q", how, err, tt.wantParam)
				}
				if tt.wantMsg != "" && err.Error() != tt.wantMsg {
					t.Errorf("%s: Error() = %q, want %q", how, err.Error(), tt.wantMsg)
				}
			}
			if tt.params != "" {
				v, err := url.ParseQuery(tt.params)
				if err != nil {
					t.Fatal(err)
				}
				_, err = ParseQuery(v)
				check("ParseQuery", err)
			}
			if tt.query != nil {
				_, err := s.Query(*tt.query)
				check("Query", err)
			}
		})
	}
}

func TestCursorWorksWithSameFiltersSpelledDifferently(t *testing.T) {
	s := NewStore(Limits{})
	for i := range 10 {
		s.Append(entry(i))
	}
	p, err := s.Query(Query{Limit: 1, RequestMethod: "get", ResponseType: "Success", Include: []string{"response.body", "request.headers"}})
	if err != nil || p.NextCursor == "" {
		t.Fatalf("first page: %v, cursor %q", err, p.NextCursor)
	}
	// Other case, other include order, explicit default order, other limit.
	_, err = s.Query(Query{Limit: 50, RequestMethod: "GET", ResponseType: "sUCCESS", Include: []string{"request.headers,response.body"},
		Sort: "servedAt", Direction: "desc", Cursor: p.NextCursor})
	if err != nil {
		t.Errorf("same filters: %v", err)
	}
}

func TestParseQueryReadsEveryParameter(t *testing.T) {
	tests := []struct {
		name   string
		params string
		want   Query
	}{
		{"nothing", "", Query{}},
		{"empty values are absent", "limit=&cursor=&sort=&direction=&include=", Query{}},
		{"unknown parameters ignored", "foo=bar", Query{}},
		{"all", "limit=5&since=2024-06-10T06:13:20Z&until=2024-06-10T06:13:20.512Z" +
			"&responseStatusCode=404&responseType=Error&requestMethod=get&requestPath=/users/1" +
			"&sort=servedAt&direction=asc&include=request.headers,response.body",
			Query{
				Limit:              5,
				Since:              time.Date(2024, 6, 10, 6, 13, 20, 0, time.UTC),
				Until:              time.Date(2024, 6, 10, 6, 13, 20, 512_999_999, time.UTC),
				ResponseStatusCode: 404, ResponseType: "Error", RequestMethod: "get", RequestPath: "/users/1",
				Sort: "servedAt", Direction: "asc", Include: []string{"request.headers,response.body"},
			}},
		{"include repeated", "include=request.body&include=response.headers",
			Query{Include: []string{"request.body", "response.headers"}}},
		{"until to the second", "until=2024-06-10T06:13:20Z",
			Query{Until: time.Date(2024, 6, 10, 6, 13, 20, 999_999_999, time.UTC)}},
		{"until to the nanosecond", "until=2024-06-10T06:13:20.000000001Z",
			Query{Until: time.Date(2024, 6, 10, 6, 13, 20, 1, time.UTC)}},
		{"dates cover the day", "since=2024-06-10&until=2024-06-10",
			Query{Since: time.Date(2024, 6, 10, 0, 0, 0, 0, time.UTC), Until: time.Date(2024, 6, 10, 23, 59, 59, 999_999_999, time.UTC)}},
		{"no offset is UTC", "since=2024-06-10T06:13:20.5", Query{Since: time.Date(2024, 6, 10, 6, 13, 20, 5e8, time.UTC)}},
		{"offset", "since=2024-06-10T08:13:20%2B02:00", Query{Since: time.Date(2024, 6, 10, 6, 13, 20, 0, time.UTC)}},
		{"plus decoded to a space", "since=2024-06-10T08:13:20+02:00", Query{Since: time.Date(2024, 6, 10, 6, 13, 20, 0, time.UTC)}},
		{"limit bounds", "limit=1", Query{Limit: 1}},
		{"limit 100", "limit=100", Query{Limit: 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := url.ParseQuery(tt.params)
			if err != nil {
				t.Fatal(err)
			}
			got, err := ParseQuery(v)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
				t.Errorf("ParseQuery(%q) (-want +got):\n%s", tt.params, diff)
			}
		})
	}
}

// filterStore holds entries 0..19 (see entry): methods cycle GET, POST, put;
// status codes 200, 201, 404, 500; paths /Users/0../Users/4.
func filterStore() *Store {
	s := NewStore(Limits{})
	for i := range 20 {
		s.Append(entry(i))
	}
	return s
}

func names(es []Entry) []int {
	out := []int{}
	for _, e := range es {
		var n int
		fmt.Sscanf(e.ResponseName, "example %d", &n)
		out = append(out, n)
	}
	return out
}

func TestQueryFilters(t *testing.T) {
	s := filterStore()
	at := func(i int) time.Time { return t0.Add(time.Duration(i) * time.Second) }
	tests := []struct {
		name string
		q    Query
		want []int // newest first
	}{
		{"none", Query{}, []int{19, 18, 17, 16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0}},
		{"limit", Query{Limit: 3}, []int{19, 18, 17}},
		{"since inclusive", Query{Since: at(17)}, []int{19, 18, 17}},
		{"until inclusive", Query{Until: at(2)}, []int{2, 1, 0}},
		{"since and until", Query{Since: at(5), Until: at(7)}, []int{7, 6, 5}},
		{"since equals until", Query{Since: at(5), Until: at(5)}, []int{5}},
		{"between entries", Query{Since: at(5).Add(time.Millisecond), Until: at(6).Add(-time.Millisecond)}, []int{}},
		{"status code", Query{ResponseStatusCode: 404}, []int{18, 14, 10, 6, 2}},
		{"response type error", Query{ResponseType: "error"}, []int{19, 18, 15, 14, 11, 10, 7, 6, 3, 2}},
		{"response type case-insensitive", Query{ResponseType: "SUCCESS", Limit: 4}, []int{17, 16, 13, 12}},
		{"method", Query{RequestMethod: "POST"}, []int{19, 16, 13, 10, 7, 4, 1}},
		{"method case-insensitive", Query{RequestMethod: "Put"}, []int{17, 14, 11, 8, 5, 2}},
		{"path ignores the query", Query{RequestPath: "/users/3"}, []int{18, 13, 8, 3}},
		{"path is equality", Query{RequestPath: "/users"}, []int{}},
		{"path with a query never matches", Query{RequestPath: "/users/3?expand=3"}, []int{}},
		{"combined", Query{RequestMethod: "get", ResponseType: "error", Since: at(3)}, []int{18, 15, 6, 3}},
		{"ascending", Query{Sort: "servedAt", Direction: "asc", Limit: 3}, []int{0, 1, 2}},
		{"descending", Query{Sort: "servedAt", Direction: "desc", Limit: 3}, []int{19, 18, 17}},
		{"no match", Query{ResponseStatusCode: 302}, []int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := s.Query(tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, names(p.Entries)); diff != "" {
				t.Errorf("entries (-want +got):\n%s", diff)
			}
		})
	}
}

// pageAll follows cursors until the end and returns the entries seen.
func pageAll(t *testing.T, s *Store, q Query) ([]Entry, int) {
	t.Helper()
	var all []Entry
	pages := 0
	for {
		p, err := s.Query(q)
		if err != nil {
			t.Fatalf("page %d: %v", pages, err)
		}
		pages++
		if len(p.Entries) == 0 && p.NextCursor != "" {
			t.Fatalf("page %d: empty page with a cursor", pages)
		}
		all = append(all, p.Entries...)
		if p.NextCursor == "" {
			return all, pages
		}
		if pages > 10000 {
			t.Fatal("paging does not end")
		}
		q.Cursor = p.NextCursor
	}
}

// TestPagingReturnsEveryEntryOnce pages through 250 entries with filters and
// limits in both directions, in stores whose entries were appended in
// servedAt order, shuffled, and with equal servedAt values; the pages must
// list exactly the matching entries, each once, in order.
func TestPagingReturnsEveryEntryOnce(t *testing.T) {
	const n = 250
	layouts := map[string]func(i int) time.Time{
		"in order": func(i int) time.Time { return t0.Add(time.Duration(i) * time.Millisecond) },
		"shuffled": func() func(i int) time.Time {
			perm := rand.New(rand.NewPCG(1, 2)).Perm(n)
			return func(i int) time.Time { return t0.Add(time.Duration(perm[i]) * time.Millisecond) }
		}(),
		"ties": func(i int) time.Time { return t0.Add(time.Duration(i/7) * time.Millisecond) },
	}
	filters := map[string]Query{
		"none":          {},
		"method":        {RequestMethod: "get"},
		"status":        {ResponseStatusCode: 500},
		"type and path": {ResponseType: "success", RequestPath: "/users/2"},
		"window":        {Since: t0.Add(40 * time.Millisecond), Until: t0.Add(199 * time.Millisecond)},
		"include":       {Include: []string{"request.headers", "response.body"}},
	}
	for lname, servedAt := range layouts {
		s := NewStore(Limits{})
		var appended []Entry // append order = tie order
		for i := range n {
			e := entry(i)
			e.ServedAt = servedAt(i)
			appended = append(appended, s.Append(e))
		}
		for fname, f := range filters {
			for _, dir := range []string{"", "asc", "desc"} {
				for _, limit := range []int{1, 7, 100} {
					t.Run(fmt.Sprintf("%s/%s/%q/limit %d", lname, fname, dir, limit), func(t *testing.T) {
						q := f
						q.Limit = limit
						if dir != "" {
							q.Sort, q.Direction = "servedAt", dir
						}
						fl, err := q.compile()
						if err != nil {
							t.Fatal(err)
						}
						var want []string
						idx := make([]int, 0, n)
						for i := range appended {
							if fl.match(&appended[i]) {
								idx = append(idx, i)
							}
						}
						slices.SortStableFunc(idx, func(a, b int) int { return appended[a].ServedAt.Compare(appended[b].ServedAt) })
						if dir != "asc" {
							slices.Reverse(idx)
						}
						for _, i := range idx {
							want = append(want, appended[i].ID)
						}
						got, pages := pageAll(t, s, q)
						var gotIDs []string
						for _, e := range got {
							gotIDs = append(gotIDs, e.ID)
						}
						if diff := cmp.Diff(want, gotIDs); diff != "" {
							t.Errorf("ids (-want +got):\n%s", diff)
						}
						if wantPages := max(1, (len(want)+limit-1)/limit); pages != wantPages {
							t.Errorf("%d pages, want %d", pages, wantPages)
						}
					})
				}
			}
		}
	}
}

func TestPagingSkipsEvictedEntries(t *testing.T) {
	s := NewStore(Limits{MaxEntries: 10})
	for i := range 10 {
		s.Append(entry(i))
	}
	p, err := s.Query(Query{Limit: 3, Sort: "servedAt", Direction: "asc"})
	if err != nil {
		t.Fatal(err)
	}
	for i := 10; i < 15; i++ { // evicts 0..4
		s.Append(entry(i))
	}
	rest, _ := pageAll(t, s, Query{Limit: 3, Sort: "servedAt", Direction: "asc", Cursor: p.NextCursor})
	if diff := cmp.Diff([]int{5, 6, 7, 8, 9, 10, 11, 12, 13, 14}, names(rest)); diff != "" {
		t.Errorf("rest (-want +got):\n%s", diff)
	}
}

func TestPageStopsAt6Point5MB(t *testing.T) {
	const big = 1_000_000
	tests := []struct {
		name       string
		bodies     []int // response body sizes
		maxBody    int
		include    []string
		wantCounts []int // entries per page
	}{
		// ~1,000,150 bytes an entry: 6 fit in 6,815,744.
		{"big bodies", []int{big, big, big, big, big, big, big, big, big, big, big, big, big, big}, 0,
			[]string{"response.body"}, []int{6, 6, 2}},
		{"big bodies without include", []int{big, big, big, big, big, big, big, big, big, big, big, big, big, big}, 0,
			nil, []int{14}},
		{"a lone entry over the cap", []int{7_000_000, 10, 7_000_000}, 8 << 20,
			[]string{"response.body"}, []int{1, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := NewStore(Limits{MaxBodyBytes: tt.maxBody})
			for i, size := range tt.bodies {
				e := entry(i)
				e.Response.Body.Data = strings.Repeat("y", size)
				s.Append(e)
			}
			q := Query{Sort: "servedAt", Direction: "asc", Include: tt.include}
			var counts []int
			var seen []int
			for range 100 {
				p, err := s.Query(q)
				if err != nil {
					t.Fatal(err)
				}
				counts = append(counts, len(p.Entries))
				seen = append(seen, names(p.Entries)...)
				b, _ := p.MarshalJSON()
				entriesBytes := len(b) - len(`{"call-logs":[],"meta":{"nextCursor":null}}`)
				if p.NextCursor != "" {
					entriesBytes -= len(p.NextCursor) + 2 - len("null")
				}
				if len(p.Entries) > 1 && entriesBytes > MaxPageBytes {
					t.Errorf("page of %d entries has %d bytes of entries", len(p.Entries), entriesBytes)
				}
				if p.NextCursor == "" {
					break
				}
				q.Cursor = p.NextCursor
			}
			if diff := cmp.Diff(tt.wantCounts, counts); diff != "" {
				t.Errorf("entries per page (-want +got):\n%s", diff)
			}
			if len(seen) != len(tt.bodies) {
				t.Errorf("saw %d entries, want %d", len(seen), len(tt.bodies))
			}
		})
	}
}

// TestPageCapIsExact checks the boundary: entries whose comma-joined JSON is
// exactly MaxPageBytes share a page; one byte more splits it.
func TestPageCapIsExact(t *testing.T) {
	for _, extra := range []int{0, 1} {
		t.Run(fmt.Sprintf("extra %d", extra), func(t *testing.T) {
			s := NewStore(Limits{MaxBodyBytes: 8 << 20})
			a := s.Append(entry(1))
			e := entry(2)
			size := len(a.AppendJSON(nil, IncludeResponseBody)) + 1
			e.Response.Body.Data = "" // measure the rest of entry 2
			e.ID = "fixed-length-id-0000"
			rest := len(e.AppendJSON(nil, IncludeResponseBody))
			e.Response.Body.Data = strings.Repeat("z", MaxPageBytes-size-rest+extra)
			s.Append(e)
			p, err := s.Query(Query{Include: []string{"response.body"}})
			if err != nil {
				t.Fatal(err)
			}
			want := 2 - extra
			if len(p.Entries) != want {
				t.Errorf("%d entries on the first page, want %d", len(p.Entries), want)
			}
		})
	}
}

func TestQueryFastPathFollowsOrder(t *testing.T) {
	s := NewStore(Limits{MaxEntries: 4})
	inv := func() int { s.mu.RLock(); defer s.mu.RUnlock(); return s.inv }
	at := func(ms int) Entry { e := entry(0); e.ServedAt = t0.Add(time.Duration(ms) * time.Millisecond); return e }
	steps := []struct {
		ms      int
		wantInv int
	}{
		{10, 0}, {20, 0}, {15, 1}, {30, 1}, // ring: 10 20 15 30
		{40, 1}, // evicts 10: 20 15 30 40
		{50, 0}, // evicts 20: 15 30 40 50
		{45, 1}, // evicts 15: 30 40 50 45
		{5, 2},  // evicts 30: 40 50 45 5
		{60, 2}, // evicts 40: 50 45 5 60
		{70, 1}, // evicts 50: 45 5 60 70
		{80, 0}, // evicts 45: 5 60 70 80
	}
	for i, st := range steps {
		s.Append(at(st.ms))
		if got := inv(); got != st.wantInv {
			t.Fatalf("step %d (append %d ms): inversions %d, want %d", i, st.ms, got, st.wantInv)
		}
	}
}

// TestPagingThroughHTTPParameters pages the way the HTTP adapter will: query
// parameters in, NextCursor back into the cursor parameter.
func TestPagingThroughHTTPParameters(t *testing.T) {
	s := filterStore()
	v := url.Values{"limit": {"2"}, "requestMethod": {"get"}, "sort": {"servedAt"}, "direction": {"asc"}, "include": {"response.body"}}
	var got []int
	for range 10 {
		q, err := ParseQuery(v)
		if err != nil {
			t.Fatal(err)
		}
		p, err := s.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, names(p.Entries)...)
		if p.NextCursor == "" {
			break
		}
		v.Set("cursor", p.NextCursor)
		// The cursor survives URL encoding unchanged.
		back, err := url.ParseQuery(v.Encode())
		if err != nil || back.Get("cursor") != p.NextCursor {
			t.Fatalf("cursor %q does not survive a URL round trip", p.NextCursor)
		}
	}
	if diff := cmp.Diff([]int{0, 3, 6, 9, 12, 15, 18}, got); diff != "" {
		t.Errorf("entries (-want +got):\n%s", diff)
	}
}

func BenchmarkCallLogQuery(b *testing.B) {
	s := NewStore(Limits{})
	for i := range DefaultMaxEntries {
		e := entry(i)
		e.Response.Body.Data = strings.Repeat("x", 512)
		s.Append(e)
	}
	for _, bc := range []struct {
		name string
		q    Query
	}{
		{"first page", Query{}},
		{"first page with bodies", Query{Include: []string{"request.body", "response.body", "response.headers"}}},
		{"filtered", Query{RequestMethod: "post", ResponseStatusCode: 500}},
		{"rare match", Query{RequestPath: "/nowhere"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Query(bc.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
