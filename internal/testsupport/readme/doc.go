// Package readme holds the tests that keep README.md true: every Go snippet
// in it is taken from a file that the test suite compiles and runs, and
// compiles as shown where it stands in that file (a variable it declares
// and leaves unused fails); the test command it prints is the one .ci/run
// runs.
package readme
