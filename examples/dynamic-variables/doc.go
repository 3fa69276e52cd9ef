// Package dynamicvariables shows Postman's dynamic variables in a mock's
// responses ({{$guid}}, {{$randomFirstName}}, {{$timestamp}}, ... 118 of
// them) and how to make them reproducible in tests.
//
// Each occurrence of a dynamic variable gets a fresh value on every call, so
// by default a body never repeats. mocktest.WithSeed fixes the random
// source and mock.WithClock (passed with mocktest.WithMockOptions) fixes the
// time: two mocks with the same seed and clock answer the same sequence of
// calls with the same bytes, and {{$timestamp}} is the clock's Unix time.
//
// The collection is accounts.postman_collection.json. Run the example with
//
//	go test ./examples/dynamic-variables/ -v
package dynamicvariables
