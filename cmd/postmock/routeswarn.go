package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/postmock/postmock/collection"
	"github.com/postmock/postmock/match"
	"github.com/postmock/postmock/mock"
)

// Bounds of the routes warnings, so that a collection of a thousand
// requests without examples (Sabre's) or a tie of many examples stays one
// readable line.
const (
	maxTieListed      = 8 // tied examples named in a tie warning
	maxUnservedListed = 5 // requests named in the requests-without-examples warning
)

// routesWarnings returns what routes tells beside the loader's and the
// matcher's warnings: one line per request side where several examples tie
// (under the matching part of mc, the config routes describes), naming
// the one that answers, and one line for the requests that have no saved
// example.
func routesWarnings(ix *match.Index, mc mock.Config) []string {
	// The part of the config that decides between a route's examples.
	cfg := match.Config{IgnoreQueryParams: mc.IgnoreQueryParams, IgnoreWildcards: mc.IgnoreWildcards,
		PreferSuccess: mc.PreferSuccess, SkipSteps: mc.SkipSteps}
	var out []string
	for _, t := range ix.Ties(cfg) {
		out = append(out, tieWarning(t, cfg.PreferSuccess))
	}
	if w := unservedWarning(ix.RequestsWithoutExamples(), len(ix.Collection().Requests())); w != "" {
		out = append(out, w)
	}
	return out
}

// tieWarning formats one tie: where, which examples, which one answers and
// by what rule, and which one -prefer-success would serve instead.
func tieWarning(t match.Tie, preferSuccess bool) string {
	var b strings.Builder
	b.WriteString("warning: ")
	b.WriteString(t.Method)
	b.WriteByte(' ')
	b.WriteString(t.Path)
	if t.Query != "" {
		b.WriteByte('?')
		b.WriteString(t.Query)
	}
	fmt.Fprintf(&b, ": %d examples tie: ", len(t.Examples))
	// Examples of one request item are told apart by name; those of
	// several items (often named alike) by their item too.
	items := false
	for _, ex := range t.Examples {
		items = items || ex.Item != t.Examples[0].Item
	}
	for i, ex := range t.Examples {
		if i == maxTieListed {
			fmt.Fprintf(&b, ", and %d more", len(t.Examples)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(exampleLabel(ex, items))
	}
	fmt.Fprintf(&b, "; %s answers (%s)", strconv.Quote(t.Winner.Name), tieRule(t, preferSuccess))
	if ps := t.PreferSuccessWinner; ps != nil {
		fmt.Fprintf(&b, "; with -prefer-success, %s", strconv.Quote(ps.Name))
	}
	return oneLine(b.String())
}

// exampleLabel names an example in a warning: its name, status and id (as
// the routes table shows it, so that the row can be found), and with item
// set the folder path and name of its request item, unless that is the
// example's name.
func exampleLabel(ex *collection.Example, item bool) string {
	if item && ex.Item != nil {
		// An item named as its one example says nothing more.
		if p := itemPath(ex.Item); p != ex.Name {
			return fmt.Sprintf("%q (%d, id %s, in %q)", ex.Name, ex.Code, ex.ID, p)
		}
	}
	return fmt.Sprintf("%q (%d, id %s)", ex.Name, ex.Code, ex.ID)
}

// tieRule says which rule of docs/matching.md#winner-and-ties chose the winner.
func tieRule(t match.Tie, preferSuccess bool) string {
	if preferSuccess && success(t.Winner.Code) {
		for _, ex := range t.Examples {
			if !success(ex.Code) {
				return "-prefer-success: a 2xx example wins the tie"
			}
		}
	}
	if t.Winner.IDSynthetic {
		// An example with an id of its own would have won: none has one.
		return "no example has an id in the file, so the first in document order wins"
	}
	for _, ex := range t.Examples {
		if ex != t.Winner && !ex.IDSynthetic {
			return "the id last in byte order wins"
		}
	}
	return "the only one with an id of its own wins"
}

// unservedWarning tells how many of the total requests have no saved
// example, naming the first few by item path; "" when every request has
// one.
func unservedWarning(items []*collection.Item, total int) string {
	if len(items) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("warning: ")
	fmt.Fprintf(&b, "%d of %d %s %s no saved example, so the mock never serves %s: ",
		len(items), total, plural(total, "request", "requests"), plural(len(items), "has", "have"), plural(len(items), "it", "them"))
	for i, it := range items {
		if i == maxUnservedListed {
			fmt.Fprintf(&b, ", and %d more", len(items)-i)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(strconv.Quote(itemPath(it)))
	}
	return oneLine(b.String())
}

// itemPath names a request item by its folders and its name: "Folder /
// Sub / Item".
func itemPath(it *collection.Item) string {
	if len(it.Folders) == 0 {
		return it.Name
	}
	return strings.Join(it.Folders, " / ") + " / " + it.Name
}

// success reports whether a status code is 2xx.
func success(code int) bool { return code >= 200 && code <= 299 }
