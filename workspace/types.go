package workspace

import (
	"fmt"
	"time"

	"github.com/postmock/postmock/internal/apierr"
)

// Error is a mock-management error shaped like the Postman API's: HTTP
// status, error name, message and details. errors.Is matches it against
// ErrNotFound, ErrParamMissing, ErrInvalidParams and ErrMalformed.
type Error = apierr.Error

// Sentinels of mock-management errors.
var (
	// ErrNotFound: no mock, collection, environment or server response with
	// that id (404 instanceNotFoundError).
	ErrNotFound = apierr.ErrNotFound
	// ErrParamMissing: a required field is missing (400 paramMissingError).
	ErrParamMissing = apierr.ErrParamMissing
	// ErrInvalidParams: a field has an invalid value (400
	// invalidParamsError).
	ErrInvalidParams = apierr.ErrInvalidParams
	// ErrMalformed: a request body that is not JSON or not the expected
	// envelope (400 malformedRequestError).
	ErrMalformed = apierr.ErrMalformed
)

// Delay presets of the mock config (Postman's network profiles).
const (
	DelayPreset2G = "1" // 300 ms
	DelayPreset3G = "2" // 100 ms
)

// Delay is a mock's configured delay: a preset ("1" = 2G, 300 ms; "2" = 3G,
// 100 ms) or a custom Duration in milliseconds (1–180000).
type Delay struct {
	Type     string `json:"type"`               // always "fixed"
	Preset   string `json:"preset,omitempty"`   // DelayPreset2G or DelayPreset3G
	Duration int    `json:"duration,omitempty"` // milliseconds, when no preset
}

// Value returns the delay as a duration.
func (d *Delay) Value() time.Duration {
	if d == nil {
		return 0
	}
	switch d.Preset {
	case DelayPreset2G:
		return 300 * time.Millisecond
	case DelayPreset3G:
		return 100 * time.Millisecond
	}
	return time.Duration(d.Duration) * time.Millisecond
}

func (d *Delay) validate() error {
	if d == nil {
		return nil
	}
	if d.Type != "" && d.Type != "fixed" {
		return apierr.InvalidParams(`delay.type must be "fixed".`, "delay")
	}
	switch {
	case d.Preset == DelayPreset2G || d.Preset == DelayPreset3G:
		if d.Duration != 0 {
			return apierr.InvalidParams("delay has both a preset and a duration.", "delay")
		}
	case d.Preset != "":
		return apierr.InvalidParams(fmt.Sprintf(`delay.preset must be "1" (2G) or "2" (3G), got %q.`, d.Preset), "delay")
	case d.Duration < 1 || d.Duration > 180000:
		return apierr.InvalidParams(fmt.Sprintf("delay.duration must be 1–180000 ms, got %d.", d.Duration), "delay")
	}
	return nil
}

// MockConfig is the config block of a Postman mock.
type MockConfig struct {
	Headers          []string `json:"headers"`
	MatchBody        bool     `json:"matchBody"`
	MatchQueryParams bool     `json:"matchQueryParams"`
	MatchWildcards   bool     `json:"matchWildcards"`
	// MatchHeader is true when Headers is non-empty (Postman reports it).
	MatchHeader bool `json:"matchHeader"`
	// PreferSuccess (an extension, shown only when on): a 2xx example wins
	// score ties when a call sends no x-mock-response-code.
	PreferSuccess bool `json:"preferSuccess,omitempty"`
	// Exact (an extension, shown only when on): exact mode, the fuzzy
	// ladder steps (case, ids, distance) skipped.
	Exact bool `json:"exact,omitempty"`
	// MatchBodyMode is "subset" when bodies compare in subset mode (our
	// extension); omitted for Postman's exact comparison.
	MatchBodyMode string `json:"matchBodyMode,omitempty"`
	// IgnoreBodyPaths lists the gjson paths left out of body comparison
	// (our extension); omitted when none.
	IgnoreBodyPaths []string `json:"ignoreBodyPaths,omitempty"`
	// Delay is nil for none.
	Delay *Delay `json:"delay"`
	// ServerResponseID is the active server response's id; "" (null) for
	// none.
	ServerResponseID *string `json:"serverResponseId"`
	// DefaultHeaders are the x-mock-* request headers applied to calls that
	// do not send them (mock.Config.DefaultHeaders), by canonical name; an
	// extension, absent when none are set so that Postman's shape stays.
	DefaultHeaders map[string]string `json:"defaultHeaders,omitempty"`
}

// MockInfo is a mock as the Postman API shows it.
type MockInfo struct {
	ID          string     `json:"id"`
	UID         string     `json:"uid"`
	Owner       string     `json:"owner"`
	Name        string     `json:"name"`
	Collection  string     `json:"collection"`
	Environment string     `json:"environment,omitempty"`
	MockURL     string     `json:"mockUrl"`
	Config      MockConfig `json:"config"`
	IsPublic    bool       `json:"isPublic"`
	Deactivated bool       `json:"deactivated"`
	CreatedAt   string     `json:"createdAt"`
	UpdatedAt   string     `json:"updatedAt"`
	Description string     `json:"description,omitempty"`
	VersionTag  string     `json:"versionTag,omitempty"`
	// Workspace is the opaque workspace id given at creation (list filter).
	Workspace string `json:"-"`
}

// CollectionInfo is a collection held by a Workspace.
type CollectionInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	UID  string `json:"uid"`
}

// EnvironmentInfo is an environment held by a Workspace.
type EnvironmentInfo struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	UID  string `json:"uid"`
}

// NewMock is a create request: only Collection is required.
type NewMock struct {
	Collection  string // collection id or uid
	Environment string // environment id or uid; "" for none
	Name        string // default: the collection's name
	Private     bool   // default false (public)
	Workspace   string // opaque, for ListMocks filtering
	// Config sets the Go-only matching switches and delay; nil means
	// Postman's defaults.
	Config *ConfigUpdate
}

// ConfigUpdate changes a mock's config: the fields Postman sets only in its
// UI, which postmock also sets from Go and in the API's config block (an
// extension), and the active server response. Nil members are left as they
// are.
type ConfigUpdate struct {
	MatchBody        *bool
	MatchQueryParams *bool
	MatchWildcards   *bool
	Headers          *[]string
	// PreferSuccess sets mock.Config.PreferSuccess (extension field
	// "preferSuccess").
	PreferSuccess *bool
	// Exact sets exact mode (extension field "exact"): true skips
	// match.FuzzySteps, false skips no step.
	Exact *bool
	// MatchBodyMode is "exact" or "subset": how bodies compare when body
	// matching is on (mock.Config.SubsetBody).
	MatchBodyMode *string
	// IgnoreBodyPaths replaces the gjson paths left out of body comparison
	// (mock.Config.IgnoreBodyPaths); empty for none.
	IgnoreBodyPaths *[]string
	// Delay sets the delay; a non-nil pointer to a zero Delay removes it.
	Delay *Delay
	// ServerResponseID activates a server response; a non-nil pointer to ""
	// deactivates it.
	ServerResponseID *string
	// DefaultHeaders replaces the default x-mock-* request headers (header
	// name → value; see mock.Config.DefaultHeaders); a non-nil pointer to an
	// empty map removes them.
	DefaultHeaders *map[string]string
}

// MockUpdate is a partial update: nil members are left as they are.
type MockUpdate struct {
	Name        *string
	Environment *string // id or uid; "" detaches the environment
	Description *string
	Private     *bool
	VersionTag  *string
	// Collection may only repeat the mock's own collection.
	Collection *string
	Config     *ConfigUpdate
}
