// Package docs holds the tests that keep the project's reference in docs/
// reachable: Go comments cite docs/ pages (never the specification files
// outside the module), every cited page and section anchor exists, and the
// links of README.md and of docs/ itself lead somewhere.
package docs
