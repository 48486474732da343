import Foundation

/// `--mode e2e`: whole checkout flows over real sockets, the callback latency, and a small GET of a
/// transaction over many keep-alive connections.
///
/// A flow: session create (token reused), complete via the control API, wait until the in-process receiver
/// got the callback, GET the transaction, refund part of it.
enum EndToEndMode {
    struct FlowResult {
        var flows = 0
        var errors = 0
        var flowLatency = LatencyHistogram()
        /// From the complete answer being ready in the server to the callback reaching the receiver.
        var callbackLatency = LatencyHistogram()
        /// Callbacks that reached the receiver before the complete call had even returned its answer.
        var callbackBeforeAnswer = 0
        var seconds = 0.0

        mutating func merge(_ other: FlowResult) {
            flows += other.flows
            errors += other.errors
            flowLatency.merge(other.flowLatency)
            callbackLatency.merge(other.callbackLatency)
            callbackBeforeAnswer += other.callbackBeforeAnswer
        }
    }

    static func run(_ options: BenchOptions) {
        print(
            "== e2e: checkout flows over real sockets (in-process sandbox, HTTPServer, callbacks to an HTTPServer receiver)"
        )
        let target = InProcessSandbox()
        let receiver = CallbackReceiver()
        let callbackURL: String
        do { callbackURL = try receiver.start() } catch { Report.fail("receiver: \(error)") }
        _ = runFlows(target: target, receiver: receiver, callbackURL: callbackURL, concurrency: 2, duration: 1)
        for concurrency in options.flowConcurrency {
            let result = runFlows(
                target: target, receiver: receiver, callbackURL: callbackURL, concurrency: concurrency,
                duration: options.duration)
            print(
                String(
                    format: "flows %2d concurrent: %7.0f flows/s", concurrency, Double(result.flows) / result.seconds)
                    + "  flow p50 \(Report.milliseconds(result.flowLatency.percentile(0.5)))"
                    + "  p99 \(Report.milliseconds(result.flowLatency.percentile(0.99)))  errors \(result.errors)")
            print(
                "  callback latency (complete answer ready -> receiver): p50 "
                    + Report.milliseconds(result.callbackLatency.percentile(0.5)) + "  p99 "
                    + Report.milliseconds(result.callbackLatency.percentile(0.99))
                    + "  (\(result.callbackBeforeAnswer) of \(result.flows) arrived before the answer was ready)")
        }
        receiver.stop()

        let sample = target.sampleTransaction()
        for connections in options.connections {
            let result = LoadGenerator(
                host: "127.0.0.1", port: target.port, path: "/v1/transactions/\(sample.transactionId)",
                connections: connections, duration: options.duration, keepAlive: true, headers: sample.authorization
            ).run()
            print("GET transaction keep-alive \(String(format: "%3d", connections)) conn: \(Report.line(result))")
        }
        target.stop()
    }

    static func runFlows(
        target: InProcessSandbox, receiver: CallbackReceiver, callbackURL: String, concurrency: Int, duration: Double
    ) -> FlowResult {
        let results = Locked([FlowResult](repeating: FlowResult(), count: concurrency))
        let group = DispatchGroup()
        let started = LoadGenerator.now()
        let deadline = started + duration
        for index in 0..<concurrency {
            group.enter()
            let thread = Thread {
                let result = runWorker(
                    index: index, target: target, receiver: receiver, callbackURL: callbackURL, until: deadline)
                results.withLock { $0[index] = result }
                group.leave()
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        group.wait()
        var total = FlowResult()
        for result in results.withLock({ $0 }) { total.merge(result) }
        total.seconds = LoadGenerator.now() - started
        return total
    }

    private static func runWorker(
        index: Int, target: InProcessSandbox, receiver: CallbackReceiver, callbackURL: String, until deadline: Double
    ) -> FlowResult {
        var result = FlowResult()
        let merchant = MerchantClient(port: target.port, name: "flow\(index)-\(UInt32.random(in: 0...UInt32.max))")
        do { try merchant.authenticate() } catch {
            result.errors += 1
            return result
        }
        while LoadGenerator.now() < deadline {
            let start = LoadGenerator.now()
            do {
                let session = try merchant.createSession(callbackURL: callbackURL)
                let transaction = try merchant.complete(session: session)
                guard let arrived = receiver.awaitArrival(session: session) else {
                    throw MerchantClient.Failure.request("callback never arrived", status: nil)
                }
                if let answered = target.timing.answerTime(session: session) {
                    if arrived < answered { result.callbackBeforeAnswer += 1 }
                    result.callbackLatency.record(microseconds: Int((arrived - answered) * 1e6))
                }
                try merchant.getTransaction(transaction)
                try merchant.refund(transaction)
                result.flows += 1
                result.flowLatency.record(microseconds: Int((LoadGenerator.now() - start) * 1e6))
            } catch {
                result.errors += 1
            }
        }
        return result
    }
}

/// A value behind a lock, for results written by worker threads.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T { lock.withLock { body(&value) } }
}
