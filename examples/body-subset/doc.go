// Package bodysubset shows subset body matching: an example saved with the
// two fields that matter answers a client that sends ten.
//
// Postman compares request bodies exactly, so an example saved with
// {"email": ..., "plan": "pro"} never matches a real signup form that also
// sends a name, a locale, a referral code and a client timestamp. In subset
// mode (mocktest.SubsetBody, mock.Config.SubsetBody, serve
// -match-body-subset, or the header x-mock-match-request-body: subset) the
// example's fields must be in the request with the same values, and the
// request may send more. "{{email}}" in the example's body matches any
// value, and the value sent is captured: the response's {{email}} echoes
// it. IgnoreBodyPaths leaves fields such as timestamps out of the
// comparison altogether.
//
// The collection is signup.postman_collection.json: POST /signups with a
// "pro" and a "free" example. Run the example with
//
//	go test ./examples/body-subset/ -v
package bodysubset
