import Dispatch
import SandboxHTTP

extension Sandbox {
    /// Records one exchange in the journal and logs it; outbound callback attempts call this.
    ///
    /// Ids the caller left nil are inferred later, when the entry is first filtered, listed or written.
    func record(_ exchange: ExchangeRecord) {
        journal.append(exchange)
    }
}

extension Sandbox {
    /// Records an inbound request with the response it got.
    ///
    /// Reads of the journal itself (`/__sandbox/journal*`) are logged but not journaled: a test awaiting or
    /// listing entries would otherwise fill the journal with its own polling. Every other control request is.
    /// - Parameters:
    ///   - started: wall time at arrival, shown as `wall_time`.
    ///   - startedUptime: the monotonic clock at arrival, for `duration_ms`.
    func record(inbound context: RequestContext, response: HTTPResponse, started: Timestamp, startedUptime: UInt64) {
        let request = context.request
        let elapsed = DispatchTime.now().uptimeNanoseconds &- startedUptime
        let exchange = ExchangeRecord(
            direction: .inbound, method: request.method, url: context.baseURL + request.target, path: request.path,
            requestHeaders: request.headers, requestBody: request.body, status: response.status,
            responseHeaders: response.headers, responseBody: response.body, wallTime: started,
            sandboxTime: context.now, durationMilliseconds: Double(elapsed) / 1_000_000)
        if Self.isJournalRead(request.path) {
            journal.logOnly(exchange)
            return
        }
        journal.append(exchange)
    }

    static func isJournalRead(_ path: String) -> Bool {
        path == "/__sandbox/journal" || path.hasPrefix("/__sandbox/journal/")
    }

    /// Wakes pending journal awaits, writes out and closes the journal file; call when the sandbox stops serving.
    public func closeJournal() {
        journal.close()
    }

    /// Why `--journal FILE` could not be opened, or nil; the sandbox runs on without the file.
    public var journalFileError: JournalFileError? {
        journal.fileError
    }

    /// Blocks until the journal file holds every entry recorded so far; for tests of the file.
    package func waitUntilJournalWritten() {
        journal.waitUntilWritten()
    }
}
