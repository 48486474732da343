import Foundation

/// `--mode soak`: mixed merchant traffic over 64 keep-alive connections against the `kravia-sandbox` binary
/// with a bounded journal, for `--duration` (default 600 s). Reports the server process's resident memory,
/// descriptors and threads after warm-up and at the end, requests and errors (which must be zero).
///
/// Sessions and transactions are kept for the sandbox's lifetime by design, so memory grows with the
/// checkouts made; the figure to watch is bytes per checkout, and what a reset gives back.
enum SoakMode {
    static let connections = 64

    struct Counts {
        var requests = 0
        var errors = 0
        var checkouts = 0
        var firstErrors: [String] = []
    }

    static func run(_ options: BenchOptions) {
        let duration = options.durationGiven ? options.duration : 600
        let binary = options.sandboxBinary
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Report.fail("soak needs the kravia-sandbox binary (swift build -c release), not found at \(binary)")
        }
        print(
            "== soak: \(connections) connections of mixed traffic for \(Int(duration)) s against \(binary) "
                + "--journal-limit \(options.journalLimit)")
        let portFile = FileManager.default.temporaryDirectory.appendingPathComponent("soak-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: portFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["--port", "0", "--port-file", portFile, "--journal-limit", "\(options.journalLimit)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { Report.fail("cannot start \(binary): \(error)") }
        defer {
            if process.isRunning {
                process.terminate()
                process.waitUntilExit()
            }
        }
        var port = 0
        for _ in 0..<1000 where port == 0 {
            port =
                (try? String(contentsOfFile: portFile, encoding: .utf8))
                .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
            if port == 0 { usleep(10_000) }
        }
        guard port > 0 else { Report.fail("the sandbox never wrote its port") }
        let pid = process.processIdentifier
        let servedPort = port
        let receiver = CallbackReceiver(keepsArrivals: false)
        let callbackURL: String
        do { callbackURL = try receiver.start() } catch { Report.fail("receiver: \(error)") }

        let warmUp = min(10, duration / 10)
        let started = LoadGenerator.now()
        let measuredFrom = started + warmUp
        let deadline = measuredFrom + duration
        let counts = Locked(Counts())
        let startStats = Locked<ProcessStats?>(nil)
        let group = DispatchGroup()
        for index in 0..<connections {
            group.enter()
            let thread = Thread {
                let mine = work(index: index, port: servedPort, callbackURL: callbackURL, until: deadline)
                counts.withLock {
                    $0.requests += mine.requests
                    $0.errors += mine.errors
                    $0.checkouts += mine.checkouts
                    $0.firstErrors += mine.firstErrors.prefix(3)
                }
                group.leave()
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        Thread.sleep(forTimeInterval: warmUp)
        startStats.withLock { $0 = ProcessStats.read(pid: pid) }
        print("start (after \(Int(warmUp)) s warm-up): \(startStats.withLock { $0 }!.summary)")
        // A line every minute, so a long soak shows its trend.
        while LoadGenerator.now() < deadline - 1 {
            Thread.sleep(forTimeInterval: min(60, max(0.1, deadline - LoadGenerator.now() - 0.5)))
            if LoadGenerator.now() < deadline - 1 {
                let elapsed = Int(LoadGenerator.now() - measuredFrom)
                print("  \(elapsed) s: \(ProcessStats.read(pid: pid).summary)")
            }
        }
        let end = ProcessStats.read(pid: pid)
        group.wait()
        let total = counts.withLock { $0 }
        let seconds = LoadGenerator.now() - started
        print("end: \(end.summary)")
        print(
            String(
                format: "%d requests (%.0f req/s), %d checkouts, %d callbacks received, %d errors", total.requests,
                Double(total.requests) / seconds, total.checkouts, receiver.count, total.errors))
        for error in total.firstErrors.prefix(5) { print("  error: \(error)") }
        let start = startStats.withLock { $0 }!
        print(
            String(
                format:
                    "memory growth %.1f MiB over the run: %.0f bytes per checkout held (sessions, transactions, invoices stay until reset)",
                Double(end.residentBytes - start.residentBytes) / 1_048_576,
                Double(end.residentBytes - start.residentBytes) / Double(max(total.checkouts, 1))))
        let client = BenchClient(port: port)
        let resetStarted = LoadGenerator.now()
        // A reset of a long soak's objects can outlast the client's 5 s read timeout: until an answer comes,
        // ask again (a second reset waits for the first's lock, then has nothing left to free).
        var answer = client.send("POST", "/__sandbox/reset")
        while answer == nil, LoadGenerator.now() - resetStarted < 120 {
            answer = client.send("POST", "/__sandbox/reset")
        }
        print(
            String(
                format: "POST /__sandbox/reset: %@ after %.2f s", answer.map { "\($0.status)" } ?? "no answer",
                LoadGenerator.now() - resetStarted))
        Thread.sleep(forTimeInterval: 2)
        print("after the reset and 2 s idle: \(ProcessStats.read(pid: pid).summary)")
        receiver.stop()
    }

    /// One connection's merchant: a token now and then, session, complete, GET, partial refund, a journal query.
    private static func work(index: Int, port: Int, callbackURL: String, until deadline: Double) -> Counts {
        var counts = Counts()
        let merchant = MerchantClient(port: port, name: "soak\(index)")
        func attempt(_ body: () throws -> Void) -> Bool {
            counts.requests += 1
            do {
                try body()
                return true
            } catch {
                counts.errors += 1
                if counts.firstErrors.count < 3 { counts.firstErrors.append("\(error)") }
                return false
            }
        }
        var flow = 0
        while LoadGenerator.now() < deadline {
            if flow % 50 == 0 { guard attempt({ try merchant.authenticate() }) else { continue } }
            flow += 1
            var session = ""
            var transaction = ""
            guard attempt({ session = try merchant.createSession(callbackURL: callbackURL) }),
                attempt({ transaction = try merchant.complete(session: session) })
            else { continue }
            counts.checkouts += 1
            _ = attempt { try merchant.getTransaction(transaction) }
            _ = attempt { try merchant.refund(transaction) }
            _ = attempt { try merchant.journalQuery(transaction: transaction) }
        }
        return counts
    }
}
