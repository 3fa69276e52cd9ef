package mock_test

import (
	"errors"
	"io"
	"math"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/mock"
)

const jobs = "testdata/jobs.postman_collection.json"

// get calls h in-process through its Transport, as a client would.
func get(t *testing.T, m *mock.Mock, method, path string, hdr map[string]string, body string) (*http.Response, string, error) {
	t.Helper()
	req, err := http.NewRequest(method, "http://mock.local"+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := (&http.Client{Transport: m.Transport()}).Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

func mustGet(t *testing.T, m *mock.Mock, method, path string) (int, string) {
	t.Helper()
	resp, body, err := get(t, m, method, path, nil, "")
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp.StatusCode, body
}

func TestSequenceServesStepsInOrderThenRepeatsLast(t *testing.T) {
	m := newMock(t, jobs, mock.WithScenario(mock.Scenario{Sequences: []mock.Sequence{
		{Name: "poll", Pattern: "GET /jobs/{id}", Steps: mock.Steps("pending", "pending", "job-done")},
	}}))
	var states []string
	for range 5 {
		_, body := mustGet(t, m, "GET", "/jobs/42")
		states = append(states, body)
	}
	want := []string{
		`{"id":"42","state":"pending"}`, `{"id":"42","state":"pending"}`, `{"id":"42","state":"done"}`,
		`{"id":"42","state":"done"}`, `{"id":"42","state":"done"}`,
	}
	if !slices.Equal(states, want) {
		t.Fatalf("bodies:\n got %q\nwant %q", states, want)
	}
	var steps []int
	for _, e := range m.Calls().All() {
		if e.Scenario != "sequence poll" {
			t.Errorf("Scenario = %q, want %q", e.Scenario, "sequence poll")
		}
		steps = append(steps, e.ScenarioStep)
	}
	if !slices.Equal(steps, []int{1, 2, 3, 3, 3}) {
		t.Errorf("steps = %v, want [1 2 3 3 3]", steps)
	}
}

func TestSequenceAnswers404AfterEndWhenAsked(t *testing.T) {
	m := newMock(t, jobs, mock.WithScenario(mock.Scenario{Sequences: []mock.Sequence{
		{Pattern: "GET /jobs/{id}", Steps: mock.Steps("done"), AfterEnd: mock.NotFoundAfterEnd},
	}}))
	if code, _ := mustGet(t, m, "GET", "/jobs/1"); code != 200 {
		t.Fatalf("first call: %d", code)
	}
	code, body := mustGet(t, m, "GET", "/jobs/1")
	if code != 404 || body != mock.NotFoundBody {
		t.Fatalf("after the end: %d %s", code, body)
	}
	if e := m.Calls().All()[1]; e.Scenario != "sequence GET /jobs/{id}" || e.ScenarioStep != 0 || e.Matched {
		t.Errorf("log of the 404: scenario %q step %d matched %v", e.Scenario, e.ScenarioStep, e.Matched)
	}
}

func TestCallsOutsideScenarioPatternsAreMatchedAsUsual(t *testing.T) {
	m := newMock(t, jobs, mock.WithScenario(mock.Scenario{Sequences: []mock.Sequence{
		{Pattern: "GET /jobs/{id}", Steps: mock.Steps("pending")},
	}}))
	for range 2 {
		if code, body := mustGet(t, m, "GET", "/health"); code != 200 || body != "ok" {
			t.Fatalf("GET /health: %d %q", code, body)
		}
		// POST /jobs/1 is not the sequence's method: the collection has
		// nothing for it.
		if code, _ := mustGet(t, m, "POST", "/jobs/1"); code != 404 {
			t.Fatalf("POST /jobs/1: %d", code)
		}
	}
	for _, e := range m.Calls().All() {
		if e.Scenario != "" {
			t.Errorf("%s %s logged as scenario %q", e.Request.Method, e.Request.Path, e.Scenario)
		}
	}
}

func TestBadScenariosAreRefusedAtSetup(t *testing.T) {
	h := func(http.ResponseWriter, *http.Request, mock.Fallback) {}
	tests := []struct {
		name string
		s    mock.Scenario
		want string // in the message
	}{
		{"unknown example", mock.Scenario{Sequences: []mock.Sequence{{Pattern: "GET /jobs/{id}", Steps: mock.Steps("pending", "donee")}}}, `step 2: no such example named or with id "donee"`},
		{"bad step fault", mock.Scenario{Sequences: []mock.Sequence{{Pattern: "GET /jobs/{id}", Steps: []mock.Step{{Fault: "timeout"}}}}}, `unknown fault "timeout"`},
		{"no steps", mock.Scenario{Sequences: []mock.Sequence{{Name: "empty", Pattern: "GET /x"}}}, `sequence "empty" has no steps`},
		{"empty step", mock.Scenario{Sequences: []mock.Sequence{{Pattern: "GET /x", Steps: []mock.Step{{}}}}}, `names neither an example nor a fault`},
		{"bad pattern", mock.Scenario{Faults: []mock.RouteFault{{Pattern: "GET jobs", Fault: mock.FaultEmptyResponse}}}, `fault 1 (GET jobs)`},
		{"same pattern twice", mock.Scenario{Faults: []mock.RouteFault{{Pattern: "/x", Fault: mock.FaultEmptyResponse}}, Overrides: []mock.Override{{Pattern: "/x", Handler: h}}}, `already scripted`},
		{"conflicting patterns", mock.Scenario{Faults: []mock.RouteFault{{Pattern: "GET /a/{x}", Fault: mock.FaultEmptyResponse}, {Pattern: "GET /{y}/b", Fault: mock.FaultEmptyResponse}}}, `conflicts`},
		{"route fault without fault", mock.Scenario{Faults: []mock.RouteFault{{Pattern: "/x"}}}, `names no fault`},
		{"override without handler", mock.Scenario{Overrides: []mock.Override{{Pattern: "/x"}}}, `has no handler`},
		{"chaos rate 2.0", mock.Scenario{Chaos: mock.Chaos{Rate: 2.0}}, `chaos rate 2 is outside 0–1`},
		{"chaos rate NaN", mock.Scenario{Chaos: mock.Chaos{Rate: math.NaN()}}, `chaos rate NaN`},
		{"chaos status", mock.Scenario{Chaos: mock.Chaos{Rate: 0.5, Status: 99}}, `chaos status 99`},
		{"chaos fault", mock.Scenario{Chaos: mock.Chaos{Rate: 0.5, Fault: "boom"}}, `unknown fault "boom"`},
		{"negative rate limit", mock.Scenario{RateLimit: mock.RateLimit{Calls: -1}}, `negative`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := loadColl(t, jobs)
			_, err := mock.New(c, mock.WithScenario(tt.s))
			if !errors.Is(err, mock.ErrInvalidScenario) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("New: %v; want ErrInvalidScenario saying %q", err, tt.want)
			}
			m, err := mock.New(c)
			if err != nil {
				t.Fatal(err)
			}
			if err := m.SetScenario(tt.s); !errors.Is(err, mock.ErrInvalidScenario) {
				t.Fatalf("SetScenario: %v", err)
			}
			if code, _ := mustGet(t, m, "GET", "/health"); code != 200 {
				t.Errorf("after a refused scenario: %d", code)
			}
		})
	}
}

