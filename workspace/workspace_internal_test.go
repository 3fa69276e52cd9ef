package workspace

import (
	"errors"
	"fmt"
	"testing"

	"github.com/postmock/postmock/collection"
)

// internalWorkspace returns a workspace holding the worked collection and
// one environment.
func internalWorkspace(t *testing.T) (*Workspace, CollectionInfo, EnvironmentInfo) {
	t.Helper()
	ws := New()
	c, err := collection.LoadFile("testdata/worked.postman_collection.json")
	if err != nil {
		t.Fatal(err)
	}
	ci, err := ws.AddCollection(c)
	if err != nil {
		t.Fatal(err)
	}
	ei, err := ws.AddEnvironment(&collection.Environment{Name: "env", Values: []collection.Variable{{Key: "userId", Value: "7"}}})
	if err != nil {
		t.Fatal(err)
	}
	return ws, ci, ei
}

// TestCompilingAMockLeavesTheWorkspaceUnlocked: while CreateMock and
// UpdateMock compile, the workspace lock is free, so every other mock keeps
// serving (route takes the read lock) and being managed.
func TestCompilingAMockLeavesTheWorkspaceUnlocked(t *testing.T) {
	ws, ci, ei := internalWorkspace(t)
	hooked := 0
	ws.compileHook = func() {
		hooked++
		if !ws.mu.TryLock() {
			t.Error("the workspace lock is held while a mock compiles")
			return
		}
		ws.mu.Unlock()
	}
	info, err := ws.CreateMock(NewMock{Collection: ci.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ws.UpdateMock(info.ID, MockUpdate{Environment: &ei.ID}); err != nil {
		t.Fatal(err)
	}
	if hooked != 2 {
		t.Errorf("compile hook ran %d times, want 2 (create, update)", hooked)
	}
}

// TestNoMockOnAnEnvironmentOrCollectionRemovedDuringItsCompile: what is
// removed while a mock is compiled with it makes CreateMock and UpdateMock
// fail as if it had been gone from the start (the invalidParamsError naming
// it), and changes nothing.
func TestNoMockOnAnEnvironmentOrCollectionRemovedDuringItsCompile(t *testing.T) {
	tests := []struct {
		name      string
		remove    func(ws *Workspace, ci CollectionInfo, ei EnvironmentInfo) error
		run       func(ws *Workspace, ci CollectionInfo, ei EnvironmentInfo) (MockInfo, error)
		wantParam string
	}{
		{"create, environment removed",
			func(ws *Workspace, _ CollectionInfo, ei EnvironmentInfo) error {
				_, err := ws.RemoveEnvironment(ei.ID)
				return err
			},
			func(ws *Workspace, ci CollectionInfo, ei EnvironmentInfo) (MockInfo, error) {
				return ws.CreateMock(NewMock{Collection: ci.ID, Environment: ei.UID})
			}, "environment"},
		{"create, environment replaced by one with the same id",
			func(ws *Workspace, _ CollectionInfo, ei EnvironmentInfo) error {
				if _, err := ws.RemoveEnvironment(ei.ID); err != nil {
					return err
				}
				_, err := ws.AddEnvironment(&collection.Environment{ID: ei.ID, Name: "other"})
				return err
			},
			func(ws *Workspace, ci CollectionInfo, ei EnvironmentInfo) (MockInfo, error) {
				return ws.CreateMock(NewMock{Collection: ci.ID, Environment: ei.ID})
			}, "environment"},
		{"create, collection removed",
			func(ws *Workspace, ci CollectionInfo, _ EnvironmentInfo) error {
				_, err := ws.RemoveCollection(ci.ID)
				return err
			},
			func(ws *Workspace, ci CollectionInfo, _ EnvironmentInfo) (MockInfo, error) {
				return ws.CreateMock(NewMock{Collection: ci.ID})
			}, "collection"},
		{"update, environment removed",
			func(ws *Workspace, _ CollectionInfo, ei EnvironmentInfo) error {
				_, err := ws.RemoveEnvironment(ei.ID)
				return err
			},
			func(ws *Workspace, _ CollectionInfo, ei EnvironmentInfo) (MockInfo, error) {
				return ws.UpdateMock(ws.order[0], MockUpdate{Environment: &ei.ID})
			}, "environment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ws, ci, ei := internalWorkspace(t)
			existing, err := ws.CreateMock(NewMock{Collection: ci.ID, Name: "existing"})
			if err != nil {
				t.Fatal(err)
			}
			ws.compileHook = func() {
				ws.compileHook = nil
				if err := tt.remove(ws, ci, ei); err != nil {
					t.Errorf("removing during the compile: %v", err)
				}
			}
			info, err := tt.run(ws, ci, ei)
			var e *Error
			if !errors.Is(err, ErrInvalidParams) || !errors.As(err, &e) || e.Status != 400 ||
				fmt.Sprint(e.Details["param"]) != "["+tt.wantParam+"]" {
				t.Fatalf("err = %#v (mock %+v), want invalidParamsError on %q", err, info, tt.wantParam)
			}
			mocks := ws.ListMocks("")
			if len(mocks) != 1 || mocks[0].ID != existing.ID {
				t.Fatalf("mocks after the failed call: %+v, want only %q", mocks, existing.ID)
			}
			m, _ := ws.Mock(existing.ID)
			if mocks[0].Environment != "" || m.Environment() != nil {
				t.Errorf("the mock has environment %q (%v) after the failed call, want none", mocks[0].Environment, m.Environment())
			}
		})
	}
}
