package mock

import (
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
)

// ErrHandlerPanic is wrapped by the error an in-process RoundTrip returns
// when the handler it runs (an override's Go code, say) panics: a server
// would recover the panic and drop the connection, so the client gets an
// error, not the panic.
var ErrHandlerPanic = errors.New("the mock's handler panicked")

// recoverRoundTrip turns a panic of the handler a RoundTrip runs into
// its error. Deferred by each in-process RoundTrip.
func recoverRoundTrip(resp **http.Response, err *error) {
	p := recover()
	if p == nil {
		return
	}
	*resp = nil
	if p == http.ErrAbortHandler {
		// A handler's way to drop the connection: net/http recovers it
		// quietly, and the client sees the connection end.
		*err = fmt.Errorf("%w: %w", ErrHandlerPanic, http.ErrAbortHandler)
		return
	}
	const maxStack = 4 << 10 // enough for the frames that matter
	stack := debug.Stack()
	if len(stack) > maxStack {
		stack = stack[:maxStack]
	}
	*err = fmt.Errorf("%w: %v\n%s", ErrHandlerPanic, p, stack)
}
