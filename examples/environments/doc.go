// Package environments serves one Postman collection with two environment
// files, as a Postman mock does when you attach an environment to it.
//
// The collection defines baseUrl, region and supportEmail; each environment
// overrides baseUrl (with a path prefix: /v2 for staging, /shop/api for
// production) and region, and adds currency. The tests show that
//
//   - the environment wins over the collection for a name both define
//     (region), and the collection fills in the rest (supportEmail);
//   - a disabled environment entry is skipped (production's supportEmail);
//   - the path part of {{baseUrl}} becomes part of every example's path, so
//     the mock serves /v2/status with staging and /shop/api/status with
//     production, never plain /status; the host never matters;
//   - variables are resolved in response bodies and header values too.
//
// Files: shop.postman_collection.json, staging.postman_environment.json,
// production.postman_environment.json. Run the example with
//
//	go test ./examples/environments/ -v
package environments
