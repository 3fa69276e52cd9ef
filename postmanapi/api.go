// Package postmanapi serves the Postman API's mock-management endpoints over
// HTTP for a workspace.Workspace: the HTTP step of postmock's data flow
// (collection → match → serverresponse / calllog → mock → workspace →
// postmanapi → mocktest / cmd). cmd/postmock's api command serves it; other Go
// tools can mount it in their own servers.
//
// New returns the handler. It speaks the Postman API's paths, JSON envelopes,
// status codes and error bodies, so that clients written against
// https://api.getpostman.com (in any language) can create, configure and
// delete local mocks and read their call logs. docs/postman-api.md in the
// repository is the reference of the endpoints, fields and errors.
package postmanapi

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/apierr"
	"github.com/postmock/postmock/serverresponse"
	"github.com/postmock/postmock/workspace"
)

// MaxBody is the largest request body the API handler reads (64 MiB,
// the size cap of a collection); a larger body gets 413
// payloadTooLargeError.
const MaxBody = 64 << 20

// New returns an http.Handler that serves the Postman API's
// mock-management endpoints for ws, with Postman's paths, methods, JSON
// envelopes, status codes and error bodies, so that a test
// harness in any language can drive postmock over HTTP:
//
//	GET, POST          /mocks                 (?workspace= filters / labels)
//	GET, PUT, DELETE   /mocks/{mockId}
//	POST               /mocks/{mockId}/publish
//	DELETE             /mocks/{mockId}/unpublish
//	GET, POST          /mocks/{mockId}/server-responses
//	GET, PUT, DELETE   /mocks/{mockId}/server-responses/{serverResponseId}
//	GET                /mocks/{mockId}/call-logs
//	GET, POST          /collections, /environments
//	GET, DELETE        /collections/{collectionId}, /environments/{environmentId}
//
// The server-response routes also answer the /serverResponses spelling.
// Mock ids may be ids or uids. The create and update bodies of a mock also
// accept the Go-only config flags matchBody, matchQueryParams,
// matchWildcards, headers and delay, and the extensions preferSuccess and
// exact (booleans; GET shows them only when on) and defaultHeaders (an object
// of x-mock-* header names and values) (workspace.ConfigUpdate).
//
// Every request must carry an x-api-key header equal to one of
// ws.APIKeys(), else it gets 401 AuthenticationError; a workspace without
// keys refuses every request. Creating answers 200, as Postman does. Bodies
// are limited to MaxBody bytes. Unknown paths get a 404 and a wrong
// method a 405 (with an Allow header), both with a JSON error body. Every
// answer is application/json.
//
// GET /collections/{collectionId} answers the collection JSON exactly as it
// was uploaded (through this handler or workspace.Workspace.AddCollectionJSON); for a
// collection added with workspace.Workspace.AddCollection it answers its info block
// and an empty item array.
//
// The handler serves only the management API: mount it beside ws (which
// serves the mock calls at "/<mock id>/...") and call ws.SetBaseURL with the
// listener's URL so that each mock's mockUrl reaches it, e.g. by sending
// paths whose first segment is mocks, collections or environments to the
// API and everything else to ws.
func New(ws *workspace.Workspace) http.Handler {
	a := &api{ws: ws, mux: http.NewServeMux()}
	a.routes()
	return a
}

type api struct {
	ws  *workspace.Workspace
	mux *http.ServeMux
}

// apiFunc handles one route: it returns the answer (encoded with status
// 200, see writeAnswer) or an error (see writeError).
type apiFunc func(w http.ResponseWriter, r *http.Request) (any, error)

