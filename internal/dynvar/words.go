package dynvar

// Built-in word lists. Values only need to be plausible and in the documented
// format (docs/variables.md#dynamic-variables), so the lists are small and hand-written rather
// than a port of faker.js. Entries are plain ASCII unless the value itself
// needs otherwise (currency symbols), which keeps the format regexps in the
// tests simple.

var firstNames = []string{
	"Ada", "Alan", "Amara", "Ben", "Carlos", "Chloe", "Daniel", "Diego",
	"Elena", "Emma", "Farah", "Grace", "Hannah", "Hiro", "Isabel", "Ivan",
	"Jack", "Julia", "Kai", "Laura", "Leo", "Liam", "Maya", "Mia",
	"Noah", "Nora", "Olivia", "Omar", "Priya", "Quinn", "Rosa", "Sam",
	"Sofia", "Theo", "Uma", "Victor", "Wendy", "Xavier", "Yara", "Zoe",
}

var lastNames = []string{
	"Lovelace", "Turing", "Hopper", "Kessler", "Kuhn", "Price", "Ward", "Lang",
	"Schmidt", "Garcia", "Nguyen", "Okafor", "Patel", "Rossi", "Silva", "Tanaka",
	"Walsh", "Young", "Baker", "Carter", "Dubois", "Evans", "Fischer", "Hansen",
	"Ito", "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Olsen", "Petrov",
	"Reyes", "Sato", "Torres", "Weber", "Zimmerman", "Brooks", "Mueller", "Hughes",
}

var namePrefixes = []string{"Mr.", "Mrs.", "Ms.", "Miss", "Dr."}

var nameSuffixes = []string{"Jr.", "Sr.", "I", "II", "III", "IV", "V", "MD", "DDS", "PhD", "DVM"}

var jobDescriptors = []string{
	"Senior", "Global", "Lead", "Principal", "Chief", "Direct", "Dynamic", "Future",
	"Central", "Corporate", "District", "Forward", "Human", "Internal", "International",
	"Investor", "Legacy", "National", "Product", "Regional",
}

var jobAreas = []string{
	"Branding", "Security", "Accounts", "Applications", "Assurance", "Communications",
	"Configuration", "Creative", "Data", "Directives", "Factors", "Functionality",
	"Identity", "Implementation", "Infrastructure", "Integration", "Interactions",
	"Intranet", "Marketing", "Markets", "Metrics", "Mobility", "Operations",
	"Optimization", "Paradigm", "Program", "Quality", "Research", "Response",
	"Solutions", "Tactics", "Usability", "Web",
}

var jobTypes = []string{
	"Engineer", "Coordinator", "Agent", "Administrator", "Analyst", "Architect",
	"Assistant", "Associate", "Consultant", "Designer", "Developer", "Director",
	"Executive", "Facilitator", "Liaison", "Manager", "Officer", "Orchestrator",
	"Planner", "Producer", "Representative", "Specialist", "Strategist",
	"Supervisor", "Technician",
}

var cities = []string{
	"London", "Paris", "Berlin", "Madrid", "Rome", "Lisbon", "Dublin", "Vienna",
	"Prague", "Warsaw", "Oslo", "Stockholm", "Helsinki", "Copenhagen", "Amsterdam",
	"Brussels", "Zurich", "Toronto", "Vancouver", "Chicago", "Boston", "Seattle",
	"Denver", "Austin", "New York", "San Francisco", "Los Angeles", "Mexico City",
	"Buenos Aires", "Sao Paulo", "Cape Town", "Nairobi", "Cairo", "Mumbai", "Tokyo",
	"Seoul", "Sydney", "Auckland", "Singapore", "Port Elizabeth",
}

// streetBases are combined with street suffixes; last names are used too.
var streetBases = []string{
	"Maple", "Oak", "Cedar", "Pine", "Elm", "Birch", "Willow", "Chestnut",
	"Spruce", "Hickory", "Magnolia", "Sycamore", "Aspen", "Juniper", "Laurel",
	"Highland", "Lakeview", "Meadow", "Sunset", "Church", "Mill", "Park",
}

var streetSuffixes = []string{
	"Avenue", "Street", "Road", "Lane", "Drive", "Court", "Boulevard", "Way",
	"Place", "Terrace", "Square", "Circle", "Parkway",
}

