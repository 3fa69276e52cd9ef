package workspace

import (
	"bytes"
	"slices"
	"strings"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/apierr"
)

// AddCollection adds a loaded collection and returns its id, name and uid.
// The collection's _postman_id is its id when present and not taken;
// otherwise a new UUID.
func (w *Workspace) AddCollection(c *collection.Collection) (CollectionInfo, error) {
	if c == nil {
		return CollectionInfo{}, apierr.ParamMissing("A collection is required.", "collection")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	id := c.Info.ID
	if _, taken := w.collections[id]; id == "" || taken {
		id = newUUID()
	}
	info := CollectionInfo{ID: id, Name: c.Info.Name, UID: w.owner + "-" + id}
	w.collections[id] = &wsCollection{info: info, c: c}
	return info, nil
}

// AddCollectionJSON parses a collection (its JSON as exported, or in the
// Postman API's {"collection": {...}} envelope) and adds it, keeping the JSON
// so that CollectionJSON can return it as uploaded. A collection that does
// not load is a malformedRequestError naming the problem.
func (w *Workspace) AddCollectionJSON(data []byte) (CollectionInfo, error) {
	c, err := collection.Parse(data)
	if err != nil {
		return CollectionInfo{}, apierr.Malformed("The collection is not a valid Postman collection (v2.1 or v2.0): " + err.Error())
	}
	info, err := w.AddCollection(c)
	if err != nil {
		return CollectionInfo{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if held, ok := w.collections[info.ID]; ok && held.c == c {
		held.raw = bytes.Clone(data)
	}
	return info, nil
}

// CollectionJSON returns a collection by id or uid with the JSON it was added
// with (nil when it was added with AddCollection).
func (w *Workspace) CollectionJSON(id string) ([]byte, *collection.Collection, CollectionInfo, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	c, ok := w.collections[w.bareID(id)]
	if !ok {
		return nil, nil, CollectionInfo{}, apierr.NotFound("We could not find the collection you are looking for")
	}
	return c.raw, c.c, c.info, nil
}

// Collections lists the collections, sorted by name then id.
func (w *Workspace) Collections() []CollectionInfo {
	w.mu.RLock()
	defer w.mu.RUnlock()
	out := make([]CollectionInfo, 0, len(w.collections))
	for _, c := range w.collections {
		out = append(out, c.info)
	}
	slices.SortFunc(out, func(a, b CollectionInfo) int { return strings.Compare(a.Name+a.ID, b.Name+b.ID) })
	return out
}

// Collection returns a collection by id or uid.
func (w *Workspace) Collection(id string) (*collection.Collection, CollectionInfo, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	c, ok := w.collections[w.bareID(id)]
	if !ok {
		return nil, CollectionInfo{}, apierr.NotFound("We could not find the collection you are looking for")
	}
	return c.c, c.info, nil
}

// RemoveCollection removes a collection; mocks that serve it are
// deactivated.
func (w *Workspace) RemoveCollection(id string) (CollectionInfo, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	c, ok := w.collections[w.bareID(id)]
	if !ok {
		return CollectionInfo{}, apierr.NotFound("We could not find the collection you are looking for")
	}
	delete(w.collections, c.info.ID)
	for _, m := range w.mocks {
		if m.info.Collection == c.info.UID {
			m.info.Deactivated = true
			m.m.SetDeactivated(true)
		}
	}
	return c.info, nil
}

// AddEnvironment adds an environment and returns its id, name and uid.
func (w *Workspace) AddEnvironment(env *collection.Environment) (EnvironmentInfo, error) {
	if env == nil {
		return EnvironmentInfo{}, apierr.ParamMissing("An environment is required.", "environment")
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	id := env.ID
	if _, taken := w.environments[id]; id == "" || taken {
		id = newUUID()
	}
	info := EnvironmentInfo{ID: id, Name: env.Name, UID: w.owner + "-" + id}
	w.environments[id] = &wsEnvironment{info: info, env: env}
	return info, nil
}

// Environments lists the environments, sorted by name then id.
func (w *Workspace) Environments() []EnvironmentInfo {
	w.mu.RLock()
	defer w.mu.RUnlock()
	out := make([]EnvironmentInfo, 0, len(w.environments))
	for _, e := range w.environments {
		out = append(out, e.info)
	}
	slices.SortFunc(out, func(a, b EnvironmentInfo) int { return strings.Compare(a.Name+a.ID, b.Name+b.ID) })
	return out
}

// Environment returns an environment by id or uid.
func (w *Workspace) Environment(id string) (*collection.Environment, EnvironmentInfo, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	e, ok := w.environments[w.bareID(id)]
	if !ok {
		return nil, EnvironmentInfo{}, apierr.NotFound("We could not find the environment you are looking for")
	}
	return e.env, e.info, nil
}

// RemoveEnvironment removes an environment; mocks that use it are
// deactivated.
func (w *Workspace) RemoveEnvironment(id string) (EnvironmentInfo, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	e, ok := w.environments[w.bareID(id)]
	if !ok {
		return EnvironmentInfo{}, apierr.NotFound("We could not find the environment you are looking for")
	}
	delete(w.environments, e.info.ID)
	for _, m := range w.mocks {
		if m.envID == e.info.ID {
			m.info.Deactivated = true
			m.m.SetDeactivated(true)
		}
	}
	return e.info, nil
}
