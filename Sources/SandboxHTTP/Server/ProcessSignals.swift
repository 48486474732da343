@preconcurrency import Glibc
import Foundation

/// Runs a closure when the process receives SIGINT or SIGTERM, so a CLI can stop its server and exit 0.
///
/// The signals are blocked in every thread and collected with `sigwait` on one dedicated thread: the
/// closure then runs as ordinary code (it may lock, log and join threads), not in a signal handler.
/// SIGPIPE is ignored as well, as a server that writes to vanished peers must.
public enum ProcessSignals {
    /// Blocks SIGINT and SIGTERM and calls `action` with the signal number each time one arrives.
    ///
    /// Call it early in `main`, before other threads start, so they inherit the blocked mask.
    public static func onTermination(_ action: @escaping @Sendable (Int32) -> Void) {
        signal(SIGPIPE, SIG_IGN)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let watched = set
        let thread = Thread {
            var set = watched
            while true {
                var received: Int32 = 0
                guard sigwait(&set, &received) == 0 else { continue }
                action(received)
            }
        }
        thread.name = "signals"
        thread.start()
    }
}
