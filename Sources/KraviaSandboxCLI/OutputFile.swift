@preconcurrency import Glibc
import Foundation
import SandboxHTTP

/// A file a command writes (an export, a port file): replaced atomically, and when that fails, one line that
/// says which file and why, in words rather than an error domain and code.
enum OutputFile {
    /// `cannot write PATH: REASON`, e.g. `cannot write /nonexistent/dir/x.har: no such folder`.
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String

        var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `data` to a temporary file beside `path`, then renames it over `path`, so a reader sees the old
    /// file or the whole new one, never half of it.
    /// - Throws: `WriteError` naming the path and the reason.
    static func write(_ data: Data, to path: String) throws(WriteError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw WriteError(path: path, reason: reason(EISDIR))
        }
        let temporary = path + ".tmp-\(getpid())"
        do throws(SocketError) {
            let descriptor = try SystemCall.run("open") {
                open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            }
            defer { close(descriptor) }
            var offset = 0
            while offset < data.count {
                let start = offset
                offset += try SystemCall.run("write") {
                    data.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + start, $0.count - start) }
                }
            }
            try SystemCall.run("rename") { rename(temporary, path) }
        } catch {
            unlink(temporary)
            throw WriteError(path: path, reason: reason(error.code))
        }
    }

    /// The reason for `errno` as a user says it.
    static func reason(_ code: Int32) -> String {
        switch code {
        // The temporary file is created in the target's folder, so a missing file means a missing folder.
        case ENOENT, ENOTDIR: "no such folder"
        case EISDIR: "it is a folder"
        case EACCES, EPERM: "permission denied"
        case EROFS: "read-only file system"
        case ENOSPC, EDQUOT: "no space left on the device"
        default: String(cString: strerror(code)).lowercased()
        }
    }
}
