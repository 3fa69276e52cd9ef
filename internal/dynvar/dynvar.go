// Package dynvar generates the values of Postman's dynamic variables
// ({{$guid}}, {{$timestamp}}, {{$randomFirstName}}, ...) for mock response
// rendering: postmock's mock package substitutes them into response bodies
// and header values at response time (docs/variables.md#dynamic-variables), so every
// occurrence gets a fresh value.
//
// All 118 names of the Postman SDK are supported. Values only need to be
// plausible and in the documented format, so they come from small built-in
// word lists and a seedable random source, which keeps tests reproducible.
package dynvar

import (
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Generator produces dynamic-variable values from a seedable random source
// and a clock. It is safe for concurrent use: one mock serves many requests
// at once, and the random source is guarded by a mutex.
type Generator struct {
	mu  sync.Mutex
	r   *rand.Rand // guarded by mu
	now func() time.Time
}

// New returns a Generator. seed selects the random sequence: the same seed
// and the same sequence of calls give the same values. now is the clock used
// by $timestamp, $isoTimestamp and the $randomDate* variables (nil means
// time.Now); tests pass a fixed clock to get reproducible output.
func New(seed uint64, now func() time.Time) *Generator {
	if now == nil {
		now = time.Now
	}
	// The second PCG word only has to differ from the first; the constant is
	// the 64-bit golden ratio, a conventional "spread the bits" value.
	return &Generator{
		r:   rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		now: now,
	}
}

// Value returns a fresh value for the dynamic variable name (with the
// leading "$", e.g. "$guid") and true, or "", false when the name is not one
// of the 118, so that the caller can leave the token literal.
func (g *Generator) Value(name string) (string, bool) {
	fn, ok := generators[name]
	if !ok {
		return "", false
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return fn(g), true
}

// Names returns the 118 supported names, sorted. The slice is a copy the
// caller may modify.
func Names() []string {
	return append([]string(nil), sortedNames...)
}

var sortedNames = func() []string {
	names := make([]string, 0, len(generators))
	for n := range generators {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}()

// generators dispatches by name. The functions run with g.mu held, so they
// use g.r directly and must not call Value.
var generators = map[string]func(*Generator) string{
	// Common
	"$guid":         (*Generator).uuid,
	"$randomUUID":   (*Generator).uuid,
	"$timestamp":    func(g *Generator) string { return strconv.FormatInt(g.now().Unix(), 10) },
	"$isoTimestamp": func(g *Generator) string { return g.now().UTC().Format("2006-01-02T15:04:05.000Z") },

	// Numbers, text, colours
	"$randomInt":          func(g *Generator) string { return strconv.Itoa(g.r.IntN(1001)) },
	"$randomBoolean":      func(g *Generator) string { return strconv.FormatBool(g.r.IntN(2) == 1) },
	"$randomAlphaNumeric": func(g *Generator) string { return g.chars(1, lowerAlnum) },
	"$randomColor":        func(g *Generator) string { return g.pick(colors) },
	"$randomHexColor":     (*Generator).hexColor,
	"$randomAbbreviation": func(g *Generator) string { return g.pick(abbreviations) },
	"$randomWord":         func(g *Generator) string { return g.pick(englishWords) },
	"$randomWords":        func(g *Generator) string { return g.join(englishWords, 2+g.r.IntN(4), " ") },

	// Internet
	"$randomIP":           (*Generator).ipv4,
	"$randomIPV6":         (*Generator).ipv6,
	"$randomMACAddress":   (*Generator).mac,
	"$randomPassword":     func(g *Generator) string { return g.chars(15, passwordChars) },
	"$randomLocale":       func(g *Generator) string { return g.pick(locales) },
	"$randomUserAgent":    func(g *Generator) string { return g.pick(userAgents) },
	"$randomProtocol":     (*Generator).protocol,
	"$randomSemver":       (*Generator).semver,
	"$randomUrl":          func(g *Generator) string { return g.protocol() + "://" + g.domainName() },
	"$randomDomainName":   (*Generator).domainName,
	"$randomDomainSuffix": func(g *Generator) string { return g.pick(domainSuffixes) },
	"$randomDomainWord":   (*Generator).domainWord,
	"$randomEmail":        func(g *Generator) string { return g.emailUser() + "@" + g.pick(freeEmailDomains) },
	"$randomExampleEmail": func(g *Generator) string { return g.emailUser() + "@" + g.pick(exampleEmailDomains) },
	"$randomUserName":     (*Generator).userName,

	// Names and jobs
	"$randomFirstName":     func(g *Generator) string { return g.pick(firstNames) },
	"$randomLastName":      func(g *Generator) string { return g.pick(lastNames) },
	"$randomFullName":      (*Generator).fullName,
	"$randomNamePrefix":    func(g *Generator) string { return g.pick(namePrefixes) },
	"$randomNameSuffix":    func(g *Generator) string { return g.pick(nameSuffixes) },
	"$randomJobArea":       func(g *Generator) string { return g.pick(jobAreas) },
	"$randomJobDescriptor": func(g *Generator) string { return g.pick(jobDescriptors) },
	"$randomJobType":       func(g *Generator) string { return g.pick(jobTypes) },
	"$randomJobTitle": func(g *Generator) string {
		return g.pick(jobDescriptors) + " " + g.pick(jobAreas) + " " + g.pick(jobTypes)
	},

	// Phone, address, location
	"$randomPhoneNumber":    (*Generator).phone,
	"$randomPhoneNumberExt": func(g *Generator) string { return strconv.Itoa(1+g.r.IntN(99)) + "-" + g.phone() },
	"$randomCity":           func(g *Generator) string { return g.pick(cities) },
	"$randomStreetName":     (*Generator).streetName,
	"$randomStreetAddress":  func(g *Generator) string { return strconv.Itoa(1+g.r.IntN(9999)) + " " + g.streetName() },
	"$randomCountry":        func(g *Generator) string { return countries[g.r.IntN(len(countries))].name },
	"$randomCountryCode":    func(g *Generator) string { return countries[g.r.IntN(len(countries))].code },
	"$randomLatitude":       func(g *Generator) string { return fixed4(g.r.IntN(1_800_001) - 900_000) },
	"$randomLongitude":      func(g *Generator) string { return fixed4(g.r.IntN(3_600_001) - 1_800_000) },

	// Images
	"$randomAvatarImage": func(g *Generator) string {
		return "https://avatars.githubusercontent.com/u/" + strconv.Itoa(1+g.r.IntN(99_999_999))
	},
	"$randomImageUrl": func(g *Generator) string {
		return "https://loremflickr.com/640/480?lock=" + strconv.Itoa(1+g.r.IntN(99_999))
	},
	"$randomAbstractImage":  imageOf("abstract"),
	"$randomAnimalsImage":   imageOf("animals"),
	"$randomBusinessImage":  imageOf("business"),
	"$randomCatsImage":      imageOf("cats"),
	"$randomCityImage":      imageOf("city"),
	"$randomFoodImage":      imageOf("food"),
	"$randomNightlifeImage": imageOf("nightlife"),
	"$randomFashionImage":   imageOf("fashion"),
	"$randomPeopleImage":    imageOf("people"),
	"$randomNatureImage":    imageOf("nature"),
	"$randomSportsImage":    imageOf("sports"),
	"$randomTransportImage": imageOf("transport"),
	"$randomImageDataUri":   (*Generator).imageDataURI,

	// Finance
	"$randomBankAccount":     func(g *Generator) string { return g.chars(8, digits) },
	"$randomBankAccountName": func(g *Generator) string { return g.pick(bankAccountNames) },
	"$randomBankAccountIban": (*Generator).iban,
	"$randomBankAccountBic":  (*Generator).bic,
	"$randomCreditCardMask":  func(g *Generator) string { return g.chars(4, digits) },
	"$randomPrice": func(g *Generator) string {
		cents := g.r.IntN(100_001)
		return strconv.Itoa(cents/100) + "." + pad(cents%100, 2)
	},
	"$randomTransactionType": func(g *Generator) string { return g.pick(transactionTypes) },
	"$randomCurrencyCode":    func(g *Generator) string { return currencies[g.r.IntN(len(currencies))].code },
	"$randomCurrencyName":    func(g *Generator) string { return currencies[g.r.IntN(len(currencies))].name },
	"$randomCurrencySymbol":  func(g *Generator) string { return currencies[g.r.IntN(len(currencies))].symbol },
	"$randomBitcoin": func(g *Generator) string {
		return g.pick([]string{"1", "3"}) + g.chars(24+g.r.IntN(10), base58)
	},

	// Business
	"$randomCompanyName":   (*Generator).companyName,
	"$randomCompanySuffix": func(g *Generator) string { return g.pick(companySuffixes) },
	"$randomCatchPhrase": func(g *Generator) string {
		return g.pick(catchPhraseAdjectives) + " " + g.pick(catchPhraseDescriptors) + " " + g.pick(catchPhraseNouns)
	},
	"$randomCatchPhraseAdjective":  func(g *Generator) string { return g.pick(catchPhraseAdjectives) },
	"$randomCatchPhraseDescriptor": func(g *Generator) string { return g.pick(catchPhraseDescriptors) },
	"$randomCatchPhraseNoun":       func(g *Generator) string { return g.pick(catchPhraseNouns) },
	"$randomBs": func(g *Generator) string {
		return g.pick(bsBuzzwords) + " " + g.pick(bsAdjectives) + " " + g.pick(bsNouns)
	},
	"$randomBsAdjective": func(g *Generator) string { return g.pick(bsAdjectives) },
	"$randomBsBuzz":      func(g *Generator) string { return g.pick(bsBuzzwords) },
	"$randomBsNoun":      func(g *Generator) string { return g.pick(bsNouns) },

	// Commerce
	"$randomDepartment":       func(g *Generator) string { return g.pick(departments) },
	"$randomProduct":          func(g *Generator) string { return g.pick(products) },
	"$randomProductAdjective": func(g *Generator) string { return g.pick(productAdjectives) },
	"$randomProductMaterial":  func(g *Generator) string { return g.pick(productMaterials) },
	"$randomProductName": func(g *Generator) string {
		return g.pick(productAdjectives) + " " + g.pick(productMaterials) + " " + g.pick(products)
	},

	// Databases
	"$randomDatabaseColumn":    func(g *Generator) string { return g.pick(dbColumns) },
	"$randomDatabaseType":      func(g *Generator) string { return g.pick(dbTypes) },
	"$randomDatabaseCollation": func(g *Generator) string { return g.pick(dbCollations) },
	"$randomDatabaseEngine":    func(g *Generator) string { return g.pick(dbEngines) },

	// Dates
	"$randomDatePast":   func(g *Generator) string { return jsDate(g.now().Add(-g.offset(year))) },
	"$randomDateFuture": func(g *Generator) string { return jsDate(g.now().Add(g.offset(year))) },
	"$randomDateRecent": func(g *Generator) string { return jsDate(g.now().Add(-g.offset(24 * time.Hour))) },
	"$randomMonth":      func(g *Generator) string { return time.Month(1 + g.r.IntN(12)).String() },
	"$randomWeekday":    func(g *Generator) string { return time.Weekday(g.r.IntN(7)).String() },

	// Hacker words
	"$randomAdjective": func(g *Generator) string { return g.pick(hackerAdjectives) },
	"$randomNoun":      func(g *Generator) string { return g.pick(hackerNouns) },
	"$randomVerb":      func(g *Generator) string { return g.pick(hackerVerbs) },
	"$randomIngverb":   func(g *Generator) string { return g.pick(hackerIngverbs) },
	"$randomPhrase":    (*Generator).hackerPhrase,

	// Lorem ipsum
	"$randomLoremWord":       func(g *Generator) string { return g.pick(loremWords) },
	"$randomLoremWords":      func(g *Generator) string { return g.join(loremWords, 3, " ") },
	"$randomLoremSentence":   (*Generator).loremSentence,
	"$randomLoremSentences":  func(g *Generator) string { return g.loremSentences(2+g.r.IntN(5), " ") },
	"$randomLoremParagraph":  (*Generator).loremParagraph,
	"$randomLoremParagraphs": (*Generator).loremParagraphs,
	"$randomLoremText":       func(g *Generator) string { return g.loremSentences(1+g.r.IntN(8), " ") },
	"$randomLoremLines":      func(g *Generator) string { return g.loremSentences(1+g.r.IntN(5), "\n") },
	"$randomLoremSlug":       func(g *Generator) string { return g.join(loremWords, 3, "-") },

	// Files and system
	"$randomFileName":       (*Generator).fileName,
	"$randomCommonFileName": func(g *Generator) string { return g.fileStem() + "." + g.pick(commonFileExts) },
	"$randomFileExt":        (*Generator).fileExt,
	"$randomCommonFileExt":  func(g *Generator) string { return g.pick(commonFileExts) },
	"$randomFileType":       func(g *Generator) string { return g.pick(mimeTopLevels) },
	"$randomCommonFileType": func(g *Generator) string { return g.pick(commonFileTypes) },
	"$randomMimeType":       func(g *Generator) string { return mimeTypes[g.r.IntN(len(mimeTypes))].name },
	"$randomDirectoryPath":  func(g *Generator) string { return g.pick(directoryPaths) },
	"$randomFilePath":       func(g *Generator) string { return g.pick(directoryPaths) + "/" + g.fileName() },
}

const (
	digits        = "0123456789"
	lowerHex      = "0123456789abcdef"
	lowerAlnum    = "abcdefghijklmnopqrstuvwxyz0123456789"
	upperAlnum    = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	upperLetters  = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	passwordChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_"
	base58        = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	year          = 365 * 24 * time.Hour
)

func (g *Generator) pick(list []string) string { return list[g.r.IntN(len(list))] }

// chars returns n characters drawn uniformly from alphabet (ASCII only).
func (g *Generator) chars(n int, alphabet string) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[g.r.IntN(len(alphabet))]
	}
	return string(b)
}

// join picks n words (with repetition) and joins them with sep.
func (g *Generator) join(list []string, n int, sep string) string {
	var sb strings.Builder
	for i := range n {
		if i > 0 {
			sb.WriteString(sep)
		}
		sb.WriteString(g.pick(list))
	}
	return sb.String()
}

// offset returns a random duration in [1s, span], whole seconds, because the
// JavaScript date style shows seconds only.
func (g *Generator) offset(span time.Duration) time.Duration {
	return time.Duration(1+g.r.Int64N(int64(span/time.Second))) * time.Second
}

// uuid returns a random (version 4, RFC 4122 variant) UUID in lower case.
func (g *Generator) uuid() string {
	var b [16]byte
	for i := 0; i < 16; i += 8 {
		v := g.r.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	out := make([]byte, 0, 36)
	for i, c := range b {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			out = append(out, '-')
		}
		out = append(out, lowerHex[c>>4], lowerHex[c&0x0f])
	}
	return string(out)
}

func (g *Generator) hexColor() string { return "#" + g.chars(6, lowerHex) }

func (g *Generator) ipv4() string {
	var sb strings.Builder
	for i := range 4 {
		if i > 0 {
			sb.WriteByte('.')
		}
		sb.WriteString(strconv.Itoa(g.r.IntN(256)))
	}
	return sb.String()
}

func (g *Generator) ipv6() string {
	var sb strings.Builder
	for i := range 8 {
		if i > 0 {
			sb.WriteByte(':')
		}
		sb.WriteString(g.chars(4, lowerHex))
	}
	return sb.String()
}

func (g *Generator) mac() string {
	var sb strings.Builder
	for i := range 6 {
		if i > 0 {
			sb.WriteByte(':')
		}
		sb.WriteString(g.chars(2, lowerHex))
	}
	return sb.String()
}

func (g *Generator) protocol() string { return g.pick([]string{"http", "https"}) }

func (g *Generator) semver() string {
	return strconv.Itoa(g.r.IntN(10)) + "." + strconv.Itoa(g.r.IntN(10)) + "." + strconv.Itoa(g.r.IntN(10))
}

// domainWord is a lower-cased surname, sometimes hyphenated with a second
// one, which is always a valid host label.
func (g *Generator) domainWord() string {
	w := strings.ToLower(g.pick(lastNames))
	if g.r.IntN(4) == 0 {
		w += "-" + strings.ToLower(g.pick(lastNames))
	}
	return w
}

func (g *Generator) domainName() string { return g.domainWord() + "." + g.pick(domainSuffixes) }

// emailUser is the local part of an address: first and last name with an
// optional separator and number.
func (g *Generator) emailUser() string {
	first, last := strings.ToLower(g.pick(firstNames)), strings.ToLower(g.pick(lastNames))
	u := first + g.pick([]string{".", "_", ""}) + last
	if g.r.IntN(2) == 0 {
		u += strconv.Itoa(g.r.IntN(100))
	}
	return u
}

func (g *Generator) userName() string {
	first, last := g.pick(firstNames), g.pick(lastNames)
	switch g.r.IntN(5) {
	case 0:
		return first + "." + last
	case 1:
		return strings.ToLower(first) + "_" + strings.ToLower(last[:1]) + strconv.Itoa(g.r.IntN(100))
	case 2:
		return first + strconv.Itoa(g.r.IntN(1000))
	case 3:
		return strings.ToLower(first) + "." + strings.ToLower(last)
	default:
		return first + "_" + last
	}
}

func (g *Generator) fullName() string {
	name := g.pick(firstNames) + " " + g.pick(lastNames)
	switch g.r.IntN(10) {
	case 0:
		return g.pick(namePrefixes) + " " + name
	case 1:
		return name + " " + g.pick(nameSuffixes)
	}
	return name
}

func (g *Generator) phone() string {
	return g.chars(3, digits) + "-" + g.chars(3, digits) + "-" + g.chars(4, digits)
}

func (g *Generator) streetName() string {
	base := g.pick(streetBases)
	if g.r.IntN(2) == 0 {
		base = g.pick(lastNames)
	}
	return base + " " + g.pick(streetSuffixes)
}

// fixed4 formats n ten-thousandths as a decimal with exactly 4 places.
// Working in integers keeps the bounds inclusive and avoids "-0.0000".
func fixed4(n int) string {
	sign := ""
	if n < 0 {
		sign, n = "-", -n
	}
	return sign + strconv.Itoa(n/10000) + "." + pad(n%10000, 4)
}

// pad formats a non-negative n with leading zeros to width w.
func pad(n, w int) string {
	s := strconv.Itoa(n)
	for len(s) < w {
		s = "0" + s
	}
	return s
}

// imageOf returns the generator for a 640×480 placeholder of a category.
// lock= varies the URL so that each occurrence is a fresh value.
func imageOf(category string) func(*Generator) string {
	prefix := "https://loremflickr.com/640/480/" + category + "?lock="
	return func(g *Generator) string { return prefix + strconv.Itoa(1+g.r.IntN(99_999)) }
}

func (g *Generator) imageDataURI() string {
	svg := `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" baseProfile="full" width="640" height="480">` +
		`<rect width="100%" height="100%" fill="` + g.hexColor() + `"/>` +
		`<text x="320" y="240" font-size="20" alignment-baseline="middle" text-anchor="middle" fill="white">640x480</text></svg>`
	return "data:image/svg+xml;charset=UTF-8," + encodeURIComponent(svg)
}

// encodeURIComponent mirrors JavaScript's function of that name, which is
// what Postman uses for the data URI; url.QueryEscape differs (space → "+").
func encodeURIComponent(s string) string {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.!~*'()", c) >= 0 {
			sb.WriteByte(c)
			continue
		}
		sb.WriteByte('%')
		sb.WriteByte("0123456789ABCDEF"[c>>4])
		sb.WriteByte("0123456789ABCDEF"[c&0x0f])
	}
	return sb.String()
}

