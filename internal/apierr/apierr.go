// Package apierr is the error type of postmock's mock-management API: one
// type carrying the HTTP status, Postman's error name, a message and
// details, matched through errors.Is against a few sentinels. Package
// workspace re-exports it; package serverresponse returns it from its
// validation; package postmanapi writes it as the API's error body.
package apierr

import (
	"errors"
	"net/http"
)

// Sentinels that errors.Is matches against an *Error's kind.
var (
	ErrNotFound      = errors.New("not found")
	ErrParamMissing  = errors.New("parameter missing")
	ErrInvalidParams = errors.New("invalid parameters")
	ErrMalformed     = errors.New("malformed request")
	ErrUnauthorized  = errors.New("unauthorized")
)

// Error is a mock-management error shaped like the Postman API's:
// {"error":{"name","message","details"}} (and "header" on some 404s).
type Error struct {
	Status  int            // HTTP status the Postman API answers with
	Name    string         // Postman's error name, e.g. "invalidParamsError"
	Message string         // what was wrong
	Header  string         // the "header" member of server-response 404s
	Details map[string]any // e.g. {"param": ["statusCode"]}
	Kind    error          // one of the sentinels
}

// Error returns the message, prefixed with the name.
func (e *Error) Error() string { return e.Name + ": " + e.Message }

// Unwrap returns the sentinel kind, so errors.Is(err, ErrNotFound) works.
func (e *Error) Unwrap() error { return e.Kind }

// NotFound is a 404 instanceNotFoundError.
func NotFound(message string) *Error {
	return &Error{Status: http.StatusNotFound, Name: "instanceNotFoundError", Message: message, Kind: ErrNotFound}
}

// ParamMissing is a 400 paramMissingError naming the missing parameters.
func ParamMissing(message string, params ...string) *Error {
	return &Error{Status: http.StatusBadRequest, Name: "paramMissingError", Message: message,
		Details: map[string]any{"param": params}, Kind: ErrParamMissing}
}

// InvalidParams is a 400 invalidParamsError naming the invalid parameters.
func InvalidParams(message string, params ...string) *Error {
	return &Error{Status: http.StatusBadRequest, Name: "invalidParamsError", Message: message,
		Details: map[string]any{"param": params}, Kind: ErrInvalidParams}
}

// Malformed is a 400 malformedRequestError (body not JSON, wrong envelope).
func Malformed(message string) *Error {
	return &Error{Status: http.StatusBadRequest, Name: "malformedRequestError", Message: message, Kind: ErrMalformed}
}
