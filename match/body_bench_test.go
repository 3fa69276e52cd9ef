package match_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/postmock/postmock/match"
)

// BenchmarkMatchBodySubset matches a 64 KiB JSON body against 100
// candidates on one path (POST /orders), in exact and in subset mode. Each
// example's body is the request's with another customer, so both modes
// walk the whole document for the winner and stop at the first member for
// the others; the request is decoded once per call in both. Target (issue
// 18): subset within 3× exact.
func BenchmarkMatchBodySubset(b *testing.B) {
	var items []string
	for i := 0; ; i++ {
		items = append(items, fmt.Sprintf(`{"sku":"SKU-%05d","qty":%d,"price":%d.5,"tags":["a","b"],"note":"item %d of the order"}`, i, i%7+1, i, i))
		if len(strings.Join(items, ",")) > 64<<10-200 {
			break
		}
	}
	doc := func(customer int) string {
		return fmt.Sprintf(`{"customer":"c-%d","kind":"order","items":[%s]}`, customer, strings.Join(items, ","))
	}
	var exs []bodyEx
	for i := range 100 {
		exs = append(exs, bodyEx{fmt.Sprintf("e%02d", i), "/orders", rawJSON(doc(i))})
	}
	ix := bodyIndex(b, exs...)
	body := doc(99)
	if len(body) < 64<<10-300 || len(body) > 64<<10 {
		b.Fatalf("body is %d bytes, want about 64 KiB", len(body))
	}
	for _, mode := range []struct {
		name string
		cfg  match.Config
	}{{"exact", exactCfg}, {"subset", subsetCfg}} {
		b.Run("mode="+mode.name, func(b *testing.B) {
			req := postJSON("/orders", body)
			if res := ix.Match(req, mode.cfg); matchedID(res) != "e99" {
				b.Fatalf("matched %q, want e99", matchedID(res))
			}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				benchSink = ix.Match(req, mode.cfg)
			}
		})
	}
}
