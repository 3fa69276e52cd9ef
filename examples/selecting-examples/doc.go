// Package selectingexamples shows how a caller picks one of several saved
// examples with Postman's x-mock-* request headers:
//
//   - x-mock-response-code: 404 keeps only the examples with that status;
//   - x-mock-response-name: Not found serves the example with that name,
//     whatever the path (several with the name: the first by id);
//   - x-mock-response-id: order-404 serves that example, whatever the path.
//
// Without a header, GET /orders/1001 matches all three examples of "Get
// order" equally well. Postman breaks such a tie by id: the id last in byte
// order wins, here "order-500", so the plain call gets the 500. Name your
// happy-path example's id so that it sorts last, or select it explicitly.
// (Examples saved without an id lose ties to those with one, and among
// themselves the first in document order wins.)
//
// The collection is orders.postman_collection.json. Run the example with
//
//	go test ./examples/selecting-examples/ -v
package selectingexamples
