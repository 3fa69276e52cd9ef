package survivingreset

import (
	"context"
	"errors"
	"io"
	"net/http"
	"syscall"
)

// Get fetches url, trying again (up to attempts times in all) when the
// connection was reset or closed before an answer: such a GET never
// reached a handler that answered, so it is safe to repeat. It returns the
// body and the attempts made.
func Get(ctx context.Context, client *http.Client, url string, attempts int) ([]byte, int, error) {
	var err error
	for n := 1; n <= attempts; n++ {
		var body []byte
		body, err = get(ctx, client, url)
		if err == nil {
			return body, n, nil
		}
		if !retryable(err) {
			return nil, n, err
		}
	}
	return nil, attempts, err
}

// retryable reports a connection that failed under the call: reset, or
// closed before any answer.
func retryable(err error) bool {
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}

func get(ctx context.Context, client *http.Client, url string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
