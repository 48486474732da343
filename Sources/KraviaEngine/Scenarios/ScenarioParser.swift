import SandboxSupport

/// Reads one scenario document, checking every field and collecting every problem rather than stopping at the first.
struct ScenarioParser {
    let file: String
    /// The name the file's `name` must carry (the file name without `.json`); nil when it may be anything.
    let expectedName: String?
    private(set) var problems: [ScenarioProblem] = []

    static let rootKeys = [
        "name", "description", "bankid", "registration", "timeline", "callbacks", "api_faults", "match",
        "settlement_delay",
    ]
    /// Longer than any sandbox test wants to wait for one callback; keeps a typo from parking deliveries for years.
    static let maximumCallbackDelayMilliseconds: Int64 = 3_600_000

    init(file: String, expectedName: String?) {
        self.file = file
        self.expectedName = expectedName
    }

    /// Parses the bytes of a scenario file; nil when anything is wrong (see `problems`).
    mutating func parse(bytes: some Sequence<UInt8>) -> Scenario? {
        let document: JSONValue
        do throws(JSONParser.Failure) {
            document = try JSONParser.parse(bytes)
        } catch {
            fail("(file)", "expected a JSON document: \(error.description)")
            return nil
        }
        return parse(document)
    }

    /// Parses a scenario document; nil when anything is wrong (see `problems`).
    mutating func parse(_ document: JSONValue) -> Scenario? {
        guard let root = document.objectValue else {
            fail("(file)", "expected a JSON object, got \(document.typeName)")
            return nil
        }
        let before = problems.count
        unknownKeys(root, allowed: Self.rootKeys, at: "")
        let name = parseName(root["name"])
        let description = requiredString(root["description"], at: "description")
        let identity = root["bankid"].flatMap { oneOf($0, IdentityOutcome.allCases.map(\.rawValue), at: "bankid") }
            .flatMap(IdentityOutcome.init(rawValue:))
        let registration = root["registration"].map { parseRegistration($0) } ?? .captured
        let timeline = root["timeline"].map { parseTimeline($0, registration: registration) } ?? []
        let callbacks = root["callbacks"].map { parseCallbacks($0) } ?? .faithful
        let faults = root["api_faults"].map { parseFaults($0) } ?? []
        let match = root["match"].flatMap { parseMatch($0) }
        let settlementDelay = root["settlement_delay"].flatMap { duration($0, at: "settlement_delay") }
        guard problems.count == before, let name, let description else { return nil }
        return Scenario(
            name: name, description: description, source: file, identity: identity, registration: registration,
            timeline: timeline, callbacks: callbacks, apiFaults: faults, match: match,
            settlementDelay: settlementDelay, document: document)
    }

    mutating func fail(_ field: String, _ expected: String) {
        problems.append(ScenarioProblem(file: file, field: field.isEmpty ? "(file)" : field, expected: expected))
    }

    // MARK: - Sections

    private mutating func parseName(_ value: JSONValue?) -> String? {
        guard let name = requiredString(value, at: "name") else { return nil }
        let allowed = name.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        guard allowed, !name.hasPrefix("-") else {
            fail("name", "expected lowercase letters, digits and dashes (like on-hold-then-captured), got \"\(name)\"")
            return nil
        }
        if let expectedName, name != expectedName {
            fail("name", "expected \"\(expectedName)\" to match the file name, got \"\(name)\"")
            return nil
        }
        return name
    }

    private mutating func parseRegistration(_ value: JSONValue) -> Scenario.Registration {
        guard let object = object(value, at: "registration") else { return .captured }
        unknownKeys(object, allowed: ["outcome", "reason"], at: "registration")
        guard let outcomeValue = object["outcome"] else {
            fail("registration.outcome", "is required: one of CAPTURED, ON_HOLD, FAILED")
            return .captured
        }
        let outcomes: [TransactionStatus] = [.captured, .onHold, .failed]
        let outcome = oneOf(outcomeValue, outcomes.map(\.rawValue), at: "registration.outcome")
        switch outcome.flatMap(TransactionStatus.init(rawValue:)) {
        case .failed:
            return parseReason(object["reason"], at: "registration.reason") ?? .captured
        case .onHold, .captured:
            if object["reason"] != nil { fail("registration.reason", "expected only with outcome FAILED") }
            return outcome == TransactionStatus.onHold.rawValue ? .onHold : .captured
        default:
            return .captured
        }
    }

