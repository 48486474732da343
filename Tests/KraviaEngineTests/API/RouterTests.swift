import Testing

@testable import KraviaEngine

@Suite struct RouterTests {
    private let router = Router([
        Route("GET", "/v1/transactions") { _, _ in .json(.null) },
        Route("GET", "/v1/transactions/{transaction_id}") { _, _ in .json(.null) },
        Route("POST", "/v1/transactions/{transaction_id}/refund") { _, _ in .json(.null) },
        Route("POST", "/v1/transactions/{transaction_id}/capture") { _, _ in .json(.null) },
        Route("GET", "/v1/sessions/{session_id}") { _, _ in .json(.null) },
    ])

    private func found(_ method: String, _ path: String) -> (pattern: String, parameters: [String: String])? {
        guard case .found(let found) = router.match(method: method, path: path) else { return nil }
        return ("/" + found.route.segments.joined(separator: "/"), found.parameters.dictionary)
    }

    @Test(arguments: [
        ("/v1/transactions/T12345678.abc", "T12345678.abc"),
        ("/v1/transactions/T12345678%2Eabc", "T12345678.abc"),
        ("/v1/transactions/a%20b", "a b"),
        // A malformed escape is kept as written.
        ("/v1/transactions/a%zz", "a%zz"),
        ("//v1//transactions/x/", "x"),
    ])
    func capturesArePercentDecoded(_ path: String, _ id: String) {
        let match = found("GET", path)
        #expect(match?.pattern == "/v1/transactions/{transaction_id}")
        #expect(match?.parameters == ["transaction_id": id])
    }

    @Test func literalSegmentsMatchPercentEncodedToo() {
        #expect(found("GET", "/v1/%74ransactions")?.pattern == "/v1/transactions")
        #expect(found("POST", "/v1/transactions/x/%72efund")?.parameters == ["transaction_id": "x"])
    }

    @Test func theFirstRouteOfTheRightLengthAndMethodWins() {
        #expect(found("POST", "/v1/transactions/x/capture")?.pattern == "/v1/transactions/{transaction_id}/capture")
        #expect(found("HEAD", "/v1/sessions/s")?.pattern == "/v1/sessions/{session_id}")
    }

    @Test func aKnownPathWithAnotherMethodIs405WithTheAllowedOnes() {
        guard case .methodNotAllowed(let allowed) = router.match(method: "DELETE", path: "/v1/transactions/x") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed == ["GET"])
    }

    @Test(arguments: ["/", "/v1", "/v1/transactions/x/refund/again", "/v1/transaction/x", "/v2/transactions"])
    func unknownPathsAre404(_ path: String) {
        guard case .notFound = router.match(method: "GET", path: path) else {
            Issue.record("expected 404 for \(path)")
            return
        }
    }
}
