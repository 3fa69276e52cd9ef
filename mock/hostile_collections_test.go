package mock_test

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/mock"
)

// Bounds of what loading a hostile collection (collection.Parse and
// mock.New) may allocate: loadAllocFactor times the file's size plus
// loadAllocFixed bytes (100k examples take about 19x), and one allocation
// per loadBytesPerAlloc bytes of the file plus loadAllocsFixed (they take
// one per 7 bytes). A blow-up goes far past both.
const (
	loadAllocFactor   = 32
	loadAllocFixed    = 16 << 20
	loadBytesPerAlloc = 4
	loadAllocsFixed   = 10000
)

const schema21 = `"info":{"name":"hostile","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}`

func example(i int, path, body string) string {
	return fmt.Sprintf(`{"name":"r%d","request":{"method":"GET","url":"{{baseUrl}}/%s"},"response":[{"id":"e%07d","name":"r%d","code":200,"originalRequest":{"method":"GET","url":"{{baseUrl}}/%s"},"body":%q}]}`,
		i, path, i, i, path, body)
}

// TestHostileCollectionsLoadOrFailClearly: collections built to hurt load
// with a clear error or in bounded time and memory, and then serve.
func TestHostileCollectionsLoadOrFailClearly(t *testing.T) {
	bigBody := strings.Repeat("x", 50<<20)
	tests := []struct {
		name    string
		build   func() []byte
		wantErr error
		path    string
		status  int
		check   func(t *testing.T, body string)
	}{
		{"variable cycle", func() []byte {
			return []byte(`{` + schema21 + `,"variable":[{"key":"a","value":"{{b}}"},{"key":"b","value":"{{a}}"},{"key":"baseUrl","value":"{{a}}"}],"item":[` +
				example(1, "users", "{{a}} and {{b}}") + `]}`)
		}, nil, "/users", 200, func(t *testing.T, body string) {
			if !strings.Contains(body, "{{") {
				t.Errorf("a cycle resolved to %q", body)
			}
		}},
		{"variables that double at every pass", func() []byte {
			vars := `{"key":"v0","value":"xxxxxxxxxxxxxxxx"}`
			for i := 1; i < 40; i++ {
				vars += fmt.Sprintf(`,{"key":"v%d","value":"{{v%d}}{{v%d}}"}`, i, i-1, i-1)
			}
			return []byte(`{` + schema21 + `,"variable":[` + vars + `],"item":[` + example(1, "users", "{{v39}}") + `]}`)
		}, nil, "/users", 200, func(t *testing.T, body string) {
			if len(body) > 4<<20 {
				t.Errorf("rendered %d bytes", len(body))
			}
		}},
		{"100k examples", func() []byte {
			var b bytes.Buffer
			b.WriteString(`{` + schema21 + `,"item":[`)
			for i := range 100000 {
				if i > 0 {
					b.WriteByte(',')
				}
				b.WriteString(example(i, fmt.Sprintf("r%d/items", i), "ok"))
			}
			b.WriteString(`]}`)
			return b.Bytes()
		}, nil, "/r99999/items", 200, nil},
		{"folders nested 10k levels", func() []byte {
			return []byte(`{` + schema21 + `,"item":[` + strings.Repeat(`{"name":"f","item":[`, 10000) + strings.Repeat(`]}`, 10000) + `]}`)
		}, collection.ErrTooLarge, "", 0, nil},
		{"a 50 MB example body", func() []byte {
			return []byte(`{` + schema21 + `,"item":[` + example(1, "big", bigBody) + `]}`)
		}, nil, "/big", 200, func(t *testing.T, body string) {
			if len(body) != len(bigBody) {
				t.Errorf("served %d bytes, want %d", len(body), len(bigBody))
			}
		}},
		{"a file over the 64 MiB cap", func() []byte {
			return []byte(`{` + schema21 + `,"item":[` + example(1, "big", strings.Repeat("y", 65<<20)) + `]}`)
		}, collection.ErrTooLarge, "", 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := tt.build()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			c, err := collection.Parse(data)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("err = %v, want %v", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			m, err := mock.New(c)
			if err != nil {
				t.Fatal(err)
			}
			runtime.ReadMemStats(&after)
			// Work done rather than time taken (a busy machine is slow):
			// loading allocates a few times the file's size, plus a
			// fixed part. A blow-up (a variable expanded at every
			// pass, a quadratic index) allocates far more.
			alloc, mallocs := after.TotalAlloc-before.TotalAlloc, after.Mallocs-before.Mallocs
			t.Logf("load of %d bytes: %d bytes allocated (%.1fx) in %d allocations", len(data), alloc, float64(alloc)/float64(len(data)), mallocs)
			if limit := loadAllocFactor*uint64(len(data)) + loadAllocFixed; alloc > limit {
				t.Errorf("load of %d bytes allocated %d bytes, want at most %d", len(data), alloc, limit)
			}
			if limit := uint64(len(data)/loadBytesPerAlloc + loadAllocsFixed); mallocs > limit {
				t.Errorf("load of %d bytes made %d allocations, want at most %d", len(data), mallocs, limit)
			}
			r := do(t, m, "GET", tt.path, nil, "")
			if r.status != tt.status {
				t.Fatalf("GET %s: %d", tt.path, r.status)
			}
			if tt.check != nil {
				tt.check(t, r.body)
			}
		})
	}
}
