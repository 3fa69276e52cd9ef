//go:build race

package main

// raceEnabled reports a -race build, whose shadow memory grows with every
// allocation: resident-memory bounds do not hold there.
const raceEnabled = true
