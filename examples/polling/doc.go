// Package polling shows a sequence: a client that polls a job until it is
// done, tested against answers that change from call to call.
//
// A mock of saved examples answers every call alike, so a polling loop
// would see "pending" forever (or "done" at once). A sequence
// (mocktest.Server.Sequence, mock.Mock.AddSequence, or "sequences" in
// postmock serve's -scenario file) answers the calls of one route with
// given examples in order: here GET /jobs/{id} answers "pending",
// "pending", then "done", which repeats. Each answer is rendered as usual,
// so {{jobId}} is the id the client asked for. The call log says which
// step answered each call.
//
// The collection is jobs.postman_collection.json: GET /jobs/{{jobId}} with
// the examples "pending", "done" and "failed". Run the example with
//
//	go test ./examples/polling/ -v
package polling
