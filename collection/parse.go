package collection

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/postmock/postmock/internal/jsonsyntax"
)

// MaxSize is the default input cap: larger inputs fail with ErrTooLarge.
const MaxSize = 64 << 20

// MaxDepth is how deep folders may nest: a folder inside MaxDepth folders
// fails the load with ErrTooLarge.
const MaxDepth = 64

// DefaultOwner is the owner id used in synthesized uids ("<owner>-<id>").
const DefaultOwner = "00000000"

// Option changes how Parse loads a collection.
type Option func(*options)

type options struct {
	strict  bool
	owner   string
	maxSize int64
	// concurrentMin is the input size from which the loader spreads its
	// work over goroutines; below it, starting them costs more than it
	// saves. Tests lower it to run the concurrent paths on small inputs.
	concurrentMin int
	// want is what the load expects, named in errors about other kinds
	// of file.
	want want
}

// Strict makes every diagnostic a load error (wrapping ErrInvalid).
func Strict() Option { return func(o *options) { o.strict = true } }

// Owner sets the owner id used to build example uids (default DefaultOwner).
func Owner(id string) Option { return func(o *options) { o.owner = id } }

// MaxBytes sets the input cap (default MaxSize).
func MaxBytes(n int64) Option { return func(o *options) { o.maxSize = n } }

func newOptions(opts []Option) options {
	o := options{owner: DefaultOwner, maxSize: MaxSize, concurrentMin: 256 << 10}
	for _, f := range opts {
		f(&o)
	}
	return o
}

// LoadFile reads and parses the collection file at path.
func LoadFile(path string, opts ...Option) (*Collection, error) {
	return loadFile(path, newOptions(opts), parseText)
}

// loadFile reads the file at path (at most the size cap) and parses it
// with parse; errors past opening name the file.
func loadFile[T any](path string, o options, parse func(string, options) (*T, error)) (*T, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	s, err := readFileCapped(f, o.maxSize)
	if err == nil {
		var v *T
		if v, err = parse(s, o); err == nil {
			return v, nil
		}
	}
	return nil, fmt.Errorf("%s: %w", path, err)
}

// Load reads a collection from r (at most the size cap) and parses it.
func Load(r io.Reader, opts ...Option) (*Collection, error) {
	o := newOptions(opts)
	s, err := readCapped(r, o.maxSize, 0)
	if err != nil {
		return nil, err
	}
	return parseText(s, o)
}

// readCapped reads r to the end into a string, failing with ErrTooLarge past
// limit bytes. The text is read straight into the string's memory (sized by
// sizeHint when known): at start-up, copying a collection of megabytes
// again, or growing a buffer by doubling, costs as much as a third of the
// parse.
func readCapped(r io.Reader, limit, sizeHint int64) (string, error) {
	var b strings.Builder
	if sizeHint > 0 && sizeHint <= limit {
		b.Grow(int(sizeHint) + 1) // +1: the read that finds the end
	}
	if _, err := io.Copy(&b, io.LimitReader(r, limit+1)); err != nil {
		return "", err
	}
	if int64(b.Len()) > limit {
		return "", tooLarge(limit)
	}
	return b.String(), nil
}

// readFileCapped is readCapped for an open file, sized from its length.
func readFileCapped(f *os.File, limit int64) (string, error) {
	var size int64
	if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return readCapped(f, limit, size)
}

func tooLarge(limit int64) error {
	return &Error{Message: fmt.Sprintf("input is larger than %d bytes", limit), Kind: ErrTooLarge}
}

// Parse loads a Postman collection (format v2.1.0 or v2.0.0, also inside the
// Postman API's {"collection": {...}} envelope) from JSON. Unusable items and
// examples are skipped and reported in Collection.Diagnostics; structural
// errors fail with an *Error naming the JSON path. Parse never panics.
func Parse(data []byte, opts ...Option) (*Collection, error) {
	o := newOptions(opts)
	if int64(len(data)) > o.maxSize {
		return nil, tooLarge(o.maxSize)
	}
	return parseText(string(data), o)
}

