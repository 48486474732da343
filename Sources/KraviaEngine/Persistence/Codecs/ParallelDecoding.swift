import Dispatch
import Foundation

/// Decoding spread over the machine's cores: a start-up reads hundreds of thousands of independent objects, and
/// nothing else runs while it does.
enum ParallelDecoding {
    /// Fewer elements than this are decoded on the calling thread: a chunk must outweigh the hand-off.
    static let threshold = 2_048
    /// Read once: Foundation reads the cgroup's files for it on every call.
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// `transform` of each element, in order; the first error thrown (by position) is rethrown.
    ///
    /// Each chunk initialises its own part of the result in place (no chunk arrays joined and copied: a copy of
    /// a session is a retain per member, and dropping the chunks a release per member).
    static func map<Source, T>(_ elements: [Source], _ transform: (Source) throws -> T) throws -> [T] {
        guard elements.count >= threshold, cores > 1 else {
            // A memo is worth setting up for a list this long; a shorter one uses the memo already there, if any.
            guard elements.count >= 64 else { return try elements.map(transform) }
            return try DecodingMemo.scoped { try elements.map(transform) }
        }
        let chunks = min(cores * 4, elements.count / (threshold / 4))
        let chunkSize = (elements.count + chunks - 1) / chunks
        var errors = [(any Error)?](repeating: nil, count: chunks)
        var initialized = [Int](repeating: 0, count: chunks)
        let results = try withoutActuallyEscaping(transform) { transform in
            try errors.withUnsafeMutableBufferPointer { errors in
                try initialized.withUnsafeMutableBufferPointer { initialized in
                    try [T](unsafeUninitializedCapacity: elements.count) { buffer, count in
                        // Each chunk reads the shared elements and writes only its own slots: nothing is shared
                        // mutably, which the compiler cannot see through the pointers.
                        let work = ChunkWork(
                            elements: elements, chunkSize: chunkSize, results: buffer, errors: errors,
                            initialized: initialized, transform: transform)
                        DispatchQueue.concurrentPerform(iterations: chunks) { work.run($0) }
                        if let error = errors.lazy.compactMap({ $0 }).first {
                            work.deinitializeAll()
                            count = 0
                            throw error
                        }
                        count = elements.count
                    }
                }
            }
        }
        return results
    }
}

/// What the chunks of one `ParallelDecoding.map` share.
private struct ChunkWork<Source, T>: @unchecked Sendable {
    let elements: [Source]
    let chunkSize: Int
    let results: UnsafeMutableBufferPointer<T>
    let errors: UnsafeMutableBufferPointer<(any Error)?>
    /// How many elements each chunk initialised, for `deinitializeAll()` after a failure.
    let initialized: UnsafeMutableBufferPointer<Int>
    let transform: (Source) throws -> T

    /// Decodes one chunk, with a memo of its own (`DecodingMemo`).
    func run(_ chunk: Int) {
        DecodingMemo.scoped {
            let start = chunk * chunkSize
            for index in start..<min(elements.count, start + chunkSize) {
                do {
                    (results.baseAddress! + index).initialize(to: try transform(elements[index]))
                    initialized[chunk] += 1
                } catch {
                    errors[chunk] = error
                    return
                }
            }
        }
    }

    func deinitializeAll() {
        for chunk in initialized.indices where initialized[chunk] > 0 {
            (results.baseAddress! + chunk * chunkSize).deinitialize(count: initialized[chunk])
        }
    }
}
