// Package parallelsubtests shows one mocktest server shared by parallel
// subtests. A mock is safe for concurrent use, so subtests that call
// t.Parallel can share it; the call log then holds every subtest's calls in
// whatever order they ran.
//
// The parallel subtests run inside a t.Run "group": t.Run returns only
// when all of them have finished, so the parent can then assert on the
// whole log — the call count, and the set of calls compared with
// cmpopts.SortSlices, since their order is not fixed. The server was
// created by the parent test, so it outlives the subtests and closes when
// the parent ends.
//
// The collection is weather.postman_collection.json. Run the example with
//
//	go test ./examples/parallel-subtests/ -v -race
package parallelsubtests
