package verify

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Failure is the text explaining a failed example: the request sent
// (secrets redacted), then the error or each difference with its place,
// then the body diff if any. It is empty unless the example failed.
func (r *Result) Failure() string {
	if r.Outcome != Fail {
		return ""
	}
	var b strings.Builder
	if r.Sent != nil {
		fmt.Fprintf(&b, "sent %s %s\n", r.Sent.Method, r.Sent.URL)
		keys := make([]string, 0, len(r.Sent.Header))
		for k := range r.Sent.Header {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			for _, val := range r.Sent.Header[k] {
				fmt.Fprintf(&b, "  %s: %s\n", k, val)
			}
		}
		if r.Sent.Body != "" {
			fmt.Fprintf(&b, "  body: %s\n", r.Sent.Body)
		}
	}
	if r.Error != "" {
		fmt.Fprintf(&b, "error: %s\n", r.Error)
	}
	for _, d := range r.Differences {
		fmt.Fprintf(&b, "%s\n", d)
	}
	if r.More > 0 {
		fmt.Fprintf(&b, "… and %d more differences\n", r.More)
	}
	if r.Diff != "" {
		fmt.Fprintf(&b, "body diff (-example +got):\n%s", r.Diff)
		if !strings.HasSuffix(r.Diff, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// Summary is one line of counts, e.g. "5 examples: 3 passed, 1 failed,
// 1 skipped".
func (rep *Report) Summary() string {
	n := len(rep.Results)
	noun := "examples"
	if n == 1 {
		noun = "example"
	}
	return fmt.Sprintf("%d %s: %d passed, %d failed, %d skipped", n, noun, rep.Passed, rep.Failed, rep.Skipped)
}

// WriteText writes one line per example (PASS, FAIL or SKIP, its name, and
// for a skipped one why), each failure's explanation indented under it,
// then the summary.
func (rep *Report) WriteText(w io.Writer) error {
	var b strings.Builder
	for i := range rep.Results {
		r := &rep.Results[i]
		switch r.Outcome {
		case Pass:
			fmt.Fprintf(&b, "PASS  %s\n", r.Name())
		case Skip:
			fmt.Fprintf(&b, "SKIP  %s: %s\n", r.Name(), r.Reason)
		default:
			fmt.Fprintf(&b, "FAIL  %s\n", r.Name())
			for line := range strings.Lines(r.Failure()) {
				b.WriteString("      " + line)
			}
		}
	}
	b.WriteString(rep.Summary() + "\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteJSON writes the report as one indented JSON object: collection,
// results (the fields of Result) and the counts.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// JUnit XML, the form CI systems read.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Time     string       `xml:"time,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Time     string      `xml:"time,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitMessage `xml:"failure,omitempty"`
	Skipped   *junitMessage `xml:"skipped,omitempty"`
}

type junitMessage struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// WriteJUnit writes the report as JUnit XML: one testsuite per folder
// path (the collection's name for items outside folders), in order of
// first appearance, and one testcase per example named "item / example".
// A failure's message is its error or first difference, its text the
// whole explanation (Result.Failure).
func (rep *Report) WriteJUnit(w io.Writer) error {
	root := junitSuites{Name: rep.Collection, Tests: len(rep.Results), Failures: rep.Failed, Skipped: rep.Skipped}
	index := map[string]int{}
	var total float64
	times := map[int]float64{}
	for i := range rep.Results {
		r := &rep.Results[i]
		suite := strings.Join(r.Folders, " / ")
		if suite == "" {
			suite = rep.Collection
		}
		si, ok := index[suite]
		if !ok {
			si = len(root.Suites)
			index[suite] = si
			root.Suites = append(root.Suites, junitSuite{Name: suite})
		}
		s := &root.Suites[si]
		secs := r.Duration.Seconds()
		total += secs
		times[si] += secs
		c := junitCase{Name: r.Item + " / " + r.Example, Classname: suite, Time: fmt.Sprintf("%.3f", secs)}
		s.Tests++
		switch r.Outcome {
		case Fail:
			s.Failures++
			c.Failure = &junitMessage{Message: r.firstProblem(), Text: r.Failure()}
		case Skip:
			s.Skipped++
			c.Skipped = &junitMessage{Message: r.Reason}
		}
		s.Cases = append(s.Cases, c)
	}
	for i := range root.Suites {
		root.Suites[i].Time = fmt.Sprintf("%.3f", times[i])
	}
	root.Time = fmt.Sprintf("%.3f", total)
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(root); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

// firstProblem is the error, else the first difference.
func (r *Result) firstProblem() string {
	if r.Error != "" {
		return r.Error
	}
	if len(r.Differences) > 0 {
		return r.Differences[0].String()
	}
	return ""
}