// country pairs an English name with its ISO 3166-1 alpha-2 code so that
// $randomCountry, $randomCountryCode, IBANs and BICs draw from one list.
type country struct{ name, code string }

var countries = []country{
	{"Argentina", "AR"}, {"Australia", "AU"}, {"Austria", "AT"}, {"Belgium", "BE"},
	{"Brazil", "BR"}, {"Canada", "CA"}, {"Chile", "CL"}, {"China", "CN"},
	{"Colombia", "CO"}, {"Czechia", "CZ"}, {"Denmark", "DK"}, {"Egypt", "EG"},
	{"Finland", "FI"}, {"France", "FR"}, {"Germany", "DE"}, {"Greece", "GR"},
	{"Hungary", "HU"}, {"Iceland", "IS"}, {"India", "IN"}, {"Indonesia", "ID"},
	{"Ireland", "IE"}, {"Italy", "IT"}, {"Japan", "JP"}, {"Kenya", "KE"},
	{"Mexico", "MX"}, {"Netherlands", "NL"}, {"New Zealand", "NZ"}, {"Nigeria", "NG"},
	{"Norway", "NO"}, {"Poland", "PL"}, {"Portugal", "PT"}, {"South Africa", "ZA"},
	{"South Korea", "KR"}, {"Spain", "ES"}, {"Sweden", "SE"}, {"Switzerland", "CH"},
	{"Turkey", "TR"}, {"United Kingdom", "GB"}, {"United States", "US"}, {"Vietnam", "VN"},
}

var colors = []string{
	"red", "green", "blue", "yellow", "orange", "purple", "pink", "brown",
	"black", "white", "grey", "teal", "cyan", "magenta", "lime", "olive",
	"maroon", "navy", "indigo", "violet", "turquoise", "gold", "silver", "salmon",
	"plum", "orchid", "tan", "sky blue", "mint green", "lavender", "fuchsia", "azure",
}

var abbreviations = []string{
	"ADP", "AGP", "AI", "CSS", "EXE", "FTP", "GB", "HDD", "HTTP", "IB", "JBOD",
	"JSON", "PCI", "RAM", "SAS", "SCSI", "SDD", "SMS", "SMTP", "SQL", "SSL",
	"TCP", "THX", "USB", "XML",
}

// englishWords backs $randomWord, $randomWords and file names.
var englishWords = []string{
	"apple", "bridge", "candle", "river", "garden", "window", "mountain", "pencil",
	"harbor", "journey", "silver", "thunder", "meadow", "lantern", "orbit", "velvet",
	"anchor", "basket", "compass", "feather", "glacier", "horizon", "island", "jacket",
	"kettle", "ladder", "marble", "needle", "ocean", "pebble", "quilt", "ribbon",
	"saddle", "timber", "umbrella", "valley", "wagon", "yarn", "zephyr", "blanket",
}

var domainSuffixes = []string{"com", "net", "org", "info", "biz"}

var freeEmailDomains = []string{"gmail.com", "yahoo.com", "hotmail.com"}

var exampleEmailDomains = []string{"example.com", "example.net", "example.org"}

var userAgents = []string{
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0",
	"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36",
	"Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:126.0) Gecko/20100101 Firefox/126.0",
	"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
	"Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
	"Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (iPad; CPU OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
	"Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.179 Mobile Safari/537.36",
	"Mozilla/5.0 (Linux; Android 13; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.0.0 Mobile Safari/537.36",
}

// locales is the Chromium UI locale list (docs/variables.md#dynamic-variables).
var locales = []string{
	"af", "am", "an", "ar", "ast", "az", "be", "bg", "bh", "bn", "br", "bs", "ca", "ceb", "ckb", "co", "cs", "cy", "da", "de", "el", "en", "eo",
	"es", "et", "eu", "fa", "fi", "fil", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "ha", "haw", "he", "hi", "hmn", "hr", "ht", "hu", "hy", "ia", "id", "ig", "is", "it", "ja", "jv", "ka", "kk", "km", "kn", "ko",
	"ku", "ky", "la", "lb", "ln", "lo", "lt", "lv", "mg", "mi", "mk", "ml", "mn", "mo", "mr", "ms", "mt", "my", "nb", "ne", "nl", "nn", "no", "ny", "oc", "om", "or", "pa", "pl", "ps", "pt", "qu", "rm", "ro", "ru", "sd",
	"sh", "si", "sk", "sl", "sm", "sn", "so", "sq", "sr", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "to", "tr", "tt", "tw", "ug", "uk", "ur", "uz", "vi", "wa", "xh", "yi", "yo", "zh", "zu",
}

