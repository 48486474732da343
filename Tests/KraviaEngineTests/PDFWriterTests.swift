@testable import KraviaEngine
import Foundation
import SandboxSupport
import Testing

struct PDFWriterTests {
    @Test func reservedObjectsKeepTheirNumbersAndOffsetsAreExact() throws {
        var writer = PDFWriter()
        let root = writer.reserve()
        let info = writer.add("<< /Producer (test) >>")
        let stream = writer.addStream("BT ET")
        writer.set(root, "<< /Type /Catalog >>")
        #expect([root, info, stream] == [Int](1...3))
        let structure = try PDFStructure(writer.data(root: root, info: info))
        #expect(structure.offsets.count == 3)
        for (index, offset) in structure.offsets.enumerated() {
            #expect(structure.text(at: offset, length: 7) == "\(index + 1) 0 obj")
        }
        #expect(structure.trailer.contains("<< /Size 4 /Root 1 0 R /Info 2 0 R >>"))
        #expect(structure.text.contains("<< /Length 5 >>\nstream\nBT ET\nendstream"))
        #expect(Array(structure.bytes[9..<14]) == [0x25, 0xE2, 0xE3, 0xCF, 0xD3])
    }
}
