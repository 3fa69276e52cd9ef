package mock_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/postmock/postmock/mock"
)

func TestParseScenarioReadsEveryPart(t *testing.T) {
	got, err := mock.ParseScenario([]byte(`{
  "sequences": [{"name": "poll", "pattern": "GET /jobs/{id}", "afterEnd": "not-found",
                 "steps": ["pending", {"example": "done", "fault": "malformed-chunk"}, {"fault": "connection-reset"}]}],
  "faults": [{"pattern": "GET /flaky", "fault": "empty-response"}],
  "chaos": {"rate": 0.25, "seed": 9, "status": 503, "body": "down", "fault": ""},
  "rateLimit": {"calls": 120, "window": "1m"}
}`))
	if err != nil {
		t.Fatal(err)
	}
	want := mock.Scenario{
		Sequences: []mock.Sequence{{Name: "poll", Pattern: "GET /jobs/{id}", AfterEnd: mock.NotFoundAfterEnd,
			Steps: []mock.Step{{Example: "pending"}, {Example: "done", Fault: mock.FaultMalformedChunk}, {Fault: mock.FaultConnectionReset}}}},
		Faults:    []mock.RouteFault{{Pattern: "GET /flaky", Fault: mock.FaultEmptyResponse}},
		Chaos:     mock.Chaos{Rate: 0.25, Seed: 9, Status: 503, Body: "down"},
		RateLimit: mock.RateLimit{Calls: 120, Window: time.Minute},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("(-want +got)\n%s", d)
	}
}

func TestParseScenarioErrorsNameTheField(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"unknown top field", `{"sequence": []}`, `unknown field "sequence"`},
		{"unknown step field", `{"sequences":[{"pattern":"/x","steps":[{"exmaple":"a"}]}]}`, `sequences[0].steps[0]: bad scenario file: unknown field "exmaple"`},
		{"wrong type", `{"chaos":{"rate":"half"}}`, `field "chaos.rate": want float64, not string`},
		{"bad fault", `{"faults":[{"pattern":"/x","fault":"timeout"}]}`, `faults[0].fault: unknown fault "timeout"`},
		{"bad step fault", `{"sequences":[{"pattern":"/x","steps":[{"fault":"reset"}]}]}`, `sequences[0].steps[0].fault`},
		{"rate 2.0", `{"chaos":{"rate":2.0}}`, `chaos rate 2 is outside 0–1`},
		{"bad window", `{"rateLimit":{"calls":5,"window":"soon"}}`, `rateLimit.window: "soon"`},
		{"bad afterEnd", `{"sequences":[{"pattern":"/x","steps":["a"],"afterEnd":"stop"}]}`, `sequences[0].afterEnd`},
		{"not an object", `[1]`, `want a JSON object`},
		{"trailing data", `{} {}`, `data after the JSON object`},
		{"empty", ``, `empty`},
		{"syntax", `{"faults":[}`, `at byte`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := mock.ParseScenario([]byte(tt.in))
			if !errors.Is(err, mock.ErrScenarioSyntax) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v; want ErrScenarioSyntax containing %q", err, tt.want)
			}
		})
	}
}

func FuzzParseScenario(f *testing.F) {
	f.Add([]byte(`{"sequences":[{"pattern":"GET /jobs/{id}","steps":["a",{"example":"b","fault":"connection-reset"}]}]}`))
	f.Add([]byte(`{"chaos":{"rate":0.5,"seed":1},"rateLimit":{"calls":1,"window":"1s"}}`))
	f.Add([]byte(`{"faults":[{"pattern":"/x","fault":"random-data-then-close"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := mock.ParseScenario(data)
		if err != nil {
			if !errors.Is(err, mock.ErrScenarioSyntax) {
				t.Fatalf("error without ErrScenarioSyntax: %v", err)
			}
			return
		}
		// What parses has valid faults, rates and windows: a collection
		// can only refuse its example names and patterns.
		if s.Chaos.Rate < 0 || s.Chaos.Rate > 1 || s.RateLimit.Calls < 0 || s.RateLimit.Window < 0 {
			t.Fatalf("parsed out of range: %+v", s)
		}
		for _, q := range s.Sequences {
			for _, st := range q.Steps {
				if st.Fault.Validate() != nil {
					t.Fatalf("bad fault parsed: %q", st.Fault)
				}
			}
		}
		for _, rf := range s.Faults {
			if rf.Fault.Validate() != nil {
				t.Fatalf("bad fault parsed: %q", rf.Fault)
			}
		}
	})
}

func TestScenarioJSONRoundTrips(t *testing.T) {
	in := mock.Scenario{
		Sequences: []mock.Sequence{{Name: "poll", Pattern: "GET /jobs/{id}", AfterEnd: mock.NotFoundAfterEnd,
			Steps: []mock.Step{{Example: "pending"}, {Example: "done", Fault: mock.FaultMalformedChunk}, {Fault: mock.FaultConnectionReset}}},
			{Pattern: "/x", Steps: mock.Steps("a")}},
		Faults:    []mock.RouteFault{{Pattern: "GET /flaky", Fault: mock.FaultEmptyResponse}},
		Chaos:     mock.Chaos{Rate: 0.5, Seed: 3, Fault: mock.FaultRandomDataThenClose},
		RateLimit: mock.PostmanRateLimit,
		Overrides: []mock.Override{{Pattern: "/o", Handler: func(http.ResponseWriter, *http.Request, mock.Fallback) {}}},
	}
	data, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out mock.Scenario
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%v\n%s", err, data)
	}
	in.Overrides = nil // Go code has no JSON form
	if d := cmp.Diff(in, out); d != "" {
		t.Fatalf("(-want +got)\n%s\n%s", d, data)
	}
	if data, _ := json.Marshal(mock.Scenario{}); string(data) != `{"sequences":[],"faults":[]}` {
		t.Errorf("empty scenario: %s", data)
	}
}
