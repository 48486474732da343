import Glibc

extension String {
    /// Whether this path is `base` or lies below it (`base`, then `/`), compared as bytes in place: `hasPrefix`
    /// compares by `Character`, and each request asked it of its path several times on its way through the layers.
    package func isPath(_ base: String) -> Bool {
        let compared = utf8.withContiguousStorageIfAvailable { path in
            base.utf8.withContiguousStorageIfAvailable { base in
                guard path.count >= base.count, !base.isEmpty,
                    memcmp(path.baseAddress!, base.baseAddress!, base.count) == 0
                else { return false }
                return path.count == base.count || path[base.count] == UInt8(ascii: "/")
            }
        }
        if let compared, let compared { return compared }
        return self == base || hasPrefix(base + "/")
    }
}
