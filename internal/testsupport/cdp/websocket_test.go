package cdp

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"testing"
)

// pipeConn is a wsConn whose frames are written to buf.
func pipeConn(buf *bytes.Buffer) *wsConn {
	c1, c2 := net.Pipe()
	go io.Copy(buf, c2)
	return &wsConn{c: c1}
}

func TestClientFramesAreMaskedAndReadBackWhole(t *testing.T) {
	for _, n := range []int{0, 1, 125, 126, 65535, 65536, 200000} {
		var out bytes.Buffer
		c1, c2 := net.Pipe()
		w := &wsConn{c: c1}
		payload := bytes.Repeat([]byte("a"), n)
		go func() { w.writeFrame(opText, payload); c1.Close() }()
		raw, _ := io.ReadAll(c2)
		out.Write(raw)
		if raw[1]&0x80 == 0 {
			t.Errorf("%d bytes: frame not masked", n)
		}
		if n > 0 && bytes.Contains(raw[2:], payload[:min(n, 8)]) && n >= 8 {
			t.Errorf("%d bytes: payload sent in clear", n)
		}
		fin, op, got, err := readFrame(&out, MaxMessage)
		if err != nil || !fin || op != opText || !bytes.Equal(got, payload) {
			t.Errorf("%d bytes: read back fin=%v op=%d %d bytes, %v", n, fin, op, len(got), err)
		}
	}
}

func TestReadMessageJoinsFragmentsAndAnswersPings(t *testing.T) {
	var in bytes.Buffer
	in.Write([]byte{0x01, 3}) // text, not final
	in.WriteString("abc")
	in.Write([]byte{0x89, 2}) // ping in between
	in.WriteString("hi")
	in.Write([]byte{0x80, 2}) // final continuation
	in.WriteString("de")
	var sent bytes.Buffer
	w := pipeConn(&sent)
	defer w.Close()
	w.r = bufio.NewReader(&in)
	msg, err := w.readMessage()
	if err != nil || string(msg) != "abcde" {
		t.Errorf("message %q, %v; want abcde", msg, err)
	}
}

func TestReadFrameRefusesWhatBreaksTheProtocolOrTheLimit(t *testing.T) {
	for name, raw := range map[string][]byte{
		"reserved bits":      {0xF1, 0},
		"long control frame": {0x89, 126, 0, 200},
		"fragmented control": {0x09, 0},
		"past the limit":     {0x82, 127, 0, 0, 0, 1, 0, 0, 0, 0},
		"huge 64-bit length": {0x82, 127, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF},
	} {
		if _, _, _, err := readFrame(bytes.NewReader(raw), 1<<20); !errors.Is(err, ErrFrame) {
			t.Errorf("%s: err %v, want ErrFrame", name, err)
		}
	}
	if _, _, _, err := readFrame(bytes.NewReader([]byte{0x81, 5, 'a'}), 1<<20); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("cut frame: err %v, want io.ErrUnexpectedEOF", err)
	}
}

func TestHandshakeChecksTheAcceptKey(t *testing.T) {
	for _, tc := range []struct {
		name   string
		accept func(key string) string
		ok     bool
	}{
		{"right key", acceptKey, true},
		{"wrong key", func(string) string { return "nope" }, false},
	} {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close()
			req, err := http.ReadRequest(bufio.NewReader(c))
			if err != nil {
				return
			}
			io.WriteString(c, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: "+
				tc.accept(req.Header.Get("Sec-WebSocket-Key"))+"\r\n\r\n")
			io.Copy(io.Discard, c)
		}()
		w, err := dialWebSocket("ws://" + ln.Addr().String() + "/devtools/page/1")
		if tc.ok != (err == nil) || !tc.ok && !errors.Is(err, ErrHandshake) {
			t.Errorf("%s: err %v", tc.name, err)
		}
		if w != nil {
			w.Close()
		}
		ln.Close()
	}
	// RFC 6455's own example.
	if got := acceptKey("dGhlIHNhbXBsZSBub25jZQ=="); got != "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=" {
		t.Errorf("acceptKey = %s", got)
	}
}

// Any bytes from the browser: an error or a frame within the limit, never
// a panic or an allocation past it.
func FuzzReadFrame(f *testing.F) {
	f.Add([]byte{0x81, 3, 'a', 'b', 'c'})
	f.Add([]byte{0x82, 126, 0, 4, 1, 2, 3, 4})
	f.Add([]byte{0x89, 0x81, 1, 2, 3, 4, 'x'})
	f.Add([]byte{0x82, 127, 0, 0, 0, 0, 0, 0, 0, 2, 'h', 'i'})
	f.Fuzz(func(t *testing.T, raw []byte) {
		_, _, payload, err := readFrame(bytes.NewReader(raw), 1024)
		if err == nil && len(payload) > 1024 {
			t.Fatalf("payload of %d bytes past the limit", len(payload))
		}
		if err == nil && len(payload) > len(raw) {
			t.Fatalf("payload of %d bytes from %d input bytes", len(payload), len(raw))
		}
	})
}
