package parallelsubtests_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/postmock/postmock/mocktest"
)

func TestCitiesInParallel(t *testing.T) {
	// One server for every subtest, created by the parent.
	srv := mocktest.New(t, "weather.postman_collection.json", mocktest.Strict())

	cities := []string{"berlin", "lagos", "lima", "osaka", "perth"}

	// The group's t.Run returns only after its parallel subtests are done.
	t.Run("group", func(t *testing.T) {
		for _, city := range cities {
			t.Run(city, func(t *testing.T) {
				t.Parallel()

				// The captured {{city}} tells each subtest's answers apart.
				var w struct {
					City  string `json:"city"`
					TempC int    `json:"tempC"`
				}
				getJSON(t, srv, "/cities/"+city+"/weather", &w)
				if w.City != city || w.TempC != 21 {
					t.Errorf("weather = %+v, want %s at 21", w, city)
				}

				var f struct {
					City string `json:"city"`
					Days int    `json:"days"`
				}
				getJSON(t, srv, "/cities/"+city+"/forecast?days=3", &f)
				if f.City != city || f.Days != 3 {
					t.Errorf("forecast = %+v, want %s for 3 days", f, city)
				}
			})
		}
	})

	// Every subtest has finished: two calls per city.
	srv.AssertCallCount(t, 2*len(cities))

	// The order of the calls depends on scheduling, so compare them as a
	// set: sort both slices by path before diffing.
	var want []mocktest.Call
	for _, city := range cities {
		want = append(want,
			mocktest.Call{Method: "GET", Path: "/cities/" + city + "/weather", Status: 200, Example: "Weather"},
			mocktest.Call{Method: "GET", Path: "/cities/" + city + "/forecast", Query: "days=3", Status: 200, Example: "Three days"},
		)
	}
	srv.AssertCalls(t, want, cmpopts.SortSlices(func(a, b mocktest.Call) bool { return a.Path < b.Path }))
}

// getJSON GETs path from the mock and decodes its 200 JSON answer into v.
func getJSON(t *testing.T, srv *mocktest.Server, path string, v any) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d %s", path, resp.StatusCode, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v in %s", path, err, b)
	}
}