var bankAccountNames = []string{
	"Savings Account", "Checking Account", "Home Loan Account", "Auto Loan Account",
	"Credit Card Account", "Investment Account", "Money Market Account", "Personal Loan Account",
}

// ibanFormat gives a country's BBAN shape: 'A' upper-case letter, '#' digit,
// 'X' upper-case letter or digit. Lengths follow the real registry, so the
// IBANs range from 15 (NO) to 31 (MT) characters.
type ibanFormat struct{ code, bban string }

var ibanFormats = []ibanFormat{
	{"AT", "################"},
	{"BE", "############"},
	{"CH", "#####XXXXXXXXXXXX"},
	{"DE", "##################"},
	{"DK", "##############"},
	{"ES", "####################"},
	{"FI", "##############"},
	{"FR", "##########XXXXXXXXXXX##"},
	{"GB", "AAAA##############"},
	{"IE", "AAAA##############"},
	{"IT", "A##########XXXXXXXXXXXX"},
	{"LU", "###XXXXXXXXXXXXX"},
	{"MT", "AAAA#####XXXXXXXXXXXXXXXXXX"},
	{"NL", "AAAA##########"},
	{"NO", "###########"},
	{"PL", "########################"},
	{"PT", "#####################"},
	{"SE", "####################"},
}

var transactionTypes = []string{"deposit", "withdrawal", "payment", "invoice"}

type currency struct{ code, name, symbol string }

var currencies = []currency{
	{"EUR", "Euro", "€"}, {"USD", "US Dollar", "$"}, {"GBP", "Pound Sterling", "£"},
	{"JPY", "Yen", "¥"}, {"CHF", "Swiss Franc", "CHF"}, {"CNY", "Yuan Renminbi", "¥"},
	{"INR", "Indian Rupee", "₹"}, {"BRL", "Brazilian Real", "R$"}, {"CAD", "Canadian Dollar", "$"},
	{"AUD", "Australian Dollar", "$"}, {"SEK", "Swedish Krona", "kr"}, {"NOK", "Norwegian Krone", "kr"},
	{"DKK", "Danish Krone", "kr"}, {"PLN", "Zloty", "zł"}, {"CZK", "Czech Koruna", "Kč"},
	{"HUF", "Forint", "Ft"}, {"KRW", "Won", "₩"}, {"TRY", "Turkish Lira", "₺"},
	{"ZAR", "Rand", "R"}, {"MXN", "Mexican Peso", "$"}, {"ILS", "New Israeli Sheqel", "₪"},
	{"THB", "Baht", "฿"}, {"UAH", "Hryvnia", "₴"}, {"NGN", "Naira", "₦"},
	{"PHP", "Philippine Peso", "₱"}, {"VND", "Dong", "₫"}, {"SGD", "Singapore Dollar", "$"},
	{"NZD", "New Zealand Dollar", "$"}, {"HKD", "Hong Kong Dollar", "$"},
}

// companySuffixes is exactly the spec's list.
var companySuffixes = []string{"Inc", "LLC", "Group", "and Sons"}

var catchPhraseAdjectives = []string{
	"Adaptive", "Advanced", "Automated", "Balanced", "Business-focused", "Centralized",
	"Configurable", "Cross-platform", "Customizable", "Decentralized", "De-engineered",
	"Distributed", "Enhanced", "Enterprise-wide", "Ergonomic", "Exclusive", "Focused",
	"Future-proofed", "Horizontal", "Innovative", "Integrated", "Intuitive", "Managed",
	"Multi-layered", "Multi-tiered", "Networked", "Open-source", "Optimized", "Organic",
	"Proactive", "Robust", "Seamless", "Streamlined", "Synergistic", "User-friendly", "Virtual",
}

