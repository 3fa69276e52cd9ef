// Package cdp drives a headless Chromium through the DevTools protocol,
// with the standard library only, for tests of postmock's web page: it
// starts the browser, opens its page target over a small WebSocket client,
// and sends commands (navigate, evaluate JavaScript, capture a
// screenshot). Test support only: runtime packages never import it.
package cdp

import (
	"bufio"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// Browser is a running headless Chromium. Close stops it and every process
// it started.
type Browser struct {
	cmd     *exec.Cmd
	wsURL   string // the browser target's DevTools URL
	httpURL string // http://127.0.0.1:PORT
	exited  chan struct{}
	stderr  *tail
}

// ErrNoDevTools is the error of a browser that exited or stayed silent
// without printing its DevTools URL.
var ErrNoDevTools = errors.New("cdp: the browser printed no DevTools URL")

// Start runs binary (chromium) headless with a fresh profile in dir and
// returns once its DevTools endpoint listens; ctx bounds the wait.
func Start(ctx context.Context, binary, dir string) (*Browser, error) {
	cmd := exec.Command(binary, "--headless=new", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
		"--user-data-dir="+dir, "--no-first-run", "--no-default-browser-check", "--disable-gpu",
		"--disable-extensions", "--disable-background-networking", "--disable-sync", "--metrics-recording-only",
		"--no-sandbox", // tests often run as root in containers, where the sandbox cannot start
		"--window-size=1280,800", "about:blank")
	setProcessGroup(cmd)
	errPipe, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	b := &Browser{cmd: cmd, exited: make(chan struct{}), stderr: &tail{}}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(errPipe)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			b.stderr.add(line)
			if rest, ok := strings.CutPrefix(line, "DevTools listening on "); ok && !sent {
				found <- strings.TrimSpace(rest)
				sent = true
			}
		}
		io.Copy(io.Discard, errPipe)
		cmd.Wait()
		close(b.exited)
	}()
	select {
	case u := <-found:
		b.wsURL = u
		hostPort := strings.TrimPrefix(u, "ws://")
		hostPort, _, _ = strings.Cut(hostPort, "/")
		b.httpURL = "http://" + hostPort
		return b, nil
	case <-b.exited:
		return nil, fmt.Errorf("%w; it exited: %s", ErrNoDevTools, b.stderr)
	case <-ctx.Done():
		b.Close()
		return nil, fmt.Errorf("%w within the wait: %v; stderr: %s", ErrNoDevTools, ctx.Err(), b.stderr)
	}
}

// Close kills the browser's process group and waits for it to exit.
func (b *Browser) Close() error {
	killProcessGroup(b.cmd)
	select {
	case <-b.exited:
	case <-time.After(30 * time.Second):
		return errors.New("cdp: the browser did not exit within 30 s of being killed")
	}
	return nil
}

// Stderr returns the last lines the browser printed, for failure messages.
func (b *Browser) Stderr() string { return b.stderr.String() }

// Page connects to the browser's first page target (the about:blank tab it
// opened).
func (b *Browser) Page(ctx context.Context) (*Page, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", b.httpURL+"/json/list", nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	var targets []struct {
		Type string `json:"type"`
		WS   string `json:"webSocketDebuggerUrl"`
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&targets); err != nil {
		return nil, fmt.Errorf("cdp: /json/list: %w", err)
	}
	for _, t := range targets {
		if t.Type == "page" && t.WS != "" {
			return openPage(t.WS)
		}
	}
	return nil, errors.New("cdp: the browser has no page target")
}

// Page is a connection to one page target.
type Page struct {
	ws      *wsConn
	mu      sync.Mutex
	nextID  int64
	waiting map[int64]chan reply
	done    chan struct{} // closed when the read loop ends
	err     error         // why it ended
}

type reply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func openPage(wsURL string) (*Page, error) {
	ws, err := dialWebSocket(wsURL)
	if err != nil {
		return nil, err
	}
	p := &Page{ws: ws, waiting: map[int64]chan reply{}, done: make(chan struct{})}
	go p.readLoop()
	return p, nil
}

// readLoop hands each reply to its caller; events are dropped.
func (p *Page) readLoop() {
	defer close(p.done)
	for {
		msg, err := p.ws.readMessage()
		if err != nil {
			p.mu.Lock()
			p.err = err
			p.mu.Unlock()
			return
		}
		var m struct {
			ID int64 `json:"id"`
			reply
		}
		if json.Unmarshal(msg, &m) != nil || m.ID == 0 {
			continue // an event
		}
		p.mu.Lock()
		ch := p.waiting[m.ID]
		delete(p.waiting, m.ID)
		p.mu.Unlock()
		if ch != nil {
			ch <- m.reply
		}
	}
}

