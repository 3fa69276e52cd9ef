// Command medians reads `go test -bench` output of bench/inproc (any
// -count) on stdin and prints a Markdown table: per case and route count,
// each library's median ns/op and allocs/op, and its ratio to httpmock's
// median.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
)

// libs are the table's columns, in order.
var libs = []string{"postmock", "httpmock", "gock", "bare"}

type sample struct{ ns, bytes, allocs float64 }

func main() {
	rows, order, err := read(os.Stdin)
	if err != nil {
		fmt.Fprintln(os.Stderr, "medians:", err)
		os.Exit(1)
	}
	if len(order) == 0 {
		fmt.Fprintln(os.Stderr, "medians: no bench/inproc benchmark lines on stdin")
		os.Exit(1)
	}
	fmt.Println("| per call or build | N routes | postmock `Transport()` | jarcoal/httpmock | h2non/gock | bare RoundTripper (floor) |")
	fmt.Println("|---|---:|---:|---:|---:|---:|")
	for _, key := range order {
		kind, n, _ := strings.Cut(key, "/N=")
		cells := []string{label(kind), n}
		base, hasBase := median(rows[key]["httpmock"])
		for _, lib := range libs {
			s, ok := median(rows[key][lib])
			if !ok {
				cells = append(cells, "")
				continue
			}
			c := duration(s.ns) + ", " + strconv.FormatFloat(s.allocs, 'f', -1, 64) + " allocs"
			if kind == "build" {
				c = duration(s.ns) + ", " + size(s.bytes)
			}
			if hasBase && lib != "httpmock" {
				c += fmt.Sprintf(" (%s×)", ratio(s.ns/base.ns))
			}
			cells = append(cells, c)
		}
		fmt.Println("| " + strings.Join(cells, " | ") + " |")
	}
}

// read collects the samples of lines like
// "BenchmarkCall/exact/N=10/postmock-2  100  1234 ns/op  840 B/op  10 allocs/op",
// keyed by "kind/N=n" and library, keys in first-seen order.
func read(r io.Reader) (map[string]map[string][]sample, []string, error) {
	rows := map[string]map[string][]sample{}
	var order []string
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		name := f[0]
		if i := strings.LastIndexByte(name, '-'); i > 0 {
			name = name[:i] // the GOMAXPROCS suffix
		}
		parts := strings.Split(name, "/")
		if len(parts) != 4 {
			continue
		}
		key, lib := parts[1]+"/"+parts[2], parts[3]
		var s sample
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				continue
			}
			switch f[i+1] {
			case "ns/op":
				s.ns = v
			case "B/op":
				s.bytes = v
			case "allocs/op":
				s.allocs = v
			}
		}
		if rows[key] == nil {
			rows[key] = map[string][]sample{}
			order = append(order, key)
		}
		rows[key][lib] = append(rows[key][lib], s)
	}
	return rows, order, sc.Err()
}

// median takes each measure's median on its own (the lower middle one for
// an even count).
func median(ss []sample) (sample, bool) {
	if len(ss) == 0 {
		return sample{}, false
	}
	pick := func(f func(sample) float64) float64 {
		v := make([]float64, len(ss))
		for i, s := range ss {
			v[i] = f(s)
		}
		slices.Sort(v)
		return v[(len(v)-1)/2]
	}
	return sample{
		ns:     pick(func(s sample) float64 { return s.ns }),
		bytes:  pick(func(s sample) float64 { return s.bytes }),
		allocs: pick(func(s sample) float64 { return s.allocs }),
	}, true
}

func label(kind string) string {
	switch kind {
	case "exact":
		return "exact hit"
	case "id":
		return "`{id}` route"
	case "build":
		return "build the mock"
	}
	return kind
}

func duration(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.3g ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.3g µs", ns/1e3)
	}
	return fmt.Sprintf("%.3g ns", ns)
}

func size(b float64) string {
	if b >= 1<<20 {
		return fmt.Sprintf("%.3g MiB", b/(1<<20))
	}
	return fmt.Sprintf("%.3g KiB", b/(1<<10))
}

func ratio(r float64) string {
	if r >= 10 {
		return strconv.FormatFloat(r, 'f', 0, 64)
	}
	return strconv.FormatFloat(r, 'f', 2, 64)
}
