/// One file of the write-ahead log, `log-<first sequence in hex>.ksl`: a header, then records, each framed as
/// its payload's length, a CRC-32 of that length, a CRC-32 of the payload, and the payload (a `LogRecord`).
///
/// The length has its own checksum so a damaged length is told from a record cut short: a frame whose header
/// is whole and right but whose payload runs past the end of the last file is the torn tail of a write the
/// process died in; anything else that does not check is damage. The file being written has zeros laid out
/// after its last record (`OpenLogSegment`): a frame header of zeros there ends the log, and a frame that does
/// not check with nothing but zeros after it is a torn tail too.
enum LogSegment {
    static let frameHeaderLength = 12
    /// Records decoded together (on every core) before they are handed over in order.
    static let windowLength = 4_096

    static func name(firstSequence: UInt64) -> String {
        let hex = String(firstSequence, radix: 16)
        return "log-" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex + ".ksl"
    }

    /// The first sequence of a segment named `name`, or nil for other files.
    static func firstSequence(ofName name: String) -> UInt64? {
        guard name.hasPrefix("log-"), name.hasSuffix(".ksl") else { return nil }
        return UInt64(name.dropFirst(4).dropLast(4), radix: 16)
    }

    /// A framed record.
    static func frame(_ record: LogRecord) throws -> [UInt8] {
        let payload = try BinaryEncoder.encode(record)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(payload.count + frameHeaderLength)
        let length = UInt32(truncatingIfNeeded: payload.count)
        StorageFormat.append(length, to: &bytes)
        StorageFormat.append(CRC32.checksum(bytes), to: &bytes)
        StorageFormat.append(CRC32.checksum(payload), to: &bytes)
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// What reading a segment found.
    struct Contents {
        var records = 0
        /// Where a torn last record starts, when there is one (the file is to be cut there).
        var tornAt: Int?
        var length = 0
        /// Where the records end: `length`, unless a torn record or laid-out zeros follow them.
        var end = 0
    }

    /// Reads the records of `bytes` (the file at `path`), handing each to `each` as it is decoded (a long log is
    /// never held decoded all at once); `isLast` allows a torn tail.
    /// - Throws: `StorageError` naming the file, the offset and what is wrong, also for what `each` throws.
    static func read(
        _ bytes: [UInt8], path: String, isLast: Bool, each: (LogRecord) throws -> Void = { _ in }
    ) throws(StorageError) -> Contents {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(StorageError) in try read(buffer, path: path, isLast: isLast, each: each) }
        }
        return try result.get()
    }

    static func read(
        _ bytes: UnsafeBufferPointer<UInt8>, path: String, isLast: Bool, each: (LogRecord) throws -> Void = { _ in }
    ) throws(StorageError) -> Contents {
        var contents = Contents(length: bytes.count, end: bytes.count)
        if bytes.count < StorageFormat.headerLength, isLast,
            bytes.elementsEqual(StorageFormat.logMagic.prefix(bytes.count))
        {
            // Created but its header not (fully) written when the process died.
            contents.tornAt = 0
            contents.end = 0
            return contents
        }
        try StorageFormat.checkHeader(bytes, magic: StorageFormat.logMagic, path: path)
        var offset = StorageFormat.headerLength
        let result: Result<Void, StorageError> = { (buffer: UnsafeBufferPointer<UInt8>) in
            // Checked frames waiting to be decoded (on every core) and handed over in order; a window at a
            // time, so a long log is never held decoded all at once.
            var window: [(offset: Int, payload: Range<Int>)] = []
            func flush() -> Result<Void, StorageError> {
                defer { window.removeAll(keepingCapacity: true) }
                let records: [LogRecord]
                do {
                    records = try ParallelDecoding.map(window) { frame in
                        do {
                            return try BinaryDecoder.decode(LogRecord.self, from: buffer, range: frame.payload)
                        } catch {
                            throw StorageError("\(path): offset \(frame.offset): record does not decode: \(error)")
                        }
                    }
                } catch {
                    return .failure(error as? StorageError ?? StorageError("\(path): \(error)"))
                }
                for (frame, record) in zip(window, records) {
                    do {
                        try each(record)
                    } catch {
                        return .failure(StorageError("\(path): offset \(frame.offset): \(error)"))
                    }
                    contents.records += 1
                }
                return .success(())
            }
            /// Ends the read at `offset`: what was checked before it is handed over first.
            func stop(_ outcome: Result<Void, StorageError>) -> Result<Void, StorageError> {
                if case .failure(let error) = flush() { return .failure(error) }
                return outcome
            }
            /// Whether `buffer` holds only zeros from `start` on (to its end, or for `count` bytes).
            func zeros(from start: Int, count: Int? = nil) -> Bool {
                let end = min(buffer.count, start + (count ?? buffer.count))
                return start >= end || buffer[start..<end].allSatisfy { $0 == 0 }
            }
            /// Ends the read at a torn last record starting at `offset`.
            func torn() -> Result<Void, StorageError> {
                contents.tornAt = offset
                contents.end = offset
                return stop(.success(()))
            }
            while offset < buffer.count {
                if isLast && zeros(from: offset, count: frameHeaderLength) {
                    // Zeros laid out ahead of the writer: the log ends here, when nothing else follows.
                    guard zeros(from: offset) else {
                        return stop(.failure(StorageError("\(path): offset \(offset): data after the end of the log")))
                    }
                    contents.end = offset
                    return stop(.success(()))
                }
                let remaining = buffer.count - offset
                guard remaining >= frameHeaderLength else {
                    if isLast { return torn() }
                    return stop(.failure(StorageError("\(path): offset \(offset): a record header cut off")))
                }
                let length = Int(StorageFormat.uint32(bytes, at: offset))
                let start = offset + frameHeaderLength
                guard CRC32.checksum(buffer[offset..<(offset + 4)]) == StorageFormat.uint32(bytes, at: offset + 4)
                else {
                    if isLast && zeros(from: start) { return torn() }
                    return stop(
                        .failure(StorageError("\(path): offset \(offset): damaged record header (checksum mismatch)")))
                }
                guard length <= buffer.count - start else {
                    if isLast { return torn() }
                    return stop(
                        .failure(
                            StorageError("\(path): offset \(offset): a record of \(length) bytes runs past the end")))
                }
                let end = start + length
                guard CRC32.checksum(buffer[start..<end]) == StorageFormat.uint32(bytes, at: offset + 8) else {
                    if isLast && zeros(from: end) { return torn() }
                    return stop(
                        .failure(StorageError("\(path): offset \(offset): damaged record (checksum mismatch)")))
                }
                window.append((offset, start..<end))
                offset = end
                if window.count == windowLength, case .failure(let error) = flush() { return .failure(error) }
            }
            return flush()
        }(bytes)
        try result.get()
        return contents
    }
}
