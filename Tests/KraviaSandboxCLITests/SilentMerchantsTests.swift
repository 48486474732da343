import Foundation
import SandboxHTTP
import SandboxSupport
import SandboxTestSupport
import Testing

/// A thousand merchants that accept the callback and never answer, against the built executable: every
/// attempt is in flight at once, the sandbox's threads stay few (no thread per attempt), and once the
/// merchants are gone its descriptors come back.
@Suite struct SilentMerchantsTests {
    let executable = BuiltExecutable.locate()
    static let merchants = 1000
    static let threadLimit = 32

    @Test func aThousandSilentMerchantsCostDescriptorsNotThreads() throws {
        let executable = try #require(executable, "build the kravia-sandbox product first")
        let merchant = try SilentMerchant()
        defer { merchant.stop() }
        let portFile = NSTemporaryDirectory() + "kravia-silent-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        let serve = try executable.launch(["--port", "0", "--port-file", portFile, "--log", "none"])
        defer { _ = serve.stop() }
        let port = try #require(waitForFile(portFile).flatMap(Int.init))
        let pid = serve.process.processIdentifier
        let checkout = try QuickCheckout(base: "http://127.0.0.1:\(port)")
        let idleDescriptors = try #require(Self.descriptors(of: pid))

        for index in 0..<Self.merchants {
            _ = try checkout.run(callbackURL: merchant.url + "?merchant=\(index)")
        }
        #expect(merchant.waitForConnections(Self.merchants, timeout: .seconds(60)))
        let threads = try #require(Self.threads(of: pid))
        let held = try #require(Self.descriptors(of: pid))
        #expect(threads <= Self.threadLimit, "\(threads) threads with \(Self.merchants) attempts in flight")
        // Most attempts are in flight together (a slow build, ThreadSanitizer's, lets the first ones reach their
        // 10 s timeout while the last checkouts are made), each holding its connection, none a thread.
        #expect(held >= idleDescriptors + Self.merchants / 2, "attempts hold their connections: \(held) descriptors")
        // The API answers while the attempts hang.
        #expect(try HTTPClient().send(OutboundRequest(url: "http://127.0.0.1:\(port)/__sandbox/health")).status == 200)

        // Gone for good (its retries are refused at once, not held again), every descriptor comes back.
        merchant.stop()
        let released = ProcessCensus.eventually(within: 30) {
            (Self.descriptors(of: pid) ?? .max) <= idleDescriptors + 8
        }
        #expect(released, "descriptors: \(idleDescriptors) idle, \(Self.descriptors(of: pid) ?? -1) after the hang-up")
    }

    /// `Threads:` of another process.
    static func threads(of pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Threads:") })
        else { return nil }
        return Int(line.dropFirst("Threads:".count).trimmingCharacters(in: .whitespaces))
    }

    /// Open descriptors of another process.
    static func descriptors(of pid: Int32) -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count
    }
}