func TestSharedExampleNameIsNarrowedByMethodElseNeedsAnID(t *testing.T) {
	c := loadColl(t, jobs)
	for _, ex := range c.Examples() {
		if ex.ID == "order-created" {
			ex.Name = "pending" // now a POST and a GET example share it
		}
	}
	m, err := mock.New(c)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.AddSequence(mock.Sequence{Pattern: "GET /jobs/{id}", Steps: mock.Steps("pending")}); err != nil {
		t.Fatalf("the GET pattern picks the GET example: %v", err)
	}
	if _, body := mustGet(t, m, "GET", "/jobs/3"); body != `{"id":"3","state":"pending"}` {
		t.Fatalf("served %s", body)
	}
	err = m.AddSequence(mock.Sequence{Pattern: "/other/{id}", Steps: mock.Steps("pending")})
	if !errors.Is(err, mock.ErrInvalidScenario) || !strings.Contains(err.Error(), "ids job-pending, order-created") {
		t.Fatalf("a pattern without a method: %v", err)
	}
}

// faultCheck says whether a client's outcome is what a fault should give.
var faultChecks = map[mock.Fault]func(t *testing.T, resp *http.Response, body string, err error){
	mock.FaultConnectionReset: func(t *testing.T, _ *http.Response, _ string, err error) {
		var ue *url.Error
		var oe *net.OpError
		if !errors.As(err, &ue) || !errors.As(err, &oe) || !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("want *url.Error wrapping *net.OpError wrapping ECONNRESET, got %T %v", err, err)
		}
	},
	mock.FaultEmptyResponse: func(t *testing.T, _ *http.Response, _ string, err error) {
		if !errors.Is(err, io.EOF) {
			t.Errorf("want EOF, got %v", err)
		}
	},
	mock.FaultMalformedChunk: func(t *testing.T, resp *http.Response, _ string, err error) {
		if resp == nil || resp.StatusCode != 200 || err == nil {
			t.Errorf("want a 200 whose body fails, got %v, %v", resp, err)
		}
	},
	mock.FaultRandomDataThenClose: func(t *testing.T, _ *http.Response, _ string, err error) {
		var ue *url.Error
		if !errors.As(err, &ue) {
			t.Errorf("want a *url.Error, got %T %v", err, err)
		}
	},
}

