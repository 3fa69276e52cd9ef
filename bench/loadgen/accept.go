package main

import (
	"fmt"
	"time"
)

// waitAccept tries a TCP connection to hostport every millisecond until one
// is accepted (and closes it), the deadline passes or exited reports true.
func waitAccept(hostport string, deadline time.Time, exited func() bool) error {
	p, err := newConnectProber(hostport)
	if err != nil {
		return err
	}
	defer p.close()
	for next := time.Now(); ; {
		err := p.try()
		if err == nil {
			return nil
		}
		if exited() {
			return fmt.Errorf("server exited before accepting a connection at %s", hostport)
		}
		if !time.Now().Before(deadline) {
			return fmt.Errorf("no connection accepted at %s in time (last: %v)", hostport, err)
		}
		next = next.Add(time.Millisecond)
		if d := time.Until(next); d > 0 {
			p.sleep(d)
		} else {
			next = time.Now()
		}
	}
}
