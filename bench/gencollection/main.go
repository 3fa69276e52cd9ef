// Command gencollection writes the benchmark's Postman collection: the
// deterministic output of internal/testsupport/gen's Collection for a number of saved
// examples and a seed, so that every server in bench/compare.sh is loaded
// with the same bytes.
//
// Usage:
//
//	gencollection [-examples N] [-seed N] [-o FILE]
//
// With the defaults (3,000 examples, seed 1) the collection has 996
// requests: every request has two to four examples, the success example
// (200, or 201 for POST) first in the file and with the id that sorts last,
// so that it is the default answer. A summary line (requests, examples,
// bytes) goes to standard error.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/internal/testsupport/gen"
)

func main() {
	examples := flag.Int("examples", 3000, "number of saved examples to generate (give or take one)")
	seed := flag.Uint64("seed", 1, "generator seed")
	out := flag.String("o", "", "output file (default: standard output)")
	flag.Parse()
	if flag.NArg() > 0 || *examples < 2 {
		fmt.Fprintln(os.Stderr, "usage: gencollection [-examples N ≥ 2] [-seed N] [-o FILE]")
		os.Exit(2)
	}
	data := gen.Collection(*examples, *seed)
	c, err := collection.Parse(data)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencollection: generated collection does not load:", err)
		os.Exit(1)
	}
	if *out == "" {
		_, err = os.Stdout.Write(data)
	} else {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencollection:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "gencollection: %d requests, %d examples, %d bytes (seed %d)\n",
		len(c.Requests()), len(c.Examples()), len(data), *seed)
}
