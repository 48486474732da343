import SandboxHTTP
import SandboxSupport

extension Sandbox {
    /// How long `GET /__sandbox/dashboard/live` waits for the next entry before answering "nothing new" (the
    /// script asks again at once): below the idle timeouts of proxies and browsers, and bounding how long a
    /// closed tab holds a server thread.
    static let dashboardLiveMilliseconds = 20_000

    /// `GET /__sandbox/dashboard/live?after=SEQ`: answers `{"seq", "changed"}` as soon as the journal records an
    /// entry after `SEQ` (woken by the recording, like `POST /__sandbox/journal/await`), or after
    /// `dashboardLiveMilliseconds` with `changed: false`. A long poll the page's script re-issues on each answer,
    /// not a timer: a quiet sandbox costs one waiting request per open page.
    func dashboardLive(_ context: RequestContext) -> HTTPResponse {
        let last = journal.statistics.lastSeq
        guard let text = context.query("after"), let after = Int(text), after >= 0 else {
            return APIError.invalid("after", "expected a journal sequence number (integer ≥ 0)").response
        }
        // Behind (entries came while the page loaded) or ahead (a restarted sandbox): look again at once.
        if after != last { return Self.liveAnswer(seq: last, changed: true) }
        var filter = JournalFilter()
        filter.after = after
        let changed: Bool
        switch journal.await(
            filter, count: 1, timeoutMilliseconds: Self.dashboardLiveMilliseconds, explainingMisses: false,
            client: context.request.clientPresence)
        {
        case .matched: changed = true
        case .timedOut: changed = false
        case .refused(let waiting):
            // The page backs off and asks again.
            return APIError.tooManyAwaits(waiting).response
        }
        return Self.liveAnswer(seq: journal.statistics.lastSeq, changed: changed)
    }

    private static func liveAnswer(seq: Int, changed: Bool) -> HTTPResponse {
        var response = HTTPResponse.json(["seq": JSONValue(seq), "changed": .bool(changed)])
        response.headers["Cache-Control"] = "no-store"
        return response
    }
}