    private mutating func parseReason(_ value: JSONValue?, at field: String) -> Scenario.Registration? {
        guard let value else {
            fail(field, "is required with FAILED: an object with code and message")
            return nil
        }
        guard let reason = object(value, at: field) else { return nil }
        unknownKeys(reason, allowed: ["code", "message"], at: field)
        let code = requiredString(reason["code"], at: field + ".code")
        let message = requiredString(reason["message"], at: field + ".message")
        guard let code, let message else { return nil }
        return .failed(code: code, message: message)
    }

    private mutating func parseTimeline(_ value: JSONValue, registration: Scenario.Registration) -> [ScenarioStep] {
        guard let elements = array(value, at: "timeline") else { return [] }
        var steps: [ScenarioStep] = []
        var isHeld = registration == .onHold
        var paidPercent = 0.0
        var lastDelay: [ScenarioStep.Anchor: (ISODuration, Int)] = [:]
        for (index, element) in elements.enumerated() {
            let at = "timeline[\(index)]"
            guard let step = object(element, at: at) else { continue }
            unknownKeys(step, allowed: ["after", "from", "action", "to", "reason", "amount", "percent"], at: at)
            let after =
                step["after"].map { duration($0, at: at + ".after") }
                ?? {
                    fail(at + ".after", "is required: an ISO 8601 duration like PT1H or P3D"); return nil
                }()
            let anchor =
                step["from"].map {
                    oneOf($0, ScenarioStep.Anchor.allCases.map(\.rawValue), at: at + ".from").flatMap(
                        ScenarioStep.Anchor.init)
                } ?? .purchase
            let action = parseAction(step, at: at, isHeld: &isHeld, paidPercent: &paidPercent)
            guard let after, let anchor, let action else { continue }
            if let (previous, previousIndex) = lastDelay[anchor], Self.reference(after) < Self.reference(previous) {
                fail(
                    at + ".after",
                    "expected steps in time order: \(after) from \(anchor.rawValue) comes before timeline[\(previousIndex)]'s \(previous)"
                )
            }
            lastDelay[anchor] = (after, index)
            steps.append(ScenarioStep(after: after, from: anchor, action: action))
        }
        return steps
    }

    private mutating func parseAction(
        _ step: JSONObject, at: String, isHeld: inout Bool, paidPercent: inout Double
    )
        -> ScenarioStep.Action?
    {
        guard let actionValue = step["action"] else {
            fail(at + ".action", "is required: one of release, pay, settle")
            return nil
        }
        switch oneOf(actionValue, ["release", "pay", "settle"], at: at + ".action") {
        case "release":
            guard isHeld else {
                fail(at + ".action", "expected release only while ON_HOLD: set registration.outcome to ON_HOLD, once")
                return nil
            }
            isHeld = false
            guard let toValue = step["to"] else {
                fail(at + ".to", "is required with release: CAPTURED or FAILED")
                return nil
            }
            let targets: [TransactionStatus] = [.captured, .failed]
            switch oneOf(toValue, targets.map(\.rawValue), at: at + ".to").flatMap(TransactionStatus.init(rawValue:)) {
            case .captured: return .release(to: .captured)
            case .failed: return parseReason(step["reason"], at: at + ".reason").map { .release(to: $0) }
            default: return nil
            }
        case "pay":
            switch (step["amount"], step["percent"]) {
            case (let amount?, nil):
                guard let value = amount.intValue, case .int = amount, value > 0 else {
                    fail(
                        at + ".amount",
                        "expected a positive integer in minor units, got \(JSONSerializer.string(amount))")
                    return nil
                }
                return .payAmount(value)
            case (nil, let percent?):
                guard let value = percent.doubleValue, value > 0, value <= 100 else {
                    fail(
                        at + ".percent",
                        "expected a number above 0 and at most 100, got \(JSONSerializer.string(percent))")
                    return nil
                }
                paidPercent += value
                if paidPercent > 100.000001 {
                    fail(
                        at + ".percent",
                        "expected the pay steps' percentages to add up to at most 100, got \(paidPercent)")
                    return nil
                }
                return .payPercent(value)
            case (.some, .some):
                fail(at, "expected either amount or percent with pay, not both")
                return nil
            case (nil, nil):
                fail(at, "expected amount (minor units) or percent with pay")
                return nil
            }
        case "settle":
            return .settle
        default:
            return nil
        }
    }

