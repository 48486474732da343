import Foundation
import SandboxHTTP

/// The snapshot file: header, the payload's length and CRC-32, the payload (a `SnapshotImage`).
enum SnapshotFile {
    static let name = "snapshot.kss"

    static func encode(_ image: SnapshotImage) throws -> [UInt8] {
        let payload = try BinaryEncoder.encode(image)
        var bytes = StorageFormat.header(magic: StorageFormat.snapshotMagic)
        bytes.reserveCapacity(payload.count + 20)
        StorageFormat.append(UInt32(truncatingIfNeeded: payload.count), to: &bytes)
        StorageFormat.append(UInt32(truncatingIfNeeded: payload.count >> 32), to: &bytes)
        StorageFormat.append(CRC32.checksum(payload), to: &bytes)
        bytes.append(contentsOf: payload)
        return bytes
    }

    /// The image in `bytes` (the file at `path`). The payload's checksum is computed on a thread of its own
    /// while the payload is decoded on every core, and checked before the image is returned.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, path: String) throws(StorageError) -> SnapshotImage {
        try StorageFormat.checkHeader(bytes, magic: StorageFormat.snapshotMagic, path: path)
        let start = StorageFormat.headerLength + 12
        guard bytes.count >= start else { throw StorageError("\(path): cut off in its header") }
        let length =
            Int(StorageFormat.uint32(bytes, at: 12)) | Int(StorageFormat.uint32(bytes, at: 16)) << 32
        guard length == bytes.count - start else {
            throw StorageError(
                "\(path): \(bytes.count - start) bytes of payload at offset \(start), expected \(length)")
        }
        let payload = UnsafeBufferPointer(rebasing: bytes[start...])
        let checksum = ChecksumInBackground(payload)
        let decoded = Result { try BinaryDecoder.decode(SnapshotImage.self, from: bytes, range: start..<bytes.count) }
        // A damaged payload may also not decode: the checksum says which it is.
        guard checksum.value() == StorageFormat.uint32(bytes, at: 20) else {
            throw StorageError("\(path): damaged payload at offset \(start) (checksum mismatch)")
        }
        do {
            return try decoded.get()
        } catch {
            throw StorageError("\(path): payload at offset \(start) does not decode: \(error)")
        }
    }

    static func decode(_ bytes: [UInt8], path: String) throws(StorageError) -> SnapshotImage {
        let result = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(StorageError) in try decode(buffer, path: path) }
        }
        return try result.get()
    }
}

/// A CRC-32 computed on a thread of its own; `value()` waits for it. The bytes must outlive the wait.
private final class ChecksumInBackground: @unchecked Sendable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let done = DispatchSemaphore(value: 0)
    private var result: UInt32 = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        let thread = Thread(named: "kravia-checksum") { [self] in
            result = CRC32.checksum(self.bytes)
            done.signal()
        }
        thread.start()
    }

    func value() -> UInt32 {
        done.wait()
        return result
    }
}
