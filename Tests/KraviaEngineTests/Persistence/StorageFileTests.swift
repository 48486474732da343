import Foundation
import SandboxHTTP
import SandboxSupport
import Testing

@testable import KraviaEngine

/// What start-up does with damaged data folders: a torn last record is cut off with a warning; damage anywhere
/// else, a newer format, or a folder in use stop it with the file, the offset and what is wrong.
struct StorageFileTests {
    /// A folder with a few logged checkouts and no snapshot since: the log holds them all.
    static func folderWithLog() throws -> (TemporaryFolder, transactions: Int) {
        let folder = TemporaryFolder()
        var configuration = SandboxConfiguration.durable(folder)
        configuration.snapshotThreshold = .max
        var client = EngineClient(sandbox: try Sandbox(opening: configuration))
        client.authenticate()
        for index in 0..<3 { _ = client.checkout(reference: "order-\(index)") }
        #expect(client.sandbox.deliverDueCallbacks())
        // Let go of the folder now: left to the release, a background job still holding the sandbox kept the lock
        // past the test's reopening it (seen under load).
        client.sandbox.shutdown()
        return (folder, 3)
    }

    static func reopen(_ folder: TemporaryFolder, warnings: Locked<[String]>? = nil) throws -> EngineClient {
        var configuration = SandboxConfiguration.durable(folder)
        configuration.storageWarning = { message in warnings?.withLock { $0.append(message) } }
        var client = EngineClient(sandbox: try Sandbox(opening: configuration))
        client.authenticate()
        return client
    }

