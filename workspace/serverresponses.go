package workspace

import (
	"slices"
	"time"

	"github.com/postmock/postmock/internal/apierr"
	"github.com/postmock/postmock/serverresponse"
)

func srNotFound() *Error {
	e := apierr.NotFound("We could not find the server response you are looking for")
	e.Header = "Server response not found"
	return e
}

// CreateServerResponse adds a server response to a mock. Name and an
// integer 500–599 statusCode are required; it is not active until the mock's
// config names it.
func (w *Workspace) CreateServerResponse(mockID string, f serverresponse.Fields) (serverresponse.ServerResponse, error) {
	if err := f.Validate(true); err != nil {
		return serverresponse.ServerResponse{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	m, err := w.mockLocked(mockID)
	if err != nil {
		return serverresponse.ServerResponse{}, err
	}
	now := w.now().UTC().Truncate(time.Millisecond)
	sr := &serverresponse.ServerResponse{ID: newUUID(), CreatedBy: w.owner, UpdatedBy: w.owner, CreatedAt: now, UpdatedAt: now, MockID: m.info.ID}
	f.Apply(sr)
	m.srs[sr.ID] = sr
	m.srOrder = append(m.srOrder, sr.ID)
	return *sr, nil
}

// GetServerResponse returns one server response of a mock.
func (w *Workspace) GetServerResponse(mockID, id string) (serverresponse.ServerResponse, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	m, err := w.mockLocked(mockID)
	if err != nil {
		return serverresponse.ServerResponse{}, err
	}
	sr, ok := m.srs[id]
	if !ok {
		return serverresponse.ServerResponse{}, srNotFound()
	}
	return *sr, nil
}

// ListServerResponses lists a mock's server responses in creation order.
func (w *Workspace) ListServerResponses(mockID string) ([]serverresponse.ServerResponse, error) {
	w.mu.RLock()
	defer w.mu.RUnlock()
	m, err := w.mockLocked(mockID)
	if err != nil {
		return nil, err
	}
	out := make([]serverresponse.ServerResponse, 0, len(m.srOrder))
	for _, id := range m.srOrder {
		out = append(out, *m.srs[id])
	}
	return out, nil
}

// UpdateServerResponse changes any subset of a server response (at least
// one field). An active one serves its new content at once.
func (w *Workspace) UpdateServerResponse(mockID, id string, f serverresponse.Fields) (serverresponse.ServerResponse, error) {
	if err := f.Validate(false); err != nil {
		return serverresponse.ServerResponse{}, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	m, err := w.mockLocked(mockID)
	if err != nil {
		return serverresponse.ServerResponse{}, err
	}
	old, ok := m.srs[id]
	if !ok {
		return serverresponse.ServerResponse{}, srNotFound()
	}
	sr := *old
	f.Apply(&sr)
	sr.UpdatedAt = w.now().UTC().Truncate(time.Millisecond)
	sr.UpdatedBy = w.owner
	m.srs[id] = &sr
	if active := m.m.ServerResponse(); active != nil && active.ID == id {
		m.m.SetServerResponse(&sr)
	}
	return sr, nil
}

// DeleteServerResponse deletes a server response; deleting the active one
// deactivates it.
func (w *Workspace) DeleteServerResponse(mockID, id string) (serverresponse.ServerResponse, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	m, err := w.mockLocked(mockID)
	if err != nil {
		return serverresponse.ServerResponse{}, err
	}
	sr, ok := m.srs[id]
	if !ok {
		return serverresponse.ServerResponse{}, srNotFound()
	}
	delete(m.srs, id)
	m.srOrder = slices.DeleteFunc(m.srOrder, func(x string) bool { return x == id })
	if active := m.m.ServerResponse(); active != nil && active.ID == id {
		m.m.SetServerResponse(nil)
	}
	return *sr, nil
}
