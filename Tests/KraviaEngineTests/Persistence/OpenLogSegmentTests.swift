import Foundation
import SandboxTestSupport
import Testing

@testable import KraviaEngine

/// The log file being written, when the disk refuses it.
struct OpenLogSegmentTests {
    /// A new log file whose header cannot be written: the error is thrown, and the file closed once.
    @Test func aHeaderThatCannotBeWrittenClosesTheFileOnce() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        // Every write to /dev/full fails with ENOSPC.
        try FileManager.default.createSymbolicLink(
            atPath: folder.file(LogSegment.name(firstSequence: 1)), withDestinationPath: "/dev/full")
        let lost = socketsClosedUnder {
            for _ in 0..<5_000 {
                #expect(throws: StorageError.self) { try OpenLogSegment(directory: folder.path, firstSequence: 1) }
            }
        }
        #expect(lost == 0, "sockets closed under another thread")
    }
}
