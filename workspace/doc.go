// Package workspace manages many mocks with the Postman API's semantics, as
// Go methods: the management step of postmock's data flow (collection →
// match → serverresponse / calllog → mock → workspace → postmanapi →
// mocktest / cmd). docs/postman-api.md in the repository describes the
// semantics: objects, config fields, server responses, call logs, errors.
//
// A Workspace holds collections and environments (AddCollection,
// AddCollectionJSON, AddEnvironment, ...), mocks of them (CreateMock,
// GetMock, ListMocks, UpdateMock, DeleteMock, PublishMock, UnpublishMock),
// each mock's server responses (CreateServerResponse, ...) and call logs
// (CallLogs, with the Postman API's filters and cursors). A mock's info
// (MockInfo, MockConfig) has the Postman API's shape; ConfigUpdate sets the
// config fields Postman sets only in its UI (body, query, wildcard and header
// matching, delay) and activates server responses.
//
// A Workspace is also the http.Handler of its mocks: a call to
// "/<mock id>/<path>" (a mock's MockURL) is served by that mock with the
// prefix stripped; a call naming no mock gets 404 MockNotFoundBody. Private
// mocks answer only calls with one of the workspace's API keys in x-api-key.
// The mocks share one call-log byte budget (WithCallLogLimits).
//
// Errors are *Error values, shaped like the Postman API's (status, name,
// message); errors.Is matches them against ErrNotFound, ErrParamMissing,
// ErrInvalidParams and ErrMalformed. Package postmanapi serves the same
// methods over HTTP.
//
// A Workspace is safe for concurrent use: mocks keep serving while others are
// created, updated or deleted, and compiling a large collection never holds
// the workspace's lock.
package workspace
