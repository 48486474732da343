/// The files' headers: an 8-byte magic naming the kind of file, then the format version (UInt32, little
/// endian). A reader refuses a version above its own; fields added later are read when present.
enum StorageFormat {
    /// The version this sandbox writes, and the newest it reads.
    static let version: UInt32 = 1
    static let snapshotMagic = Array("KRVSNAP1".utf8)
    static let logMagic = Array("KRVSLOG1".utf8)
    static let headerLength = 12

    static func header(magic: [UInt8]) -> [UInt8] {
        var bytes = magic
        append(version, to: &bytes)
        return bytes
    }

    static func append(_ value: UInt32, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    static func uint32(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt32 {
        ByteSource.uint32(bytes, at: offset)
    }

    /// Checks a file's header: its kind, and a version this sandbox reads.
    static func checkHeader(_ bytes: UnsafeBufferPointer<UInt8>, magic: [UInt8], path: String) throws(StorageError) {
        guard bytes.count >= headerLength, bytes[0..<8].elementsEqual(magic) else {
            throw StorageError("\(path): not a Kravia sandbox \(magic == logMagic ? "log" : "snapshot") file")
        }
        let version = uint32(bytes, at: 8)
        guard version <= Self.version else {
            throw StorageError(
                "\(path): written by a newer sandbox (storage format version \(version); this one reads up to "
                    + "\(Self.version)); upgrade kravia-sandbox or use another --data folder")
        }
    }
}
