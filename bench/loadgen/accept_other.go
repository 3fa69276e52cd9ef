//go:build !linux

package main

import (
	"fmt"
	"net"
	"time"
)

// waitAccept tries a TCP connection to hostport every millisecond until one
// is accepted (and closes it), the deadline passes or exited reports true.
func waitAccept(hostport string, deadline time.Time, exited func() bool) error {
	for next := time.Now(); ; {
		c, err := net.DialTimeout("tcp", hostport, time.Second)
		if err == nil {
			c.Close()
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
			time.Sleep(d)
		} else {
			next = time.Now()
		}
	}
}