    static func append(_ bytes: [UInt8], to path: String) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data(bytes))
        handle.closeFile()
    }

    @Test func tornLastRecordIsCutOffWithAWarning() throws {
        let (folder, count) = try Self.folderWithLog()
        defer { folder.remove() }
        let log = try #require(folder.logFiles.last)
        let sizeBefore = try #require(try DataFile.read(log)).count
        // The first bytes of a record that was being written when the process died.
        var torn: [UInt8] = []
        StorageFormat.append(5000, to: &torn)
        StorageFormat.append(CRC32.checksum(torn), to: &torn)
        torn += [1, 2, 3, 4, 5, 6, 7, 8, 9]
        try Self.append(torn, to: log)

        let warnings = Locked<[String]>([])
        do {
            let client = try Self.reopen(folder, warnings: warnings)
            #expect(client.send("GET", "/v1/transactions").body.arrayValue?.count == count)
            client.sandbox.shutdown()
        }
        let warning = try #require(warnings.withLock { $0 }.first)
        #expect(warning.contains(log) && warning.contains("offset \(sizeBefore)") && warning.contains("cut short"))
        // Cut off on disk, so the log went on cleanly after it: the next start finds nothing wrong.
        let later = Locked<[String]>([])
        let client = try Self.reopen(folder, warnings: later)
        #expect(client.send("GET", "/v1/transactions").body.arrayValue?.count == count)
        #expect(later.withLock { $0 }.isEmpty)
    }

    @Test(arguments: [1, 7, 11])
    func recordCutAtAnyByteOfItsHeaderIsTorn(keeping bytes: Int) throws {
        let (folder, count) = try Self.folderWithLog()
        defer { folder.remove() }
        let log = try #require(folder.logFiles.last)
        var header: [UInt8] = []
        StorageFormat.append(64, to: &header)
        StorageFormat.append(CRC32.checksum(header), to: &header)
        StorageFormat.append(0, to: &header)
        try Self.append(Array(header.prefix(bytes)), to: log)
        let warnings = Locked<[String]>([])
        let client = try Self.reopen(folder, warnings: warnings)
        #expect(client.send("GET", "/v1/transactions").body.arrayValue?.count == count)
        #expect(warnings.withLock { $0 }.count == 1)
    }

    @Test func zerosLaidOutAfterTheLastRecordEndTheLogQuietly() throws {
        let (folder, count) = try Self.folderWithLog()
        defer { folder.remove() }
        let log = try #require(folder.logFiles.last)
        let records = DataFile.size(log)
        // What the writer lays out ahead of itself, left there by a kill.
        try Self.append([UInt8](repeating: 0, count: 70_000), to: log)
        let warnings = Locked<[String]>([])
        do {
            let client = try Self.reopen(folder, warnings: warnings)
            #expect(client.send("GET", "/v1/transactions").body.arrayValue?.count == count)
            client.sandbox.shutdown()
        }
        #expect(warnings.withLock { $0 }.isEmpty)
        // The log went on after its last record, not after the zeros: the next start reads it all.
        #expect(DataFile.size(log) > records)
        let client = try Self.reopen(folder, warnings: warnings)
        #expect(client.send("GET", "/v1/transactions").body.arrayValue?.count == count)
        #expect(warnings.withLock { $0 }.isEmpty)
    }

    @Test func recordCutShortAmongLaidOutZerosIsTorn() throws {
        let (folder, count) = try Self.folderWithLog()
        defer { folder.remove() }
        let log = try #require(folder.logFiles.last)
        let sizeBefore = DataFile.size(log)
        var torn: [UInt8] = []
        StorageFormat.append(300, to: &torn)
        StorageFormat.append(CRC32.checksum(torn), to: &torn)
        torn += [9, 9, 9, 9] + [1, 2, 3]
        try Self.append(torn + [UInt8](repeating: 0, count: 5_000), to: log)
        let warnings = Locked<[String]>([])
        let client = try Self.reopen(folder, warnings: warnings)
        #expect(client.send("GET", "/v1/transactions").body.arrayValue?.count == count)
        #expect(warnings.withLock { $0 }.first?.contains("offset \(sizeBefore)") == true)
    }

    @Test func bytesAfterTheZerosAreDamage() throws {
        let (folder, _) = try Self.folderWithLog()
        defer { folder.remove() }
        let log = try #require(folder.logFiles.last)
        let end = DataFile.size(log)
        try Self.append([UInt8](repeating: 0, count: 4_096) + [7], to: log)
        #expect {
            _ = try Self.reopen(folder)
        } throws: { error in
            "\(error)".contains("\(log): offset \(end): data after the end of the log")
        }
    }

    @Test func damagedRecordInTheMiddleStopsTheStartNamingFileAndOffset() throws {
        let (folder, _) = try Self.folderWithLog()
        defer { folder.remove() }
        let log = try #require(folder.logFiles.last)
        var bytes = try #require(try DataFile.read(log))
        // The first record's payload: one bit flipped in the middle of the file.
        let offset = StorageFormat.headerLength
        bytes[offset + LogSegment.frameHeaderLength + 40] ^= 0x10
        try Data(bytes).write(to: URL(fileURLWithPath: log))
        #expect {
            _ = try Self.reopen(folder)
        } throws: { error in
            let text = "\(error)"
            return text.contains(log) && text.contains("offset \(offset)") && text.contains("damaged record")
        }
    }

    @Test func damagedLengthInTheMiddleIsDamageNotATornTail() throws {
        let (folder, _) = try Self.folderWithLog()
        defer { folder.remove() }
        let log = try #require(folder.logFiles.last)
        var bytes = try #require(try DataFile.read(log))
        bytes[StorageFormat.headerLength + 2] ^= 0x40
        try Data(bytes).write(to: URL(fileURLWithPath: log))
        #expect {
            _ = try Self.reopen(folder)
        } throws: { error in
            "\(error)".contains("offset \(StorageFormat.headerLength): damaged record header")
        }
    }

    @Test func fileOfANewerFormatVersionIsAClearError() throws {
        let (folder, _) = try Self.folderWithLog()
        defer { folder.remove() }
        let snapshot = folder.file(SnapshotFile.name)
        var bytes = try #require(try DataFile.read(snapshot))
        bytes[8] = UInt8(StorageFormat.version + 1)
        try Data(bytes).write(to: URL(fileURLWithPath: snapshot))
        #expect {
            _ = try Self.reopen(folder)
        } throws: { error in
            "\(error)".contains("newer sandbox (storage format version \(StorageFormat.version + 1)")
        }
    }

    @Test func damagedSnapshotStopsTheStart() throws {
        let (folder, _) = try Self.folderWithLog()
        defer { folder.remove() }
        let snapshot = folder.file(SnapshotFile.name)
        var bytes = try #require(try DataFile.read(snapshot))
        bytes[bytes.count - 3] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: snapshot))
        #expect {
            _ = try Self.reopen(folder)
        } throws: { error in
            "\(error)".contains(snapshot) && "\(error)".contains("checksum mismatch")
        }
    }

    /// A snapshot that passes its checksum but holds a counter at the end of its range (made by hand, or by
    /// something else) is refused at the start; it trapped at the first increment before, some only at the first
    /// callback.
    @Test(arguments: ["the last sequence number", "the next timeline sequence", "the next delivery sequence"])
    func aSnapshotWithACounterOutOfRangeIsRefused(counter: String) throws {
        let (folder, _) = try Self.folderWithLog()
        defer { folder.remove() }
        let snapshot = folder.file(SnapshotFile.name)
        var image = try SnapshotFile.decode(try #require(try DataFile.read(snapshot)), path: snapshot)
        switch counter {
        case "the last sequence number": image.lastSequence = .max
        case "the next timeline sequence": image.ledger.nextTimelineSequence = .max
        default: image.ledger.globals.nextDeliverySequence = .max
        }
        try Data(try SnapshotFile.encode(image)).write(to: URL(fileURLWithPath: snapshot))
        for name in try DataFile.names(in: folder.path) where LogSegment.firstSequence(ofName: name) != nil {
            try FileManager.default.removeItem(atPath: folder.file(name))
        }
        #expect {
            _ = try Self.reopen(folder)
        } throws: { error in
            "\(error)".contains("\(counter) is out of range")
        }
    }

    /// A snapshot grown into a sparse file far larger than memory is refused by its header at once: mapped without
    /// faulting it all in first (which read the whole file before any check).
    @Test func aSparseSnapshotLargerThanMemoryIsRefusedByItsHeader() throws {
        let (folder, _) = try Self.folderWithLog()
        defer { folder.remove() }
        let snapshot = folder.file(SnapshotFile.name)
        let size: off_t = 64 << 30
        let fd = open(snapshot, O_WRONLY)
        #expect(fd >= 0)
        #expect(ftruncate(fd, size) == 0)
        close(fd)
        #expect {
            _ = try Self.reopen(folder)
        } throws: { error in
            "\(error)".contains(snapshot) && "\(error)".contains("expected")
        }
    }

    @Test func lockFileNamesTheHoldersPidAndIsFreedWithIt() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        try DataFolder.create(folder.path)
        do {
            let lock = try DataLock(directory: folder.path)
            let pid = String(decoding: try #require(try DataFile.read(lock.path)), as: UTF8.self)
            #expect(pid == "\(getpid())\n")
            #expect {
                _ = try DataLock(directory: folder.path)
            } throws: { error in
                "\(error)".contains("(pid \(getpid()))")
            }
        }
        // Released with its holder, as the kernel releases it when a process dies.
        _ = try DataLock(directory: folder.path)
    }

    @Test func crcMatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    /// Eight bytes a step give what the definition's bit at a time gives, at every length and alignment.
    @Test func crcOfEightBytesAStepIsTheBitwiseOne() {
        func bitwise(_ bytes: ArraySlice<UInt8>) -> UInt32 {
            var crc: UInt32 = 0xFFFF_FFFF
            for byte in bytes {
                crc ^= UInt32(byte)
                for _ in 0..<8 { crc = crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
            }
            return crc ^ 0xFFFF_FFFF
        }
        var random = SeededRandom(seed: 32)
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &random) }
        for start in 0..<9 {
            for end in stride(from: start, through: bytes.count, by: 7) {
                #expect(CRC32.checksum(bytes[start..<end]) == bitwise(bytes[start..<end]))
            }
        }
    }
}
