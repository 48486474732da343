@preconcurrency import Glibc
import Foundation
import Synchronization

/// Runs `body` while another thread keeps opening sockets and checking that they stay open: a descriptor
/// `body` closes twice is often, by the second close, the number that thread was just given.
/// - Returns: how many of that thread's sockets were closed under it.
package func socketsClosedUnder(_ body: () -> Void) -> Int {
    let stop = Atomic<Bool>(false)
    let lost = Atomic<Int>(0)
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        defer { done.signal() }
        while !stop.load(ordering: .relaxed) {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { continue }
            if (0..<20).contains(where: { _ in fcntl(fd, F_GETFD) < 0 }) {
                lost.add(1, ordering: .relaxed)
            } else {
                close(fd)
            }
        }
    }
    body()
    stop.store(true, ordering: .relaxed)
    done.wait()
    return lost.load(ordering: .relaxed)
}
