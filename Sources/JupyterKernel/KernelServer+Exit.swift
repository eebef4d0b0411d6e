#if canImport(Glibc)
import Glibc
#endif

/// Ending the process when the parent is gone, and the files an ipc kernel leaves.
extension KernelServer {
    /// Nobody is left to answer: ask every thread to stop, give them a moment, then end the
    /// process whether or not the shell thread is free (a cell may ignore the interrupt).
    /// Bounds the exit at about 0.35 s after the parent's death.
    func parentDied() {
        state.requestStop(restart: false)
        let deadline = KernelLog.monotonicSeconds() + 0.25
        while KernelLog.monotonicSeconds() < deadline, !stopped.load(ordering: .acquiring) { usleep(10_000) }
        if stopped.load(ordering: .acquiring) { return } // the main thread is exiting cleanly
        removeSocketFiles()
        KernelLog.flush(timeout: 0.05)
        _exit(0)
    }

    /// ipc transport: the socket files this kernel bound (libzmq removes them when its
    /// listeners close cleanly; this also covers an exit that could not wait for that).
    func removeSocketFiles() {
        guard connection.transport == .ipc else { return }
        let e = endpoints
        for endpoint in [e.shell, e.control, e.stdin, e.iopub, e.heartbeat] where endpoint.hasPrefix("ipc://") {
            let path = String(endpoint.dropFirst(6))
            var info = stat()
            if lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFSOCK { unlink(path) }
        }
    }
}
