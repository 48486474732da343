@preconcurrency import Glibc

/// What the kernel says of one of this process's threads (`/proc/self/task/TID/stat`): whether it is runnable, or
/// waiting for something (a lock, a timer, a socket, the disk).
///
/// The timer starts workers for handlers that hold theirs past a tick (a long poll). On a busy machine a handler
/// that computes is also past a tick whenever its thread waits for a core: more threads cannot help it, and on the
/// 2-core benchmark machine each such tick started more workers (2 → 30 over a minute of 1-second `wrk` runs) and
/// throughput fell by a third. Only a thread that is not runnable is waiting for something other than a core.
enum ThreadState {
    /// The calling thread's id (`gettid`), from `/proc/thread-self` (the Glibc module leaves `gettid` out); nil
    /// without `/proc`.
    static func currentThreadId() -> Int32? {
        var path = [CChar](repeating: 0, count: 64)
        let length = readlink("/proc/thread-self", &path, path.count - 1)
        guard length > 0 else { return nil }
        let text = String(decoding: path[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        // "PID/task/TID"
        return text.split(separator: "/").last.flatMap { Int32($0) }
    }

    /// Whether thread `id` of this process is running or waiting only for a core (state `R`); nil when that cannot
    /// be read.
    static func isRunnable(_ id: Int32) -> Bool? {
        let descriptor = open("/proc/self/task/\(id)/stat", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes = [UInt8](repeating: 0, count: 512)
        let count = read(descriptor, &bytes, bytes.count)
        guard count > 0 else { return nil }
        // "TID (name) S ...": the state follows the name's closing parenthesis (a name may hold one itself).
        guard let nameEnd = bytes[..<count].lastIndex(of: UInt8(ascii: ")")), nameEnd + 2 < count else { return nil }
        return bytes[nameEnd + 2] == UInt8(ascii: "R")
    }
}
