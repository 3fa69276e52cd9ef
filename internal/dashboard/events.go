package dashboard

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// events is GET /api/events: a server-sent event stream of the mock's new
// calls (docs/dashboard.md#events). Each call is an event "call" whose data
// is a Call; when the page was too slow and calls were dropped, an event
// "dropped" tells it to reload the list. A comment line every 15 s keeps
// the stream open.
func (d *Dashboard) events(w http.ResponseWriter, r *http.Request) {
	if err := d.authorize(r); err != nil {
		writeError(w, err)
		return
	}
	m, err := d.mockOf(r)
	if err != nil {
		writeError(w, err)
		return
	}
	select {
	case d.streams <- struct{}{}:
		defer func() { <-d.streams }()
	default:
		writeError(w, &apiError{http.StatusServiceUnavailable, "too many live streams open; close a tab"})
		return
	}
	select {
	case <-d.done:
		writeError(w, &apiError{http.StatusServiceUnavailable, "shutting down"})
		return
	default:
	}
	rc := http.NewResponseController(w)
	// A stream lives as long as the page, so the server's write deadline
	// (if any) is replaced by one per write: each write may wait
	// streamWriteTimeout for the page to read, and no longer.
	write := func(b []byte) error {
		rc.SetWriteDeadline(time.Now().Add(streamWriteTimeout))
		if _, err := w.Write(b); err != nil {
			return err
		}
		if err := rc.Flush(); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return err
		}
		return nil
	}
	// The connection may serve other requests after the stream.
	defer rc.SetWriteDeadline(time.Time{})
	watch := m.Mock.Calls().Watch(StreamBuffer)
	defer watch.Close()

	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	if write([]byte(": postmock live calls\n\n")) != nil {
		return
	}
	fi := d.folderIndex(m.Mock)
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	var reported int64
	var buf []byte
	for {
		select {
		case <-r.Context().Done():
			return
		case <-d.done:
			return
		case <-tick.C:
			buf = append(buf[:0], ": ping\n\n"...)
		case e := <-watch.C:
			if ix := m.Mock.Index(); fi.ix != ix {
				fi = d.folderIndex(m.Mock)
			}
			data, _ := json.Marshal(pageCall(&e, m.ID, fi))
			buf = append(buf[:0], "event: call\ndata: "...)
			buf = append(buf, data...)
			buf = append(buf, "\n\n"...)
			if n := watch.Dropped(); n > reported {
				buf = append(buf, "event: dropped\ndata: {}\n\n"...)
				reported = n
			}
		}
		if write(buf) != nil {
			return
		}
	}
}
