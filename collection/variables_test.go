package collection_test

import (
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/postmock/postmock/collection"
)

// varsCollection builds a collection with the given variables (key, value
// pairs).
func varsCollection(kv ...string) *collection.Collection {
	c := &collection.Collection{}
	for i := 0; i < len(kv); i += 2 {
		c.Variables = append(c.Variables, collection.Variable{Key: kv[i], Value: kv[i+1]})
	}
	return c
}

func TestResolverScopes(t *testing.T) {
	c := &collection.Collection{Variables: []collection.Variable{
		{Key: "host", Value: "collection.example.com"},
		{Key: "token", Value: "coll-token"},
		{Key: "user", Value: "coll-old", Disabled: true},
		{Key: "dup", Value: "first"},
		{Key: "dup", Value: "second"},
		{Key: "dup", Value: "third", Disabled: true},
		{Key: "onlyColl", Value: "c"},
	}}
	env := &collection.Environment{Values: []collection.Variable{
		{Key: "host", Value: "env.example.com"},
		{Key: "token", Value: "env-token", Disabled: true},
		{Key: "user", Value: "env-user"},
		{Key: "region", Value: "eu"},
		{Key: "region", Value: "us"},
		{Key: "region", Value: "ap", Disabled: true},
	}}
	r := collection.NewResolver(c, env)
	tests := []struct {
		name string
		key  string
		want string
		ok   bool
	}{
		{"environment beats collection", "host", "env.example.com", true},
		{"disabled environment entry falls through to the collection", "token", "coll-token", true},
		{"disabled collection entry skipped", "user", "env-user", true},
		{"last enabled duplicate wins (collection)", "dup", "second", true},
		{"last enabled duplicate wins (environment)", "region", "us", true},
		{"collection only", "onlyColl", "c", true},
		{"undefined", "nope", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := r.Lookup(tt.key)
			if got != tt.want || ok != tt.ok {
				t.Errorf("Lookup(%q) = %q, %v; want %q, %v", tt.key, got, ok, tt.want, tt.ok)
			}
		})
	}
	if got := collection.NewResolver(c, nil).Resolve("{{host}}/{{user}}"); got != "collection.example.com/{{user}}" {
		t.Errorf("without environment: %q", got)
	}
	if got := collection.NewResolver(nil, env).Resolve("{{host}}"); got != "env.example.com" {
		t.Errorf("without collection: %q", got)
	}
	var nilResolver *collection.Resolver
	if v, ok := nilResolver.Lookup("host"); ok || v != "" {
		t.Errorf("nil resolver Lookup = %q, %v", v, ok)
	}
}

