@preconcurrency import Glibc

/// A non-blocking pipe used to wake a thread sleeping in `epoll_wait` or `poll` (eventfd is not
/// exported by Glibc's Swift module; a pipe does the same job).
package struct WakePipe: Sendable {
    /// The end to wait on.
    package let readFD: Int32
    /// The end to write to.
    package let writeFD: Int32

    /// Opens the pipe, both ends non-blocking and close-on-exec.
    package init() throws(SocketError) {
        var ends: [Int32] = [0, 0]
        // pipe2 is not exported by Glibc's Swift module; the flags are set afterwards.
        try SystemCall.run("pipe") { pipe(&ends) }
        for end in ends {
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        readFD = ends[0]
        writeFD = ends[1]
    }

    /// Makes the read end readable; a full pipe is already readable, so EAGAIN is fine.
    package func signal() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Empties the pipe so the next wait sleeps again.
    package func drain() {
        var bytes = [UInt8](repeating: 0, count: 64)
        while read(readFD, &bytes, bytes.count) > 0 {}
    }

    /// Closes both ends.
    package func close() {
        _ = Glibc.close(readFD)
        _ = Glibc.close(writeFD)
    }
}
