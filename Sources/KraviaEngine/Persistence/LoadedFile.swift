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
        guard let (fd, size) = try DataFile.openForReading(path) else { return nil }
        defer { close(fd) }
        guard size > 0 else { return LoadedFile(UnsafeBufferPointer(start: nil, count: 0), mapped: false) }
        guard mapping else {
            // `malloc`, not `allocate` (which traps): a sparse file claiming terabytes is refused, not fatal.
            guard let memory = malloc(size) else { throw StorageError("\(path): \(size) bytes, too large to read") }
            let bytes = UnsafeMutableBufferPointer(start: memory.assumingMemoryBound(to: UInt8.self), count: size)
            do {
                let filled = try DataFile.read(fd, into: UnsafeMutableRawBufferPointer(bytes), path: path)
                return LoadedFile(UnsafeBufferPointer(rebasing: bytes[..<filled]), mapped: false)
            } catch {
                free(memory)
                throw error
            }
        }
        // Faulted in whole up front, unless it is larger than any folder this sandbox writes in practice: a sparse
        // file of a terabyte (damage, or made by hand) would be read in before its header could refuse it.
        let populate = size <= Self.populatedLimit ? MAP_POPULATE : 0
        guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE | populate, fd, 0), address != MAP_FAILED
        else { throw .system("mmap", path, errno: errno) }
        return LoadedFile(
            UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size), mapped: true)
    }

    /// Files up to this size are faulted in when mapped.
    static let populatedLimit = 1 << 30

    private init(_ bytes: UnsafeBufferPointer<UInt8>, mapped: Bool) {
        self.bytes = bytes
        self.mapped = mapped
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            free(UnsafeMutableRawPointer(mutating: base))
        }
    }
}
