//go:build race

package workspace_test

// raceEnabled reports a -race build, where copying megabytes costs some
// forty times as much: tests that push bulk data through scale it down.
const raceEnabled = true