// parseText is Parse on text the loader may keep (values alias it).
func parseText(s string, o options) (*Collection, error) {
	d, root, valid, err := parseRoot(s, o)
	if err != nil {
		return nil, err
	}
	c, err := parseCollection(d, root, o)
	// The walk may have run on text still being validated (parseRoot): it
	// is total on any input (FuzzParse runs it on invalid text), but its
	// result only counts for valid JSON.
	if verr := valid(); verr != nil {
		return nil, verr
	}
	return c, err
}

func parseCollection(d *doc, root gjson.Result, o options) (*Collection, error) {
	if !root.IsObject() {
		return nil, &Error{Message: "want a JSON object with info and item, got " + describe(root), Kind: ErrNotCollection}
	}
	p := &parser{d: d, o: o, c: &Collection{}}
	if err := p.collection(root, true); err != nil {
		return nil, err
	}
	if o.strict && len(p.c.Diagnostics) > 0 {
		d := p.c.Diagnostics[0]
		return nil, &Error{Path: d.Path, Message: d.Message, Kind: ErrInvalid}
	}
	return p.c, nil
}

// parseRoot checks the text and returns it indexed, with its top-level
// value. Values of the result alias s. The encoding and syntax checks may
// still be running when it returns: valid waits for them and reports what
// they found; nothing read from the document counts before it returned nil.
func parseRoot(s string, o options) (d *doc, root gjson.Result, valid func() error, err error) {
	if int64(len(s)) > o.maxSize {
		return nil, gjson.Result{}, nil, tooLarge(o.maxSize)
	}
	s = strings.TrimPrefix(s, "\xef\xbb\xbf")
	var utf8OK, nested, jsonOK bool
	// check reports what is wrong with the text, in this order: encoding,
	// nesting, syntax.
	check := func() error {
		if !utf8OK {
			return utf8Error(s)
		}
		if !nested {
			return &Error{Message: fmt.Sprintf("arrays and objects nest deeper than %d levels", maxNesting), Kind: ErrTooLarge}
		}
		if !jsonOK {
			return syntaxError(s, o.want)
		}
		return nil
	}
	if len(s) < o.concurrentMin || runtime.GOMAXPROCS(0) < 2 {
		if utf8OK = utf8.ValidString(s); utf8OK {
			if d, nested = index(s); nested {
				jsonOK = jsonsyntax.Valid(s)
			}
		}
		if err := check(); err != nil {
			return nil, gjson.Result{}, nil, err
		}
		return d, d.root(), func() error { return nil }, nil
	}
	// On a large input, the checks are plain scans, safe on any input: they
	// run beside index and beside the walk that follows it, whose result
	// counts only once they passed.
	checked := make(chan struct{})
	go func() {
		defer close(checked)
		if utf8OK = utf8.ValidString(s); utf8OK {
			jsonOK = jsonsyntax.Valid(s)
		}
	}()
	d, nested = index(s)
	wait := func() error {
		<-checked
		return check()
	}
	if !nested {
		return nil, gjson.Result{}, nil, wait()
	}
	return d, d.root(), sync.OnceValue(wait), nil
}

