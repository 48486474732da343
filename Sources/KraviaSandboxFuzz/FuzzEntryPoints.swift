#if FUZZING
import Foundation

// libFuzzer entry points, compiled only by `.ci/fuzz` (`-D FUZZING` plus `-D FUZZ_HTTP` or `-D FUZZ_ENGINE`).
// A finding prints and aborts, which libFuzzer reports as a crash and saves the input.

#if FUZZ_HTTP
/// libFuzzer's per-input hook for the request parser.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do throws(FuzzFinding) {
        try ParserOracle.check(bytes)
    } catch {
        fatalError("FINDING \(error)")
    }
    return 0
}
#endif

#if FUZZ_ENGINE
/// libFuzzer's per-input hook for JSON request bodies through the sandbox's endpoints.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do throws(FuzzFinding) {
        try EngineOracle.check(body: bytes)
    } catch {
        fatalError("FINDING \(error)")
    }
    return 0
}
#endif

#if FUZZ_WIRE
/// libFuzzer's per-input hook for raw HTTP streams parsed and handed to the sandbox.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do throws(FuzzFinding) {
        try EngineOracle.check(wire: bytes)
    } catch {
        fatalError("FINDING \(error)")
    }
    return 0
}
#endif
#endif