    private mutating func parseCallbacks(_ value: JSONValue) -> CallbackBehaviour {
        guard let object = object(value, at: "callbacks") else { return .faithful }
        unknownKeys(object, allowed: ["extra_delay", "duplicates", "reorder", "wrong_signature"], at: "callbacks")
        var behaviour = CallbackBehaviour.faithful
        if let delay = object["extra_delay"].flatMap({ duration($0, at: "callbacks.extra_delay") }) {
            let milliseconds = Self.milliseconds(delay)
            if milliseconds > Self.maximumCallbackDelayMilliseconds {
                fail("callbacks.extra_delay", "expected at most PT1H, got \(delay)")
            }
            behaviour.extraDelayMilliseconds = milliseconds
        }
        if let duplicates = object["duplicates"] {
            behaviour.duplicates = integer(duplicates, in: 0...10, at: "callbacks.duplicates") ?? 0
        }
        behaviour.reorder = object["reorder"].flatMap { boolean($0, at: "callbacks.reorder") } ?? false
        behaviour.wrongSignature =
            object["wrong_signature"].flatMap { boolean($0, at: "callbacks.wrong_signature") } ?? false
        return behaviour
    }

    private mutating func parseFaults(_ value: JSONValue) -> [APIFault] {
        guard let elements = array(value, at: "api_faults") else { return [] }
        var faults: [APIFault] = []
        for (index, element) in elements.enumerated() {
            let at = "api_faults[\(index)]"
            guard let object = object(element, at: at) else { continue }
            unknownKeys(
                object, allowed: ["method", "path", "status", "code", "message", "delay", "times", "counter"], at: at)
            let before = problems.count
            let method = object["method"].flatMap { requiredString($0, at: at + ".method") }.map { $0.uppercased() }
            let path = requiredString(object["path"], at: at + ".path")
            if let path, !path.hasPrefix("/") || path.hasPrefix("/__sandbox") {
                fail(
                    at + ".path",
                    "expected a path pattern on the Dintero API like /v1/transactions/*/refund, got \"\(path)\"")
            }
            let status = object["status"].flatMap { integer($0, in: 400...599, at: at + ".status") }
            let delay = object["delay"].flatMap { duration($0, at: at + ".delay") }.map(Self.milliseconds) ?? 0
            if delay > APIFault.maximumDelayMilliseconds {
                fail(at + ".delay", "expected at most PT30S, got \(Self.duration(delay))")
            }
            if object["status"] == nil, object["delay"] == nil { fail(at, "expected a status, a delay or both") }
            let code = object["code"].flatMap { requiredString($0, at: at + ".code") }
            let message = object["message"].flatMap { requiredString($0, at: at + ".message") }
            var times: Int? = 1
            if let value = object["times"] {
                times = value.stringValue == "always" ? nil : integer(value, in: 1...1_000_000, at: at + ".times")
            }
            let counter =
                object["counter"].map {
                    oneOf($0, APIFault.Counter.allCases.map(\.rawValue), at: at + ".counter").flatMap(
                        APIFault.Counter.init)
                } ?? .account
            guard problems.count == before, let path, let counter else { continue }
            faults.append(
                APIFault(
                    method: method == "*" ? nil : method, path: Glob(path), status: status, code: code,
                    message: message,
                    delayMilliseconds: delay, times: times, counter: counter))
        }
        return faults
    }

