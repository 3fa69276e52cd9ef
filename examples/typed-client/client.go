package typedclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// User is a user of the API.
type User struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Email string `json:"email"`
}

// NewUser is what CreateUser sends.
type NewUser struct {
	Name  string `json:"name"`
	Email string `json:"email"`
}

// APIError is a non-2xx answer of the API.
type APIError struct {
	StatusCode int
	Code       string // the API's error code, e.g. "not_found"; "" if the body had none
	Message    string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("users API: %d %s: %s", e.StatusCode, e.Code, e.Message)
}

// Client calls the users API.
type Client struct {
	http    *http.Client
	baseURL string
}

// New returns a client of the API at baseURL (such as
// "https://api.example.com") that sends its requests with hc.
func New(hc *http.Client, baseURL string) *Client {
	return &Client{http: hc, baseURL: strings.TrimRight(baseURL, "/")}
}

// GetUser fetches one user.
func (c *Client) GetUser(ctx context.Context, id string) (User, error) {
	var u User
	err := c.do(ctx, http.MethodGet, "/users/"+url.PathEscape(id), nil, &u)
	return u, err
}

// CreateUser creates a user and returns it with its id.
func (c *Client) CreateUser(ctx context.Context, nu NewUser) (User, error) {
	var u User
	err := c.do(ctx, http.MethodPost, "/users", nu, &u)
	return u, err
}

// do sends in (as JSON, when not nil) and decodes a 2xx answer into out.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		apiErr := &APIError{StatusCode: resp.StatusCode, Message: strings.TrimSpace(string(data))}
		var e struct {
			Error struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			} `json:"error"`
		}
		if json.Unmarshal(data, &e) == nil && e.Error.Code != "" {
			apiErr.Code, apiErr.Message = e.Error.Code, e.Error.Message
		}
		return apiErr
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("users API: %s %s: %w", method, path, err)
	}
	return nil
}