// call does one GET with client, returning the body read error too.
func call(client *http.Client, target string, hdr map[string]string) (*http.Response, string, error) {
	req, _ := http.NewRequest("GET", target, nil)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, string(b), err
}

func TestFaultsFailLikeNetworksOverSocketAndTransport(t *testing.T) {
	for _, f := range mock.Faults {
		for _, via := range []string{"socket", "tls", "transport"} {
			t.Run(string(f)+"/"+via, func(t *testing.T) {
				m := newMock(t, jobs)
				if err := m.AddFault("GET /health", f); err != nil {
					t.Fatal(err)
				}
				client, base := &http.Client{Transport: m.Transport()}, "http://mock.local"
				if via != "transport" {
					srv := httptest.NewUnstartedServer(m)
					if via == "tls" {
						srv.StartTLS()
					} else {
						srv.Start()
					}
					defer srv.Close()
					// No retries of idempotent calls on a fresh connection: the
					// client must see the first failure.
					tr := srv.Client().Transport.(*http.Transport).Clone()
					tr.DisableKeepAlives = true
					defer tr.CloseIdleConnections()
					client, base = &http.Client{Transport: tr}, srv.URL
				}
				resp, body, err := call(client, base+"/health", nil)
				faultChecks[f](t, resp, body, err)
				es := m.Calls().All()
				if len(es) != 1 || es[0].Fault != string(f) || es[0].Scenario != "fault GET /health" {
					t.Fatalf("call log: %+v", es)
				}
			})
		}
	}
}

func TestExampleFaultHeaderFailsItsCalls(t *testing.T) {
	m := newMock(t, jobs)
	_, _, err := get(t, m, "GET", "/flaky", nil, "")
	faultChecks[mock.FaultConnectionReset](t, nil, "", err)
	e := m.Calls().All()[0]
	if e.Fault != "connection-reset" || e.ExampleID != "flaky-reset" {
		t.Errorf("log: fault %q example %q", e.Fault, e.ExampleID)
	}
	// Other calls of that mock are served as usual.
	if code, _ := mustGet(t, m, "GET", "/health"); code != 200 {
		t.Errorf("GET /health: %d", code)
	}
}

func TestExampleWithBadFaultHeaderIsRefusedAtNew(t *testing.T) {
	c := loadColl(t, jobs)
	for _, ex := range c.Examples() {
		if ex.ID == "flaky-reset" {
			ex.Header[0].Value = "connection-rest"
		}
	}
	_, err := mock.New(c)
	if !errors.Is(err, mock.ErrInvalidScenario) || !errors.Is(err, mock.ErrBadFault) || !strings.Contains(err.Error(), `example "reset"`) {
		t.Fatalf("New: %v", err)
	}
}

