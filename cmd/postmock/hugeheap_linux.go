package main

import (
	"runtime"
	"syscall"
)

// madvHugepage is MADV_HUGEPAGE, the same on every Linux architecture Go
// supports.
const madvHugepage = 14

// hugeHeap lets the heap that loading is about to fill be backed by huge
// pages, where the system hands them out on request (transparent huge pages
// in "madvise" mode, the common default): it maps n bytes into the heap as
// one never-touched buffer, asks for huge pages there and frees it again,
// so that the allocations that follow reuse those pages. A fresh process
// otherwise faults its heap in 4 KiB at a time, and on a virtual machine
// those faults can cost more than the loading itself (about 3 ms per MB
// measured against 0.1 ms with huge pages; bench/README.md). Best effort:
// where the advice is not taken nothing changes.
func hugeHeap(n int) {
	b := make([]byte, n) // fresh from the OS: not zeroed, nothing touched
	_ = syscall.Madvise(b, madvHugepage)
	b = nil
	runtime.GC() // frees the buffer's pages for the loader (the heap is small yet)
}