var catchPhraseDescriptors = []string{
	"24-hour", "3rd-generation", "4th-generation", "5th-generation", "asymmetric",
	"asynchronous", "bi-directional", "client-driven", "client-server", "coherent",
	"context-sensitive", "dedicated", "demand-driven", "dynamic", "fault-tolerant",
	"global", "heuristic", "holistic", "hybrid", "incremental", "interactive",
	"leading-edge", "mission-critical", "modular", "multi-state", "next-generation",
	"object-oriented", "real-time", "scalable", "systemic", "value-added", "zero-defect",
}

// catchPhraseNouns may be two words, as the spec allows.
var catchPhraseNouns = []string{
	"ability", "access", "adapter", "algorithm", "alliance", "architecture", "archive",
	"benchmark", "capability", "circuit", "collaboration", "concept", "customer loyalty",
	"database", "data-warehouse", "encryption", "firmware", "focus group", "framework",
	"groupware", "help-desk", "hub", "infrastructure", "interface", "knowledge base",
	"matrix", "methodology", "middleware", "neural-net", "open system", "paradigm",
	"portal", "secured line", "task-force", "throughput", "time-frame", "toolset",
}

var bsBuzzwords = []string{
	"implement", "utilize", "integrate", "streamline", "optimize", "evolve", "transform",
	"embrace", "enable", "orchestrate", "leverage", "reinvent", "aggregate", "architect",
	"enhance", "incentivize", "morph", "empower", "monetize", "harness", "facilitate",
	"synergize", "deploy", "syndicate", "deliver", "incubate", "engage", "maximize",
	"benchmark", "expedite", "visualize", "repurpose", "scale", "unleash", "e-enable",
	"iterate", "cultivate", "productize", "redefine", "recontextualize",
}

var bsAdjectives = []string{
	"clicks-and-mortar", "value-added", "vertical", "proactive", "robust", "revolutionary",
	"scalable", "leading-edge", "innovative", "intuitive", "strategic", "e-business",
	"mission-critical", "sticky", "one-to-one", "end-to-end", "global", "granular",
	"frictionless", "virtual", "viral", "dynamic", "best-of-breed", "bleeding-edge",
	"web-enabled", "interactive", "real-time", "seamless", "extensible", "turn-key",
	"world-class", "open-source", "cross-platform", "synergistic", "out-of-the-box",
	"user-centric", "plug-and-play", "collaborative", "holistic", "24-365",
}

var bsNouns = []string{
	"synergies", "web-readiness", "paradigms", "markets", "partnerships", "infrastructures",
	"platforms", "initiatives", "channels", "eyeballs", "communities", "solutions",
	"e-tailers", "e-services", "action-items", "portals", "niches", "technologies",
	"content", "vortals", "supply-chains", "convergence", "relationships", "architectures",
	"interfaces", "e-markets", "e-commerce", "systems", "bandwidth", "infomediaries",
	"models", "mindshare", "deliverables", "users", "schemas", "networks", "applications",
	"metrics", "functionalities", "experiences",
}

var departments = []string{
	"Garden", "Electronics", "Books", "Movies", "Music", "Games", "Toys", "Health",
	"Beauty", "Sports", "Outdoors", "Automotive", "Industrial", "Tools", "Grocery",
	"Home", "Kids", "Baby", "Clothing", "Shoes", "Jewelry", "Computers",
}

var products = []string{
	"Chair", "Car", "Computer", "Keyboard", "Mouse", "Bike", "Ball", "Gloves",
	"Pants", "Shirt", "Table", "Shoes", "Hat", "Towels", "Soap", "Tuna",
	"Chicken", "Fish", "Cheese", "Bacon", "Pizza", "Salad", "Sausages", "Chips",
}

var productAdjectives = []string{
	"Small", "Ergonomic", "Rustic", "Intelligent", "Gorgeous", "Incredible", "Fantastic",
	"Practical", "Sleek", "Awesome", "Generic", "Handcrafted", "Handmade", "Licensed",
	"Refined", "Unbranded", "Tasty",
}

var productMaterials = []string{
	"Steel", "Wooden", "Concrete", "Plastic", "Cotton", "Granite", "Rubber", "Metal",
	"Soft", "Fresh", "Frozen", "Bronze", "Leather", "Linen",
}