// Close closes the connection and waits for its reader to end.
func (p *Page) Close() error {
	p.ws.writeFrame(opClose, nil)
	err := p.ws.Close()
	<-p.done
	return err
}

// Call sends a DevTools command and decodes its result into result (if
// not nil).
func (p *Page) Call(ctx context.Context, method string, params, result any) error {
	if params == nil {
		params = struct{}{}
	}
	ch := make(chan reply, 1)
	p.mu.Lock()
	p.nextID++
	id := p.nextID
	p.waiting[id] = ch
	p.mu.Unlock()
	msg, err := json.Marshal(map[string]any{"id": id, "method": method, "params": params})
	if err != nil {
		return err
	}
	if err := p.ws.writeFrame(opText, msg); err != nil {
		return fmt.Errorf("cdp: %s: %w", method, err)
	}
	select {
	case r := <-ch:
		if r.Error != nil {
			return fmt.Errorf("cdp: %s: %s (%d)", method, r.Error.Message, r.Error.Code)
		}
		if result != nil {
			return json.Unmarshal(r.Result, result)
		}
		return nil
	case <-p.done:
		p.mu.Lock()
		defer p.mu.Unlock()
		return fmt.Errorf("cdp: %s: connection ended: %v", method, p.err)
	case <-ctx.Done():
		p.mu.Lock()
		delete(p.waiting, id)
		p.mu.Unlock()
		return fmt.Errorf("cdp: %s: %w", method, ctx.Err())
	}
}

// Navigate loads url in the page (it returns once the navigation is
// committed, not loaded: wait for the DOM with WaitFor).
func (p *Page) Navigate(ctx context.Context, url string) error {
	var r struct {
		ErrorText string `json:"errorText"`
	}
	if err := p.Call(ctx, "Page.navigate", map[string]any{"url": url}, &r); err != nil {
		return err
	}
	if r.ErrorText != "" {
		return fmt.Errorf("cdp: navigate %s: %s", url, r.ErrorText)
	}
	return nil
}

// Eval evaluates a JavaScript expression in the page (awaiting a promise)
// and decodes its value, which must be JSON, into out (if not nil).
func (p *Page) Eval(ctx context.Context, expr string, out any) error {
	var r struct {
		Result struct {
			Value json.RawMessage `json:"value"`
		} `json:"result"`
		Exception *struct {
			Text      string `json:"text"`
			Exception struct {
				Description string `json:"description"`
			} `json:"exception"`
		} `json:"exceptionDetails"`
	}
	err := p.Call(ctx, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}, &r)
	if err != nil {
		return err
	}
	if r.Exception != nil {
		return fmt.Errorf("cdp: %s: %s %s", expr, r.Exception.Text, r.Exception.Exception.Description)
	}
	if out != nil && len(r.Result.Value) > 0 {
		return json.Unmarshal(r.Result.Value, out)
	}
	return nil
}

// WaitFor evaluates expr every 50 ms until it is true (an exception, such
// as an element not there yet, counts as false); ctx is the ceiling.
// The error says what expr was and, if describe is not empty, what the
// describe expression shows at that point.
func (p *Page) WaitFor(ctx context.Context, expr, describe string) error {
	for {
		var ok bool
		if err := p.Eval(ctx, "(() => { try { return Boolean("+expr+") } catch (e) { return false } })()", &ok); err != nil {
			return err
		}
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			var state any
			if describe != "" {
				dctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				p.Eval(dctx, describe, &state)
				cancel()
			}
			return fmt.Errorf("cdp: waiting for %s: %w; page shows %v", expr, ctx.Err(), state)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// Screenshot sizes the viewport to width×height and writes a PNG of it to
// path.
func (p *Page) Screenshot(ctx context.Context, width, height int, path string) error {
	if err := p.Call(ctx, "Emulation.setDeviceMetricsOverride", map[string]any{
		"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600}, nil); err != nil {
		return err
	}
	// Let the page lay out at the new size.
	if err := p.Eval(ctx, "new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))", nil); err != nil {
		return err
	}
	var r struct {
		Data string `json:"data"`
	}
	if err := p.Call(ctx, "Page.captureScreenshot", map[string]any{"format": "png"}, &r); err != nil {
		return err
	}
	png, err := base64.StdEncoding.DecodeString(r.Data)
	if err != nil {
		return err
	}
	return os.WriteFile(path, png, 0o644)
}

// tail keeps the last lines a process printed.
type tail struct {
	mu    sync.Mutex
	lines []string
}

func (t *tail) add(line string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.lines = append(t.lines, line)
	if len(t.lines) > 20 {
		t.lines = t.lines[1:]
	}
}

func (t *tail) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.Join(t.lines, "\n")
}
