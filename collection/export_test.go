package collection

// ConcurrentFrom makes the loader spread its work over goroutines for
// inputs of n bytes and more (0: always), so that tests can compare the
// concurrent load with the sequential one on small inputs.
func ConcurrentFrom(n int) Option { return func(o *options) { o.concurrentMin = n } }

// ValidJSON is the loader's syntax check.
var ValidJSON = validJSON

// MaxNesting bounds how deeply arrays and objects may nest.
const MaxNesting = maxNesting
