package calllog_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/postmock/postmock/calllog"
	"github.com/postmock/postmock/match"
)

// TestEntryStepPrintsItsName: Entry.Step is a match.Step, so a log line or
// a failure message shows the ladder step's name rather than a number, and
// the Postman JSON still leaves it out.
func TestEntryStepPrintsItsName(t *testing.T) {
	e := calllog.Entry{Step: match.StepWildcard, Matched: true}
	if got := fmt.Sprintf("step=%v", e.Step); got != "step=wildcard" {
		t.Errorf("%%v of Entry.Step = %q, want step=wildcard", got)
	}
	b, err := e.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(strings.ToLower(string(b)), "step") {
		t.Errorf("the Postman JSON carries the step: %s", b)
	}
}
