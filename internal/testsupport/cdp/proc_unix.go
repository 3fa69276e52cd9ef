//go:build unix

package cdp

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts the browser in a process group of its own, so that
// Close reaches its renderer, GPU and zygote processes too.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
}

func killProcessGroup(cmd *exec.Cmd) {
	if cmd.Process == nil {
		return
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	cmd.Process.Kill()
}
