@preconcurrency import Glibc
import Foundation

/// Counts what this process holds, from `/proc`: threads, descriptors, and the TCP sockets on one port.
///
/// Tests and servers share the process, and other suites run in parallel, so whole-process numbers are
/// compared to a baseline with bounded waits, while `sockets(port:)` attributes descriptors exactly: a socket
/// counts when its inode is one of ours and `/proc/net/tcp{,6}` shows it bound to, or connected to, `port`.
package enum ProcessCensus {
    /// `Threads:` from `/proc/self/status`.
    package static var threads: Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Threads:") }),
            let count = Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces))
        else { return -1 }
        return count
    }

    /// The entries of `/proc/self/fd` (the listing's own descriptor included, as in any snapshot).
    package static var descriptors: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd").count) ?? -1
    }

    /// Our open TCP sockets whose local port is `port` (the listener and what it accepted: the server's side),
    /// and those whose remote port is `port` (clients connected to it).
    package static func sockets(port: Int) -> (local: Int, remote: Int) {
        let ours = socketInodes()
        var local = 0
        var remote = 0
        for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
            guard let text = readAll(table) else { continue }
            for row in text.split(separator: "\n").dropFirst() {
                let fields = row.split(separator: " ", omittingEmptySubsequences: true)
                guard fields.count > 9, let inode = UInt64(fields[9]), ours.contains(inode) else { continue }
                if portOf(fields[1]) == port { local += 1 }
                if portOf(fields[2]) == port { remote += 1 }
            }
        }
        return (local, remote)
    }

    /// Polls `condition` every 10 ms until it holds or `seconds` pass: a bound, so a leak fails the test
    /// instead of hanging it; never a timing assertion.
    package static func eventually(within seconds: Double = 15, _ condition: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: seconds)
        while true {
            if condition() { return true }
            if Date() > deadline { return false }
            usleep(10_000)
        }
    }

    /// The whole of a `/proc` file: read until end of file, since `/proc` reports a size of 0 and Foundation
    /// stops after the first page.
    private static func readAll(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = read(fd, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Inodes of the sockets among our descriptors (`socket:[12345]` links).
    private static func socketInodes() -> Set<UInt64> {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        var inodes = Set<UInt64>()
        var target = [CChar](repeating: 0, count: 64)
        for name in names {
            let length = readlink("/proc/self/fd/" + name, &target, target.count - 1)
            guard length > 0 else { continue }
            let link = String(decoding: target[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            guard link.hasPrefix("socket:["), let inode = UInt64(link.dropFirst(8).dropLast()) else { continue }
            inodes.insert(inode)
        }
        return inodes
    }

    /// The port of a `/proc/net/tcp` address such as `0100007F:1F90`.
    private static func portOf(_ address: Substring) -> Int? {
        address.split(separator: ":").last.flatMap { Int($0, radix: 16) }
    }
}
