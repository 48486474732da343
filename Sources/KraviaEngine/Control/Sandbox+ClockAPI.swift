import SandboxSupport

extension Sandbox {
    static var clockRoutes: [Route] {
        [
            Route("GET", "/__sandbox/clock") { try $0.readClock($1) },
            Route("POST", "/__sandbox/clock") { try $0.changeClock($1) },
        ]
    }

    /// `GET /__sandbox/clock`: `{now, frozen, next_due, pending}`.
    func readClock(_ context: RequestContext) throws -> EndpointResult {
        .json(clockJSON())
    }

    /// `POST /__sandbox/clock` with `{"advance": "P1M"}`, `{"set": ISO}` and/or `{"freeze": bool}`.
    ///
    /// `freeze` applies first, then `set` or `advance` (not both). The answer comes once every job that fell due
    /// has run, each at its own due time.
    func changeClock(_ context: RequestContext) throws -> EndpointResult {
        let body = try context.jsonObject()
        var validation = Validation()
        for key in (body.objectValue ?? [:]).keys.sorted() where !["advance", "set", "freeze"].contains(key) {
            validation.fail(key, "unknown field; expected advance, set or freeze")
        }
        let freeze = validation.boolean(body, "freeze", at: "")
        var advance: ISODuration?
        if let text = validation.string(body, "advance", at: "", required: false) {
            advance = ISODuration(text)
            if advance == nil {
                validation.fail("advance", "expected an ISO 8601 duration like PT1H, P3D or P1M, got \"\(text)\"")
            } else if let advance, advance.added(to: clock.now()) == .latest {
                validation.fail(
                    "advance",
                    "moves sandbox time to or past \(Timestamp.latest.iso8601), the last instant it can reach")
            }
        }
        var target: Timestamp?
        if let text = validation.string(body, "set", at: "", required: false) {
            target = Timestamp(iso8601: text)
            if target == nil {
                validation.fail("set", "expected an ISO 8601 instant like 2027-01-05T10:00:00Z, got \"\(text)\"")
            }
        }
        if body["advance"] != nil, body["set"] != nil {
            validation.fail("set", "expected either advance or set, not both")
        }
        if body["advance"] == nil, body["set"] == nil, body["freeze"] == nil {
            validation.fail("body", "expected advance, set or freeze")
        }
        try validation.check()
        if let freeze { clock.setFrozen(freeze) }
        if let advance { advanceClock(to: advance.added(to: clock.now())) }
        if let target { setClock(to: target) }
        // A running clock's background runner sleeps until the next job by the old time: let it look again.
        timelineRunner.wake()
        ledger.logOutsideChange()
        return .json(clockJSON())
    }

    private func clockJSON() -> JSONValue {
        let (next, pending) = ledger.read { ($0.timeline.nextDue, $0.timeline.count) }
        return .object(dropping: [
            "now": .string(clock.now().iso8601), "frozen": .bool(clock.isFrozen),
            "next_due": next.map { .string($0.iso8601) } ?? .null, "pending": JSONValue(pending),
        ])
    }
}
