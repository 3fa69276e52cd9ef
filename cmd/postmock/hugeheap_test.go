package main

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// TestHugeHeapFreesAnAlignedBufferWithoutTouchingIt checks the three things
// hugeHeap is for: the buffer it frees for the loader starts on a huge-page
// boundary (linux), hugeHeap itself adds next to nothing to the resident
// memory (the buffer, the probe and the pad are never touched), and once
// released it leaves no live heap behind.
func TestHugeHeapFreesAnAlignedBufferWithoutTouchingIt(t *testing.T) {
	checkHugeBuffer(t, hugeHeap)
}

// checkHugeBuffer runs prepare as hugeHeap and checks the buffer it frees:
// aligned (linux), untouched, and gone after release.
func checkHugeBuffer(t *testing.T, prepare func(int) (uintptr, func())) {
	t.Helper()
	const n = 256 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rss := residentBytes(t)
	start, release := prepare(n)
	if grew := residentBytes(t) - rss; grew > 8<<20 && !raceEnabled {
		t.Errorf("resident memory grew by %d bytes in hugeHeap(%d), want the buffer untouched", grew, n)
	}
	if runtime.GOOS == "linux" && start%hugePage != 0 {
		t.Errorf("freed buffer starts at %#x, %d bytes past a huge-page boundary", start, start%hugePage)
	}
	release()
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > n/16 {
		t.Errorf("heap grew by %d bytes after hugeHeap(%d) and release, want it all freed", grew, n)
	}
}

// residentBytes is the process's resident memory (linux; 0 elsewhere).
func residentBytes(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		t.Fatalf("/proc/self/statm: %q", b)
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return pages * int64(os.Getpagesize())
}
