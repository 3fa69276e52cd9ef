package collection_test

import (
	"slices"
	"testing"

	"github.com/postmock/postmock/collection"
)

// TestResolveURLFollowsSDKUnparse (docs/collections.md#urls): query
// fields are encoded as the SDK's unparse does before resolution, so a
// value holding '&' or '#' (or a key holding '=') stays one pair, tokens
// excepted; and a valueless ":name" stays the wildcard {{name}} although a
// collection variable of that name exists.
func TestResolveURLFollowsSDKUnparse(t *testing.T) {
	c := mustParse(t, `{"info":{"name":"t","schema":"`+schema21+`"},
		"variable":[{"key":"id","value":"42"},{"key":"amp","value":"a&b"}],
		"item":[{"name":"r","request":{"url":{"raw":"ignored",
			"host":["api","example","com"],"path":["users",":id",":other",":file.json"],
			"query":[{"key":"u","value":"https://s3/x.png?X-Amz-Expires=3600&y=1#frag"},
			         {"key":"k=&#","value":"v"},
			         {"key":"t","value":"{{amp}}"},
			         {"key":"off","value":"a&b","disabled":true}],
			"variable":[{"key":"id","value":null},{"key":"other","value":"7"},{"key":"file","value":""}]}}}]}`)
	u := &requestNamed(t, c, "r").Request.URL
	if got, want := u.String(), "api.example.com/users/:id/:other/:file.json?u=https://s3/x.png?X-Amz-Expires=3600%26y=1%23frag&k%3D%26%23=v&t={{amp}}"; got != want {
		t.Errorf("String() = %q\nwant       %q", got, want)
	}
	ru := collection.NewResolver(c, nil).ResolveURL(u)
	if want := []string{"users", "{{id}}", "7", "{{file}}.json"}; !slices.Equal(ru.Path, want) {
		t.Errorf("Path = %q, want %q", ru.Path, want)
	}
	// {{amp}} resolves after the encoding, so its '&' splits, as in the SDK.
	want := []collection.QueryParam{{Key: "u", Value: "https://s3/x.png?X-Amz-Expires=3600%26y=1%23frag"},
		{Key: "k%3D%26%23", Value: "v"}, {Key: "t", Value: "a"}, {Key: "b", ValueNull: true}}
	if !slices.Equal(ru.Query, want) {
		t.Errorf("Query = %+v\nwant    %+v", ru.Query, want)
	}
	if want := []string{"id", "file"}; !slices.Equal(ru.Unresolved, want) {
		t.Errorf("Unresolved = %q, want %q", ru.Unresolved, want)
	}
}
