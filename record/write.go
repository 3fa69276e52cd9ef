package record

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
)

// Schema is the info.schema of the files a Recorder writes.
const Schema = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"

// ErrFile is wrapped by the errors of WriteFile and CheckFile: the file
// cannot be read, is not a collection, or cannot be written.
var ErrFile = errors.New("record: collection file")

// CheckFile reports, before any call is recorded, whether WriteFile could
// write path: an existing file must be a collection that loads, and the
// folder must take a new file (one is created and removed).
func CheckFile(path string) error {
	if _, err := readExisting(path); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".check*")
	if err != nil {
		return fmt.Errorf("%w %s: cannot write in its folder: %v", ErrFile, path, err)
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// readExisting returns the document at path, or nil when there is none.
func readExisting(path string) (*object, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrFile, path, err)
	}
	if _, err := collection.Parse(data); err != nil {
		return nil, fmt.Errorf("%w %s: cannot extend it: %w", ErrFile, path, err)
	}
	v, err := decodeTree(data)
	if err != nil {
		return nil, fmt.Errorf("%w %s: %v", ErrFile, path, err)
	}
	doc, ok := v.(*object)
	if !ok {
		return nil, fmt.Errorf("%w %s: not a JSON object", ErrFile, path)
	}
	return doc, nil
}

// WriteFile writes what was recorded to path as a Postman collection v2.1,
// atomically (a temporary file in the same folder, then a rename). An
// existing file is extended: its content is kept, a new example joins the
// item of the same method and path template (a new item is made in the
// folder named after the first path segment), and an example recorded
// from the same call (method, path, query and body) is replaced.
//
// The calls written are then released from memory (they stop counting
// against WithMaxBytes), so a later write adds only the calls recorded
// since, and what the user changed in the file meanwhile (an example
// edited or deleted) is kept unless its call is recorded again. A file
// removed since the last write is made anew with the calls recorded since:
// the earlier ones were only in the removed file (a warning says so).
func (r *Recorder) WriteFile(path string) error {
	doc, err := readExisting(path)
	if err != nil {
		return err
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	calls, count := r.snapshot()
	if doc == nil {
		doc = r.newDocument()
		r.mu.Lock()
		if r.released > 0 {
			r.s.logger.Warn("record: the collection file is gone: it is written anew with the calls recorded since the last write; the calls written before were released from memory and were only in the file that was removed",
				"path", path, "written_before", r.released)
		}
		r.mu.Unlock()
	}
	r.merge(doc, calls)
	data, err := encodeTree(doc)
	if err != nil {
		return fmt.Errorf("%w %s: %v", ErrFile, path, err)
	}
	if err := writeAtomic(path, data, mode); err != nil {
		return err
	}
	r.release(count)
	return nil
}

func writeAtomic(path string, data []byte, mode fs.FileMode) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("%w %s: %v", ErrFile, path, err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, mode)
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("%w %s: %v", ErrFile, path, err)
	}
	return nil
}

func (r *Recorder) newDocument() *object {
	return obj(
		"info", obj("_postman_id", stableID("collection", r.base), "name", r.s.name, "schema", Schema),
		"item", []any{},
		"variable", []any{obj("key", "baseUrl", "value", r.base, "type", "string")},
	)
}

// merge adds calls to doc.
func (r *Recorder) merge(doc *object, calls []*call) {
	if !hasVariable(doc, "baseUrl") {
		doc.set("variable", append(doc.arr("variable"), obj("key", "baseUrl", "value", r.base, "type", "string")))
	}
	items := map[string]*object{} // route key → request item
	var walk func(list []any)
	walk = func(list []any) {
		for _, e := range list {
			it, ok := e.(*object)
			if !ok {
				continue
			}
			if sub, ok := it.get("item").([]any); ok && it.get("request") == nil {
				walk(sub)
				continue
			}
			if k, ok := itemKey(it); ok {
				if _, dup := items[k]; !dup {
					items[k] = it
				}
			}
		}
	}
	walk(doc.arr("item"))
	// Calls are merged in the order of their names (status, method, path,
	// query), not in the order they ended: concurrent calls end in any
	// order, and the same calls must write the same file. Status first
	// puts an item's successes before its errors.
	slices.SortFunc(calls, func(a, b *call) int {
		return cmp.Or(strings.Compare(a.name, b.name), strings.Compare(a.id, b.id))
	})
	for _, c := range calls {
		tpl, vars := template(c.path)
		k := c.method + " " + routeKey(tpl)
		it := items[k]
		if it == nil {
			it = r.newItem(c, tpl, vars)
			items[k] = it
			addToFolder(doc, folderOf(c.path), it)
		}
		ex := r.example(c)
		list := it.arr("response")
		replaced := false
		for i, e := range list {
			if o, ok := e.(*object); ok && o.str("id") == c.id {
				list[i], replaced = ex, true
				break
			}
		}
		if !replaced {
			list = append(list, ex)
		}
		it.set("response", list)
	}
}

func hasVariable(doc *object, name string) bool {
	for _, v := range doc.arr("variable") {
		if o, ok := v.(*object); ok && o.str("key") == name {
			return true
		}
	}
	return false
}

// itemKey is the route of a request item found in a file: its method and
// its path with every variable-like segment alike.
func itemKey(it *object) (string, bool) {
	var method, raw string
	switch q := it.get("request").(type) {
	case string:
		method, raw = http.MethodGet, q
	case *object:
		method = strings.ToUpper(q.str("method"))
		if method == "" {
			method = http.MethodGet
		}
		switch u := q.get("url").(type) {
		case string:
			raw = u
		case *object:
			raw = u.str("raw")
			if raw == "" {
				var segs []string
				for _, s := range u.arr("path") {
					if str, ok := s.(string); ok {
						segs = append(segs, str)
					}
				}
				raw = "/" + strings.Join(segs, "/")
			}
		default:
			return "", false
		}
	default:
		return "", false
	}
	p := collection.ParseURL(raw).Path
	return method + " " + routeKey(p), true
}

