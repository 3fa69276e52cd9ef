package mock_test

import (
	"errors"
	"testing"

	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
)

// TestSubsetBodyCapturesRenderInResponse: in subset mode an example's
// {{email}} placeholder matches whatever the client sends, extra fields
// and all, and the response renders the captured value; a path wildcard's
// capture wins over a body placeholder of the same name.
func TestSubsetBodyCapturesRenderInResponse(t *testing.T) {
	m := newMock(t, "testdata/body-subset.postman_collection.json",
		mock.WithConfig(mock.Config{MatchBody: true, SubsetBody: true, IgnoreBodyPaths: []string{"requestId"}}))
	json := map[string]string{"Content-Type": "application/json"}
	tests := []struct {
		name, target, body string
		code               int
		want               string
	}{
		{"placeholder captured", "/users", `{"email":"ann@example.com","plan":"pro","name":"Ann","requestId":"r-9"}`, 201,
			`{"id": "u-1", "email": "ann@example.com", "plan": "pro"}`},
		{"required field differs", "/users", `{"email":"ann@example.com","plan":"free"}`, 404, mock.NotFoundBody},
		{"path wildcard wins", "/orgs/acme/invites", `{"org":"other","who":"user-42"}`, 200, `{"org": "acme", "uid": "42"}`},
	}
	for _, tt := range tests {
		r := do(t, m, "POST", tt.target, json, tt.body)
		if r.status != tt.code || r.body != tt.want {
			t.Errorf("%s: %d %s, want %d %s", tt.name, r.status, r.body, tt.code, tt.want)
		}
	}
	// The header's true asks for Postman's exact comparison for one call.
	r := do(t, m, "POST", "/users", map[string]string{"Content-Type": "application/json", "X-Mock-Match-Request-Body": "true"},
		`{"email":"ann@example.com","plan":"pro"}`)
	if r.status != 404 {
		t.Errorf("exact mode by header: %d %s, want 404 (the placeholder is literal)", r.status, r.body)
	}
}

// TestConfigRefusesBadIgnoredBodyPath: New and SetConfig refuse an
// IgnoreBodyPaths entry that is not a navigating gjson path, naming it.
func TestConfigRefusesBadIgnoredBodyPath(t *testing.T) {
	bad := mock.Config{MatchBody: true, IgnoreBodyPaths: []string{"ok", "items.#(sku==A)"}}
	c := newMock(t, "testdata/body-subset.postman_collection.json").Collection()
	if _, err := mock.New(c, mock.WithConfig(bad)); !errors.Is(err, mock.ErrInvalidConfig) || !errors.Is(err, match.ErrBodyPath) {
		t.Errorf("New: %v, want ErrInvalidConfig and ErrBodyPath", err)
	}
	m := newMock(t, "testdata/body-subset.postman_collection.json")
	err := m.SetConfig(bad)
	var pe *match.BodyPathError
	if !errors.As(err, &pe) || pe.Path != "items.#(sku==A)" {
		t.Errorf("SetConfig: %v, want a BodyPathError for items.#(sku==A)", err)
	}
	if got := m.Config(); got.IgnoreBodyPaths != nil {
		t.Errorf("the refused config was applied: %+v", got)
	}
}
