import Foundation
import SandboxHTTP
import SandboxSupport

extension Sandbox {
    static var journalRoutes: [Route] {
        [
            Route("GET", "/__sandbox/journal") { try $0.listJournal($1) },
            Route("DELETE", "/__sandbox/journal") { try $0.clearJournal($1) },
            Route("POST", "/__sandbox/journal/await") { try $0.awaitJournal($1) },
            Route("GET", "/__sandbox/journal/export") { try $0.exportJournal($1) },
        ]
    }

    /// The longest an await may wait: a forgotten await must not hold a server thread for long.
    static let maximumAwaitMilliseconds = 60_000

    /// `GET /__sandbox/journal?direction=&method=&path=&status=&session_id=&…&after=&limit=`.
    func listJournal(_ context: RequestContext) throws -> EndpointResult {
        let filter = try JournalFilter(query: context.request.queryItems)
        return .json(["entries": .array(journal.entries(matching: filter).map(\.json))])
    }

    /// `DELETE /__sandbox/journal` (`?account=T…` for one account's entries).
    func clearJournal(_ context: RequestContext) throws -> EndpointResult {
        journal.clear(account: context.query("account"))
        return .json(["cleared": .string(context.query("account") ?? "all")])
    }

    /// `POST /__sandbox/journal/await {"filter": {…}, "count": N, "timeout_ms": T}`.
    ///
    /// Entries already recorded count, so awaiting a callback that has already happened returns at once; pass
    /// `after` (a sequence number) to wait only for newer ones. Answers the first `count` matches, oldest first,
    /// or after `timeout_ms` a 408 with the matches so far and the closest other entries, each with the reasons
    /// it did not match.
    func awaitJournal(_ context: RequestContext) throws -> EndpointResult {
        let body = try context.jsonObject()
        var validation = Validation()
        let count = validation.integer(body, "count", at: "", in: 1...100_000, required: false) ?? 1
        let timeout =
            validation.integer(body, "timeout_ms", at: "", in: 0...Self.maximumAwaitMilliseconds, required: false)
            ?? 5_000
        try validation.check()
        let filter = try JournalFilter(json: body["filter"])
        let client = context.request.clientPresence
        switch journal.await(filter, count: count, timeoutMilliseconds: timeout, client: client) {
        case .matched(let entries):
            return .json(["entries": .array(entries.map(\.json))])
        case .timedOut(let matched, let nearMisses):
            let error = APIError(
                status: 408, code: "JOURNAL_AWAIT_TIMEOUT",
                message: "\(matched.count) of \(count) matching entries after \(timeout) ms")
            var answer = error.json
            answer["entries"] = .array(matched.map(\.json))
            answer["near_misses"] = .array(
                nearMisses.map { ["mismatches": .array($0.reasons.map(JSONValue.string)), "entry": $0.entry.json] })
            return .json(answer, status: 408)
        case .refused(let waiting):
            throw APIError.tooManyAwaits(waiting)
        }
    }

    /// `GET /__sandbox/journal/export?format=ndjson|har`: every entry held, for CI artifacts.
    func exportJournal(_ context: RequestContext) throws -> EndpointResult {
        let format = context.query("format") ?? "ndjson"
        let entries = journal.allEntries()
        switch format {
        case "ndjson":
            var body = Data()
            for entry in entries { body.append(entry.ndjsonLine) }
            return .response(
                HTTPResponse(
                    status: 200,
                    headers: [
                        "Content-Type": "application/x-ndjson",
                        "Content-Disposition": "attachment; filename=\"kravia-sandbox-journal.ndjson\"",
                    ], body: body))
        case "har":
            return .response(
                HTTPResponse(
                    status: 200,
                    headers: [
                        "Content-Type": "application/json; charset=utf-8",
                        "Content-Disposition": "attachment; filename=\"kravia-sandbox.har\"",
                    ], body: JSONSerializer.data(JournalHAR.document(entries, version: Self.version))))
        default:
            throw APIError.invalid("format", "expected ndjson or har, got \"\(format)\"")
        }
    }
}

extension Sandbox {
    /// Records one exchange in the journal and logs it (the testing library's and the benchmark's own entries).
    func record(_ exchange: consuming ExchangeRecord) {
        journal.append(exchange)
    }

    /// Wakes pending journal awaits, writes out and closes the journal file; call when the sandbox stops serving.
    public func closeJournal() {
        journal.close()
    }

    /// Wakes pending journal awaits and dashboard long polls (they answer with what they have) and refuses new
    /// ones; call before a server stops, so its drain does not wait for them. Recording goes on.
    public func endJournalAwaits() {
        journal.endAwaits()
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