// routeKey joins path segments with ids, :variables and {{variables}} all
// as "*", so that a recorded /users/42 finds the item /users/:userId.
func routeKey(segs []string) string {
	out := make([]string, len(segs))
	for i, s := range segs {
		if strings.HasPrefix(s, ":") || strings.HasPrefix(s, "{{") || match.IsID(s) {
			out[i] = "*"
		} else {
			out[i] = s
		}
	}
	return "/" + strings.Join(out, "/")
}

func segments(path string) []string {
	p := strings.TrimPrefix(path, "/")
	if p == "" {
		return nil
	}
	return strings.Split(p, "/")
}

// template returns the item path of a recorded path: id-like segments
// become :name variables, named after the segment before them
// (/users/42 → /users/:userId), with the recorded values.
func template(path string) ([]string, []kv) {
	segs := segments(path)
	out := make([]string, len(segs))
	var vars []kv
	used := map[string]bool{}
	for i, s := range segs {
		if !match.IsID(s) {
			out[i] = s
			continue
		}
		name := "id"
		if i > 0 && !match.IsID(segs[i-1]) {
			name = singular(segs[i-1]) + "Id"
		}
		base := name
		for n := 2; used[name]; n++ {
			name = fmt.Sprintf("%s%d", base, n)
		}
		used[name] = true
		out[i] = ":" + name
		vars = append(vars, kv{name, s})
	}
	return out, vars
}

// singular makes a variable name of a collection segment: users → user,
// categories → category; anything not a plain word gives "id"'s prefix
// "".
func singular(s string) string {
	var b strings.Builder
	up := false
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9' && b.Len() > 0:
			if up && b.Len() > 0 {
				b.WriteString(strings.ToUpper(string(c)))
			} else {
				b.WriteRune(c)
			}
			up = false
		default:
			up = true
		}
	}
	w := b.String()
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		w = w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ss"):
	case strings.HasSuffix(w, "s") && len(w) > 3:
		w = w[:len(w)-1]
	}
	if w == "" {
		return ""
	}
	return strings.ToLower(w[:1]) + w[1:]
}

// folderOf names the folder of a path: its first segment, unless that is
// an id (then the item goes at the top).
func folderOf(path string) string {
	segs := segments(path)
	if len(segs) == 0 || match.IsID(segs[0]) {
		return ""
	}
	return segs[0]
}

func addToFolder(doc *object, folder string, it *object) {
	top := doc.arr("item")
	if folder == "" {
		doc.set("item", append(top, it))
		return
	}
	for _, e := range top {
		if f, ok := e.(*object); ok && f.get("request") == nil && f.str("name") == folder {
			if sub, ok := f.get("item").([]any); ok {
				f.set("item", append(sub, it))
				return
			}
		}
	}
	f := obj("name", folder, "item", []any{it})
	doc.set("item", append(top, f))
}

func (r *Recorder) newItem(c *call, tpl []string, vars []kv) *object {
	path := "/" + strings.Join(tpl, "/")
	u := urlObject(path, tpl, c.query)
	if len(vars) > 0 {
		vs := make([]any, len(vars))
		for i, v := range vars {
			vs[i] = obj("key", v.k, "value", v.v)
		}
		u.set("variable", vs)
	}
	return obj(
		"id", stableID("item", c.method, routeKey(tpl)),
		"name", c.method+" "+path,
		"request", r.requestObject(c, u),
		"response", []any{},
	)
}

func urlObject(path string, segs []string, query string) *object {
	raw := "{{baseUrl}}" + path
	if query != "" {
		raw += "?" + query
	}
	ps := make([]any, len(segs))
	for i, s := range segs {
		ps[i] = s
	}
	u := obj("raw", raw, "host", []any{"{{baseUrl}}"}, "path", ps)
	if query != "" {
		var qs []any
		for _, p := range strings.Split(query, "&") {
			k, v, _ := strings.Cut(p, "=")
			qs = append(qs, obj("key", k, "value", v))
		}
		u.set("query", qs)
	}
	return u
}

func (r *Recorder) requestObject(c *call, u *object) *object {
	hs := make([]any, len(c.reqHeader))
	for i, h := range c.reqHeader {
		hs[i] = obj("key", h.k, "value", h.v)
	}
	req := obj("method", c.method, "header", hs)
	if c.reqBody != "" {
		body := obj("mode", "raw", "raw", c.reqBody)
		if lang := previewLanguage(c.reqType); lang != "text" {
			body.set("options", obj("raw", obj("language", lang)))
		}
		req.set("body", body)
	}
	req.set("url", u)
	return req
}

func (r *Recorder) example(c *call) *object {
	hs := make([]any, len(c.resHeader))
	for i, h := range c.resHeader {
		hs[i] = obj("key", h.k, "value", h.v)
	}
	status := http.StatusText(c.status)
	ex := obj(
		"id", c.id,
		"name", c.name,
		"originalRequest", r.requestObject(c, urlObject(c.path, segments(c.path), c.query)),
		"status", status,
		"code", c.status,
		"_postman_previewlanguage", previewLanguage(c.resType),
		"header", hs,
		"cookie", []any{},
		"body", c.resBody,
	)
	if len(c.notes) > 0 {
		ex.set("description", "Recorded by postmock: "+strings.Join(c.notes, "; ")+".")
	}
	return ex
}