func TestCallFaultHeader(t *testing.T) {
	m := newMock(t, jobs)
	_, _, err := get(t, m, "GET", "/health", map[string]string{"X-Mock-Fault": " Empty-Response"}, "")
	faultChecks[mock.FaultEmptyResponse](t, nil, "", err)
	resp, body, err := get(t, m, "GET", "/health", map[string]string{"X-Mock-Fault": "slow"}, "")
	if err != nil || resp.StatusCode != 400 || body != mock.BadFaultBody {
		t.Fatalf("bad x-mock-fault: %v %v %s", resp, err, body)
	}
	es := m.Calls().All()
	if es[0].Fault != "empty-response" || es[0].Scenario != "x-mock-fault" || es[1].Fault != "" {
		t.Errorf("log: %q %q / %q", es[0].Fault, es[0].Scenario, es[1].Fault)
	}
}

func TestSequenceStepFault(t *testing.T) {
	m := newMock(t, jobs, mock.WithScenario(mock.Scenario{Sequences: []mock.Sequence{{
		Pattern: "GET /jobs/{id}",
		Steps:   []mock.Step{{Fault: mock.FaultConnectionReset}, {Example: "pending", Fault: mock.FaultEmptyResponse}, {Example: "done"}},
	}}}))
	_, _, err := get(t, m, "GET", "/jobs/9", nil, "")
	faultChecks[mock.FaultConnectionReset](t, nil, "", err)
	_, _, err = get(t, m, "GET", "/jobs/9", nil, "")
	faultChecks[mock.FaultEmptyResponse](t, nil, "", err)
	if _, body := mustGet(t, m, "GET", "/jobs/9"); body != `{"id":"9","state":"done"}` {
		t.Fatalf("third call: %s", body)
	}
	es := m.Calls().All()
	if es[1].ExampleName != "pending" || es[1].Fault != "empty-response" || es[1].ScenarioStep != 2 {
		t.Errorf("step 2 logged as %+v", es[1])
	}
}

