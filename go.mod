module github.com/postmock/postmock

go 1.26

require (
	github.com/google/go-cmp v0.7.0
	github.com/rs/xid v1.6.0
	github.com/tidwall/gjson v1.18.0
	golang.org/x/sync v0.18.0
)

require (
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.0 // indirect
)
