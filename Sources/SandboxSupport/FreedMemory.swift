import Glibc

/// Gives memory the allocator holds but no longer uses back to the system.
package enum FreedMemory {
    /// Calls glibc's `malloc_trim(0)`, looked up at run time because malloc.h is not part of the Glibc module.
    package static func returnToSystem() {
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(nil, "malloc_trim") else { return }  // nil is RTLD_DEFAULT
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }
}
