import Testing
@testable import SandboxHTTP
import SandboxTestSupport

/// The test client itself: whatever it does, it touches no descriptor but its own.
@Suite struct RawClientTests {
    /// A client that cannot connect closes its socket once.
    @Test func aFailedConnectClosesItsSocketOnce() {
        let lost = socketsClosedUnder {
            // Nothing listens on port 0: every connect is refused at once.
            for _ in 0..<10_000 { #expect(throws: (any Error).self) { try RawClient(port: 0) } }
        }
        #expect(lost == 0, "sockets closed under another thread")
    }
}