// iban builds an IBAN with real mod-97 check digits (ISO 13616), so that
// clients validating IBANs accept mock data.
func (g *Generator) iban() string {
	f := ibanFormats[g.r.IntN(len(ibanFormats))]
	b := make([]byte, len(f.bban))
	for i := range b {
		switch f.bban[i] {
		case 'A':
			b[i] = upperLetters[g.r.IntN(len(upperLetters))]
		case '#':
			b[i] = digits[g.r.IntN(len(digits))]
		default:
			b[i] = upperAlnum[g.r.IntN(len(upperAlnum))]
		}
	}
	bban := string(b)
	check := 98 - mod97(bban+f.code+"00")
	return f.code + pad(check, 2) + bban
}

// mod97 returns the ISO 7064 remainder of s read as a number, letters
// counting as 10 (A) to 35 (Z).
func mod97(s string) int {
	rem := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' {
			rem = (rem*100 + int(c-'A') + 10) % 97
		} else {
			rem = (rem*10 + int(c-'0')) % 97
		}
	}
	return rem
}

func (g *Generator) bic() string {
	s := g.chars(4, upperLetters) + countries[g.r.IntN(len(countries))].code + g.chars(2, upperAlnum)
	if g.r.IntN(2) == 0 {
		s += g.chars(3, upperAlnum)
	}
	return s
}

