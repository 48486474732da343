/// FIPS 180-4 §5.1.1 and §5.2.1: a message cut into 64-byte blocks and padded the way SHA-1 and SHA-256 both
/// pad it — a 0x80 byte, zeros to 56 mod 64, then the message's length in bits, big-endian.
package enum MessageBlocks {
    /// Calls `compress` with each block of `bytes`, the padding included; `bytes` is read once.
    package static func forEach(_ bytes: some Sequence<UInt8>, _ compress: ([UInt8]) -> Void) {
        var block: [UInt8] = []
        block.reserveCapacity(64)
        var length: UInt64 = 0
        for byte in bytes {
            block.append(byte)
            length &+= 1
            if block.count == 64 {
                compress(block)
                block.removeAll(keepingCapacity: true)
            }
        }
        block.append(0x80)
        if block.count > 56 {
            block.append(contentsOf: repeatElement(0, count: 64 - block.count))
            compress(block)
            block.removeAll(keepingCapacity: true)
        }
        block.append(contentsOf: repeatElement(0, count: 56 - block.count))
        let bitLength = length &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
            block.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        compress(block)
    }
}
