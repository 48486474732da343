#if FUZZING
    import Foundation

    /// libFuzzer's per-input hook, compiled only by `.ci/fuzz` with `-D FUZZING` and one of `-D FUZZ_HTTP`,
    /// `-D FUZZ_JSON`, `-D FUZZ_ENGINE` or `-D FUZZ_WIRE` choosing the oracle. A finding prints and aborts,
    /// which libFuzzer reports as a crash and saves the input for the Regressions folder.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
        let bytes = Array(UnsafeBufferPointer(start: data, count: size))
        do throws(FuzzFinding) {
            #if FUZZ_HTTP
                try ParserOracle.check(bytes)
            #elseif FUZZ_JSON
                try JSONOracle.check(bytes)
            #elseif FUZZ_ENGINE
                try EngineOracle.check(body: bytes)
            #elseif FUZZ_WIRE
                try EngineOracle.check(wire: bytes)
            #endif
        } catch {
            fatalError("FINDING \(error)")
        }
        return 0
    }
#endif
