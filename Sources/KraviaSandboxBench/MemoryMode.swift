import Foundation
import KraviaEngine
import SandboxHTTP
import SandboxSupport

/// `--mode memory`: resident memory per held checkout, measured twice, each time in a fresh in-process sandbox
/// whose journal (`--journal-limit`) is filled first, so what grows is what the checkouts hold: `--objects`
/// checkouts as the issue counts them (a session, its completion, the transaction and the invoice it issues), then
/// as many again each with a callback to a merchant that refuses the connection, so every delivery is held too,
/// with its attempt and a pending retry. The sandbox's clock is frozen: each delivery holds its first attempt and
/// a retry due later, however long the fill takes (with a running clock, retries fell due during the fill and the
/// figure grew with its duration). Resident memory is read after handing freed pages back, once every attempt
/// under way has been recorded and every record handed to the packer packed.
enum MemoryMode {
    static func run(_ options: BenchOptions) {
        print("== memory: resident memory per held checkout, \(options.objects) checkouts")
        measure(options, label: "session + transaction + invoice", callbackURL: nil)
        let refusing = "http://127.0.0.1:\(closedPort())/callback"
        measure(options, label: "… + a callback held for retry", callbackURL: refusing)
    }

    private static func measure(_ options: BenchOptions, label: String, callbackURL: String?) {
        var configuration = SandboxConfiguration()
        configuration.journalLimit = options.journalLimit
        configuration.frozenClock = Timestamp(unixSeconds: 1_799_143_200)  // 2027-01-05T10:00:00Z
        let target = InProcessSandbox(configuration: configuration)
        let merchant = MerchantClient(port: target.port, name: "memory")
        do { try merchant.authenticate() } catch { Report.fail("token: \(error)") }
        // Two requests per checkout: this many fill the journal to its bound before measuring.
        fill(target.sandbox, merchant, count: options.journalLimit / 2 + 1, offset: 0, callbackURL: callbackURL)
        guard target.sandbox.waitForCallbacksInFlight(timeout: .seconds(120)) else {
            Report.fail("callback attempts still under way after 120 s")
        }
        target.sandbox.waitUntilRecordsPacked()
        let before = ProcessStats.read()
        let started = LoadGenerator.now()
        let failed = fill(
            target.sandbox, merchant, count: options.objects, offset: options.journalLimit, callbackURL: callbackURL)
        let seconds = LoadGenerator.now() - started
        guard target.sandbox.waitForCallbacksInFlight(timeout: .seconds(120)) else {
            Report.fail("callback attempts still under way after 120 s")
        }
        target.sandbox.waitUntilRecordsPacked()
        let after = ProcessStats.read()
        let held = options.objects - failed
        print(
            String(
                format: "%@: filled %d checkouts in %.1f s (%d failed); resident %.1f -> %.1f MiB: "
                    + "%.0f bytes per held checkout",
                label, held, seconds, failed, Double(before.residentBytes) / 1_048_576,
                Double(after.residentBytes) / 1_048_576,
                Double(after.residentBytes - before.residentBytes) / Double(max(held, 1))))
        target.stop()
    }

    /// Completes `count` checkouts in-process over two threads; returns how many failed.
    @discardableResult
    static func fill(_ sandbox: Sandbox, _ merchant: MerchantClient, count: Int, offset: Int, callbackURL: String?)
        -> Int
    {
        let group = DispatchGroup()
        let failures = Locked(0)
        let workers = 2
        for worker in 0..<workers {
            group.enter()
            Thread {
                var failed = 0
                for index in stride(from: worker, to: count, by: workers) {
                    let completed = ResetMode.checkout(
                        sandbox, authorization: merchant.authorization, index: offset + index, callbackURL: callbackURL)
                    if !completed { failed += 1 }
                }
                failures.withLock { $0 += failed }
                group.leave()
            }.start()
        }
        group.wait()
        return failures.withLock { $0 }
    }

    /// A loopback port nothing listens on: bound, then closed.
    static func closedPort() -> Int {
        let server = HTTPServer(configuration: HTTPServerConfiguration(port: 0), handler: FixedHandler())
        do { try server.start() } catch { Report.fail("cannot bind a port: \(error)") }
        let port = server.port
        server.stop()
        server.waitUntilStopped()
        return port
    }

    private struct FixedHandler: HTTPHandler {
        func handle(_ request: HTTPRequest) -> HTTPResponse { HTTPResponse(status: 200) }
    }
}
