package verify_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/corpus"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
	"github.com/postmock/postmock/verify"
)

// TestCorpusMockOfItselfPasses verifies a mock of every corpus collection
// against the collection, every method allowed: each example the mock
// answers with for its own request (one in no tie, or a tie's winner) must
// pass in shape mode; the others may fail, but only with an explanation.
func TestCorpusMockOfItselfPasses(t *testing.T) {
	corpus.EachCollection(t, func(t *testing.T, c *collection.Collection) {
		m, err := mock.New(c, mock.WithSeed(1))
		if err != nil {
			t.Fatal(err)
		}
		losers := map[*collection.Example]bool{}
		for _, tie := range m.Index().Ties(match.Config{}) {
			for _, ex := range tie.Examples {
				losers[ex] = ex != tie.Winner
			}
		}
		client := &http.Client{Transport: m.Transport()}
		rep, err := verify.Run(context.Background(), c, client, "http://mock.test",
			verify.Methods("GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"), verify.Seed(1))
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]*collection.Example{}
		for _, ex := range c.Examples() {
			byID[ex.ID] = ex
		}
		bad := 0
		for _, r := range rep.Results {
			switch {
			case r.Outcome == verify.Skip && r.Reason == "":
				t.Errorf("%s: skipped without a reason", r.Name())
			case r.Outcome == verify.Fail && len(r.Differences) == 0 && r.Error == "":
				t.Errorf("%s: failed without an explanation", r.Name())
			case r.Outcome == verify.Fail && !losers[byID[r.ID]]:
				if bad++; bad <= 5 {
					t.Errorf("%s (%s): the mock's own answer failed:\n%s", r.Name(), r.ID, r.Failure())
				}
			}
		}
		if bad > 5 {
			t.Errorf("… %d in all", bad)
		}
	})
}