// invalidUTF8 returns the offset of the first byte of data that is not part
// of a valid UTF-8 sequence.
func invalidUTF8(data string) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRuneInString(data[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(data)
}

// parser loads a collection in two phases. The first walks the folder tree
// and the collection's own fields, and leaves every request item's request
// and examples (most of the text) as a leaf; the second loads the leaves,
// on several goroutines for a large input, each into its own slots; a last
// sequential pass then does what depends on document order (example
// numbers and ids, the requests and examples lists, diagnostics in document
// order), so the result is the same however the leaves were shared out.
type parser struct {
	d      *doc
	o      options
	c      *Collection
	diags  []Diagnostic
	leaves []*leaf
	found  chan<- []*leaf // leaves for the second phase's workers, a batch at a time (loadLeaves); nil: loaded after the first
	batch  []*leaf        // leaves found and not yet handed over

	// Scratch lists: a URL's host labels, path segments and query, and a
	// header list, are appended here and copied out at their final size
	// (exactly): a list grown by doubling from nil costs an allocation
	// per doubling and keeps its spare room for as long as the collection
	// lives.
	strs    []string
	queries []QueryParam
	hdrs    []Header

	// The workers' parsers are allocated side by side and write their
	// scratch lists on every value (as doc views write their cursor).
	_ [cacheLine]byte
}

// exact returns a copy of s at its length, nil when s is empty.
func exact[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return append(make([]T, 0, len(s)), s...)
}

// leaf is a request item met in the first phase, with what the second
// phase loaded for it.
type leaf struct {
	it        *Item
	req, resp gjson.Result
	path      *jpath
	diagAt    int // len(parser.diags) when the item was met: its diagnostics go there

	dropped  bool          // the request was unusable: the item is skipped
	diags    []Diagnostic  // the item's diagnostics, in document order
	examples []leafExample // the examples kept
	seen     int           // examples met, dropped ones included
}

// leafExample is an example loaded in the second phase.
type leafExample struct {
	ex      *Example
	path    *jpath
	id      string // its own id ("" when none)
	diagEnd int    // len(leaf.diags) once it was loaded
}

// diag records a diagnostic: what was wrong (format, args) at path, and
// what the loader did about it (action).
func (p *parser) diag(path *jpath, action, format string, args ...any) {
	p.diags = append(p.diags, Diagnostic{Path: path.String(), Message: fmt.Sprintf(format, args...), Action: action})
}

func invalid(path *jpath, format string, args ...any) error {
	return &Error{Path: path.String(), Message: fmt.Sprintf(format, args...), Kind: ErrInvalid}
}

// collection loads the top-level object; envelope allows one level of the
// API's {"collection": {...}} wrapper.
func (p *parser) collection(root gjson.Result, envelope bool) error {
	d := p.d
	top := &jpath{}
	var info, items, vars, wrapped gjson.Result
	d.each(root, func(k, v gjson.Result) bool {
		switch k.Str {
		case "info":
			info = v
		case "item":
			items = v
		case "variable":
			vars = v
		case "collection":
			if !wrapped.Exists() {
				wrapped = v
			}
		}
		return true
	})
	if envelope && !items.Exists() && wrapped.IsObject() {
		return p.collection(wrapped, false)
	}
	if !items.Exists() {
		return notCollection(d, root, info.Exists())
	}
	if !info.Exists() {
		return invalid(top.field("info"), "missing: a collection needs an info object")
	}
	if !info.IsObject() {
		return invalid(top.field("info"), "want an object, got %s", describe(info))
	}
	if !items.IsArray() {
		return invalid(top.field("item"), "want an array, got %s", describe(items))
	}
	if err := p.info(info, top.field("info")); err != nil {
		return err
	}
	if vars.Exists() && vars.Type != gjson.Null {
		vs, err := variables(d, vars, top.field("variable"))
		if err != nil {
			return err
		}
		p.c.Variables = vs
	}
	wait := p.loadLeaves()
	list, err := p.items(items, top.field("item"), nil)
	wait()
	if err != nil {
		return err
	}
	p.c.Items = p.finish(list)
	return nil
}

// leafBatch is how many leaves the first phase hands over at a time.
const leafBatch = 16

// loadLeaves starts the second phase: every leaf's request and examples
// are loaded, on up to GOMAXPROCS goroutines when the input is large, as
// the first phase finds them (item hands them over), so that the two
// phases overlap; the returned func waits for the leaves handed over to be
// loaded. On a small input the returned func loads them all, then.
func (p *parser) loadLeaves() (wait func()) {
	workers := min(runtime.GOMAXPROCS(0), 8)
	if len(p.d.s) < p.o.concurrentMin || workers < 2 {
		return func() {
			w := &parser{d: p.d.view(), o: p.o}
			for _, l := range p.leaves {
				w.leaf(l)
			}
		}
	}
	found := make(chan []*leaf, 16)
	p.found = found
	var wg sync.WaitGroup
	for range workers {
		w := &parser{d: p.d.view(), o: p.o} // here: the walk moves p.d's cursor meanwhile
		wg.Go(func() {
			for batch := range found {
				for _, l := range batch {
					w.leaf(l)
				}
			}
		})
	}
	return func() {
		if len(p.batch) > 0 {
			found <- p.batch
		}
		close(found)
		p.found, p.batch = nil, nil
		wg.Wait()
	}
}

// leaf loads l's request and examples into l; p is a worker's own parser
// (only its diagnostics are written).
func (p *parser) leaf(l *leaf) {
	p.diags = nil
	defer func() { l.diags = p.diags }()
	it, path := l.it, l.path
	r, ok := p.request(l.req, path.field("request"), "item")
	if !ok {
		l.dropped = true
		return
	}
	it.Request = r
	add := func(v gjson.Result, path *jpath) {
		l.seen++
		if le, ok := p.example(it, v, path); ok {
			le.ex.Index = l.seen
			le.diagEnd = len(p.diags)
			l.examples = append(l.examples, le)
		}
	}
	switch resp := l.resp; {
	case resp.IsArray():
		j := 0
		p.d.each(resp, func(_, ev gjson.Result) bool {
			add(ev, path.field("response").index(j))
			j++
			return true
		})
	case resp.IsObject(): // one example not wrapped in an array, as Postman's SDK accepts
		add(resp, path.field("response"))
	case resp.Exists() && resp.Type != gjson.Null:
		p.diag(path.field("response"), "examples skipped", "want an array, got %s", describe(resp))
	}
	if len(l.examples) > 0 {
		it.Examples = make([]*Example, len(l.examples))
		for i, le := range l.examples {
			it.Examples[i] = le.ex
		}
	}
}

// finish is the last, sequential pass: in document order it numbers the
// examples, gives them their ids (synthetic ones for those without, or
// with an id an earlier example has), lists requests and examples, puts
// every diagnostic in document order, and drops the items whose request was
// unusable from the tree (list).
func (p *parser) finish(list []*Item) []*Item {
	first := p.diags
	p.diags = make([]Diagnostic, 0, len(first))
	nreq, nex := 0, 0
	for _, l := range p.leaves {
		if !l.dropped {
			nreq++
			nex += len(l.examples)
		}
	}
	ids := make(map[string]bool, nex)
	p.c.requests, p.c.examples = make([]*Item, 0, nreq), make([]*Example, 0, nex)
	uidLen := 0 // of the uids to make
	seen, at, dropped := 0, 0, false
	for _, l := range p.leaves {
		p.diags = append(p.diags, first[at:l.diagAt]...)
		at = l.diagAt
		if l.dropped {
			p.diags = append(p.diags, l.diags...)
			dropped = true
			continue
		}
		p.c.requests = append(p.c.requests, l.it)
		from := 0
		for _, le := range l.examples {
			p.diags = append(p.diags, l.diags[from:le.diagEnd]...)
			from = le.diagEnd
			ex := le.ex
			ex.Index += seen
			ex.ID = le.id
			if ex.ID != "" && ids[ex.ID] {
				dup := ex.ID
				ex.ID, ex.UID, ex.IDSynthetic = syntheticID(ids, ex.Index), "", true
				p.diag(le.path.field("id"), "the example gets the synthetic id "+ex.ID, "duplicate id %q", dup)
			}
			if ex.ID == "" {
				ex.ID, ex.IDSynthetic = syntheticID(ids, ex.Index), true
			}
			ids[ex.ID] = true
			if ex.UID == "" {
				uidLen += len(p.o.owner) + 1 + len(ex.ID)
			}
			p.c.examples = append(p.c.examples, ex)
		}
		p.diags = append(p.diags, l.diags[from:]...)
		seen += l.seen
	}
	p.diags = append(p.diags, first[at:]...)
	p.c.Diagnostics = p.diags
	// The uids made here ("owner-id") share one text, sized first: one
	// allocation rather than one per example.
	var uids strings.Builder
	uids.Grow(uidLen)
	for _, ex := range p.c.examples {
		if ex.UID == "" {
			start := uids.Len()
			uids.WriteString(p.o.owner)
			uids.WriteByte('-')
			uids.WriteString(ex.ID)
			ex.UID = uids.String()[start:]
		}
	}
	if dropped {
		list = keepLoaded(list)
	}
	return list
}

// keepLoaded removes from items, at every level, the request items whose
// request was unusable (no request and not a folder).
func keepLoaded(items []*Item) []*Item {
	items = slices.DeleteFunc(items, func(it *Item) bool { return !it.Folder && it.Request == nil })
	for _, it := range items {
		if it.Folder {
			it.Items = keepLoaded(it.Items)
		}
	}
	return items
}

// items loads an item array; folders names the enclosing folders.
func (p *parser) items(v gjson.Result, path *jpath, folders []string) ([]*Item, error) {
	var out []*Item
	var err error
	i := 0
	p.d.each(v, func(_, e gjson.Result) bool {
		ip := path.index(i)
		i++
		if !e.IsObject() {
			err = invalid(ip, "want an object, got %s", describe(e))
			return false
		}
		var it *Item
		it, err = p.item(e, ip, folders)
		if err != nil {
			return false
		}
		if it != nil {
			out = append(out, it)
		}
		return true
	})
	return out, err
}

// item loads one item: a folder is walked now, a request item is kept as a
// leaf for the second phase; an item that is neither is reported and
// skipped (nil).
func (p *parser) item(e gjson.Result, path *jpath, folders []string) (*Item, error) {
	it := &Item{Folders: folders, JSONPath: path.String()}
	var sub, req, resp gjson.Result
	var hasSub, hasReq bool
	var postmanID string
	p.d.each(e, func(k, v gjson.Result) bool {
		switch k.Str {
		case "name":
			it.Name = text(v)
		case "id":
			it.ID = text(v)
		case "_postman_id":
			postmanID = text(v)
		case "description":
			it.Description = description(p.d, v)
		case "item":
			sub, hasSub = v, true
		case "request":
			req, hasReq = v, true
		case "response":
			resp = v
		}
		return true
	})
	if it.ID == "" {
		it.ID = postmanID
	}
	if hasSub && sub.IsArray() {
		it.Folder = true
		if len(folders) >= MaxDepth {
			return nil, &Error{Path: it.JSONPath, Message: fmt.Sprintf("folders nest deeper than %d levels", MaxDepth), Kind: ErrTooLarge}
		}
		inner := make([]string, len(folders)+1)
		copy(inner, folders)
		inner[len(folders)] = it.Name
		children, err := p.items(sub, path.field("item"), inner)
		if err != nil {
			return nil, err
		}
		it.Items = children
		return it, nil
	}
	if hasSub && sub.Type != gjson.Null {
		return nil, invalid(path.field("item"), "want an array, got %s", describe(sub))
	}
	if !hasReq {
		p.diag(path, "item skipped", "neither item nor request")
		return nil, nil
	}
	l := &leaf{it: it, req: req, resp: resp, path: path, diagAt: len(p.diags)}
	p.leaves = append(p.leaves, l)
	if p.found != nil {
		// In batches: a leaf loads in microseconds, and waking a worker
		// for each would cost as much.
		if p.batch = append(p.batch, l); len(p.batch) == leafBatch {
			p.found <- p.batch
			p.batch = nil
		}
	}
	return it, nil
}
