import Foundation

/// `--mode faults`: the API's latency (GET transaction over 16 keep-alive connections) while checkouts keep
/// sending callbacks to a misbehaving merchant, against the same traffic with a merchant that answers at once.
/// Each phase gets a fresh sandbox, so retries of one fault do not leak into the next.
enum FaultsMode {
    /// Checkouts per second that send callbacks during each phase.
    static let checkoutRate = 50.0

    static func run(_ options: BenchOptions) {
        print(
            "== faults: GET transaction, 16 keep-alive conn, while \(Int(checkoutRate)) checkouts/s call back a merchant that ..."
        )
        let phases: [FaultyMerchant.Fault?] = [nil] + FaultyMerchant.Fault.allCases
        for fault in phases {
            let target = InProcessSandbox()
            let sample = target.sampleTransaction()
            let healthy = CallbackReceiver(keepsArrivals: false)
            var merchant: FaultyMerchant?
            let callbackURL: String
            do {
                if let fault {
                    merchant = try FaultyMerchant(fault)
                    merchant!.start()
                    callbackURL = merchant!.callbackURL
                } else {
                    callbackURL = try healthy.start()
                }
            } catch {
                Report.fail("merchant: \(error)")
            }
            let stop = Locked(false)
            let driven = Locked((checkouts: 0, errors: 0))
            let driverDone = DispatchSemaphore(value: 0)
            Thread {
                drive(port: target.port, callbackURL: callbackURL, stop: stop, driven: driven)
                driverDone.signal()
            }.start()
            let result = LoadGenerator(
                host: "127.0.0.1", port: target.port, path: "/v1/transactions/\(sample.transactionId)",
                connections: 16, duration: options.duration, keepAlive: true, headers: sample.authorization
            ).run()
            stop.withLock { $0 = true }
            driverDone.wait()
            let seen = merchant?.connections ?? healthy.count
            let (checkouts, errors) = driven.withLock { $0 }
            let name = fault.map { "\($0.rawValue)" } ?? "answers 200"
            print(
                "\(name.padding(toLength: 12, withPad: " ", startingAt: 0)) \(Report.line(result))"
                    + "  (\(checkouts) checkouts, \(errors) failed, \(seen) callback connections)")
            merchant?.stop()
            healthy.stop()
            target.stop()
        }
    }

    /// Creates and completes checkouts at `checkoutRate` until told to stop.
    private static func drive(
        port: Int, callbackURL: String, stop: Locked<Bool>, driven: Locked<(checkouts: Int, errors: Int)>
    ) {
        let merchant = MerchantClient(port: port, name: "fault-\(UInt32.random(in: 0...UInt32.max))")
        try? merchant.authenticate()
        let interval = 1 / checkoutRate
        var next = LoadGenerator.now()
        while !stop.withLock({ $0 }) {
            do {
                let session = try merchant.createSession(callbackURL: callbackURL)
                _ = try merchant.complete(session: session)
                driven.withLock { $0.checkouts += 1 }
            } catch {
                driven.withLock { $0.errors += 1 }
            }
            next += interval
            let wait = next - LoadGenerator.now()
            if wait > 0 { usleep(UInt32(wait * 1e6)) }
        }
    }
}
