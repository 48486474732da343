import Testing

@testable import KraviaEngine

/// Start-up decodes long lists and logs on every core; what it hands over is what one thread would have.
struct ParallelDecodingTests {
    struct Failure: Error, Equatable {
        var index: Int
    }

    @Test func aLongListComesBackInOrder() throws {
        let numbers = Array(0..<10_000)
        #expect(try ParallelDecoding.map(numbers) { $0 * 2 } == numbers.map { $0 * 2 })
        #expect(try ParallelDecoding.map([1, 2, 3]) { $0 + 1 } == [2, 3, 4])
    }

    /// The elements decoded before a failure (strings on the heap here) are released, not left half-made.
    @Test func theFirstFailureByPositionIsTheOneThrown() {
        #expect(throws: Failure(index: 7_000)) {
            try ParallelDecoding.map(Array(0..<10_000)) { index in
                if index == 7_000 || index == 9_500 { throw Failure(index: index) }
                return "element number \(index), long enough to live on the heap"
            }
        }
    }

    /// A log longer than one decoding window: records handed over once and in order, none after one that does
    /// not decode, which stops the read naming its offset.
    @Test func aLogOfManyWindowsIsReadInOrderAndAnUndecodableRecordNamed() throws {
        let count = LogSegment.windowLength * 2 + 100
        let process = ProcessState(clock: ClockSetting(frozenAt: nil, offsetMilliseconds: 0), ids: [], callbackIds: [])
        var bytes = StorageFormat.header(magic: StorageFormat.logMagic)
        var damagedOffset = 0
        for sequence in 1...count {
            if sequence == count - 50 {
                damagedOffset = bytes.count
                // Framed right (its checksums hold) but not a record.
                let payload: [UInt8] = [3, 0x61, 0x62, 0x63]
                StorageFormat.append(UInt32(payload.count), to: &bytes)
                StorageFormat.append(CRC32.checksum(Array(bytes.suffix(4))), to: &bytes)
                StorageFormat.append(CRC32.checksum(payload), to: &bytes)
                bytes += payload
            } else {
                bytes += try LogSegment.frame(
                    LogRecord(sequence: UInt64(sequence), ledger: nil, tokens: [], process: process))
            }
        }
        var sequences: [UInt64] = []
        #expect {
            _ = try LogSegment.read(bytes, path: "log", isLast: true) { sequences.append($0.sequence) }
        } throws: { error in
            "\(error)".contains("offset \(damagedOffset): record does not decode")
        }
        #expect(sequences.count >= LogSegment.windowLength && sequences.count < count - 50)
        #expect(sequences == (1...UInt64(sequences.count)).map { $0 })
    }
}