func (a *api) routes() {
	h := func(pattern string, f apiFunc) {
		a.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			v, err := f(w, r)
			if err != nil {
				writeError(w, err)
				return
			}
			writeAnswer(w, http.StatusOK, v)
		})
	}
	h("GET /mocks", a.listMocks)
	h("POST /mocks", a.createMock)
	h("GET /mocks/{mockId}", a.getMock)
	h("PUT /mocks/{mockId}", a.updateMock)
	h("DELETE /mocks/{mockId}", a.deleteMock)
	h("POST /mocks/{mockId}/publish", a.publishMock)
	h("DELETE /mocks/{mockId}/unpublish", a.unpublishMock)
	for _, sr := range []string{"server-responses", "serverResponses"} {
		h("GET /mocks/{mockId}/"+sr, srRoute(a.listServerResponses))
		h("POST /mocks/{mockId}/"+sr, srRoute(a.createServerResponse))
		h("GET /mocks/{mockId}/"+sr+"/{serverResponseId}", srRoute(a.getServerResponse))
		h("PUT /mocks/{mockId}/"+sr+"/{serverResponseId}", srRoute(a.updateServerResponse))
		h("DELETE /mocks/{mockId}/"+sr+"/{serverResponseId}", srRoute(a.deleteServerResponse))
	}
	h("GET /mocks/{mockId}/call-logs", a.callLogs)
	h("GET /mocks/{mockId}/scenario", a.getScenario) // extension (scenario.go)
	h("PUT /mocks/{mockId}/scenario", a.putScenario)
	h("DELETE /mocks/{mockId}/scenario", a.deleteScenario)
	h("GET /collections", a.listCollections)
	h("POST /collections", a.createCollection)
	h("GET /collections/{collectionId}", a.getCollection)
	h("DELETE /collections/{collectionId}", a.deleteCollection)
	h("GET /environments", a.listEnvironments)
	h("POST /environments", a.createEnvironment)
	h("GET /environments/{environmentId}", a.getEnvironment)
	h("DELETE /environments/{environmentId}", a.deleteEnvironment)
}

// ServeHTTP authenticates the request, then routes it.
func (a *api) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := a.authenticate(r); err != nil {
		writeError(w, err)
		return
	}
	h, pattern := a.mux.Handler(r)
	if pattern != "" {
		a.mux.ServeHTTP(w, r) // sets the path values
		return
	}
	// No route: the mux's handler answers 404, or 405 with an Allow
	// header; keep its status and Allow, answer a JSON body.
	c := &captureWriter{header: http.Header{}}
	h.ServeHTTP(c, r)
	if c.status == http.StatusMethodNotAllowed {
		allow := c.header.Get("Allow")
		w.Header().Set("Allow", allow)
		writeError(w, &apierr.Error{Status: http.StatusMethodNotAllowed, Name: "methodNotAllowedError",
			Message: fmt.Sprintf("%s is not allowed on %s; allowed: %s.", r.Method, r.URL.Path, allow)})
		return
	}
	writeError(w, &apierr.Error{Status: http.StatusNotFound, Name: "notFoundError",
		Message: fmt.Sprintf("Requested resource not found: no endpoint %s %s.", r.Method, r.URL.Path)})
}

// captureWriter keeps the status and headers a handler writes.
type captureWriter struct {
	header http.Header
	status int
}

func (c *captureWriter) Header() http.Header         { return c.header }
func (c *captureWriter) Write(p []byte) (int, error) { return len(p), nil }
func (c *captureWriter) WriteHeader(status int)      { c.status = status }

// API-key errors (docs/postman-api.md#errors).
const (
	apiKeyMissing = "API Key missing. Every request requires an API Key to be sent."
	apiKeyInvalid = "Invalid API Key. Every request requires a valid API Key to be sent."
)

// authenticate checks the x-api-key header against the workspace's keys in
// constant time (hashes are compared, so key lengths do not leak either).
func (a *api) authenticate(r *http.Request) error {
	got := r.Header.Get("X-Api-Key")
	if got == "" {
		return &apierr.Error{Status: http.StatusUnauthorized, Name: "AuthenticationError", Message: apiKeyMissing, Kind: apierr.ErrUnauthorized}
	}
	sum := sha256.Sum256([]byte(got))
	ok := 0
	for _, k := range a.ws.APIKeys() {
		if k == "" {
			continue
		}
		ks := sha256.Sum256([]byte(k))
		ok |= subtle.ConstantTimeCompare(sum[:], ks[:])
	}
	if ok != 1 {
		return &apierr.Error{Status: http.StatusUnauthorized, Name: "AuthenticationError", Message: apiKeyInvalid, Kind: apierr.ErrUnauthorized}
	}
	return nil
}

// ---- JSON answers (docs/postman-api.md): every shape the API writes. ----

