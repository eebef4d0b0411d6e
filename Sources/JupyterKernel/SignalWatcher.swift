#if canImport(Glibc)
import Glibc
#endif

/// Signal handling the known-good way for a threaded kernel: block SIGINT and SIGTERM
/// in every thread (call `blockTerminationSignals()` first thing, before any thread
/// exists, so all threads inherit the mask), then let one thread take them with
/// `sigtimedwait`. SIGINT interrupts the running cell and never kills the kernel
/// (jupyter_client sends one before every shutdown); SIGTERM shuts down cleanly.
/// The same thread notices when the parent process dies, so no orphan kernel stays.
public enum SignalWatcher {
    /// Blocks SIGINT and SIGTERM for the calling thread and every thread it creates later.
    public static func blockTerminationSignals() {
        var set = terminationSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
    }

    static func terminationSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        return set
    }

    /// The watcher thread's loop. `watchParent`: stop when the parent process changes.
    static func run(state: KernelState, handleSignals: Bool, watchParent: Bool) {
        var set = terminationSet()
        let parent = getppid()
        var timeout = timespec(tv_sec: 0, tv_nsec: 250_000_000)
        var ticks = 0
        while !state.shouldStop {
            if handleSignals {
                let signal = sigtimedwait(&set, nil, &timeout)
                if signal == SIGINT {
                    KernelLog.info("SIGINT: interrupting")
                    state.language.interrupt()
                } else if signal == SIGTERM {
                    KernelLog.info("SIGTERM: shutting down")
                    state.requestStop(restart: false)
                }
            } else {
                usleep(250_000)
            }
            ticks += 1
            if watchParent, ticks % 4 == 0, getppid() != parent {
                KernelLog.info("parent process exited: shutting down")
                state.requestStop(restart: false)
            }
        }
    }
}
