package mocktest

import (
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
)

// Files are parsed once per test binary and kept: a test suite calls New on
// the same collection in test after test, and a large one (megabytes of
// JSON) takes far longer to parse and compile than a mock takes to start.
// An entry is keyed by the file's absolute path and stamped with its size
// and modification time, so that a file changed while the tests run is read
// again. What is kept is shared read-only by every mock of that file.

// stamp identifies one version of a file.
type stamp struct {
	size int64
	mod  time.Time
}

// cached is one version of one file, loaded at most once.
type cached[T any] struct {
	stamp stamp
	once  sync.Once
	v     T
	err   error

	// For a collection: the Prepared of each environment it was served
	// with (nil for none), compiled at most once each.
	mu    sync.Mutex
	preps map[*collection.Environment]*prepOnce
}

type prepOnce struct {
	once sync.Once
	p    *mock.Prepared
	err  error
}

// fileCache maps absolute paths to the last version loaded.
type fileCache[T any] struct {
	mu    sync.Mutex
	files map[string]*cached[T]
	load  func(path string) (T, error)
}

var (
	collections = &fileCache[*collection.Collection]{
		load: func(path string) (*collection.Collection, error) { return collection.LoadFile(path) }}
	environments = &fileCache[*collection.Environment]{
		load: func(path string) (*collection.Environment, error) { return collection.LoadEnvironmentFile(path) }}
)

// get returns the file's entry, loaded (or failed) once for its current
// version.
func (fc *fileCache[T]) get(path string) (*cached[T], error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	fi, err := os.Stat(abs)
	if err != nil {
		// Not cached: the loader says what is wrong, in its own words.
		_, err = fc.load(path)
		return nil, err
	}
	st := stamp{fi.Size(), fi.ModTime()}
	fc.mu.Lock()
	c := fc.files[abs]
	if c == nil || c.stamp != st {
		c = &cached[T]{stamp: st}
		if fc.files == nil {
			fc.files = make(map[string]*cached[T])
		}
		fc.files[abs] = c
	}
	fc.mu.Unlock()
	c.once.Do(func() { c.v, c.err = fc.load(path) })
	return c, c.err
}

// prepared returns the collection compiled with env, once per
// environment.
func (c *cached[T]) prepared(coll *collection.Collection, env *collection.Environment) (*mock.Prepared, error) {
	c.mu.Lock()
	if c.preps == nil {
		c.preps = make(map[*collection.Environment]*prepOnce)
	}
	p := c.preps[env]
	if p == nil {
		p = &prepOnce{}
		c.preps[env] = p
	}
	c.mu.Unlock()
	p.once.Do(func() { p.p, p.err = mock.Prepare(coll, env) })
	return p.p, p.err
}