type (
	mockAnswer struct {
		Mock workspace.MockInfo `json:"mock"`
	}
	mocksAnswer struct {
		Mocks []workspace.MockInfo `json:"mocks"`
	}
	mockIDAnswer struct {
		Mock struct {
			ID string `json:"id"`
		} `json:"mock"`
	}
	mockDeletedAnswer struct {
		Mock resourceRef `json:"mock"`
	}

	// resourceRef is the {"id","uid"} answer of a delete.
	resourceRef struct {
		ID  string `json:"id"`
		UID string `json:"uid"`
	}

	collectionAnswer struct {
		Collection workspace.CollectionInfo `json:"collection"`
	}
	collectionDeletedAnswer struct {
		Collection resourceRef `json:"collection"`
	}
	collectionsAnswer struct {
		Collections []listedResource `json:"collections"`
	}
	// collectionDocAnswer stands for a collection added through Go, whose
	// JSON the handler never saw.
	collectionDocAnswer struct {
		Collection collectionDoc `json:"collection"`
	}
	collectionDoc struct {
		Info collectionInfoBlock `json:"info"`
		Item []any               `json:"item"`
	}
	collectionInfoBlock struct {
		ID     string `json:"_postman_id"`
		Name   string `json:"name"`
		Schema string `json:"schema,omitempty"`
	}

	environmentAnswer struct {
		Environment workspace.EnvironmentInfo `json:"environment"`
	}
	environmentDeletedAnswer struct {
		Environment resourceRef `json:"environment"`
	}
	environmentsAnswer struct {
		Environments []listedResource `json:"environments"`
	}
	environmentDocAnswer struct {
		Environment environmentDoc `json:"environment"`
	}

	// listedResource is a collection or environment in a list.
	listedResource struct {
		ID    string `json:"id"`
		Name  string `json:"name"`
		Owner string `json:"owner"`
		UID   string `json:"uid"`
	}
	environmentDoc struct {
		ID     string             `json:"id"`
		Name   string             `json:"name"`
		Values []environmentValue `json:"values"`
	}
	environmentValue struct {
		Key     string `json:"key"`
		Value   string `json:"value"`
		Enabled bool   `json:"enabled"`
		Type    string `json:"type"`
	}

	errorAnswer struct {
		Error errorBody `json:"error"`
	}
	errorBody struct {
		Name    string         `json:"name"`
		Header  string         `json:"header,omitempty"`
		Message string         `json:"message"`
		Details map[string]any `json:"details,omitempty"`
	}
	serverErrorAnswer struct {
		Error struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"error"`
	}
)

// rawAnswer is JSON written as is.
type rawAnswer []byte

const jsonContentType = "application/json; charset=utf-8"

// writeAnswer writes v as JSON with status.
func writeAnswer(w http.ResponseWriter, status int, v any) {
	var body []byte
	if raw, ok := v.(rawAnswer); ok {
		body = raw
	} else {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(v); err != nil {
			writeError(w, fmt.Errorf("encoding the answer: %w", err))
			return
		}
		body = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	}
	w.Header().Set("Content-Type", jsonContentType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// writeError writes err as a Postman API error: {"error":{"name",
// "header"?, "message","details"?}} for an *apierr.Error, else a 500
// {"error":{"type","message"}}.
func writeError(w http.ResponseWriter, err error) {
	var e *apierr.Error
	if !errors.As(err, &e) {
		var a serverErrorAnswer
		a.Error.Type = "serverError"
		a.Error.Message = err.Error()
		writeAnswer(w, http.StatusInternalServerError, a)
		return
	}
	status := e.Status
	if status == 0 {
		status = http.StatusBadRequest
	}
	writeAnswer(w, status, errorAnswer{errorBody{Name: e.Name, Header: e.Header, Message: e.Message, Details: e.Details}})
}

// ---- request bodies ----

// readBody reads the request body, at most MaxBody bytes, without a
// leading UTF-8 byte-order mark.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, &apierr.Error{Status: http.StatusRequestEntityTooLarge, Name: "payloadTooLargeError",
				Message: fmt.Sprintf("The request body is larger than %d bytes.", int64(MaxBody))}
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			// The server's body deadline passed (cmd/postmock sets one).
			return nil, &apierr.Error{Status: http.StatusRequestTimeout, Name: "requestTimeoutError",
				Message: "The request body did not arrive in time."}
		}
		return nil, apierr.Malformed("Cannot read the request body: " + err.Error())
	}
	return bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")), nil
}

// envelope reads a body of the form {"<key>": {...}} and returns the inner
// object.
func envelope(w http.ResponseWriter, r *http.Request, key string) (json.RawMessage, error) {
	body, err := readBody(w, r)
	if err != nil {
		return nil, err
	}
	shape := fmt.Sprintf(`{"%s": {...}}`, key)
	if !json.Valid(body) {
		var probe struct{}
		err := json.Unmarshal(body, &probe)
		if len(bytes.TrimSpace(body)) == 0 {
			err = errors.New("empty body")
		}
		return nil, apierr.Malformed(fmt.Sprintf("The request body is not valid JSON (%v); want %s.", err, shape))
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return nil, apierr.Malformed("The request body must be a JSON object: " + shape + ".")
	}
	inner, ok := top[key]
	if !ok || !isJSONObject(inner) {
		return nil, apierr.Malformed(fmt.Sprintf(`The request body needs a %q object: %s.`, key, shape))
	}
	return inner, nil
}

// envelopeFields is envelope, with the inner object's members.
func envelopeFields(w http.ResponseWriter, r *http.Request, key string) (json.RawMessage, fields, error) {
	inner, err := envelope(w, r, key)
	if err != nil {
		return nil, nil, err
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(inner, &m); err != nil {
		return nil, nil, apierr.Malformed(fmt.Sprintf("%q must be an object.", key))
	}
	return inner, fields(m), nil
}

func isJSONObject(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && t[0] == '{'
}

func isJSONNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

// fields are the members of a request object, decoded on demand with type
// checks: a member of the wrong JSON type is an invalidParamsError naming
// it. Unknown members are ignored, as the Postman API ignores them.
type fields map[string]json.RawMessage

// str returns a string member; nil when absent or null.
func (f fields) str(name string) (*string, error) {
	v, ok := f[name]
	if !ok || isJSONNull(v) {
		return nil, nil
	}
	var s string
	if json.Unmarshal(v, &s) != nil {
		return nil, apierr.InvalidParams(fmt.Sprintf("%s must be a string, got %s.", name, excerpt(v)), name)
	}
	return &s, nil
}

// nullableStr is str, with null read as "".
func (f fields) nullableStr(name string) (*string, error) {
	if v, ok := f[name]; ok && isJSONNull(v) {
		s := ""
		return &s, nil
	}
	return f.str(name)
}

// boolean returns a boolean member; nil when absent or null.
func (f fields) boolean(name string) (*bool, error) {
	v, ok := f[name]
	if !ok || isJSONNull(v) {
		return nil, nil
	}
	var b bool
	if json.Unmarshal(v, &b) != nil {
		return nil, apierr.InvalidParams(fmt.Sprintf("%s must be true or false, got %s.", name, excerpt(v)), name)
	}
	return &b, nil
}

// excerpt shortens a JSON value for an error message.
func excerpt(v json.RawMessage) string {
	s := string(bytes.TrimSpace(v))
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return s
}

// settings decodes the config member of a mock body: serverResponseId
// (string, or null to deactivate) and the Go-only matchBody,
// matchQueryParams, matchWildcards, headers and delay, and the extensions
// preferSuccess and exact (booleans), defaultHeaders (an object of x-mock-*
// header names and values; null removes them), matchBodyMode ("exact" or
// "subset") and ignoreBodyPaths (gjson paths). nil when absent or null.
func (f fields) settings() (*workspace.ConfigUpdate, error) {
	v, ok := f["config"]
	if !ok || isJSONNull(v) {
		return nil, nil
	}
	if !isJSONObject(v) {
		return nil, apierr.InvalidParams(fmt.Sprintf("config must be an object, got %s.", excerpt(v)), "config")
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(v, &m) != nil {
		return nil, apierr.InvalidParams("config must be an object.", "config")
	}
	c := fields(m)
	var s workspace.ConfigUpdate
	var err error
	if s.MatchBody, err = c.boolean("matchBody"); err != nil {
		return nil, err
	}
	if s.MatchQueryParams, err = c.boolean("matchQueryParams"); err != nil {
		return nil, err
	}
	if s.MatchWildcards, err = c.boolean("matchWildcards"); err != nil {
		return nil, err
	}
	if s.ServerResponseID, err = c.nullableStr("serverResponseId"); err != nil {
		return nil, err
	}
	// Extensions for tests: prefer-success ties and exact mode.
	if s.PreferSuccess, err = c.boolean("preferSuccess"); err != nil {
		return nil, err
	}
	if s.Exact, err = c.boolean("exact"); err != nil {
		return nil, err
	}
	if h, ok := c["headers"]; ok {
		hs := []string{}
		if !isJSONNull(h) && json.Unmarshal(h, &hs) != nil {
			return nil, apierr.InvalidParams(fmt.Sprintf("headers must be an array of header names, got %s.", excerpt(h)), "headers")
		}
		s.Headers = &hs
	}
	if h, ok := c["defaultHeaders"]; ok {
		hs := map[string]string{} // null: none
		if !isJSONNull(h) && (!isJSONObject(h) || json.Unmarshal(h, &hs) != nil) {
			return nil, apierr.InvalidParams(fmt.Sprintf(`defaultHeaders must be an object of x-mock-* header names and string values, e.g. {"x-mock-response-code":"200"}, got %s.`, excerpt(h)), "defaultHeaders")
		}
		s.DefaultHeaders = &hs
	}
	if s.MatchBodyMode, err = c.str("matchBodyMode"); err != nil {
		return nil, err
	}
	if p, ok := c["ignoreBodyPaths"]; ok {
		ps := []string{}
		if !isJSONNull(p) && json.Unmarshal(p, &ps) != nil {
			return nil, apierr.InvalidParams(fmt.Sprintf("ignoreBodyPaths must be an array of gjson paths, got %s.", excerpt(p)), "ignoreBodyPaths")
		}
		s.IgnoreBodyPaths = &ps
	}
	if d, ok := c["delay"]; ok {
		s.Delay = &workspace.Delay{} // null: no delay
		if !isJSONNull(d) {
			const want = `delay must be null, {"type":"fixed","preset":"1"|"2"} or {"type":"fixed","duration":<ms>}`
			if !isJSONObject(d) || json.Unmarshal(d, s.Delay) != nil || *s.Delay == (workspace.Delay{}) {
				return nil, apierr.InvalidParams(fmt.Sprintf("%s, got %s.", want, excerpt(d)), "delay")
			}
		}
	}
	return &s, nil
}

// ---- mocks ----

func (a *api) listMocks(_ http.ResponseWriter, r *http.Request) (any, error) {
	return mocksAnswer{a.ws.ListMocks(r.URL.Query().Get("workspace"))}, nil
}

func (a *api) createMock(w http.ResponseWriter, r *http.Request) (any, error) {
	_, f, err := envelopeFields(w, r, "mock")
	if err != nil {
		return nil, err
	}
	spec := workspace.NewMock{Workspace: r.URL.Query().Get("workspace")}
	for _, s := range []struct {
		name string
		dst  *string
	}{{"collection", &spec.Collection}, {"environment", &spec.Environment}, {"name", &spec.Name}} {
		v, err := f.str(s.name)
		if err != nil {
			return nil, err
		}
		if v != nil {
			*s.dst = *v
		}
	}
	private, err := f.boolean("private")
	if err != nil {
		return nil, err
	}
	spec.Private = private != nil && *private
	if spec.Config, err = f.settings(); err != nil {
		return nil, err
	}
	info, err := a.ws.CreateMock(spec)
	if err != nil {
		return nil, err
	}
	return mockAnswer{info}, nil
}

func (a *api) getMock(_ http.ResponseWriter, r *http.Request) (any, error) {
	info, err := a.ws.GetMock(r.PathValue("mockId"))
	if err != nil {
		return nil, err
	}
	return mockAnswer{info}, nil
}

func (a *api) updateMock(w http.ResponseWriter, r *http.Request) (any, error) {
	_, f, err := envelopeFields(w, r, "mock")
	if err != nil {
		return nil, err
	}
	var u workspace.MockUpdate
	if u.Name, err = f.str("name"); err != nil {
		return nil, err
	}
	if u.Collection, err = f.str("collection"); err != nil {
		return nil, err
	}
	if u.Environment, err = f.nullableStr("environment"); err != nil {
		return nil, err
	}
	if u.Description, err = f.nullableStr("description"); err != nil {
		return nil, err
	}
	if u.VersionTag, err = f.nullableStr("versionTag"); err != nil {
		return nil, err
	}
	if u.Private, err = f.boolean("private"); err != nil {
		return nil, err
	}
	if u.Config, err = f.settings(); err != nil {
		return nil, err
	}
	info, err := a.ws.UpdateMock(r.PathValue("mockId"), u)
	if err != nil {
		return nil, err
	}
	return mockAnswer{info}, nil
}

func (a *api) deleteMock(_ http.ResponseWriter, r *http.Request) (any, error) {
	info, err := a.ws.DeleteMock(r.PathValue("mockId"))
	if err != nil {
		return nil, err
	}
	return mockDeletedAnswer{resourceRef{info.ID, info.UID}}, nil
}

func (a *api) publishMock(_ http.ResponseWriter, r *http.Request) (any, error) {
	return mockID(a.ws.PublishMock(r.PathValue("mockId")))
}

func (a *api) unpublishMock(_ http.ResponseWriter, r *http.Request) (any, error) {
	return mockID(a.ws.UnpublishMock(r.PathValue("mockId")))
}

func mockID(info workspace.MockInfo, err error) (any, error) {
	if err != nil {
		return nil, err
	}
	var ans mockIDAnswer
	ans.Mock.ID = info.ID
	return ans, nil
}

// ---- server responses ----

// srRoute gives the 404s of a server-response route the "header" member
// Postman's have there (docs/postman-api.md#errors): "Server response not found",
// or "Mock not found" when the mock is unknown.
func srRoute(f apiFunc) apiFunc {
	return func(w http.ResponseWriter, r *http.Request) (any, error) {
		v, err := f(w, r)
		var e *apierr.Error
		if errors.As(err, &e) && e.Status == http.StatusNotFound && e.Header == "" {
			c := *e
			c.Header = "Mock not found"
			return nil, &c
		}
		return v, err
	}
}

func (a *api) listServerResponses(_ http.ResponseWriter, r *http.Request) (any, error) {
	srs, err := a.ws.ListServerResponses(r.PathValue("mockId"))
	if err != nil {
		return nil, err
	}
	out := make([]serverresponse.Summary, len(srs))
	for i, sr := range srs {
		out[i] = sr.Summary()
	}
	return out, nil
}

func (a *api) createServerResponse(w http.ResponseWriter, r *http.Request) (any, error) {
	body, err := readBody(w, r)
	if err != nil {
		return nil, err
	}
	f, err := serverresponse.ParseFields(body)
	if err != nil {
		return nil, err
	}
	return a.ws.CreateServerResponse(r.PathValue("mockId"), f)
}

func (a *api) getServerResponse(_ http.ResponseWriter, r *http.Request) (any, error) {
	return a.ws.GetServerResponse(r.PathValue("mockId"), r.PathValue("serverResponseId"))
}

func (a *api) updateServerResponse(w http.ResponseWriter, r *http.Request) (any, error) {
	body, err := readBody(w, r)
	if err != nil {
		return nil, err
	}
	f, err := serverresponse.ParseFields(body)
	if err != nil {
		return nil, err
	}
	return a.ws.UpdateServerResponse(r.PathValue("mockId"), r.PathValue("serverResponseId"), f)
}

func (a *api) deleteServerResponse(_ http.ResponseWriter, r *http.Request) (any, error) {
	sr, err := a.ws.DeleteServerResponse(r.PathValue("mockId"), r.PathValue("serverResponseId"))
	if err != nil {
		return nil, err
	}
	return sr.Deleted(), nil
}

// ---- call logs ----

func (a *api) callLogs(_ http.ResponseWriter, r *http.Request) (any, error) {
	id := r.PathValue("mockId")
	if _, err := a.ws.Mock(id); err != nil {
		return nil, err
	}
	q, err := calllog.ParseQuery(r.URL.Query())
	if err != nil {
		var qe *calllog.QueryError
		if errors.As(err, &qe) {
			return nil, apierr.InvalidParams(qe.Error(), qe.Param)
		}
		return nil, apierr.InvalidParams(err.Error())
	}
	page, err := a.ws.CallLogs(id, q)
	if err != nil {
		return nil, err
	}
	return rawAnswer(page.AppendJSON(nil)), nil
}

// ---- collections ----

func (a *api) listCollections(_ http.ResponseWriter, _ *http.Request) (any, error) {
	cs := a.ws.Collections()
	out := make([]listedResource, len(cs))
	for i, c := range cs {
		out[i] = listedResource{ID: c.ID, Name: c.Name, Owner: a.ws.Owner(), UID: c.UID}
	}
	return collectionsAnswer{out}, nil
}

func (a *api) createCollection(w http.ResponseWriter, r *http.Request) (any, error) {
	inner, err := envelope(w, r, "collection")
	if err != nil {
		return nil, err
	}
	info, err := a.ws.AddCollectionJSON(inner)
	if err != nil {
		return nil, err
	}
	return collectionAnswer{info}, nil
}

func (a *api) getCollection(_ http.ResponseWriter, r *http.Request) (any, error) {
	raw, c, info, err := a.ws.CollectionJSON(r.PathValue("collectionId"))
	if err != nil {
		return nil, err
	}
	if raw != nil {
		b := make([]byte, 0, len(raw)+16)
		b = append(b, `{"collection":`...)
		b = append(b, raw...)
		return rawAnswer(append(b, '}')), nil
	}
	// Added through Go: only what the workspace keeps.
	return collectionDocAnswer{collectionDoc{Info: collectionInfoBlock{info.ID, info.Name, c.Info.Schema}, Item: []any{}}}, nil
}

func (a *api) deleteCollection(_ http.ResponseWriter, r *http.Request) (any, error) {
	info, err := a.ws.RemoveCollection(r.PathValue("collectionId"))
	if err != nil {
		return nil, err
	}
	return collectionDeletedAnswer{resourceRef{info.ID, info.UID}}, nil
}

// ---- environments ----

func (a *api) listEnvironments(_ http.ResponseWriter, _ *http.Request) (any, error) {
	es := a.ws.Environments()
	out := make([]listedResource, len(es))
	for i, e := range es {
		out[i] = listedResource{ID: e.ID, Name: e.Name, Owner: a.ws.Owner(), UID: e.UID}
	}
	return environmentsAnswer{out}, nil
}

func (a *api) createEnvironment(w http.ResponseWriter, r *http.Request) (any, error) {
	inner, f, err := envelopeFields(w, r, "environment")
	if err != nil {
		return nil, err
	}
	name, err := f.str("name")
	if err != nil {
		return nil, err
	}
	if name == nil || strings.TrimSpace(*name) == "" {
		return nil, apierr.ParamMissing("An environment needs a name.", "name")
	}
	var env *collection.Environment
	if v, ok := f["values"]; !ok || isJSONNull(v) {
		id, err := f.str("id")
		if err != nil {
			return nil, err
		}
		env = &collection.Environment{Name: *name}
		if id != nil {
			env.ID = *id
		}
	} else if env, err = collection.ParseEnvironment(inner); err != nil {
		return nil, apierr.Malformed("The environment is not a valid Postman environment: " + err.Error())
	}
	info, err := a.ws.AddEnvironment(env)
	if err != nil {
		return nil, err
	}
	return environmentAnswer{info}, nil
}

func (a *api) getEnvironment(_ http.ResponseWriter, r *http.Request) (any, error) {
	env, info, err := a.ws.Environment(r.PathValue("environmentId"))
	if err != nil {
		return nil, err
	}
	doc := environmentDoc{ID: info.ID, Name: info.Name, Values: make([]environmentValue, len(env.Values))}
	for i, v := range env.Values {
		typ := v.Type
		if typ == "" {
			typ = "default"
		}
		doc.Values[i] = environmentValue{Key: v.Key, Value: v.Value, Enabled: !v.Disabled, Type: typ}
	}
	return environmentDocAnswer{doc}, nil
}

func (a *api) deleteEnvironment(_ http.ResponseWriter, r *http.Request) (any, error) {
	info, err := a.ws.RemoveEnvironment(r.PathValue("environmentId"))
	if err != nil {
		return nil, err
	}
	return environmentDeletedAnswer{resourceRef{info.ID, info.UID}}, nil
}