    private mutating func parseMatch(_ value: JSONValue) -> ScenarioMatch? {
        guard let object = object(value, at: "match") else { return nil }
        unknownKeys(object, allowed: ["email", "merchant_reference", "amount"], at: "match")
        var match = ScenarioMatch()
        match.email = object["email"].flatMap { requiredString($0, at: "match.email") }.map { Glob($0.lowercased()) }
        match.merchantReference = object["merchant_reference"].flatMap {
            requiredString($0, at: "match.merchant_reference")
        }
        .map(Glob.init)
        if let amount = object["amount"] {
            if case .object(let range) = amount {
                unknownKeys(range, allowed: ["min", "max"], at: "match.amount")
                match.minimumAmount = range["min"].flatMap { integer($0, in: 0...Int.max, at: "match.amount.min") }
                match.maximumAmount = range["max"].flatMap { integer($0, in: 0...Int.max, at: "match.amount.max") }
                if range["min"] == nil, range["max"] == nil { fail("match.amount", "expected min, max or both") }
                if let low = match.minimumAmount, let high = match.maximumAmount, low > high {
                    fail("match.amount", "expected min (\(low)) not above max (\(high))")
                }
            } else if let exact = integer(
                amount, in: 0...Int.max, at: "match.amount", expecting: "an integer or {\"min\", \"max\"}")
            {
                match.minimumAmount = exact
                match.maximumAmount = exact
            }
        }
        if object.isEmpty { fail("match", "expected at least one of email, merchant_reference, amount") }
        return match
    }

    // MARK: - Values

    private mutating func unknownKeys(_ object: JSONObject, allowed: [String], at path: String) {
        for key in object.keys.sorted() where !allowed.contains(key) {
            fail(Validation.join(path, key), "unknown field; expected one of \(allowed.joined(separator: ", "))")
        }
    }

    private mutating func object(_ value: JSONValue, at field: String) -> JSONObject? {
        guard let object = value.objectValue else {
            fail(field, "expected an object, got \(value.typeName)")
            return nil
        }
        return object
    }

    private mutating func array(_ value: JSONValue, at field: String) -> [JSONValue]? {
        guard let array = value.arrayValue else {
            fail(field, "expected an array, got \(value.typeName)")
            return nil
        }
        return array
    }

    private mutating func requiredString(_ value: JSONValue?, at field: String) -> String? {
        guard let value else {
            fail(field, "is required: a non-empty string")
            return nil
        }
        guard let text = value.stringValue, !text.isEmpty else {
            fail(field, "expected a non-empty string, got \(value.typeName == "string" ? "\"\"" : value.typeName)")
            return nil
        }
        return text
    }

    private mutating func oneOf(_ value: JSONValue, _ allowed: [String], at field: String) -> String? {
        guard let text = value.stringValue, allowed.contains(text) else {
            fail(field, "expected one of \(allowed.joined(separator: ", ")), got \(JSONSerializer.string(value))")
            return nil
        }
        return text
    }

    private mutating func integer(
        _ value: JSONValue, in range: ClosedRange<Int>, at field: String, expecting: String = "an integer"
    ) -> Int? {
        guard case .int = value, let number = value.intValue else {
            fail(field, "expected \(expecting), got \(JSONSerializer.string(value))")
            return nil
        }
        guard range.contains(number) else {
            let bound =
                range.upperBound == Int.max
                ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
            fail(field, "expected an integer \(bound), got \(number)")
            return nil
        }
        return number
    }

    private mutating func boolean(_ value: JSONValue, at field: String) -> Bool? {
        guard let flag = value.boolValue else {
            fail(field, "expected true or false, got \(JSONSerializer.string(value))")
            return nil
        }
        return flag
    }

    private mutating func duration(_ value: JSONValue, at field: String) -> ISODuration? {
        guard let text = value.stringValue, let duration = ISODuration(text) else {
            fail(field, "expected an ISO 8601 duration like PT1H or P3D, got \(JSONSerializer.string(value))")
            return nil
        }
        return duration
    }

    // MARK: - Duration arithmetic

    /// A fixed instant to compare and measure calendar durations from (months differ in length).
    private static let epoch = Timestamp(iso8601: "2027-01-01T00:00:00Z")!

    static func reference(_ duration: ISODuration) -> Timestamp { duration.added(to: epoch) }

    /// The duration's length from 2027-01-01, in milliseconds: exact for delays without months.
    static func milliseconds(_ duration: ISODuration) -> Int64 { reference(duration).milliseconds - epoch.milliseconds }

    static func duration(_ milliseconds: Int64) -> ISODuration { ISODuration(milliseconds: milliseconds) }
}