func TestOverrideWritesOrHandsBack(t *testing.T) {
	m := newMock(t, jobs, mock.WithSeed(1))
	var mu sync.Mutex
	seen := map[string]int{}
	err := m.AddOverride("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request, fb mock.Fallback) {
		mu.Lock()
		seen[r.PathValue("id")]++
		n := seen[r.PathValue("id")]
		mu.Unlock()
		switch {
		case r.PathValue("id") == "gone":
			http.Error(w, "gone", http.StatusGone)
		case n == 1:
			if err := fb.ServeExample("nope"); !errors.Is(err, mock.ErrUnknownExample) {
				t.Errorf("ServeExample(nope): %v", err)
			}
			fb.Serve()
		default:
			if err := fb.ServeExample("created"); err != nil {
				t.Error(err)
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := m.AddOverride("POST /orders", func(w http.ResponseWriter, r *http.Request, _ mock.Fallback) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(202)
		_, _ = io.WriteString(w, "got "+string(b))
	}); err != nil {
		t.Fatal(err)
	}
	code, body := mustGet(t, m, "GET", "/orders/7")
	if code != 200 || !strings.HasPrefix(body, `{"id":"7","total":`) {
		t.Fatalf("fallback to the collection: %d %s", code, body)
	}
	if code, body = mustGet(t, m, "GET", "/orders/7"); code != 201 || body != `{"created":true}` {
		t.Fatalf("named example: %d %s", code, body)
	}
	if code, body = mustGet(t, m, "GET", "/orders/gone"); code != 410 || body != "gone\n" {
		t.Fatalf("own answer: %d %q", code, body)
	}
	resp, body, err := get(t, m, "POST", "/orders", nil, `{"n":1}`)
	if err != nil || resp.StatusCode != 202 || body != `got {"n":1}` {
		t.Fatalf("POST /orders: %v %v %q", resp, err, body)
	}
	es := m.Calls().All()
	type logged struct {
		scenario, example string
		status            int
		body              string
	}
	var got []logged
	for _, e := range es {
		got = append(got, logged{e.Scenario, e.ExampleName, e.Response.StatusCode, e.Response.Body.Data})
	}
	want := []logged{
		{"override GET /orders/{id}", "order", 200, es[0].Response.Body.Data},
		{"override GET /orders/{id}", "created", 201, `{"created":true}`},
		{"override GET /orders/{id}", "", 410, "gone\n"},
		{"override POST /orders", "", 202, `got {"n":1}`},
	}
	if !slices.Equal(got, want) {
		t.Errorf("call log:\n got %+v\nwant %+v", got, want)
	}
	if es[3].Request.Body.Data != `{"n":1}` {
		t.Errorf("request body logged as %q", es[3].Request.Body.Data)
	}
}

func TestChaosIsSeededAndReproducible(t *testing.T) {
	run := func(seed uint64) []int {
		m := newMock(t, jobs, mock.WithScenario(mock.Scenario{Chaos: mock.Chaos{Rate: 0.3, Seed: seed, Status: 503}}))
		var codes []int
		for range 200 {
			code, body := mustGet(t, m, "GET", "/health")
			if code == 503 && body != mock.ChaosBody {
				t.Fatalf("chaos body %q", body)
			}
			codes = append(codes, code)
		}
		return codes
	}
	a, b, c := run(7), run(7), run(8)
	if !slices.Equal(a, b) {
		t.Fatal("same seed, different failures")
	}
	if slices.Equal(a, c) {
		t.Error("different seeds, same failures")
	}
	failed := 0
	for _, code := range a {
		if code == 503 {
			failed++
		}
	}
	// 200 draws at 0.3: the mean is 60, the standard deviation 6.5.
	if failed < 30 || failed > 90 {
		t.Errorf("%d of 200 calls failed at rate 0.3", failed)
	}
}

func TestChaosWithFault(t *testing.T) {
	m := newMock(t, jobs, mock.WithScenario(mock.Scenario{Chaos: mock.Chaos{Rate: 1, Fault: mock.FaultConnectionReset}}))
	_, _, err := get(t, m, "GET", "/health", nil, "")
	faultChecks[mock.FaultConnectionReset](t, nil, "", err)
	if e := m.Calls().All()[0]; e.Scenario != "chaos" || e.Fault != "connection-reset" {
		t.Errorf("log: %q %q", e.Scenario, e.Fault)
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	var mu sync.Mutex
	now := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	advance := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	m := newMock(t, jobs, mock.WithClock(clock), mock.WithScenario(mock.Scenario{RateLimit: mock.RateLimit{Calls: 3, Window: time.Minute}}))
	for i := range 3 {
		if code, _ := mustGet(t, m, "GET", "/health"); code != 200 {
			t.Fatalf("call %d: %d", i+1, code)
		}
		advance(10 * time.Second)
	}
	resp, body, err := get(t, m, "GET", "/health", nil, "")
	if err != nil || resp.StatusCode != 429 || body != mock.RateLimitedBody {
		t.Fatalf("4th call: %v %v %s", resp, err, body)
	}
	// The window started 30 s ago: 30 s to go.
	if ra := resp.Header.Get("Retry-After"); ra != "30" {
		t.Errorf("Retry-After = %q, want 30", ra)
	}
	advance(30 * time.Second)
	if code, _ := mustGet(t, m, "GET", "/health"); code != 200 {
		t.Errorf("next window: %d", code)
	}
	if e := m.Calls().All()[3]; e.Scenario != "rate-limit" || e.Response.StatusCode != 429 {
		t.Errorf("log: %q %d", e.Scenario, e.Response.StatusCode)
	}
}

func TestSequenceStepsAreEachServedOnceUnderConcurrency(t *testing.T) {
	const n = 40
	steps := make([]string, n)
	for i := range steps {
		steps[i] = []string{"pending", "done"}[i%2]
	}
	m := newMock(t, jobs, mock.WithScenario(mock.Scenario{Sequences: []mock.Sequence{{Pattern: "GET /jobs/{id}", Steps: mock.Steps(steps...)}}}))
	srv := httptest.NewServer(m)
	defer srv.Close()
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			resp, err := srv.Client().Get(srv.URL + "/jobs/1")
			if err != nil {
				t.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		})
	}
	wg.Wait()
	var got []int
	for _, e := range m.Calls().All() {
		got = append(got, e.ScenarioStep)
	}
	slices.Sort(got)
	for i := range n {
		if i >= len(got) || got[i] != i+1 {
			t.Fatalf("steps served: %v; want each of 1..%d once", got, n)
		}
	}
}

func TestAddingARuleKeepsSequenceProgressAndSetScenarioRestarts(t *testing.T) {
	m := newMock(t, jobs)
	if err := m.AddSequence(mock.Sequence{Pattern: "GET /jobs/{id}", Steps: mock.Steps("pending", "done")}); err != nil {
		t.Fatal(err)
	}
	mustGet(t, m, "GET", "/jobs/1")
	if err := m.AddFault("GET /health", mock.FaultEmptyResponse); err != nil {
		t.Fatal(err)
	}
	if _, body := mustGet(t, m, "GET", "/jobs/1"); !strings.Contains(body, "done") {
		t.Fatalf("after AddFault: %s", body)
	}
	if err := m.SetScenario(m.Scenario()); err != nil {
		t.Fatal(err)
	}
	if _, body := mustGet(t, m, "GET", "/jobs/1"); !strings.Contains(body, "pending") {
		t.Fatalf("after SetScenario: %s", body)
	}
	if err := m.SetScenario(mock.Scenario{}); err != nil {
		t.Fatal(err)
	}
	if code, _ := mustGet(t, m, "GET", "/health"); code != 200 {
		t.Fatalf("after clearing: %d", code)
	}
}

func TestFaultOverAWriterThatCannotHijackAnswers500NotAPanic(t *testing.T) {
	m := newMock(t, jobs)
	r := do(t, m, "GET", "/flaky", nil, "")
	if r.status != 500 || !strings.Contains(r.body, "faultUnsupportedError") {
		t.Fatalf("got %d %s", r.status, r.body)
	}
	if e := m.Calls().All()[0]; e.Fault != "connection-reset" || e.Response.StatusCode != 500 {
		t.Errorf("log: %q %d", e.Fault, e.Response.StatusCode)
	}
}

func TestScriptedMockStillNotesMissesAndFuzzyMatches(t *testing.T) {
	m := newMock(t, jobs, mock.WithExplain(), mock.WithScenario(mock.Scenario{
		Faults: []mock.RouteFault{{Pattern: "GET /nothing-scripted-here", Fault: mock.FaultEmptyResponse}}}))
	if code, _ := mustGet(t, m, "GET", "/nope/nope/nope"); code != 404 {
		t.Fatalf("unmatched call: %d", code)
	}
	if code, _ := mustGet(t, m, "GET", "/HEALTH"); code != 200 {
		t.Fatalf("fuzzy call: %d", code)
	}
	if ms := m.Misses(); len(ms) != 1 || ms[0].Path != "/nope/nope/nope" {
		t.Errorf("Misses = %+v", ms)
	}
	if fs := m.FuzzyMatches(); len(fs) != 1 || fs[0].Path != "/HEALTH" {
		t.Errorf("FuzzyMatches = %+v", fs)
	}
}

func TestSubtreePatternsAndRedirectsServeOnlyRealMatches(t *testing.T) {
	// ServeMux would redirect /jobs to /jobs/; a scenario never does: /jobs
	// is not under the pattern, so the collection answers it (404 here).
	m := newMock(t, jobs, mock.WithScenario(mock.Scenario{Sequences: []mock.Sequence{
		{Pattern: "/jobs/", Steps: mock.Steps("done")},
	}}))
	if code, body := mustGet(t, m, "GET", "/jobs/a/b"); code != 200 || !strings.Contains(body, "done") {
		t.Fatalf("GET /jobs/a/b: %d %s", code, body)
	}
	if code, _ := mustGet(t, m, "GET", "/jobs"); code != 404 {
		t.Fatalf("GET /jobs: %d, want the collection's 404", code)
	}
	if e := m.Calls().All()[1]; e.Scenario != "" {
		t.Errorf("GET /jobs logged as scenario %q", e.Scenario)
	}
}

func TestFaultOverHTTP2AbortsTheStream(t *testing.T) {
	m := newMock(t, jobs)
	if err := m.AddFault("GET /health", mock.FaultConnectionReset); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewUnstartedServer(m)
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	resp, _, err := call(srv.Client(), srv.URL+"/health", nil)
	if err == nil {
		t.Fatalf("HTTP/2 call got %v, want an error", resp.Status)
	}
	// The connection survives the stream: the next call is answered.
	resp, body, err := call(srv.Client(), srv.URL+"/jobs/1", nil)
	if err != nil || resp.ProtoMajor != 2 || resp.StatusCode != 200 {
		t.Fatalf("next call: %v %v %s", resp, err, body)
	}
	if e := m.Calls().All()[0]; e.Fault != "connection-reset" {
		t.Errorf("log: %+v", e)
	}
}

func FuzzScriptedServe(f *testing.F) {
	f.Add("GET", "/jobs/1", "", "")
	f.Add("POST", "/orders/7", "connection-reset", `{"a":1}`)
	f.Add("GET", "/a/../jobs/%zz", "bogus", "")
	f.Add("HEAD", "/health", "EMPTY-RESPONSE", "")
	c := loadColl(f, jobs)
	f.Fuzz(func(t *testing.T, method, target, fault, body string) {
		m, err := mock.New(c, mock.WithScenario(mock.Scenario{
			Sequences: []mock.Sequence{{Pattern: "GET /jobs/{id}", Steps: []mock.Step{{Example: "pending"}, {Fault: mock.FaultEmptyResponse}, {Example: "done"}}}},
			Overrides: []mock.Override{{Pattern: "/orders/{id}", Handler: func(w http.ResponseWriter, r *http.Request, fb mock.Fallback) {
				_, _ = io.ReadAll(r.Body)
				if r.PathValue("id") == "7" {
					fb.Serve()
					return
				}
				_ = fb.ServeExample(r.PathValue("id"))
			}}},
			Faults:    []mock.RouteFault{{Pattern: "/health/{x...}", Fault: mock.FaultMalformedChunk}},
			Chaos:     mock.Chaos{Rate: 0.2, Seed: 1},
			RateLimit: mock.RateLimit{Calls: 2},
		}))
		if err != nil {
			t.Fatal(err)
		}
		req, err := http.NewRequest(method, "http://mock.local"+target, strings.NewReader(body))
		if err != nil {
			return
		}
		if fault != "" {
			req.Header.Set("X-Mock-Fault", fault)
		}
		client := &http.Client{Transport: m.Transport()}
		for range 3 {
			req2 := req.Clone(req.Context())
			req2.Body = io.NopCloser(strings.NewReader(body))
			resp, err := client.Do(req2)
			if err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}
		if n := len(m.Calls().All()); n != 3 {
			t.Fatalf("%d calls logged, want 3", n)
		}
	})
}

func TestAddingARuleKeepsTheRateWindow(t *testing.T) {
	m := newMock(t, jobs, mock.WithScenario(mock.Scenario{RateLimit: mock.RateLimit{Calls: 1}}))
	if code, _ := mustGet(t, m, "GET", "/health"); code != 200 {
		t.Fatalf("first call: %d", code)
	}
	if err := m.AddFault("GET /x", mock.FaultEmptyResponse); err != nil {
		t.Fatal(err)
	}
	if code, _ := mustGet(t, m, "GET", "/health"); code != 429 {
		t.Fatalf("second call after AddFault: %d, want 429 (the window goes on)", code)
	}
}

func TestScriptedMockAnswersCORSPreflightsAsAPlainOneDoes(t *testing.T) {
	m := newMock(t, "testdata/worked.postman_collection.json", mock.WithScenario(mock.Scenario{
		RateLimit: mock.RateLimit{Calls: 100}}))
	resp, _, err := get(t, m, "OPTIONS", "/users",
		map[string]string{"Origin": "http://app.test", "Access-Control-Request-Method": "POST"}, "")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != 204 || resp.Header.Get("Access-Control-Allow-Methods") != "POST" ||
		resp.Header.Get("Access-Control-Max-Age") != "600" {
		t.Fatalf("preflight of a scripted mock: %d %v, want 204 allowing POST", resp.StatusCode, resp.Header)
	}
}

func TestFallbackAfterTheOverrideWroteDoesNothing(t *testing.T) {
	m := newMock(t, jobs)
	if err := m.AddOverride("GET /health", func(w http.ResponseWriter, r *http.Request, fb mock.Fallback) {
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, "mine")
		fb.Serve()
		if err := fb.ServeExample("ok"); err != nil {
			t.Errorf("ServeExample after writing: %v", err)
		}
		if err := fb.ServeFault(mock.FaultConnectionReset); err != nil {
			t.Errorf("ServeFault after writing: %v", err)
		}
	}); err != nil {
		t.Fatal(err)
	}
	resp, body, err := get(t, m, "GET", "/health", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusAccepted || body != "mine" {
		t.Fatalf("got %d %q, want the override's own 202 %q alone", resp.StatusCode, body, "mine")
	}
	calls := m.Calls().All()
	if len(calls) != 1 {
		t.Fatalf("%d calls logged, want 1", len(calls))
	}
	if e := calls[0]; e.Response.StatusCode != http.StatusAccepted || e.Response.Body.Data != "mine" || e.Matched {
		t.Errorf("log: %d %q matched %v, want the override's answer", e.Response.StatusCode, e.Response.Body.Data, e.Matched)
	}
}

func TestFallbackServeNotesMissesAndFuzzyMatches(t *testing.T) {
	// mocktest.Strict reads these: a miss handed back by an override must
	// fail a strict test as any other miss does.
	m := newMock(t, jobs, mock.WithExplain())
	if err := m.AddOverride("/{any...}", func(w http.ResponseWriter, r *http.Request, fb mock.Fallback) { fb.Serve() }); err != nil {
		t.Fatal(err)
	}
	if code, _ := mustGet(t, m, "GET", "/nope/nope"); code != 404 {
		t.Fatalf("unmatched call: %d", code)
	}
	if code, _ := mustGet(t, m, "GET", "/HEALTH"); code != 200 {
		t.Fatalf("fuzzy call: %d", code)
	}
	if ms := m.Misses(); len(ms) != 1 || ms[0].Path != "/nope/nope" {
		t.Errorf("Misses = %+v, want /nope/nope", ms)
	}
	if fs := m.FuzzyMatches(); len(fs) != 1 || fs[0].Path != "/HEALTH" {
		t.Errorf("FuzzyMatches = %+v, want /HEALTH", fs)
	}
}

func TestScriptedMockDrainsALargeBodyAsAPlainOneDoes(t *testing.T) {
	// Body matching is off: the body is drained, not refused, and the call
	// log keeps its first MaxBodyBytes; only an override, which is handed
	// the whole body, needs it under the body limit.
	big := strings.Repeat("x", 5000)
	m := newMock(t, jobs, mock.WithBodyLimit(1000), mock.WithCallLogLimits(calllog.Limits{MaxBodyBytes: 100}),
		mock.WithScenario(mock.Scenario{
			RateLimit: mock.RateLimit{Calls: 100},
			Overrides: []mock.Override{{Pattern: "POST /orders", Handler: func(w http.ResponseWriter, r *http.Request, fb mock.Fallback) {
				fb.Serve()
			}}},
		}))
	resp, body, err := get(t, m, "GET", "/health", nil, big)
	if err != nil || resp.StatusCode != 200 || body != "ok" {
		t.Fatalf("GET /health with a large body: %v %v %q, want 200 ok", err, resp, body)
	}
	e := m.Calls().All()[0]
	kept := len(e.Request.Body.Data) - len(strings.TrimLeft(e.Request.Body.Data, "x"))
	if kept != 100 || e.Request.Body.Dropped != 4900 {
		t.Errorf("logged body: %d bytes kept, %d dropped; want 100 and 4900", kept, e.Request.Body.Dropped)
	}
	if resp, _, err := get(t, m, "POST", "/orders", nil, big); err != nil || resp.StatusCode != 413 {
		t.Fatalf("POST /orders (overridden) with a body past the limit: %v %v, want 413", err, resp)
	}
}
