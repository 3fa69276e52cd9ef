package dynvar_test

import (
	"fmt"
	"time"

	"github.com/postmock/postmock/internal/dynvar"
)

func ExampleGenerator_Value() {
	// A fixed seed and clock make rendered mock responses reproducible in
	// tests: $timestamp comes from the clock, $randomInt from the seed.
	clock := func() time.Time { return time.Date(2024, 6, 10, 6, 13, 20, 0, time.UTC) }
	g := dynvar.New(1, clock)

	for _, name := range []string{"$timestamp", "$isoTimestamp", "$randomInt", "$nope"} {
		v, ok := g.Value(name)
		fmt.Printf("%s = %q %v\n", name, v, ok)
	}
	// Output:
	// $timestamp = "1718000000" true
	// $isoTimestamp = "2024-06-10T06:13:20.000Z" true
	// $randomInt = "527" true
	// $nope = "" false
}
