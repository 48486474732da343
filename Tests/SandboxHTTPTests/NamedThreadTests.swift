import Foundation
import Synchronization
import Testing

@testable import SandboxHTTP

/// A named thread shows its name where the system lists threads (`/proc`), cut to the 15 bytes Linux keeps.
struct NamedThreadTests {
    @Test func theSystemSeesTheNameCutToFifteenBytes() throws {
        let seen = Mutex<String?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread(named: "kravia-named-thread-test") {
            let comm = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)
            seen.withLock { $0 = comm }
            done.signal()
        }
        thread.start()
        done.wait()
        #expect(seen.withLock { $0 } == "kravia-named-th\n")
    }
}
