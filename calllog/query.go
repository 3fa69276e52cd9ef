package calllog

import (
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"hash/fnv"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Page bounds (docs/postman-api.md#paging).
const (
	// DefaultLimit is the page size when Query.Limit is 0.
	DefaultLimit = 100
	// MaxLimit is the largest Query.Limit.
	MaxLimit = 100
	// MaxPageBytes caps the encoded entries of one page: 6.5 MB. A page
	// holds at least one entry, however large.
	MaxPageBytes = 6815744
)

// SortServedAt is the only value Query.Sort accepts.
const SortServedAt = "servedAt"

// Directions for Query.Direction.
const (
	Asc  = "asc"
	Desc = "desc"
)

// Include selects the optional members of an entry's JSON: request and
// response headers and bodies. Its zero value includes none of them, as the
// Postman API does without an include parameter.
type Include uint8

// Include flags, one per include value of the Postman API.
const (
	IncludeRequestHeaders  Include = 1 << iota // "request.headers"
	IncludeRequestBody                         // "request.body"
	IncludeResponseHeaders                     // "response.headers"
	IncludeResponseBody                        // "response.body"

	// IncludeAll includes every optional member.
	IncludeAll = IncludeRequestHeaders | IncludeRequestBody | IncludeResponseHeaders | IncludeResponseBody
)

var includeNames = [...]string{"request.headers", "request.body", "response.headers", "response.body"}

// ParseInclude parses include values: each element of names is one value or
// a comma-separated list of them ("request.body,response.body"); spaces
// around values and empty values are ignored. An unknown value is a
// *QueryError for the "include" parameter.
func ParseInclude(names []string) (Include, error) {
	var inc Include
	for _, list := range names {
		for name := range strings.SplitSeq(list, ",") {
			name = strings.TrimSpace(name)
			if name == "" {
				continue
			}
			i := slices.Index(includeNames[:], name)
			if i < 0 {
				return 0, invalid("include", "unknown value "+strconv.Quote(name)+
					"; want request.headers, request.body, response.headers or response.body")
			}
			inc |= 1 << i
		}
	}
	return inc, nil
}

// Names returns the include values i selects, in the order request.headers,
// request.body, response.headers, response.body.
func (i Include) Names() []string {
	var out []string
	for b, name := range includeNames {
		if i&(1<<b) != 0 {
			out = append(out, name)
		}
	}
	return out
}

// String returns the include values as a comma-separated list, as the
// include query parameter takes them.
func (i Include) String() string { return strings.Join(i.Names(), ",") }

// Query selects and orders call-log entries, with the Postman API's
// call-log query parameters. The zero value asks for the newest 100 entries
// without headers or bodies.
type Query struct {
	// Limit is the page size, 1–100; 0 means DefaultLimit.
	Limit int
	// Cursor continues from a previous Page.NextCursor; the other fields
	// (but Limit) must be the same as in the query that returned it.
	Cursor string
	// Since and Until bound ServedAt, both inclusive; zero means unbounded.
	Since, Until time.Time
	// ResponseStatusCode keeps entries with this status code; 0 means any.
	ResponseStatusCode int
	// ResponseType keeps entries with this response type ("success",
	// "error"), case-insensitively; "" means any.
	ResponseType string
	// RequestMethod keeps entries with this method, case-insensitively.
	RequestMethod string
	// RequestPath keeps entries whose request path (the part before '?')
	// equals it, case-insensitively.
	RequestPath string
	// Sort is "" or "servedAt"; Sort and Direction are given together or
	// not at all.
	Sort string
	// Direction is "asc" or "desc". Without Sort and Direction the order is
	// servedAt descending (newest first).
	Direction string
	// Include names the optional members the page's JSON carries:
	// "request.headers", "request.body", "response.headers", "response.body"
	// (see ParseInclude).
	Include []string
}

// Page is one page of a query's result.
type Page struct {
	// Entries are the page's entries in the query's order.
	Entries []Entry
	// NextCursor continues the query (Query.Cursor); "" when there is
	// nothing more.
	NextCursor string
	// Include is the query's include set, used to encode the page.
	Include Include
}

// AppendJSON appends the page's Postman JSON to dst and returns the extended
// slice: {"call-logs":[…],"meta":{"nextCursor":"…"|null}}, each entry as
// Entry.AppendJSON encodes it with p.Include.
func (p Page) AppendJSON(dst []byte) []byte {
	dst = append(dst, `{"call-logs":[`...)
	for i := range p.Entries {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = p.Entries[i].AppendJSON(dst, p.Include)
	}
	dst = append(dst, `],"meta":{"nextCursor":`...)
	if p.NextCursor == "" {
		dst = append(dst, "null"...)
	} else {
		dst = appendString(dst, p.NextCursor)
	}
	return append(dst, "}}"...)
}

// MarshalJSON returns the page's Postman JSON (see AppendJSON).
func (p Page) MarshalJSON() ([]byte, error) { return p.AppendJSON(nil), nil }

// filter is a validated Query.
type filter struct {
	limit        int
	since, until time.Time // zero: unbounded
	status       int
	typ, method  string
	path         string
	desc         bool
	inc          Include
	hash         uint64 // of everything but limit and cursor
}

func (q *Query) compile() (filter, error) {
	f := filter{
		limit:  q.Limit,
		since:  q.Since.Round(0),
		until:  q.Until.Round(0),
		status: q.ResponseStatusCode,
		typ:    q.ResponseType,
		method: q.RequestMethod,
		path:   q.RequestPath,
		desc:   q.Direction != Asc,
	}
	if f.limit == 0 {
		f.limit = DefaultLimit
	}
	if f.limit < 1 || f.limit > MaxLimit {
		return f, invalid("limit", "want 1–100, got "+strconv.Itoa(q.Limit))
	}
	if !f.since.IsZero() && !f.until.IsZero() && f.since.After(f.until) {
		return f, invalid("since", "since "+f.since.Format(time.RFC3339Nano)+
			" is after until "+f.until.Format(time.RFC3339Nano))
	}
	if f.status != 0 && (f.status < 100 || f.status > 999) {
		return f, invalid("responseStatusCode", "want 100–999, got "+strconv.Itoa(f.status))
	}
	if q.Sort != "" && q.Sort != SortServedAt {
		return f, invalid("sort", "want servedAt, got "+strconv.Quote(q.Sort))
	}
	if q.Direction != "" && q.Direction != Asc && q.Direction != Desc {
		return f, invalid("direction", "want asc or desc, got "+strconv.Quote(q.Direction))
	}
	if q.Sort != "" && q.Direction == "" {
		return f, invalid("direction", "required with sort")
	}
	if q.Direction != "" && q.Sort == "" {
		return f, invalid("sort", "required with direction")
	}
	inc, err := ParseInclude(q.Include)
	if err != nil {
		return f, err
	}
	f.inc = inc
	f.hash = f.filterHash()
	return f, nil
}

// filterHash hashes the filters, order and include set (normalized: case
// folded, default order spelled out) so a cursor can tell whether it is
// reused with other ones.
func (f *filter) filterHash() uint64 {
	h := fnv.New64a()
	var b []byte
	b = append(b, "calllog/v1"...)
	for _, t := range []time.Time{f.since, f.until} {
		if t.IsZero() {
			b = append(b, 0)
		} else {
			b = append(b, 1)
			b = binary.BigEndian.AppendUint64(b, uint64(t.Unix()))
			b = binary.BigEndian.AppendUint32(b, uint32(t.Nanosecond()))
		}
	}
	b = binary.BigEndian.AppendUint64(b, uint64(f.status))
	for _, s := range []string{f.typ, f.method, f.path} {
		s = strings.ToLower(s)
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	if f.desc {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	b = append(b, byte(f.inc))
	h.Write(b)
	return h.Sum64()
}

func (f *filter) match(e *Entry) bool {
	if !f.since.IsZero() && e.ServedAt.Before(f.since) {
		return false
	}
	if !f.until.IsZero() && e.ServedAt.After(f.until) {
		return false
	}
	if f.status != 0 && e.Response.StatusCode != f.status {
		return false
	}
	if f.typ != "" && !strings.EqualFold(e.Response.Type, f.typ) {
		return false
	}
	if f.method != "" && !strings.EqualFold(e.Request.Method, f.method) {
		return false
	}
	if f.path != "" {
		p, _, _ := strings.Cut(e.Request.Path, "?")
		if !strings.EqualFold(p, f.path) {
			return false
		}
	}
	return true
}

// beyond reports whether k comes after the cursor position cur in the
// query's order.
func (f *filter) beyond(k, cur key) bool {
	if f.desc {
		return k.less(cur)
	}
	return cur.less(k)
}

// Query returns one page of the entries q selects. Invalid parameters, a
// garbled cursor and a cursor reused with other filters are *QueryError
// values wrapping ErrInvalidParams.
//
// The page ends after q.Limit entries, or before the entry that would take
// the entries' encoded JSON (comma-joined) past MaxPageBytes; it always holds
// at least one entry when any matches. Following NextCursor returns every
// matching entry exactly once, in either direction, while entries keep
// being appended: entries appended meanwhile show up on later pages only when
// they sort after the cursor (in ascending order, usually). Evicted entries
// are gone.
func (s *Store) Query(q Query) (Page, error) {
	f, err := q.compile()
	if err != nil {
		return Page{}, err
	}
	var cur *key
	if q.Cursor != "" {
		k, err := decodeCursor(q.Cursor, f.hash)
		if err != nil {
			return Page{}, err
		}
		cur = &k
	}

	s.mu.RLock()
	entries, keys := s.collect(&f, cur, f.limit+1)
	s.mu.RUnlock()

	page := Page{Include: f.inc}
	if len(entries) == 0 {
		return page, nil
	}
	n, capped := pageLen(entries[:min(len(entries), f.limit)], f.inc)
	more := len(entries) > f.limit || capped
	page.Entries = entries[:n:n]
	if more {
		page.NextCursor = encodeCursor(keys[n-1], entries[n-1].ID, f.hash)
	}
	return page, nil
}

// pageLen returns how many of es fit on a page: the longest prefix whose
// comma-joined JSON stays within MaxPageBytes, at least one entry; capped
// reports that the cap cut es short. Entries are only encoded when a cheap
// upper bound says the cap could be reached.
func pageLen(es []Entry, inc Include) (n int, capped bool) {
	bound := 0
	for i := range es {
		bound += maxJSONLen(&es[i], inc) + 1
	}
	if bound <= MaxPageBytes {
		return len(es), false
	}
	var scratch []byte
	total := 0
	for i := range es {
		scratch = es[i].AppendJSON(scratch[:0], inc)
		size := len(scratch)
		if i > 0 {
			size++ // the comma
			if total+size > MaxPageBytes {
				return i, true
			}
		}
		total += size
	}
	return len(es), false
}

// maxJSONLen bounds len(e.AppendJSON(nil, inc)) from above without encoding:
// no input byte takes more than 6 bytes of JSON (\u00XX, \ufffd).
func maxJSONLen(e *Entry, inc Include) int {
	const (
		fixed     = 512 // member names, punctuation, servedAt, status code, "raw"
		perHeader = 32  // {"key":"","value":""},
		perByte   = 6
	)
	n := len(e.ID) + len(e.ResponseName) + len(e.Request.Method) + len(e.Request.Path) + len(e.Response.Type)
	hs := 0
	if inc&IncludeRequestHeaders != 0 {
		n += headersLen(e.Request.Headers)
		hs += len(e.Request.Headers)
	}
	if inc&IncludeRequestBody != 0 {
		n += len(e.Request.Body.Mode) + len(e.Request.Body.Data)
	}
	if inc&IncludeResponseHeaders != 0 {
		n += headersLen(e.Response.Headers)
		hs += len(e.Response.Headers)
	}
	if inc&IncludeResponseBody != 0 {
		n += len(e.Response.Body.Data)
	}
	return fixed + hs*perHeader + n*perByte
}

func headersLen(hs []Header) int {
	n := 0
	for i := range hs {
		n += len(hs[i].Key) + len(hs[i].Value)
	}
	return n
}

// collect returns up to want entries that match f and come after cur, in the
// query's order, with their keys. The caller holds s.mu (read).
func (s *Store) collect(f *filter, cur *key, want int) ([]Entry, []key) {
	n := s.n
	var out []Entry
	var keys []key
	add := func(sl *slot) {
		if out == nil {
			out = make([]Entry, 0, min(want, n))
			keys = make([]key, 0, min(want, n))
		}
		out = append(out, sl.e)
		keys = append(keys, sl.k)
	}
	if s.inv == 0 {
		// Sorted ring: find the cursor by binary search, then walk.
		if !f.desc {
			i := 0
			if cur != nil {
				i = sort.Search(n, func(i int) bool { return cur.less(s.at(i).k) })
			}
			for ; i < n && len(out) < want; i++ {
				if sl := s.at(i); f.match(&sl.e) {
					add(sl)
				}
			}
		} else {
			i := n - 1
			if cur != nil {
				i = sort.Search(n, func(i int) bool { return !s.at(i).k.less(*cur) }) - 1
			}
			for ; i >= 0 && len(out) < want; i-- {
				if sl := s.at(i); f.match(&sl.e) {
					add(sl)
				}
			}
		}
		return out, keys
	}
	// Entries were appended out of servedAt order: scan and sort.
	var hits []*slot
	for i := range n {
		sl := s.at(i)
		if (cur == nil || f.beyond(sl.k, *cur)) && f.match(&sl.e) {
			hits = append(hits, sl)
		}
	}
	slices.SortFunc(hits, func(a, b *slot) int {
		if f.desc {
			return b.k.compare(a.k)
		}
		return a.k.compare(b.k)
	})
	for _, sl := range hits[:min(len(hits), want)] {
		add(sl)
	}
	return out, keys
}

// Cursor layout (then RawURLEncoding base64): version, servedAt (Unix
// seconds, nanoseconds), sequence number, filter hash, id length and id (at
// most maxCursorID bytes, informational), CRC-32 of all that.
const (
	cursorVersion = 1
	cursorFixed   = 1 + 8 + 4 + 8 + 8 + 1
	maxCursorID   = 64
)

func encodeCursor(k key, id string, hash uint64) string {
	if len(id) > maxCursorID {
		id = id[:maxCursorID]
	}
	b := make([]byte, 0, cursorFixed+len(id)+4)
	b = append(b, cursorVersion)
	b = binary.BigEndian.AppendUint64(b, uint64(k.sec))
	b = binary.BigEndian.AppendUint32(b, uint32(k.nsec))
	b = binary.BigEndian.AppendUint64(b, k.seq)
	b = binary.BigEndian.AppendUint64(b, hash)
	b = append(b, byte(len(id)))
	b = append(b, id...)
	b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	return base64.RawURLEncoding.EncodeToString(b)
}

func decodeCursor(s string, hash uint64) (key, error) {
	garbled := invalid("cursor", "not a valid cursor")
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) < cursorFixed+4 || b[0] != cursorVersion {
		return key{}, garbled
	}
	body, sum := b[:len(b)-4], binary.BigEndian.Uint32(b[len(b)-4:])
	if crc32.ChecksumIEEE(body) != sum || int(body[cursorFixed-1]) != len(body)-cursorFixed {
		return key{}, garbled
	}
	k := key{
		sec:  int64(binary.BigEndian.Uint64(body[1:])),
		nsec: int32(binary.BigEndian.Uint32(body[9:])),
		seq:  binary.BigEndian.Uint64(body[13:]),
	}
	if k.nsec < 0 || k.nsec >= 1e9 {
		return key{}, garbled
	}
	if binary.BigEndian.Uint64(body[21:]) != hash {
		return key{}, invalid("cursor", "issued for a query with other filters")
	}
	return k, nil
}

// ParseQuery reads a Query from the call-log endpoint's HTTP query
// parameters: limit, cursor, since, until, responseStatusCode, responseType,
// requestMethod, requestPath, sort, direction and include (a comma-separated
// list; may also be repeated). Unknown parameters are ignored and empty
// values count as absent; any other parameter given twice is an error.
//
// since and until take RFC 3339 / ISO 8601 times ("2024-06-10T06:13:20.512Z",
// "2024-06-10T08:13:20+02:00"; without an offset, UTC; a '+' decoded to a
// space is put back) or a date ("2024-06-10", midnight UTC). until is
// inclusive at the precision it is written in: ".512Z" covers that whole
// millisecond, a date the whole day (our rule), so the servedAt values the
// JSON shows can be used as bounds.
//
// The result is validated as Store.Query validates it, the cursor included
// (it must have been issued for the same filters); errors are *QueryError
// values wrapping ErrInvalidParams.
func ParseQuery(v url.Values) (Query, error) {
	var q Query
	get := func(name string) (string, error) {
		var val string
		for _, s := range v[name] {
			if s == "" {
				continue
			}
			if val != "" {
				return "", invalid(name, "given more than once")
			}
			val = s
		}
		return val, nil
	}
	var err error
	var s string
	if s, err = get("limit"); err != nil {
		return Query{}, err
	} else if s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return Query{}, invalid("limit", "want 1–100, got "+strconv.Quote(s))
		}
		if n < 1 || n > MaxLimit {
			return Query{}, invalid("limit", "want 1–100, got "+strconv.Itoa(n))
		}
		q.Limit = n
	}
	if q.Cursor, err = get("cursor"); err != nil {
		return Query{}, err
	}
	if s, err = get("since"); err != nil {
		return Query{}, err
	} else if s != "" {
		if q.Since, err = parseTime("since", s, false); err != nil {
			return Query{}, err
		}
	}
	if s, err = get("until"); err != nil {
		return Query{}, err
	} else if s != "" {
		if q.Until, err = parseTime("until", s, true); err != nil {
			return Query{}, err
		}
	}
	if s, err = get("responseStatusCode"); err != nil {
		return Query{}, err
	} else if s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 100 || n > 999 {
			return Query{}, invalid("responseStatusCode", "want 100–999, got "+strconv.Quote(s))
		}
		q.ResponseStatusCode = n
	}
	for _, p := range []struct {
		name string
		dst  *string
	}{
		{"responseType", &q.ResponseType},
		{"requestMethod", &q.RequestMethod},
		{"requestPath", &q.RequestPath},
		{"sort", &q.Sort},
		{"direction", &q.Direction},
	} {
		if *p.dst, err = get(p.name); err != nil {
			return Query{}, err
		}
	}
	for _, s := range v["include"] {
		if s != "" {
			q.Include = append(q.Include, s)
		}
	}
	f, err := q.compile()
	if err != nil {
		return Query{}, err
	}
	if q.Cursor != "" {
		if _, err := decodeCursor(q.Cursor, f.hash); err != nil {
			return Query{}, err
		}
	}
	return q, nil
}

// parseTime parses a since/until value; for until it returns the last
// instant within the value's precision.
func parseTime(param, s string, until bool) (time.Time, error) {
	s = strings.ReplaceAll(s, " ", "+")
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if until {
			t = t.Add(24*time.Hour - 1)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t, err = time.Parse("2006-01-02T15:04:05", s)
	}
	if err != nil {
		return time.Time{}, invalid(param, "want an ISO 8601 time such as 2024-06-10T06:13:20.512Z, got "+strconv.Quote(s))
	}
	if until {
		t = t.Add(precision(s) - 1)
	}
	return t, nil
}

// precision returns the unit of the last digit of an ISO 8601 time's
// seconds: 1s without a fraction, 1ms for ".512", 1ns at most.
func precision(s string) time.Duration {
	_, rest, ok := strings.Cut(s, "T")
	if !ok {
		return time.Second
	}
	i := strings.IndexAny(rest, ".,")
	if i < 0 {
		return time.Second
	}
	digits := 0
	for _, c := range rest[i+1:] {
		if c < '0' || c > '9' {
			break
		}
		digits++
	}
	unit := time.Second
	for range min(digits, 9) {
		unit /= 10
	}
	return unit
}
