package record_test

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/postmock/postmock/record"
)

// TestStreamedBodiesReachTheCallerAsTheyCome has the target send a first
// line, then wait until the caller has read it through the recorder
// before sending the rest: a recorder that buffered the body would never
// pass the first line on, and the test would end at its ceiling.
func TestStreamedBodiesReachTheCallerAsTheyCome(t *testing.T) {
	firstRead := make(chan struct{})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprint(w, "data: first\n\n")
		w.(http.Flusher).Flush()
		select {
		case <-firstRead:
		case <-r.Context().Done():
			return
		}
		fmt.Fprint(w, "data: second\n\n")
	}))
	defer up.Close()
	rec, err := record.New(up.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Close()
	proxy := httptest.NewServer(rec)
	defer proxy.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // guards against a hang only
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", proxy.URL+"/events", nil)
	resp, err := proxy.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rd := bufio.NewReader(resp.Body)
	line, err := rd.ReadString('\n')
	if err != nil || line != "data: first\n" {
		t.Fatalf("first line %q, %v: the streamed body did not reach the caller as it came", line, err)
	}
	close(firstRead)
	rest := ""
	for err == nil {
		var s string
		s, err = rd.ReadString('\n')
		rest += s
	}
	if rest != "\ndata: second\n\n" {
		t.Errorf("rest of the stream %q", rest)
	}
}
