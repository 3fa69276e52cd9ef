// Command load prints what postmock sees in a Postman collection: every
// request with its folder path and every saved example.
//
//	go run ./examples/load [collection.json]
//
// Without an argument it loads the small collection beside this file.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/postmock/postmock/collection"
)

func main() {
	path := ""
	if len(os.Args) > 1 {
		path = os.Args[1]
	} else {
		_, file, _, _ := runtime.Caller(0)
		path = filepath.Join(filepath.Dir(file), "users.postman_collection.json")
	}
	c, err := collection.LoadFile(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
	fmt.Printf("%s (v%s): %d requests, %d examples\n", c.Info.Name, c.Version, len(c.Requests()), len(c.Examples()))
	r := collection.NewResolver(c, nil)
	for _, it := range c.Requests() {
		folder := strings.Join(it.Folders, " / ")
		fmt.Printf("%s %s  [%s] %s\n", it.Request.MethodOrGet(), it.Request.URL.String(), folder, it.Name)
		for _, ex := range it.Examples {
			u := r.ResolveURL(&ex.Request.URL)
			fmt.Printf("    %d %-20s /%s  id=%s\n", ex.Code, ex.Name, strings.Join(u.Path, "/"), ex.ID)
		}
	}
	for _, d := range c.Diagnostics {
		fmt.Println("warning:", d)
	}
}
