import Testing

@testable import KraviaEngine

/// The journal writer's buffer of log lines: each line where it goes, the memory growing under them.
struct LogLineBufferTests {
    /// Lines of every length from 1 to 300 bytes, written through the buffer's growth from nothing, come out as
    /// written, in order; each writes only what it says it wrote, not the room it asked for.
    @Test func linesComeOutAsWrittenThroughTheMemorysGrowth() {
        var buffer = LogLineBuffer()
        var expected: [UInt8] = []
        for length in 1...300 {
            let line = (0..<length).map { UInt8(ascii: "a") + UInt8(($0 + length) % 26) }
            buffer.write(atMost: length + 40) { $0.write(line) }
            expected += line
        }
        #expect(buffer.count == expected.count)
        #expect(buffer.withUnsafeBytes { Array($0) } == expected)
    }

    /// Emptied keeping its memory, the buffer writes its next lines from the start in the same memory; emptied
    /// without, it gives the memory up.
    @Test func emptyingKeepsTheMemoryOnlyWhenAsked() {
        var buffer = LogLineBuffer()
        Array("first line\n".utf8).withUnsafeBytes { buffer.append($0) }
        let capacity = buffer.capacity
        buffer.removeAll(keepingCapacity: true)
        #expect(buffer.isEmpty && buffer.capacity == capacity)
        Array("second\n".utf8).withUnsafeBytes { buffer.append($0) }
        #expect(buffer.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } == "second\n")
        buffer.removeAll(keepingCapacity: false)
        #expect(buffer.isEmpty && buffer.capacity == 0)
    }
}
