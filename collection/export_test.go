package collection

// ConcurrentFrom makes the loader spread its work over goroutines for
// inputs of n bytes and more (0: always), so that tests can compare the
// concurrent load with the sequential one on small inputs.
func ConcurrentFrom(n int) Option { return func(o *options) { o.concurrentMin = n } }
