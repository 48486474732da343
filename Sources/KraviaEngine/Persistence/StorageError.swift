@preconcurrency import Glibc

/// Why a data folder (`--data DIR`) cannot be opened, read or written; damage names the file and the offset.
public struct StorageError: Error, CustomStringConvertible {
    /// What is wrong, for a person.
    public var description: String

    init(_ description: String) {
        self.description = description
    }

    /// A system call failed on `path`.
    static func system(_ call: String, _ path: String, errno code: Int32) -> StorageError {
        StorageError("\(call) \(path): \(String(cString: strerror(code)))")
    }
}
