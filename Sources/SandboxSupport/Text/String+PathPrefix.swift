import Glibc

extension String {
    /// Whether this path is `base` or lies below it (`base`, then `/`), compared as bytes: `hasPrefix` compares
    /// by `Character`, and each request asked it of its path several times on its way through the layers.
    package func isPath(_ base: String) -> Bool {
        var path = self
        var base = base
        return path.withUTF8 { bytes in
            base.withUTF8 { base in
                guard bytes.count >= base.count, !base.isEmpty,
                    memcmp(bytes.baseAddress!, base.baseAddress!, base.count) == 0
                else { return false }
                return bytes.count == base.count || bytes[base.count] == UInt8(ascii: "/")
            }
        }
    }
}
