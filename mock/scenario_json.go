package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// MaxScenarioFile bounds the JSON ParseScenario reads (1 MiB): a scenario
// file is a few dozen lines.
const MaxScenarioFile = 1 << 20

// ErrScenarioSyntax is wrapped by ParseScenario's errors for JSON that is
// not a scenario file.
var ErrScenarioSyntax = errors.New("bad scenario file")

// scenarioFile is the JSON form of a Scenario (docs/scenarios.md#the-scenario-file).
type scenarioFile struct {
	Sequences []sequenceFile   `json:"sequences"`
	Faults    []routeFaultFile `json:"faults"`
	Chaos     *chaosFile       `json:"chaos,omitempty"`
	RateLimit *rateLimitFile   `json:"rateLimit,omitempty"`
}

type sequenceFile struct {
	Name     string            `json:"name,omitempty"`
	Pattern  string            `json:"pattern"`
	Steps    []json.RawMessage `json:"steps"`
	AfterEnd string            `json:"afterEnd"`
}

type stepFile struct {
	Example string `json:"example,omitempty"`
	Fault   string `json:"fault,omitempty"`
}

type routeFaultFile struct {
	Pattern string `json:"pattern"`
	Fault   string `json:"fault"`
}

type chaosFile struct {
	Rate   float64 `json:"rate"`
	Seed   uint64  `json:"seed"`
	Status int     `json:"status,omitempty"`
	Body   string  `json:"body,omitempty"`
	Fault  string  `json:"fault,omitempty"`
}

type rateLimitFile struct {
	Calls  int    `json:"calls"`
	Window string `json:"window,omitempty"`
}

// ParseScenario decodes a scenario file: JSON with "sequences", "faults",
// "chaos" and "rateLimit" (docs/scenarios.md#the-scenario-file). Decoding is
// strict: an unknown field, a value of the wrong type or trailing data is an
// ErrScenarioSyntax error naming the field. It checks what it can without a
// collection (fault names, rates, windows); SetScenario or WithScenario
// checks the rest (example names, patterns).
func ParseScenario(data []byte) (Scenario, error) {
	if len(data) > MaxScenarioFile {
		return Scenario{}, fmt.Errorf("%w: %d bytes, over the limit of %d", ErrScenarioSyntax, len(data), MaxScenarioFile)
	}
	var f scenarioFile
	if err := strictDecode(data, &f); err != nil {
		return Scenario{}, err
	}
	var s Scenario
	for i, q := range f.Sequences {
		where := fmt.Sprintf("sequences[%d]", i)
		seq := Sequence{Name: q.Name, Pattern: q.Pattern}
		switch q.AfterEnd {
		case "", "repeat-last":
		case "not-found":
			seq.AfterEnd = NotFoundAfterEnd
		default:
			return Scenario{}, fmt.Errorf("%w: %s.afterEnd: %q is neither \"repeat-last\" nor \"not-found\"", ErrScenarioSyntax, where, q.AfterEnd)
		}
		for j, raw := range q.Steps {
			at := fmt.Sprintf("%s.steps[%d]", where, j)
			var step stepFile
			if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] == '"' {
				if err := json.Unmarshal(t, &step.Example); err != nil {
					return Scenario{}, fmt.Errorf("%w: %s: %v", ErrScenarioSyntax, at, err)
				}
			} else if err := strictDecode(raw, &step); err != nil {
				return Scenario{}, fmt.Errorf("%s: %w", at, err)
			}
			f := Fault(step.Fault)
			if err := f.Validate(); err != nil {
				return Scenario{}, fmt.Errorf("%w: %s.fault: %w", ErrScenarioSyntax, at, err)
			}
			seq.Steps = append(seq.Steps, Step{Example: step.Example, Fault: f})
		}
		s.Sequences = append(s.Sequences, seq)
	}
	for i, rf := range f.Faults {
		f := Fault(rf.Fault)
		if err := f.Validate(); err != nil {
			return Scenario{}, fmt.Errorf("%w: faults[%d].fault: %w", ErrScenarioSyntax, i, err)
		}
		s.Faults = append(s.Faults, RouteFault{Pattern: rf.Pattern, Fault: f})
	}
	if c := f.Chaos; c != nil {
		s.Chaos = Chaos{Rate: c.Rate, Seed: c.Seed, Status: c.Status, Body: c.Body, Fault: Fault(c.Fault)}
		if err := s.Chaos.validate(); err != nil {
			return Scenario{}, fmt.Errorf("%w: chaos: %w", ErrScenarioSyntax, err)
		}
	}
	if r := f.RateLimit; r != nil {
		s.RateLimit.Calls = r.Calls
		if r.Window != "" {
			d, err := time.ParseDuration(r.Window)
			if err != nil || d <= 0 {
				return Scenario{}, fmt.Errorf("%w: rateLimit.window: %q is not a positive duration such as \"1m\" or \"30s\"", ErrScenarioSyntax, r.Window)
			}
			s.RateLimit.Window = d
		}
		if err := s.RateLimit.validate(); err != nil {
			return Scenario{}, fmt.Errorf("%w: rateLimit: %w", ErrScenarioSyntax, err)
		}
	}
	return s, nil
}

