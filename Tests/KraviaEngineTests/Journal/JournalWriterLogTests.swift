import Foundation
import Glibc
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

/// The writer holds log lines for larger writes; none may be held for good: a line goes out once its hold ends with
/// nothing else queued, and closing the writer writes every line queued before it returns.
struct JournalWriterLogTests {
    /// A pipe standing in for stderr: the writer writes its end, the test reads the other.
    private final class LogPipe {
        let readEnd: Int32
        let writeEnd: Int32

        init() throws {
            var ends: [Int32] = [0, 0]
            try #require(pipe(&ends) == 0)
            readEnd = ends[0]
            writeEnd = ends[1]
            // Not inherited by the executables other tests start.
            _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        }

        deinit {
            Glibc.close(readEnd)
            Glibc.close(writeEnd)
        }

        /// The lines read until `count` have come, or until nothing comes for `timeoutMilliseconds`.
        func lines(count: Int, timeoutMilliseconds: Int32) -> [Substring] {
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 65_536)
            while bytes.count(where: { $0 == 0x0A }) < count {
                var ready = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
                guard Glibc.poll(&ready, 1, timeoutMilliseconds) == 1 else { break }
                let got = read(readEnd, &buffer, buffer.count)
                guard got > 0 else { break }
                bytes += buffer[..<got]
            }
            return String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        }
    }

    private func entry(_ index: Int) -> JournalEntry {
        let now = Timestamp(milliseconds: 0)
        let path = "/v1/transactions/T12345678.t\(index)"
        let record = ExchangeRecord(
            direction: .inbound, method: "GET", url: "http://h\(path)", path: path, status: 200, wallTime: now,
            sandboxTime: now, durationMilliseconds: 1)
        return JournalEntry(seq: index, record: record)
    }

    @Test func aLineIsWrittenWhenItsHoldEndsWithNothingElseQueued() throws {
        let log = try LogPipe()
        let writer = try JournalWriter(filePath: nil, log: .text, logDescriptor: log.writeEnd)
        defer { writer.close() }
        writer.enqueue(entry(1), journaled: true)
        let lines = log.lines(count: 1, timeoutMilliseconds: 5_000)
        #expect(lines.count == 1)
        #expect(lines.first?.contains(" inbound GET /v1/transactions/T12345678.t1 200 ") == true)
    }

    @Test func closingWritesEveryQueuedLineBeforeItReturns() throws {
        let log = try LogPipe()
        let writer = try JournalWriter(filePath: nil, log: .text, logDescriptor: log.writeEnd)
        for index in 1...200 { writer.enqueue(entry(index), journaled: true) }
        writer.close()
        // Everything is in the pipe already: a read that would wait finds nothing more.
        let lines = log.lines(count: 200, timeoutMilliseconds: 0)
        #expect(lines.count == 200)
        #expect(lines.last?.contains("/v1/transactions/T12345678.t200 ") == true)
    }
}
