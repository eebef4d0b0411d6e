#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Signals caught by the handler in a thread that did not block them (bit 0 SIGINT, bit 1
/// SIGTERM). Threads that a library creates before `main` runs — OpenBLAS starts its pool
/// when it loads — keep SIGINT unblocked; without a handler the default action would kill
/// the kernel there.
private let pendingSignals = Atomic<UInt32>(0)

/// Signal handling the known-good way for a threaded kernel: block SIGINT and SIGTERM
/// in every thread (call `blockTerminationSignals()` first thing, before any thread
/// exists, so all threads inherit the mask), then let one thread take them with
/// `sigtimedwait`. SIGINT interrupts the running cell and never kills the kernel
/// (jupyter_client sends one before every shutdown); SIGTERM shuts down cleanly.
/// The same thread notices when the parent process dies, so no orphan kernel stays.
public enum SignalWatcher {
    /// Blocks SIGINT and SIGTERM for the calling thread and every thread it creates later.
    public static func blockTerminationSignals() {
        _ = pendingSignals.load(ordering: .relaxed)  // initialise the global before a handler can run
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { signal in
            // Async-signal-safe: one atomic operation; the watcher thread acts on it.
            pendingSignals.bitwiseOr(signal == SIGINT ? 1 : 2, ordering: .relaxed)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGINT, &action, nil)
        sigaction(SIGTERM, &action, nil)
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

    /// The watcher thread's loop, one tick every 50 ms. `watchParent`: when the parent
    /// process changes (it died), `parentDied` runs on this thread; it must not depend
    /// on the shell thread, which may be deep in a long cell.
    static func run(state: KernelState, handleSignals: Bool, watchParent: Bool, parentDied: () -> Void) {
        var set = terminationSet()
        let parent = getppid()
        var timeout = timespec(tv_sec: 0, tv_nsec: 50_000_000)
        while !state.shouldStop {
            if handleSignals {
                var signal = sigtimedwait(&set, nil, &timeout)
                let caught = pendingSignals.exchange(0, ordering: .relaxed)
                if caught & 2 != 0 { signal = SIGTERM } else if caught & 1 != 0 { signal = SIGINT }
                if signal == SIGINT {
                    KernelLog.info("SIGINT: interrupting")
                    state.language.interrupt()
                } else if signal == SIGTERM {
                    KernelLog.info("SIGTERM: shutting down")
                    state.requestStop(restart: false)
                }
            } else {
                usleep(50_000)
            }
            if watchParent, getppid() != parent {
                KernelLog.info("parent process exited: shutting down")
                parentDied()
                return
            }
        }
    }
}
