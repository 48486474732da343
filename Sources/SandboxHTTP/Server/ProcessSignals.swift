@preconcurrency import Glibc
import Foundation
import Synchronization

/// Runs a closure when the process receives SIGINT or SIGTERM, so a CLI can stop its server and exit 0.
///
/// The signal handler only writes the signal number into a pipe (`write` is async-signal-safe); a
/// dedicated thread reads the pipe and runs the closure as ordinary code, free to lock, log and join
/// threads. This works whichever thread the kernel picks and however many threads already exist.
/// SIGPIPE is ignored as well, as a server that writes to vanished peers must.
public enum ProcessSignals {
    /// The pipe's write end, read by the C handler; set once before the handler is installed.
    nonisolated(unsafe) private static var writeFD: Int32 = -1
    private static let installed = Mutex(false)

    /// Installs the handlers (once per process) and calls `action` with the signal number each time
    /// SIGINT or SIGTERM arrives.
    public static func onTermination(_ action: @escaping @Sendable (Int32) -> Void) {
        signal(SIGPIPE, SIG_IGN)
        let first = installed.withLock { installed in
            defer { installed = true }
            return !installed
        }
        guard first else { return }
        var ends: [Int32] = [0, 0]
        guard pipe(&ends) == 0 else { return }
        _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
        writeFD = ends[1]
        let readFD = ends[0]
        let thread = Thread {
            var number: Int32 = 0
            while true {
                let count = read(readFD, &number, MemoryLayout<Int32>.size)
                if count == MemoryLayout<Int32>.size { action(number) } else if count < 0, errno != EINTR { return }
            }
        }
        thread.name = "signals"
        thread.start()
        var handler = sigaction()
        handler.__sigaction_handler.sa_handler = { number in
            var number = number
            _ = write(ProcessSignals.writeFD, &number, MemoryLayout<Int32>.size)
        }
        handler.sa_flags = SA_RESTART
        sigemptyset(&handler.sa_mask)
        sigaction(SIGINT, &handler, nil)
        sigaction(SIGTERM, &handler, nil)
        // A parent may have spawned us with these signals blocked (test runners do); a handler
        // never runs for a blocked signal, so unblock them in the calling thread.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }
}
