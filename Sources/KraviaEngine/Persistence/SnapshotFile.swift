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

    static func decode(_ bytes: [UInt8], path: String) throws(StorageError) -> SnapshotImage {
        try StorageFormat.checkHeader(bytes, magic: StorageFormat.snapshotMagic, path: path)
        let start = StorageFormat.headerLength + 12
        guard bytes.count >= start else { throw StorageError("\(path): cut off in its header") }
        let length =
            Int(StorageFormat.uint32(bytes, at: 12)) | Int(StorageFormat.uint32(bytes, at: 16)) << 32
        guard length == bytes.count - start else {
            throw StorageError(
                "\(path): \(bytes.count - start) bytes of payload at offset \(start), expected \(length)")
        }
        guard CRC32.checksum(bytes[start...]) == StorageFormat.uint32(bytes, at: 20) else {
            throw StorageError("\(path): damaged payload at offset \(start) (checksum mismatch)")
        }
        do {
            return try bytes.withUnsafeBufferPointer { buffer in
                try BinaryDecoder.decode(SnapshotImage.self, from: buffer, range: start..<buffer.count)
            }
        } catch {
            throw StorageError("\(path): payload at offset \(start) does not decode: \(error)")
        }
    }
}