func TestResolve(t *testing.T) {
	tests := []struct {
		name string
		vars []string
		in   string
		want string
	}{
		{"no tokens", nil, "plain text", "plain text"},
		{"simple", []string{"a", "1"}, "x{{a}}y{{a}}", "x1y1"},
		{"undefined stays literal", []string{"a", "1"}, "{{a}}{{b}}", "1{{b}}"},
		{"empty value", []string{"a", ""}, "[{{a}}]", "[]"},
		{"chain", []string{"a", "{{b}}", "b", "{{c}}", "c", "done"}, "{{a}}", "done"},
		{"composed name", []string{"env", "prod", "host_prod", "p.example.com", "host_dev", "d.example.com"}, "{{host_{{env}}}}", "p.example.com"},
		{"names are not trimmed", []string{"id", "plain"}, "{{ id }}/{{id}}", "{{ id }}/plain"},
		{"spaced name defined", []string{" id ", "spaced"}, "{{ id }}", "spaced"},
		{"names are case-sensitive", []string{"ID", "upper"}, "{{id}}{{ID}}", "{{id}}upper"},
		{"braces inside are not a token", []string{"a", "1"}, "{{a{b}}{{a}", "{{a{b}}{{a}"},
		{"single braces", []string{"a", "1"}, "{a} {{a}} }}", "{a} 1 }}"},
		{"value with braces", []string{"a", "{not a token}"}, "{{a}}", "{not a token}"},
		{"dollar names are ordinary lookups", []string{"$guid", "mine"}, "{{$guid}}{{$timestamp}}", "mine{{$timestamp}}"},
		{"self cycle", []string{"a", "{{a}}"}, "{{a}}", "{{a}}"},
		{"unicode", []string{"名前", "値"}, "{{名前}}", "値"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := collection.NewResolver(varsCollection(tt.vars...), nil)
			if got := r.Resolve(tt.in); got != tt.want {
				t.Errorf("Resolve(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestResolveEndsCycles(t *testing.T) {
	r := collection.NewResolver(varsCollection("a", "{{b}}", "b", "{{a}}", "x", "[{{x}}]"), nil)
	done := make(chan [2]string, 1)
	go func() { done <- [2]string{r.Resolve("{{a}}"), r.Resolve("{{x}}")} }()
	select {
	case got := <-done:
		if got[0] != "{{a}}" && got[0] != "{{b}}" {
			t.Errorf("a/b cycle resolved to %q, want a token left unresolved", got[0])
		}
		// A growing cycle stops after MaxResolvePasses passes.
		want := strings.Repeat("[", collection.MaxResolvePasses) + "{{x}}" + strings.Repeat("]", collection.MaxResolvePasses)
		if got[1] != want {
			t.Errorf("growing cycle = %q, want %q", got[1], want)
		}
	case <-time.After(time.Minute): // only guards against a hang
		t.Fatal("Resolve did not return on a cycle")
	}
}

// chain returns variables v0 = {{v1}}, ..., v(n-1) = {{vn}}, vn = "end".
func chain(n int) *collection.Collection {
	var kv []string
	for i := range n {
		kv = append(kv, "v"+strconv.Itoa(i), "{{v"+strconv.Itoa(i+1)+"}}")
	}
	return varsCollection(append(kv, "v"+strconv.Itoa(n), "end")...)
}

func TestResolveStopsAfterMaxPasses(t *testing.T) {
	if collection.MaxResolvePasses != 19 {
		t.Fatalf("MaxResolvePasses = %d, Postman's SDK makes 19", collection.MaxResolvePasses)
	}
	// {{v0}} needs n+1 passes to become "end".
	if got := collection.NewResolver(chain(18), nil).Resolve("{{v0}}"); got != "end" {
		t.Errorf("19-pass chain = %q, want end", got)
	}
	if got := collection.NewResolver(chain(19), nil).Resolve("{{v0}}"); got != "{{v19}}" {
		t.Errorf("20-pass chain = %q, want {{v19}} (stopped after 19 passes)", got)
	}
}

func TestResolveBoundsDoublingVariables(t *testing.T) {
	// a0 = {{a1}}{{a1}}, a1 = {{a2}}{{a2}}, ...: unbounded, the text would
	// double at each of the 19 passes and then some.
	var kv []string
	for i := range 40 {
		kv = append(kv, "a"+strconv.Itoa(i), "{{a"+strconv.Itoa(i+1)+"}}{{a"+strconv.Itoa(i+1)+"}}")
	}
	kv = append(kv, "a40", "0123456789")
	r := collection.NewResolver(varsCollection(kv...), nil)
	// Work done rather than time taken: the bytes allocated stay a small
	// multiple of the bounded result.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	got := r.Resolve("{{a0}}")
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("resolved %d bytes, allocated %d", len(got), alloc)
	if alloc > 64<<20 {
		t.Errorf("resolving allocated %d MiB, want at most 64 MiB", alloc>>20)
	}
	if len(got) > 4<<20 {
		t.Errorf("resolved text is %d bytes, want it bounded (at most a few MiB)", len(got))
	}
	if len(got) < 1<<19 {
		t.Errorf("resolved text is only %d bytes; expected it to grow until the bound", len(got))
	}
}

func TestResolveFuncFallsBackForUndefinedNames(t *testing.T) {
	r := collection.NewResolver(varsCollection("user", "ada", "$guid", "fixed"), nil)
	var asked []string
	got := r.ResolveFunc("{{user}} {{$guid}} {{$randomInt}} {{capture}} {{none}}", func(name string) (string, bool) {
		asked = append(asked, name)
		switch name {
		case "$randomInt":
			return "7", true
		case "capture":
			return "{{user}}", true // resolved again on the next pass
		}
		return "", false
	})
	if want := "ada fixed 7 ada {{none}}"; got != want {
		t.Errorf("ResolveFunc = %q, want %q", got, want)
	}
	if len(asked) < 3 || !reflect.DeepEqual(asked[:3], []string{"$randomInt", "capture", "none"}) {
		t.Errorf("fallback asked for %q first", asked)
	}
	for _, name := range asked {
		if name == "user" || name == "$guid" {
			t.Errorf("fallback asked for the defined name %q", name)
		}
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"no tokens", nil},
		{"{{a}}/{{b}}/{{a}}", []string{"a", "b", "a"}},
		{"{{ spaced }}", []string{" spaced "}},
		{"{{}}", []string{""}},
		{"{{x{{y}}}}", []string{"y"}},
		{"{{open", nil},
		{"{{{a}}}", []string{"a"}},
	}
	for _, tt := range tests {
		if got := collection.Tokens(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUnresolvedVariables(t *testing.T) {
	c := mustParse(t, `{"info":{"name":"u","schema":"`+schema21+`"},
		"variable":[{"key":"baseUrl","value":"https://api.example.com"},{"key":"off","value":"x","disabled":true}],
		"item":[
		  {"name":"a","request":"{{baseUrl}}/users/{{userId}}?t={{$timestamp}}&v={{version}}","response":[{"id":"e1"},{"id":"e2"}]},
		  {"name":"b","request":"{{baseUrl}}/orgs/{{orgId}}/users/{{userId}}/{{off}}","response":[{"id":"e3"}]},
		  {"name":"c","request":"{{host}}/plain","response":[{"id":"e4"}]}]}`)
	got := collection.UnresolvedVariables(c, nil)
	want := []collection.Unresolved{
		{Name: "userId", Paths: []string{"item[0].response[0]", "item[0].response[1]", "item[1].response[0]"}},
		{Name: "version", Paths: []string{"item[0].response[0]", "item[0].response[1]"}},
		{Name: "orgId", Paths: []string{"item[1].response[0]"}},
		{Name: "off", Paths: []string{"item[1].response[0]"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("UnresolvedVariables:\n got %+v\nwant %+v", got, want)
	}
	env := &collection.Environment{Values: []collection.Variable{{Key: "userId", Value: "1"}, {Key: "version", Value: "2"}, {Key: "orgId", Value: "3"}, {Key: "off", Value: "4"}}}
	if got := collection.UnresolvedVariables(c, env); len(got) != 0 {
		t.Errorf("with an environment defining them all: %+v", got)
	}
}

// TestValuelessPathVariablesAreWildcardsNotUndefined: a valueless ":id" is a
// wildcard by declaration: listed in Unresolved (it matches any segment) and
// in PathVariables, but not by Undefined or UnresolvedVariables, even when a
// collection variable shares its name; a {{token}} beside it still is.
func TestValuelessPathVariablesAreWildcardsNotUndefined(t *testing.T) {
	c := mustParse(t, `{"info":{"name":"p","schema":"`+schema21+`"},
		"variable":[{"key":"orderId","value":"1001"}],
		"item":[{"name":"a","request":{"url":{"raw":"/users/:userId/orders/:orderId/{{lineId}}","path":["users",":userId","orders",":orderId","{{lineId}}"],
		  "variable":[{"key":"userId","value":""}]}},"response":[{"id":"e1"}]}]}`)
	ru := collection.NewResolver(c, nil).ResolveURL(&c.Examples()[0].Request.URL)
	if want := []string{"users", "{{userId}}", "orders", "{{orderId}}", "{{lineId}}"}; !reflect.DeepEqual(ru.Path, want) {
		t.Errorf("Path = %q, want %q", ru.Path, want)
	}
	if want := []string{"userId", "orderId", "lineId"}; !reflect.DeepEqual(ru.Unresolved, want) {
		t.Errorf("Unresolved = %q, want %q", ru.Unresolved, want)
	}
	if want := []string{"userId", "orderId"}; !reflect.DeepEqual(ru.PathVariables, want) {
		t.Errorf("PathVariables = %q, want %q", ru.PathVariables, want)
	}
	if want := []string{"lineId"}; !reflect.DeepEqual(ru.Undefined(), want) {
		t.Errorf("Undefined() = %q, want %q", ru.Undefined(), want)
	}
	want := []collection.Unresolved{{Name: "lineId", Paths: []string{"item[0].response[0]"}}}
	if got := collection.UnresolvedVariables(c, nil); !reflect.DeepEqual(got, want) {
		t.Errorf("UnresolvedVariables = %+v, want %+v", got, want)
	}
}