var dbColumns = []string{
	"id", "title", "name", "email", "phone", "token", "group", "category",
	"password", "comment", "avatar", "status", "createdAt", "updatedAt",
}

var dbTypes = []string{
	"int", "varchar", "text", "date", "datetime", "tinyint", "time", "timestamp",
	"smallint", "mediumint", "bigint", "decimal", "float", "double", "real", "bit",
	"boolean", "serial", "blob", "binary", "enum", "set", "geometry", "point",
}

var dbCollations = []string{
	"utf8_unicode_ci", "utf8_general_ci", "utf8_bin", "ascii_bin", "ascii_general_ci",
	"cp1250_bin", "cp1250_general_ci", "utf8mb4_unicode_ci", "utf8mb4_general_ci",
	"latin1_swedish_ci",
}

var dbEngines = []string{"InnoDB", "MyISAM", "MEMORY", "CSV", "BLACKHOLE", "ARCHIVE"}

// Hacker words are single tokens (no spaces) so $randomPhrase stays readable.
var hackerAdjectives = []string{
	"auxiliary", "primary", "back-end", "digital", "open-source", "virtual",
	"cross-platform", "redundant", "online", "haptic", "multi-byte", "bluetooth",
	"wireless", "1080p", "neural", "optical", "mobile", "solid-state",
}

var hackerNouns = []string{
	"driver", "protocol", "bandwidth", "panel", "microchip", "program", "port",
	"card", "array", "interface", "system", "sensor", "firewall", "pixel", "alarm",
	"feed", "monitor", "application", "transmitter", "bus", "circuit", "capacitor", "matrix",
}

var hackerVerbs = []string{
	"bypass", "hack", "override", "compress", "copy", "navigate", "index", "connect",
	"generate", "quantify", "calculate", "synthesize", "input", "transmit", "program",
	"reboot", "parse",
}

var hackerIngverbs = []string{
	"bypassing", "hacking", "overriding", "compressing", "copying", "navigating",
	"indexing", "connecting", "generating", "quantifying", "calculating",
	"synthesizing", "transmitting", "programming", "rebooting", "parsing",
}

// hackerPhrases are templates: {v} verb, {i} -ing verb, {a} adjective,
// {n} noun, {b} abbreviation. The first letter is capitalised afterwards.
var hackerPhrases = []string{
	"If we {v} the {n}, we can get to the {b} {n} through the {a} {b} {n}!",
	"We need to {v} the {a} {b} {n}!",
	"Try to {v} the {b} {n}, maybe it will {v} the {a} {n}!",
	"You can't {v} the {n} without {i} the {a} {b} {n}!",
	"Use the {a} {b} {n}, then you can {v} the {a} {n}!",
	"The {b} {n} is down, {v} the {a} {n} so we can {v} the {b} {n}!",
	"{i} the {n} won't do anything, we need to {v} the {a} {b} {n}!",
	"I'll {v} the {a} {b} {n}, that should {v} the {b} {n}!",
}

var loremWords = []string{
	"lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit",
	"sed", "do", "eiusmod", "tempor", "incididunt", "ut", "labore", "et", "dolore",
	"magna", "aliqua", "enim", "ad", "minim", "veniam", "quis", "nostrud",
	"exercitation", "ullamco", "laboris", "nisi", "aliquip", "ex", "ea", "commodo",
	"consequat", "duis", "aute", "irure", "reprehenderit", "voluptate", "velit",
	"esse", "cillum", "fugiat", "nulla", "pariatur", "excepteur", "sint", "occaecat",
	"cupidatat", "non", "proident", "sunt", "culpa", "qui", "officia", "deserunt",
	"mollit", "anim", "id", "est", "laborum",
}

// mimeType lists a MIME type with its usual extensions; $randomFileExt,
// $randomFileType and $randomMimeType all draw from this one table.
type mimeType struct {
	name string
	exts []string
}

