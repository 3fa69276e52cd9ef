package retrying

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Client posts with retries: a 503 or a 429 is tried again, after the
// answer's Retry-After (seconds) when it has one, else after a backoff that
// doubles from 100 ms.
type Client struct {
	HTTP        *http.Client
	MaxAttempts int                                              // default 5
	Sleep       func(ctx context.Context, d time.Duration) error // default: wait on a timer
}

// Post sends body to url until it is answered with anything but 503 or
// 429, and returns that answer's status and body with the attempts made.
func (c *Client) Post(ctx context.Context, url string, body []byte) (status int, answer []byte, attempts int, err error) {
	maxAttempts := c.MaxAttempts
	if maxAttempts <= 0 {
		maxAttempts = 5
	}
	backoff := 100 * time.Millisecond
	for attempts = 1; ; attempts++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return 0, nil, attempts, err
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := c.HTTP.Do(req)
		if err != nil {
			return 0, nil, attempts, err
		}
		answer, err = io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return 0, nil, attempts, err
		}
		if resp.StatusCode != http.StatusServiceUnavailable && resp.StatusCode != http.StatusTooManyRequests {
			return resp.StatusCode, answer, attempts, nil
		}
		if attempts == maxAttempts {
			return resp.StatusCode, answer, attempts, fmt.Errorf("POST %s: still %s after %d attempts", url, resp.Status, attempts)
		}
		wait := backoff
		if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s >= 0 {
			wait = time.Duration(s) * time.Second
		}
		backoff *= 2
		if err := c.sleep(ctx, wait); err != nil {
			return 0, nil, attempts, err
		}
	}
}

func (c *Client) sleep(ctx context.Context, d time.Duration) error {
	if c.Sleep != nil {
		return c.Sleep(ctx, d)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
