//go:build !linux

package main

import (
	"net"
	"time"
)

// connectProber tries connections with Go's dialer.
type connectProber struct{ hostport string }

func newConnectProber(hostport string) (*connectProber, error) {
	return &connectProber{hostport}, nil
}

// try makes one connection and closes it.
func (p *connectProber) try() error {
	c, err := net.DialTimeout("tcp", p.hostport, time.Second)
	if err == nil {
		c.Close()
	}
	return err
}

func (p *connectProber) sleep(d time.Duration) { time.Sleep(d) }

func (p *connectProber) close() {}
