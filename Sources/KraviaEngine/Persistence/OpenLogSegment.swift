@preconcurrency import Glibc

/// The log file the writer appends to, laid out with zeros ahead of what is written: a sync of records written
/// into space the file already has need not also write its new size (on ext4, one write less per sync; measured
/// on the development VM's ext4, 160 µs instead of 250 µs a sync).
///
/// The zeros after the last record are where the log ends (`LogSegment.read`); start-up and a clean `finish()`
/// cut them off, so only the file being written has them. Owned by the writer thread alone.
final class OpenLogSegment {
    /// Bytes of zeros laid out at a time.
    static let layoutStep = 1 << 20
    private static let zeros = [UInt8](repeating: 0, count: layoutStep)

    let path: String
    let firstSequence: UInt64
    private let fd: Int32
    /// Where the next record goes, and the file's size (zeros from `end` to it).
    private var end: Int
    private var laidOut: Int

    /// Opens the segment of `directory` starting at `firstSequence`, created (with its header, synced) when
    /// missing; an existing one goes on at its end (start-up cut off its zeros).
    init(directory: String, firstSequence: UInt64) throws(StorageError) {
        path = directory + "/" + LogSegment.name(firstSequence: firstSequence)
        self.firstSequence = firstSequence
        let size = DataFile.size(path)
        fd = try DataFile.openForWriting(path)
        end = size
        laidOut = size
        // Should this throw, `deinit` closes `fd`: every property is set, so the failed init releases `self`.
        if size == 0 {
            try append(StorageFormat.header(magic: StorageFormat.logMagic))
            try sync()
            try DataFile.syncDirectory(directory)
        }
    }

    deinit {
        Glibc.close(fd)
    }

    /// Writes `bytes` after the last record (not synced), laying out more zeros first when they do not fit.
    func append(_ bytes: [UInt8]) throws(StorageError) {
        if end + bytes.count > laidOut {
            let target = max(end + bytes.count, laidOut + Self.layoutStep)
            while laidOut < target {
                let count = min(target - laidOut, Self.layoutStep)
                try DataFile.write(fd, Self.zeros, count: count, at: laidOut, path: path)
                laidOut += count
            }
        }
        try DataFile.write(fd, bytes, at: end, path: path)
        end += bytes.count
    }

    /// `fdatasync`: everything appended so far is on disk.
    func sync() throws(StorageError) {
        try DataFile.syncData(fd, path: path)
    }

    /// Cuts the zeros off and syncs: the file ends at its last record.
    func finish() throws(StorageError) {
        try DataFile.truncate(fd, to: end, path: path)
        laidOut = end
        try sync()
    }
}