func (g *Generator) companyName() string {
	switch g.r.IntN(3) {
	case 0:
		return g.pick(lastNames) + " " + g.pick(companySuffixes)
	case 1:
		return g.pick(lastNames) + "-" + g.pick(lastNames)
	default:
		return g.pick(lastNames) + ", " + g.pick(lastNames) + " and " + g.pick(lastNames)
	}
}

// jsDate formats t like JavaScript's Date.prototype.toString in UTC, the
// style Postman's generator emits.
func jsDate(t time.Time) string {
	return t.UTC().Format("Mon Jan 02 2006 15:04:05") + " GMT+0000 (Coordinated Universal Time)"
}

func (g *Generator) hackerPhrase() string {
	tmpl := g.pick(hackerPhrases)
	var sb strings.Builder
	for i := 0; i < len(tmpl); i++ {
		if tmpl[i] == '{' && i+2 < len(tmpl) && tmpl[i+2] == '}' {
			switch tmpl[i+1] {
			case 'v':
				sb.WriteString(g.pick(hackerVerbs))
			case 'i':
				sb.WriteString(g.pick(hackerIngverbs))
			case 'a':
				sb.WriteString(g.pick(hackerAdjectives))
			case 'n':
				sb.WriteString(g.pick(hackerNouns))
			case 'b':
				sb.WriteString(g.pick(abbreviations))
			}
			i += 2
			continue
		}
		sb.WriteByte(tmpl[i])
	}
	return capitalize(sb.String())
}

// capitalize upper-cases the first byte; all word lists are ASCII.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// loremSentence is 3–10 lorem words, capitalised, ending with ".".
func (g *Generator) loremSentence() string {
	return capitalize(g.join(loremWords, 3+g.r.IntN(8), " ")) + "."
}

func (g *Generator) loremSentences(n int, sep string) string {
	var sb strings.Builder
	for i := range n {
		if i > 0 {
			sb.WriteString(sep)
		}
		sb.WriteString(g.loremSentence())
	}
	return sb.String()
}

func (g *Generator) loremParagraph() string { return g.loremSentences(3+g.r.IntN(4), " ") }

func (g *Generator) loremParagraphs() string {
	return g.loremParagraph() + "\n" + g.loremParagraph() + "\n" + g.loremParagraph()
}

// fileStem is the "word_word" part of a file name.
func (g *Generator) fileStem() string { return g.join(englishWords, 2, "_") }

func (g *Generator) fileName() string { return g.fileStem() + "." + g.fileExt() }

// fileExt draws a MIME type first, then one of its extensions, so unusual
// extensions of well-known types show up too.
func (g *Generator) fileExt() string {
	m := mimeTypes[g.r.IntN(len(mimeTypes))]
	return g.pick(m.exts)
}
