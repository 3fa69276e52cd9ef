package collection_test

import (
	"errors"
	"fmt"
	"strings"

	"github.com/postmock/postmock/collection"
)

const usersCollection = `{
  "info": {"name": "Users", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
  "variable": [{"key": "baseUrl", "value": "https://api.example.com/v1"}],
  "item": [{"name": "users", "item": [
    {"name": "Get user", "request": {"method": "GET",
      "url": {"raw": "{{baseUrl}}/users/:id", "host": ["{{baseUrl}}"], "path": ["users", ":id"],
              "variable": [{"key": "id", "value": ""}]}},
     "response": [
       {"id": "7c1e", "name": "Found", "code": 200, "status": "OK",
        "originalRequest": {"method": "GET", "url": "{{baseUrl}}/users/:id"},
        "header": [{"key": "Content-Type", "value": "application/json"}],
        "_postman_previewlanguage": "json", "body": "{\"id\":\"{{id}}\"}"},
       {"name": "Missing", "code": 404, "body": null}
     ]},
    {"name": "List users", "request": "{{baseUrl}}/users?page=1"}
  ]}]
}`

func ExampleParse() {
	c, err := collection.Parse([]byte(usersCollection))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s (v%s)\n", c.Info.Name, c.Version)
	for _, it := range c.Requests() {
		fmt.Printf("%s %s  [%s] %s\n", it.Request.MethodOrGet(), it.Request.URL.String(), strings.Join(it.Folders, "/"), it.Name)
		for _, ex := range it.Examples {
			fmt.Printf("  %d %s id=%s from=%s\n", ex.Code, ex.Name, ex.ID, ex.RequestFrom)
		}
	}
	// Output:
	// Users (v2.1.0)
	// GET {{baseUrl}}/users/:id  [users] Get user
	//   200 Found id=7c1e from=originalRequest
	//   404 Missing id=00000000-0000-4000-8000-000000000002 from=parent
	// GET {{baseUrl}}/users?page=1  [users] List users
}

func ExampleResolver_ResolveURL() {
	c, err := collection.Parse([]byte(usersCollection))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := collection.NewResolver(c, nil)
	for _, ex := range c.Examples() {
		u := r.ResolveURL(&ex.Request.URL)
		fmt.Printf("%s: /%s unresolved=%v\n", ex.Name, strings.Join(u.Path, "/"), u.Unresolved)
	}
	// Output:
	// Found: /v1/users/{{id}} unresolved=[id]
	// Missing: /v1/users/{{id}} unresolved=[id]
}

func ExampleParseEnvironment() {
	env, err := collection.ParseEnvironment([]byte(`{"id":"5d0c","name":"staging","values":[
		{"key":"baseUrl","value":"https://staging.example.com","enabled":true},
		{"key":"token","value":"s3cr3t","enabled":false}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ := collection.Parse([]byte(usersCollection))
	r := collection.NewResolver(c, env)
	fmt.Println(env.Name, len(env.Values), "values")
	fmt.Println(r.Resolve("{{baseUrl}}/users {{token}}"))
	// Output:
	// staging 2 values
	// https://staging.example.com/users {{token}}
}

func ExampleCollection_Walk() {
	c, err := collection.Parse([]byte(usersCollection))
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = c.Walk(func(folders []string, it *collection.Item) error {
		indent := strings.Repeat("  ", len(folders))
		if it.Folder {
			fmt.Printf("%s%s/\n", indent, it.Name)
		} else {
			fmt.Printf("%s%s (%d examples)\n", indent, it.Name, len(it.Examples))
		}
		return nil
	})
	// Output:
	// users/
	//   Get user (2 examples)
	//   List users (0 examples)
}

// LoadFile reads a collection file; items keep their folder path.
func ExampleLoadFile() {
	c, err := collection.LoadFile("testdata/folders.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, it := range c.Requests() {
		fmt.Printf("%-14s %-6s %s\n", it.Request.URL.String(), "/"+strings.Join(it.Folders, "/"), it.Name)
	}
	// Output:
	// /root          /      root request
	// /a1            /A     a1
	// /a/b/c/d/deep  /A/B/C/D deep
	// /b1            /A/B   b1
	// /e1            /E     e1
}

// Load reads from any reader; what cannot be used is skipped and reported
// as a Diagnostic, while a structural error fails the load with an *Error
// that wraps a sentinel.
func ExampleLoad() {
	c, err := collection.Load(strings.NewReader(`{"info": {"name": "Shop", "schema": "v2.1.0"}, "item": [
		{"name": "Orders", "request": "/orders", "response": [
			{"name": "OK", "code": 200, "body": "[]"},
			{"name": "Broken", "code": "abc"}]},
		{"name": "Empty"}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(c.Examples()), "example")
	for _, d := range c.Diagnostics {
		fmt.Printf("%s (%s)\n", d, d.Action)
	}

	_, err = collection.Load(strings.NewReader(`{"info": {"name": "Shop"}, "item": {}}`))
	fmt.Println(err, errors.Is(err, collection.ErrInvalid))
	// Output:
	// 1 example
	// item[0].response[1].code: want a number, got "abc" (example skipped)
	// item[1]: neither item nor request (item skipped)
	// item: want an array, got an object true
}

// An environment file's enabled values override the collection's variables;
// disabled ones are kept but skipped when resolving.
func ExampleLoadEnvironmentFile() {
	env, err := collection.LoadEnvironmentFile("testdata/environment.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := collection.Parse([]byte(usersCollection))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := collection.NewResolver(c, env)
	fmt.Println(env.Name)
	fmt.Println(r.Resolve("{{baseUrl}}/users?region={{region}}&port={{port}}&token={{token}}"))
	// Output:
	// staging
	// https://staging.example.com/users?region=us&port=8443&token={{token}}
}

// UnresolvedVariables lists the names no scope defines: matching treats
// them as wildcards. A valueless path variable (:id) is a wildcard too, by
// declaration, and is not listed.
func ExampleUnresolvedVariables() {
	c, err := collection.Parse([]byte(`{"info": {"name": "Orders"},
	  "variable": [{"key": "host", "value": "https://api.example.com"}],
	  "item": [{"name": "Order of a user", "request": "{{host}}/users/:id/orders/{{orderId}}",
	    "response": [{"name": "OK", "code": 200}]}]}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, u := range collection.UnresolvedVariables(c, nil) {
		fmt.Println(u.Name, u.Paths)
	}
	// Output:
	// orderId [item[0].response[0]]
}
