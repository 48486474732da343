import Foundation
import SandboxHTTP
import SandboxSupport
import Synchronization
import Testing

@testable import KraviaEngine

/// The journal writer's memos keep each connection's last poll (its header list, its bodies, its log line) until a
/// clear of the journal, which lets go of them before it returns: a reset then gives their memory back.
struct JournalWriterMemoTests {
    /// Whether the storage of a body made by `body()` was freed.
    private final class Release: Sendable {
        private let freed = Atomic<Bool>(false)
        var isFreed: Bool { freed.load(ordering: .sequentiallyConsistent) }

        /// A transaction's JSON in storage of its own, which sets `freed` when the last `Data` holding it goes.
        func body() -> Data {
            let json = Array(#"{"id":"T12345678.t1","merchant_reference":"order-1","session_id":"T12345678.s1"}"#.utf8)
            let storage = UnsafeMutableRawPointer.allocate(byteCount: json.count, alignment: 1)
            storage.copyMemory(from: json, byteCount: json.count)
            return Data(
                bytesNoCopy: storage, count: json.count,
                deallocator: .custom { [self] pointer, _ in
                    pointer.deallocate()
                    freed.store(true, ordering: .sequentiallyConsistent)
                })
        }
    }

    private func poll(responseBody: Data, headers: HTTPHeaders) -> ExchangeRecord {
        let now = Timestamp(milliseconds: 0)
        let path = "/v1/transactions/T12345678.t1"
        return ExchangeRecord(
            direction: .inbound, method: "GET", url: "http://h\(path)", path: path, requestHeaders: headers,
            status: 200,
            responseHeaders: ["Content-Type": "application/json; charset=utf-8"], responseBody: responseBody,
            wallTime: now, sandboxTime: now, durationMilliseconds: 0)
    }

    @Test func aClearedJournalsWriterLetsGoOfThePollItRemembered() {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("memo-\(UUID().uuidString).ndjson")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // One entry held: the next pushes the poll out of the journal, and only the writer's memo holds it then.
        let journal = Journal(limit: 1, filePath: path, log: nil)
        defer { journal.close() }
        let release = Release()
        journal.append(poll(responseBody: release.body(), headers: ["Authorization": "Bearer one", "Host": "h"]))
        journal.append(poll(responseBody: Data("{}".utf8), headers: ["Authorization": "Bearer two", "Host": "h"]))
        journal.waitUntilWritten()
        #expect(journal.statistics.entries == 1)
        #expect(!release.isFreed, "the memo holds the poll for the next one")
        journal.clear()
        #expect(release.isFreed, "the memo let go of the poll")
    }

    /// A clear waits for the writer to let go of its memos, and not for a writer that stopped.
    @Test func aClearAfterTheWriterStoppedReturns() {
        let journal = Journal(limit: nil, filePath: nil, log: .text)
        journal.close()
        journal.clear()
        journal.logOnly(poll(responseBody: Data("{}".utf8), headers: ["Host": "h"]))
        journal.clear()
    }
}
