// Package collection loads Postman collections (format v2.1.0 and v2.0.0) and
// environments: the first step of postmock's data flow,
//
//	collection → match → serverresponse / calllog → mock → workspace
//	(management) → postmanapi (HTTP Postman API) → mocktest / cmd → examples
//
// It reads JSON and imports no other postmock package outside internal/;
// match compiles what it loads, and mock serves the examples.
//
// # At a glance
//
//   - Loading: Parse, Load and LoadFile return a *Collection; options
//     Strict, Owner (default DefaultOwner) and MaxBytes; limits MaxSize and
//     MaxDepth.
//   - Environments: ParseEnvironment, LoadEnvironment and
//     LoadEnvironmentFile return an *Environment.
//   - The tree: Collection (Info, Variables, Items, Diagnostics; Requests,
//     Examples and Walk), Item, Request, URL, QueryParam, Header, Body (modes
//     ModeRaw...ModeGraphQL; Param, FormParam, FileRef, GraphQL), Example
//     (its request side FromOriginalRequest, FromExampleRequest or
//     FromParent), Cookie, Variable.
//   - Variables: NewResolver and Resolver (Lookup, Resolve, ResolveFunc,
//     ResolveURL giving a ResolvedURL, ResolveURLKey with URL.ResolveKey),
//     Substitute, Tokens,
//     UnresolvedVariables, MaxResolvePasses.
//   - Text parsers: ParseURL (Postman's SDK rules), ParseQuery,
//     ParseHeaderLines; SyntheticID names examples without an id.
//   - Errors: *Error (Path, Message, Kind; Line, Column and Offset for
//     text that is not JSON) wrapping ErrSyntax,
//     ErrNotCollection, ErrNotEnvironment, ErrUnsupportedVersion, ErrInvalid
//     or ErrTooLarge; Diagnostic for what was skipped.
//
// # Loading
//
// Parse validates the JSON (with gjson) and walks it once, without decoding
// it into generic maps, into a tree of folders and request items, each
// request carrying its saved examples. What cannot be used is skipped and
// reported as a Diagnostic with a JSON path, such as
//
//	item[3].response[0].code: want a number, got "abc"
//
// and structural errors fail the load with an *Error that names the path and
// wraps a sentinel (ErrSyntax, ErrNotCollection, ErrUnsupportedVersion,
// ErrInvalid, ErrTooLarge) for errors.Is.
//
// A Resolver resolves {{variables}} with Postman's rules: the environment over
// the collection, disabled entries skipped, chains resolved in up to 19
// passes, unresolved names left in place (they become wildcards when
// matching). Resolver.ResolveURL runs an example URL through the pipeline the
// matcher uses: path variables rewritten, variables resolved, the text
// parsed again.
//
// Rules of our own where Postman is silent (docs/collections.md marks them
// "postmock's rule"): examples without an id get SyntheticID(n), stable across loads;
// an example without originalRequest is matched through its parent request;
// a valueless ":id" path variable, or an OpenAPI placeholder such as
// "<string>", becomes the wildcard {{id}}; folders nest at most MaxDepth
// levels, inputs are capped at MaxSize bytes and arrays and objects may nest
// 10000 levels deep.
package collection
