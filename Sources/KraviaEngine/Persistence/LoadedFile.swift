@preconcurrency import Glibc

/// A data file in memory for reading, mapped or copied.
///
/// Start-up maps it: its pages are the page cache's, so reading hundreds of MiB costs no fresh zeroed pages and no
/// copy (a `read` into an array paid both: about a tenth of a start from a 100,000-transaction snapshot). Only the
/// sandbox holding the folder's lock may map: a file another process cuts short under a mapping would fault the
/// reader, so `data inspect`, which reads a folder in use, copies.
final class LoadedFile: @unchecked Sendable {
    let bytes: UnsafeBufferPointer<UInt8>
    private let mapped: Bool

    /// `path` in memory, or nil when it does not exist.
    static func load(_ path: String, mapping: Bool) throws(StorageError) -> LoadedFile? {
        guard mapping else {
            guard let copy = try DataFile.read(path) else { return nil }
            let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: copy.count)
            _ = bytes.initialize(from: copy)
            return LoadedFile(UnsafeBufferPointer(bytes), mapped: false)
        }
        var fd: Int32
        repeat { fd = open(path, O_RDONLY | O_CLOEXEC) } while fd < 0 && errno == EINTR
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .system("open", path, errno: errno)
        }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw .system("fstat", path, errno: errno) }
        let size = Int(status.st_size)
        guard size > 0 else { return LoadedFile(UnsafeBufferPointer(start: nil, count: 0), mapped: false) }
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), address != MAP_FAILED
        else { throw .system("mmap", path, errno: errno) }
        return LoadedFile(
            UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size), mapped: true)
    }

    private init(_ bytes: UnsafeBufferPointer<UInt8>, mapped: Bool) {
        self.bytes = bytes
        self.mapped = mapped
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            UnsafeMutableBufferPointer(mutating: bytes).deallocate()
        }
    }
}