var mimeTypes = []mimeType{
	{"application/json", []string{"json"}},
	{"application/pdf", []string{"pdf"}},
	{"application/zip", []string{"zip"}},
	{"application/gzip", []string{"gz"}},
	{"application/xml", []string{"xml"}},
	{"application/msword", []string{"doc", "dot"}},
	{"application/vnd.ms-excel", []string{"xls", "xlm", "xlt"}},
	{"application/octet-stream", []string{"bin", "dms", "lrf"}},
	{"application/x-tar", []string{"tar"}},
	{"application/rtf", []string{"rtf"}},
	{"application/epub+zip", []string{"epub"}},
	{"application/javascript", []string{"js", "mjs"}},
	{"application/x-7z-compressed", []string{"7z"}},
	{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{"docx"}},
	{"audio/mpeg", []string{"mp3", "mpga", "mp2"}},
	{"audio/wav", []string{"wav"}},
	{"audio/ogg", []string{"oga", "ogg", "spx"}},
	{"audio/flac", []string{"flac"}},
	{"audio/aac", []string{"aac"}},
	{"audio/midi", []string{"mid", "midi", "kar"}},
	{"font/woff", []string{"woff"}},
	{"font/woff2", []string{"woff2"}},
	{"font/ttf", []string{"ttf"}},
	{"font/otf", []string{"otf"}},
	{"image/png", []string{"png"}},
	{"image/jpeg", []string{"jpeg", "jpg", "jpe"}},
	{"image/gif", []string{"gif"}},
	{"image/svg+xml", []string{"svg", "svgz"}},
	{"image/webp", []string{"webp"}},
	{"image/tiff", []string{"tif", "tiff"}},
	{"image/bmp", []string{"bmp"}},
	{"message/rfc822", []string{"eml", "mime"}},
	{"model/gltf+json", []string{"gltf"}},
	{"model/stl", []string{"stl"}},
	{"model/obj", []string{"obj"}},
	{"model/vrml", []string{"wrl", "vrml"}},
	{"model/iges", []string{"igs", "iges"}},
	{"text/plain", []string{"txt", "text", "conf", "log"}},
	{"text/html", []string{"html", "htm"}},
	{"text/css", []string{"css"}},
	{"text/csv", []string{"csv"}},
	{"text/markdown", []string{"md", "markdown"}},
	{"text/calendar", []string{"ics", "ifb"}},
	{"video/mp4", []string{"mp4", "mp4v", "mpg4"}},
	{"video/mpeg", []string{"mpeg", "mpg", "m1v"}},
	{"video/webm", []string{"webm"}},
	{"video/quicktime", []string{"mov", "qt"}},
	{"video/x-msvideo", []string{"avi"}},
	{"video/3gpp", []string{"3gp"}},
}

// mimeTopLevels are the distinct top-level types of mimeTypes.
var mimeTopLevels = []string{"application", "audio", "font", "image", "message", "model", "text", "video"}

// commonFileTypes is exactly the spec's list for $randomCommonFileType.
var commonFileTypes = []string{"application", "audio", "image", "text", "video"}

// commonFileExts are everyday extensions, all of a common file type.
var commonFileExts = []string{
	"pdf", "json", "mp3", "wav", "png", "jpg", "jpeg", "gif", "html", "txt", "csv", "mp4", "mpeg",
}

var directoryPaths = []string{
	"/bin", "/boot", "/dev", "/etc", "/etc/defaults", "/etc/mail", "/etc/namedb",
	"/etc/periodic", "/etc/ppp", "/home", "/home/user", "/home/user/dir", "/lib",
	"/media", "/mnt", "/net", "/opt", "/opt/bin", "/opt/include", "/opt/lib",
	"/opt/sbin", "/opt/share", "/private", "/private/tmp", "/private/var", "/proc",
	"/root", "/run", "/sbin", "/srv", "/sys", "/tmp", "/usr", "/usr/bin",
	"/usr/include", "/usr/lib", "/usr/libexec", "/usr/local", "/usr/local/bin",
	"/usr/local/include", "/usr/local/lib", "/usr/local/sbin", "/usr/local/share",
	"/usr/local/src", "/usr/obj", "/usr/ports", "/usr/sbin", "/usr/share", "/usr/src",
	"/var", "/var/cache", "/var/lib", "/var/log", "/var/mail", "/var/spool",
	"/var/tmp", "/var/yp", "/Applications", "/Library", "/System", "/Users",
	"/Network", "/Volumes",
}
