package main

import (
	"bytes"
	"os"
	"runtime"
	"syscall"
	"unsafe"
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
//
// The kernel maps a huge page only over a whole aligned 2 MiB, and the heap
// reuses freed memory from its lowest address: a buffer starting mid-block
// left that block's head, up to 2 MiB, to 4 KiB faults, which the read of
// the file took first (1.5–8 ms of a load, varying with where Go placed its
// heap). So the buffer is made to start on a boundary: an untouched
// allocation finds the heap's end and a second one pads it to the next
// boundary. Both stay reachable (and untouched: they cost address space,
// not memory) until release is called, once the load is done, so that
// nothing else takes their place meanwhile. start is where the freed
// buffer begins.
//
// Where transparent huge pages are in "always" mode the kernel backs the
// heap with them anyway, and in "never" mode not at all: then hugeHeap does
// nothing, as the collection it forces costs 2–3 ms of a start-up.
func hugeHeap(n int) (start uintptr, release func()) {
	if mode := thpMode(thpEnabled); mode == "always" || mode == "never" {
		return 0, func() {}
	}
	return alignedHugeBuffer(n)
}

// thpEnabled is where Linux says when it backs anonymous memory with
// transparent huge pages ("always [madvise] never": the mode in brackets).
var thpEnabled = "/sys/kernel/mm/transparent_hugepage/enabled"

// thpMode returns the bracketed mode of the file at path (in thpEnabled's
// format), or "" when it cannot be read or names none.
func thpMode(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	_, after, ok := bytes.Cut(b, []byte("["))
	mode, _, closed := bytes.Cut(after, []byte("]"))
	if !ok || !closed {
		return ""
	}
	return string(mode)
}

// alignedHugeBuffer is hugeHeap's work: it maps n bytes into the heap on a
// 2 MiB boundary, asks for huge pages there and frees them for the load.
func alignedHugeBuffer(n int) (start uintptr, release func()) {
	var keep [][]byte
	end := alloc(&keep, 1<<20)
	var b []byte
	// The probe lands at the heap's end unless a free gap of its size lies
	// below; then the buffer did, and a second round pads from its end (it
	// is kept too: n bytes of address space for the load).
	for round := 1; ; round++ {
		if pad := (hugePage - end%hugePage) % hugePage; pad > 0 {
			alloc(&keep, int(pad))
		}
		b = make([]byte, n) // fresh from the OS: not zeroed, nothing touched
		start = uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		if start%hugePage == 0 || round == 2 {
			break
		}
		keep = append(keep, b)
		end = start + uintptr(n)
	}
	_ = syscall.Madvise(b, madvHugepage)
	b = nil
	runtime.GC() // frees the buffer's pages for the loader (the heap is small yet)
	return start, func() { runtime.KeepAlive(keep) }
}

// alloc allocates n untouched bytes, keeps them in keep and returns the
// address just past them.
func alloc(keep *[][]byte, n int) uintptr {
	b := make([]byte, n)
	*keep = append(*keep, b)
	return uintptr(unsafe.Pointer(unsafe.SliceData(b))) + uintptr(n)
}
