package retrying_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/postmock/postmock/examples/retrying"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/mocktest"
)

// fakeTime is a clock for the mock and a sleep for the client: sleeping
// moves the clock on at once, and is recorded.
type fakeTime struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func (f *fakeTime) Now() time.Time { f.mu.Lock(); defer f.mu.Unlock(); return f.now }

func (f *fakeTime) Sleep(_ context.Context, d time.Duration) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
	f.sleeps = append(f.sleeps, d)
	return nil
}

func TestPostRetriesA503AfterItsRetryAfter(t *testing.T) {
	srv := mocktest.New(t, "orders.postman_collection.json")
	srv.Sequence("POST /orders", "busy", "busy", "created")
	ft := &fakeTime{}
	c := &retrying.Client{HTTP: srv.Client(), Sleep: ft.Sleep}

	status, body, attempts, err := c.Post(context.Background(), srv.URL+"/orders", []byte(`{"sku":"A-1"}`))
	if err != nil || status != 201 || attempts != 3 || string(body) != `{"id":"o-1001","status":"accepted"}` {
		t.Fatalf("Post = %d %s after %d attempts, %v", status, body, attempts, err)
	}
	// The saved 503 says Retry-After: 2.
	if want := []time.Duration{2 * time.Second, 2 * time.Second}; !slices.Equal(ft.sleeps, want) {
		t.Errorf("slept %v, want %v", ft.sleeps, want)
	}
}

func TestPostWaitsOutTheRateLimit(t *testing.T) {
	ft := &fakeTime{now: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	srv := mocktest.New(t, "orders.postman_collection.json",
		mocktest.WithoutListener(),
		mocktest.WithMockOptions(mock.WithClock(ft.Now)),
		// Two calls a minute; mock.PostmanRateLimit is Postman's 120.
		mocktest.RateLimit(mock.RateLimit{Calls: 2, Window: time.Minute}),
		mocktest.WithHeader("x-mock-response-name", "created"))
	c := &retrying.Client{HTTP: srv.Client(), Sleep: ft.Sleep}

	var attempts []int
	for range 3 {
		status, _, n, err := c.Post(context.Background(), "https://api.example.com/orders", []byte(`{}`))
		if err != nil || status != 201 {
			t.Fatalf("Post = %d, %v", status, err)
		}
		attempts = append(attempts, n)
	}
	// The third order got a 429 with Retry-After: 60 (the window started
	// with the first call, and no time had passed), slept it, and went
	// through in the next window.
	if !slices.Equal(attempts, []int{1, 1, 2}) || !slices.Equal(ft.sleeps, []time.Duration{time.Minute}) {
		t.Errorf("attempts %v, sleeps %v; want [1 1 2] and [1m0s]", attempts, ft.sleeps)
	}
	if e := srv.Entries()[2]; e.Response.StatusCode != 429 || e.Scenario != "rate-limit" {
		t.Errorf("third call logged as %d %q", e.Response.StatusCode, e.Scenario)
	}
}

func TestPostSurvivesSeededChaos(t *testing.T) {
	run := func() []int {
		srv := mocktest.New(t, "orders.postman_collection.json",
			mocktest.WithoutListener(),
			mocktest.WithHeader("x-mock-response-name", "created"),
			// A third of the calls fail with a 503; seed 7 picks which.
			mocktest.Chaos(mock.Chaos{Rate: 0.33, Seed: 7, Status: 503}))
		c := &retrying.Client{HTTP: srv.Client(), Sleep: (&fakeTime{}).Sleep, MaxAttempts: 10}
		var attempts []int
		for range 10 {
			status, _, n, err := c.Post(context.Background(), "https://api.example.com/orders", []byte(`{}`))
			if err != nil || status != 201 {
				t.Fatalf("Post = %d, %v", status, err)
			}
			attempts = append(attempts, n)
		}
		return attempts
	}
	first, second := run(), run()
	t.Logf("attempts per order: %v", first)
	if !slices.Equal(first, second) {
		t.Errorf("the same seed gave %v, then %v", first, second)
	}
	if !slices.ContainsFunc(first, func(n int) bool { return n > 1 }) {
		t.Errorf("no order needed a retry: %v", first)
	}
}
