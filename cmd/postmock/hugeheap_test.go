package main

import (
	"runtime"
	"testing"
)

// TestHugeHeapKeepsNothing proves hugeHeap leaves no live heap behind: the
// buffer it maps to ready huge pages is garbage when it returns, so that
// the loader's allocations reuse its pages.
func TestHugeHeapKeepsNothing(t *testing.T) {
	const n = 64 << 20
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	hugeHeap(n)
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > n/4 {
		t.Errorf("heap grew by %d bytes after hugeHeap(%d), want the buffer freed", grew, n)
	}
}
