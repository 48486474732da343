import Foundation
import Testing

@testable import KraviaEngine

/// The write-ahead log's group commit: awaited records are synced before their writers go on; records no one
/// waits for are written and left to the next sync, unless someone asks for them; a closed log holds them all.
struct StateLogTests {
    static func log(in folder: TemporaryFolder) throws -> StateLog {
        try FileManager.default.createDirectory(atPath: folder.path, withIntermediateDirectories: true)
        let process = ProcessState(clock: ClockSetting(frozenAt: nil, offsetMilliseconds: 0), ids: [], callbackIds: [])
        return try StateLog(
            directory: folder.path, lastSequence: 0, segmentFirst: 1, snapshotThreshold: .max, lastSnapshot: nil,
            processState: { process })
    }

    static func storedSequences(in folder: TemporaryFolder) throws -> [UInt64] {
        var sequences: [UInt64] = []
        for path in folder.logFiles {
            let bytes = try #require(try DataFile.read(path))
            _ = try LogSegment.read(bytes, path: path, isLast: true) { sequences.append($0.sequence) }
        }
        return sequences
    }

    @Test func onlyAwaitedRecordsMoveWhatReadsWaitFor() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let log = try Self.log(in: folder)
        let awaited = log.append(ledger: nil, awaited: true)
        let unawaited = log.append(ledger: nil, awaited: false)
        #expect(log.lastAwaited == awaited)
        #expect(log.lastAppended == unawaited)
        log.waitUntilDurable(awaited)
        log.close()
        #expect(try Self.storedSequences(in: folder) == [awaited, unawaited])
    }

    @Test(.timeLimit(.minutes(1))) func waitingForARecordNoOneAwaitedSyncsIt() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let log = try Self.log(in: folder)
        let sequences = (0..<50).map { _ in log.append(ledger: nil, awaited: false) }
        // Returns only once the writer was asked for a sync it would not have made on its own.
        log.waitUntilDurable(sequences.last ?? 0)
        #expect(log.lastAwaited == 0)
        #expect(try Self.storedSequences(in: folder) == sequences)
        log.close()
    }

    @Test func concurrentWritersAllComeBackWithTheirRecordsStored() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let log = try Self.log(in: folder)
        DispatchQueue.concurrentPerform(iterations: 8) { writer in
            for index in 0..<100 {
                let awaited = (writer + index) % 3 != 0
                let sequence = log.append(ledger: nil, awaited: awaited)
                if awaited { log.waitUntilDurable(sequence) }
            }
        }
        log.close()
        #expect(try Self.storedSequences(in: folder) == Array(1...800))
    }

    @Test func zerosAreLaidOutAheadWhileOpenAndCutOffByTheClose() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let log = try Self.log(in: folder)
        log.waitUntilDurable(log.append(ledger: nil, awaited: true))
        let path = try #require(folder.logFiles.last)
        #expect(DataFile.size(path) >= OpenLogSegment.layoutStep)
        log.close()
        #expect(DataFile.size(path) == StorageFormat.headerLength + log.bytesLogged)
        #expect(try Self.storedSequences(in: folder) == [1])
    }
}
