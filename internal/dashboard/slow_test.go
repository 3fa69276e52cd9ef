package dashboard

import (
	"bufio"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestAStreamThePageStopsReadingEnds opens a live stream that never reads
// past its headers while the mock serves calls with long paths: once the
// connection's buffers fill, a write waits streamWriteTimeout and the
// stream ends, giving back its slot (a goroutine blocked in Write would
// keep it until shutdown).
func TestAStreamThePageStopsReadingEnds(t *testing.T) {
	defer func(d time.Duration) { streamWriteTimeout = d }(streamWriteTimeout)
	streamWriteTimeout = 100 * time.Millisecond
	m := newShop(t)
	d := New(FromMock(m, "shop"))
	defer d.Close()
	srv := httptest.NewServer(d)
	defer srv.Close()

	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.(*net.TCPConn).SetReadBuffer(4096)
	fmt.Fprintf(conn, "GET /api/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReaderSize(conn, 16), nil)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("stream: %v %v", resp, err)
	}
	// From here on the client reads nothing.
	long := "/users/42?pad=" + strings.Repeat("x", 64<<10)
	deadline := time.Now().Add(60 * time.Second) // guards against a hang only
	for len(d.streams) > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the stream of a page that stopped reading is still open")
		}
		for range 8 {
			call(t, m, "GET", long, nil)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
