package calllog

import "errors"

// ErrInvalidParams is wrapped by every error Query and ParseQuery return: a
// query parameter with an invalid value, a garbled cursor or a cursor reused
// with other filters. The Postman API answers these with HTTP 400
// invalidParamsError.
var ErrInvalidParams = errors.New("invalid params")

// QueryError reports which query parameter was invalid (Param, the Postman
// API's name for it, such as "limit") and why (Message). It wraps
// ErrInvalidParams, so errors.Is(err, ErrInvalidParams) holds.
type QueryError struct {
	Param   string // query parameter name: "limit", "since", "cursor", ...
	Message string // what was wrong, e.g. "want 1–100, got 101"
}

// Error formats the error as "param: message".
func (e *QueryError) Error() string { return e.Param + ": " + e.Message }

// Unwrap returns ErrInvalidParams.
func (e *QueryError) Unwrap() error { return ErrInvalidParams }

func invalid(param, msg string) error { return &QueryError{Param: param, Message: msg} }
