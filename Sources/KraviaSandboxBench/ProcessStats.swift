import KraviaEngine
@preconcurrency import Glibc
import Foundation
import SandboxSupport

/// What a process holds, read from /proc: resident memory, open descriptors and threads.
struct ProcessStats {
    var residentBytes: Int
    var descriptors: Int
    var threads: Int

    /// Reads `pid` (nil: this process, after handing free heap pages back so resident memory is what is held).
    static func read(pid: Int32? = nil) -> ProcessStats {
        if pid == nil { FreedMemory.returnToSystem() }
        let base = pid.map { "/proc/\($0)" } ?? "/proc/self"
        let statm = (try? String(contentsOfFile: "\(base)/statm", encoding: .utf8)) ?? ""
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        let descriptors = ((try? FileManager.default.contentsOfDirectory(atPath: "\(base)/fd"))?.count ?? 1)
        let status = (try? String(contentsOfFile: "\(base)/status", encoding: .utf8)) ?? ""
        let threads =
            status.split(separator: "\n").first { $0.hasPrefix("Threads:") }
            .flatMap { Int($0.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
        return ProcessStats(
            residentBytes: pages * Int(sysconf(Int32(_SC_PAGESIZE))),
            // Listing /proc/self/fd opens one descriptor of its own.
            descriptors: pid == nil ? descriptors - 1 : descriptors, threads: threads)
    }

    var summary: String {
        String(format: "rss %.1f MiB, fds %d, threads %d", Double(residentBytes) / 1_048_576, descriptors, threads)
    }
}
