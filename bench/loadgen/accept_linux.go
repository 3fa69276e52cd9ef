package main

import (
	"net"
	"os"
	"runtime"
	"syscall"
	"time"
)

// connectProber tries connections with bare system calls on a thread of
// its own, which sleeps in between: Go's dialer and timers would wake more
// threads, and on a small machine they take time from the server that is
// starting. Its methods must be called from the goroutine that made it.
type connectProber struct {
	family int
	addr   syscall.Sockaddr
}

func newConnectProber(hostport string) (*connectProber, error) {
	addr, err := net.ResolveTCPAddr("tcp", hostport)
	if err != nil {
		return nil, err
	}
	p := &connectProber{family: syscall.AF_INET}
	if ip4 := addr.IP.To4(); ip4 != nil {
		a := &syscall.SockaddrInet4{Port: addr.Port}
		copy(a.Addr[:], ip4)
		p.addr = a
	} else {
		a := &syscall.SockaddrInet6{Port: addr.Port}
		copy(a.Addr[:], addr.IP.To16())
		p.family, p.addr = syscall.AF_INET6, a
	}
	runtime.LockOSThread()
	return p, nil
}

// try makes one connection and closes it: a socket, a connect and a close.
func (p *connectProber) try() error {
	fd, err := syscall.Socket(p.family, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return os.NewSyscallError("socket", err)
	}
	defer syscall.Close(fd)
	// Bound a connect that is neither accepted nor refused.
	timeout := syscall.NsecToTimeval(int64(time.Second))
	syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_SNDTIMEO, &timeout)
	return syscall.Connect(fd, p.addr)
}

func (p *connectProber) sleep(d time.Duration) {
	ts := syscall.NsecToTimespec(int64(d))
	syscall.Nanosleep(&ts, nil)
}

func (p *connectProber) close() { runtime.UnlockOSThread() }