// strictDecode decodes one JSON value into v, refusing unknown fields and
// trailing data, with errors that name the field.
func strictDecode(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &te) && te.Field == "":
			return fmt.Errorf("%w: want a JSON object, not %s", ErrScenarioSyntax, te.Value)
		case errors.As(err, &te):
			want := te.Type.Kind().String()
			switch want {
			case "struct", "map":
				want = "object"
			case "slice":
				want = "array"
			}
			return fmt.Errorf("%w: field %q: want %s, not %s", ErrScenarioSyntax, te.Field, want, te.Value)
		case errors.As(err, &se):
			return fmt.Errorf("%w: at byte %d: %v", ErrScenarioSyntax, se.Offset, se)
		case strings.HasPrefix(err.Error(), "json: unknown field"):
			return fmt.Errorf("%w: %s", ErrScenarioSyntax, strings.TrimPrefix(err.Error(), "json: "))
		case errors.Is(err, io.EOF):
			return fmt.Errorf("%w: empty", ErrScenarioSyntax)
		}
		return fmt.Errorf("%w: %v", ErrScenarioSyntax, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fmt.Errorf("%w: data after the JSON object", ErrScenarioSyntax)
	}
	return nil
}

// MarshalJSON writes s in the scenario file's form (ParseScenario reads it
// back). Overrides are Go code and are left out.
func (s Scenario) MarshalJSON() ([]byte, error) {
	f := scenarioFile{Sequences: []sequenceFile{}, Faults: []routeFaultFile{}}
	for _, q := range s.Sequences {
		sf := sequenceFile{Name: q.Name, Pattern: q.Pattern, Steps: []json.RawMessage{}, AfterEnd: "repeat-last"}
		if q.AfterEnd == NotFoundAfterEnd {
			sf.AfterEnd = "not-found"
		}
		for _, st := range q.Steps {
			var raw []byte
			var err error
			if st.Fault == "" {
				raw, err = json.Marshal(st.Example)
			} else {
				raw, err = json.Marshal(stepFile{Example: st.Example, Fault: string(st.Fault)})
			}
			if err != nil {
				return nil, err
			}
			sf.Steps = append(sf.Steps, raw)
		}
		f.Sequences = append(f.Sequences, sf)
	}
	for _, rf := range s.Faults {
		f.Faults = append(f.Faults, routeFaultFile{Pattern: rf.Pattern, Fault: string(rf.Fault)})
	}
	if c := s.Chaos; c != (Chaos{}) {
		f.Chaos = &chaosFile{Rate: c.Rate, Seed: c.Seed, Status: c.Status, Body: c.Body, Fault: string(c.Fault)}
	}
	if r := s.RateLimit; r != (RateLimit{}) {
		f.RateLimit = &rateLimitFile{Calls: r.Calls}
		if r.Window > 0 {
			f.RateLimit.Window = r.Window.String()
		}
	}
	return json.Marshal(f)
}

// UnmarshalJSON reads the scenario file's form, as ParseScenario does.
func (s *Scenario) UnmarshalJSON(data []byte) error {
	v, err := ParseScenario(data)
	if err != nil {
		return err
	}
	*s = v
	return nil
}
