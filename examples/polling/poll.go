package polling

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Job is what GET /jobs/{id} answers.
type Job struct {
	ID     string `json:"id"`
	State  string `json:"state"` // pending, done or failed
	Result string `json:"result"`
}

// Wait polls baseURL/jobs/id every interval until the job is no longer
// pending, and returns it with the number of calls made. A job that fails
// is an error.
func Wait(ctx context.Context, client *http.Client, baseURL, id string, interval time.Duration) (Job, int, error) {
	for polls := 1; ; polls++ {
		job, err := get(ctx, client, baseURL+"/jobs/"+id)
		if err != nil {
			return Job{}, polls, err
		}
		switch job.State {
		case "done":
			return job, polls, nil
		case "failed":
			return job, polls, fmt.Errorf("job %s failed", id)
		}
		select {
		case <-ctx.Done():
			return Job{}, polls, ctx.Err()
		case <-time.After(interval):
		}
	}
}

func get(ctx context.Context, client *http.Client, url string) (Job, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return Job{}, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return Job{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Job{}, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	var job Job
	if err := json.NewDecoder(resp.Body).Decode(&job); err != nil {
		return Job{}, fmt.Errorf("GET %s: %w", url, err)
	}
	return job, nil
}
