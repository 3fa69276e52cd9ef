package main

import (
	"fmt"
	"net"
	"os"
	"runtime"
	"syscall"
	"time"
)

// waitAccept tries a TCP connection to hostport every millisecond until one
// is accepted (and closes it), the deadline passes or exited reports true.
// Each try is a socket, a connect and a close on a thread of its own, which
// sleeps in between: Go's dialer and timers would wake more threads, and
// on a small machine they take time from the server that is starting.
func waitAccept(hostport string, deadline time.Time, exited func() bool) error {
	addr, err := net.ResolveTCPAddr("tcp", hostport)
	if err != nil {
		return err
	}
	family, sa := syscall.AF_INET, syscall.Sockaddr(nil)
	if ip4 := addr.IP.To4(); ip4 != nil {
		a := &syscall.SockaddrInet4{Port: addr.Port}
		copy(a.Addr[:], ip4)
		sa = a
	} else {
		a := &syscall.SockaddrInet6{Port: addr.Port}
		copy(a.Addr[:], addr.IP.To16())
		family, sa = syscall.AF_INET6, a
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	timeout := syscall.NsecToTimeval(int64(time.Second)) // a connect that is neither accepted nor refused
	for next := time.Now(); ; {
		fd, err := syscall.Socket(family, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
		if err != nil {
			return os.NewSyscallError("socket", err)
		}
		syscall.SetsockoptTimeval(fd, syscall.SOL_SOCKET, syscall.SO_SNDTIMEO, &timeout)
		err = syscall.Connect(fd, sa)
		syscall.Close(fd)
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
			ts := syscall.NsecToTimespec(int64(d))
			syscall.Nanosleep(&ts, nil)
		} else {
			next = time.Now()
		}
	}
}
