import Foundation
@preconcurrency import Glibc

/// The system calls of the data folder, each retrying `EINTR` and reading `errno` at once.
enum DataFile {
    /// Opens `path` for writing at offsets (created when missing).
    static func openForWriting(_ path: String) throws(StorageError) -> Int32 {
        let fd = retrying { open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw .system("open", path, errno: errno) }
        return fd
    }

    /// Writes all of `bytes` to `fd`.
    static func write(_ fd: Int32, _ bytes: [UInt8], path: String) throws(StorageError) {
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { raw in
                Glibc.write(fd, raw.baseAddress! + written, raw.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .system("write", path, errno: errno)
            }
            written += result
        }
    }

    /// Writes the first `count` of `bytes` (all of them by default) to `fd` at `offset`.
    static func write(_ fd: Int32, _ bytes: [UInt8], count: Int? = nil, at offset: Int, path: String)
        throws(StorageError)
    {
        let count = count ?? bytes.count
        var written = 0
        while written < count {
            let result = bytes.withUnsafeBytes { raw in
                pwrite(fd, raw.baseAddress! + written, count - written, off_t(offset + written))
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw .system("pwrite", path, errno: errno)
            }
            written += result
        }
    }

    /// Cuts the file open as `fd` down to `length` bytes (not synced).
    static func truncate(_ fd: Int32, to length: Int, path: String) throws(StorageError) {
        guard retrying({ ftruncate(fd, off_t(length)) }) == 0 else { throw .system("ftruncate", path, errno: errno) }
    }

    /// `fdatasync`: the data and the size are on disk.
    static func syncData(_ fd: Int32, path: String) throws(StorageError) {
        guard retrying({ fdatasync(fd) }) == 0 else { throw .system("fdatasync", path, errno: errno) }
    }

    /// `fsync` of a directory, so a rename or a new file in it survives a crash.
    static func syncDirectory(_ path: String) throws(StorageError) {
        let fd = retrying { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        guard fd >= 0 else { throw .system("open", path, errno: errno) }
        defer { close(fd) }
        guard retrying({ fsync(fd) }) == 0 else { throw .system("fsync", path, errno: errno) }
    }

    /// Writes `bytes` as the whole of `path`, crash-safe: a temporary file, `fsync`ed, renamed into place, the
    /// directory `fsync`ed.
    static func replace(_ path: String, with bytes: [UInt8], directory: String) throws(StorageError) {
        let temporary = path + ".tmp"
        let fd = retrying { open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644) }
        guard fd >= 0 else { throw .system("open", temporary, errno: errno) }
        do throws(StorageError) {
            try write(fd, bytes, path: temporary)
            guard retrying({ fsync(fd) }) == 0 else { throw .system("fsync", temporary, errno: errno) }
        } catch {
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw .system("rename", temporary, errno: errno) }
        try syncDirectory(directory)
    }

    /// The whole of `path`, or nil when it does not exist.
    static func read(_ path: String) throws(StorageError) -> [UInt8]? {
        guard let (fd, size) = try openForReading(path) else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: size)
        let filled = bytes.withUnsafeMutableBytes { raw in
            Result { () throws(StorageError) in try read(fd, into: raw, path: path) }
        }
        return Array(bytes.prefix(try filled.get()))
    }

    /// `path` opened for reading, with its size; nil when it does not exist. The caller closes it.
    static func openForReading(_ path: String) throws(StorageError) -> (fd: Int32, size: Int)? {
        let fd = retrying { open(path, O_RDONLY | O_CLOEXEC) }
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw .system("open", path, errno: errno)
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let error = StorageError.system("fstat", path, errno: errno)
            close(fd)
            throw error
        }
        return (fd, Int(status.st_size))
    }

    /// Reads from `fd` until `buffer` is full or the file ends; the bytes read.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws(StorageError)
        -> Int
    {
        var filled = 0
        while filled < buffer.count {
            let result = Glibc.read(fd, buffer.baseAddress! + filled, buffer.count - filled)
            if result < 0 {
                if errno == EINTR { continue }
                throw .system("read", path, errno: errno)
            }
            if result == 0 { break }
            filled += result
        }
        return filled
    }

    /// Cuts `path` down to `length` bytes and syncs it.
    static func truncate(_ path: String, to length: Int) throws(StorageError) {
        let fd = retrying { open(path, O_WRONLY | O_CLOEXEC) }
        guard fd >= 0 else { throw .system("open", path, errno: errno) }
        defer { close(fd) }
        try truncate(fd, to: length, path: path)
        try syncData(fd, path: path)
    }

    /// Removes `path`; a missing file is no error.
    static func remove(_ path: String) throws(StorageError) {
        guard unlink(path) == 0 || errno == ENOENT else { throw .system("unlink", path, errno: errno) }
    }

    /// The names in `directory`.
    static func names(in directory: String) throws(StorageError) -> [String] {
        guard let dir = opendir(directory) else { throw .system("opendir", directory, errno: errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The size of `path` in bytes, 0 when missing.
    static func size(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : 0
    }

    private static func retrying(_ call: () -> Int32) -> Int32 {
        while true {
            let result = call()
            if result < 0 && errno == EINTR { continue }
            return result
        }
    }
}
