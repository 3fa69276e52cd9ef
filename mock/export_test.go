package mock

// ValidHeaderName exposes validHeaderName to the external tests, which
// check it against an independent RFC 7230 oracle.
var ValidHeaderName = validHeaderName
