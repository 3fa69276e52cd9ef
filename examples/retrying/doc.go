// Package retrying shows a client that retries a 503 with backoff and
// waits out a 429's Retry-After, tested against a sequence, a rate limit
// and seeded chaos.
//
//   - A sequence (mocktest.Server.Sequence) answers POST /orders with the
//     saved 503 "busy" twice, then the 201 "created": the client must
//     retry, waiting what the 503's Retry-After says.
//   - A rate limit (mocktest.RateLimit; mock.PostmanRateLimit is the 120
//     calls per minute of Postman's cloud mocks) answers 429 with
//     Retry-After past N calls per window. The mock's clock
//     (mock.WithClock) is the one the client's sleep advances, so the test
//     waits a minute without waiting at all.
//   - Chaos (mocktest.Chaos) fails a seeded fraction of the calls: the
//     same seed fails the same calls in every run, so the test is
//     reproducible.
//
// The collection is orders.postman_collection.json: POST /orders with a
// 201 "created" and a 503 "busy". Run the example with
//
//	go test ./examples/retrying/ -v
package retrying
