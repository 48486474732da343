import SandboxHTTP

extension Sandbox {
    /// Records one exchange in the journal and logs it.
    func record(_ exchange: ExchangeRecord) {
        // The journal lands with the journal issue.
    }
}

extension Sandbox {
    /// Records an inbound request with the response it got.
    func record(inbound context: RequestContext, response: HTTPResponse, started: Timestamp) {
        // The journal lands with the journal issue: fill ids (session, transaction, merchant reference)
        // from the path, the body or the response.
    }
}
