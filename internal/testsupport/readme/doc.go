// Package readme holds the test that keeps README.md true: every Go snippet
// in it is taken from a file that the test suite compiles and runs, and the
// test command it prints is the one .ci/run runs.
package readme
