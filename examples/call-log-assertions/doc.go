// Package calllogassertions shows how a test checks what its code under
// test sent to the mock, from the mock's call log:
//
//   - Server.AssertCalls compares the whole sequence of calls (Server.Calls,
//     each a mocktest.Call: method, path, query, status, example) with a
//     go-cmp diff; go-cmp options (here cmpopts.IgnoreFields) drop what the test
//     does not care about;
//   - Server.AssertCalled and AssertNotCalled look for one method and path,
//     AssertServed for an example by id, name or "item / name";
//     AssertCalledTimes and AssertServedTimes count, and Unused lists the
//     examples no call was served;
//   - Server.Entries returns the raw call-log entries, with what the Postman JSON
//     leaves out: the winning score, the ladder step that matched the path,
//     and the values path wildcards captured;
//   - workspace.Workspace.CallLogs pages through a mock's log with the Postman API's
//     call-log semantics (filters, sort, cursor).
//
// The collection is store.postman_collection.json. Run the example with
//
//	go test ./examples/call-log-assertions/ -v
package calllogassertions
