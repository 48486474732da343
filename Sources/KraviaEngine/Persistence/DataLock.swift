import Foundation
@preconcurrency import Glibc
import Synchronization

/// The lock file of a data folder: held (`flock`) as long as a sandbox uses the folder, with its pid inside
/// for the error a second sandbox gets. The kernel drops the lock when the process ends, `kill -9` included.
final class DataLock: Sendable {
    let path: String
    private let fd: Atomic<Int32>

    /// Takes the lock of `directory`.
    /// - Throws: `StorageError` naming the other sandbox's pid when it holds the lock.
    init(directory: String) throws(StorageError) {
        path = directory + "/lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .system("open", path, errno: errno) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            close(fd)
            if code == EWOULDBLOCK {
                let holder = (try? DataFile.read(path)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                let pid = holder.trimmingCharacters(in: .whitespacesAndNewlines)
                throw StorageError(
                    "\(directory) is in use by another sandbox (pid \(pid.isEmpty ? "unknown" : pid)); "
                        + "stop it or choose another --data folder")
            }
            throw .system("flock", path, errno: code)
        }
        self.fd = Atomic(fd)
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(fd, 0)
        _ = pid.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
    }

    /// Lets go of the lock (also done when released).
    func release() {
        let fd = fd.exchange(-1, ordering: .acquiringAndReleasing)
        if fd >= 0 { close(fd) }
    }

    deinit {
        release()
    }
}
