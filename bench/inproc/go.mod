module github.com/postmock/postmock/bench/inproc

go 1.26

require (
	github.com/h2non/gock v1.2.0
	github.com/jarcoal/httpmock v1.4.2
	github.com/postmock/postmock v0.0.0
)

require (
	github.com/h2non/parth v0.0.0-20190131123155-b4df798d6542 // indirect
	github.com/rs/xid v1.6.0 // indirect
	github.com/tidwall/gjson v1.18.0 // indirect
	github.com/tidwall/match v1.1.1 // indirect
	github.com/tidwall/pretty v1.2.0 // indirect
)

replace github.com/postmock/postmock => ../..
