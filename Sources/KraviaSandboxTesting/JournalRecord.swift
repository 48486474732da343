import KraviaEngine
import SandboxSupport

/// One journal entry as `GET /__sandbox/journal` returns it: an inbound request or an outbound callback attempt.
public struct JournalRecord: Sendable, Equatable {
    /// Inbound (to the sandbox) or outbound (a callback attempt).
    public enum Direction: String, Sendable, Equatable, CaseIterable {
        /// A request the sandbox received.
        case inbound
        /// A callback the sandbox sent.
        case outbound
    }

    /// One side of the exchange.
    public struct Message: Sendable, Equatable {
        /// Header fields, names lowercased.
        public var headers: [String: String]
        /// The body as text (base64 when `isBase64`).
        public var body: String
        /// Whether `body` is base64 because the bytes were not UTF-8.
        public var isBase64: Bool
        /// The body parsed, when it is JSON.
        public var json: JSONValue?

        init(_ value: JSONValue?) {
            headers = (value?["headers"]?.objectValue ?? [:]).compactMapValues(\.stringValue)
            body = value?["body"]?.stringValue ?? ""
            isBase64 = value?["body_encoding"] == "base64"
            json = value?["json"]
        }
    }

    /// The sequence number: increasing, never reused.
    public var seq: Int
    /// Inbound or outbound.
    public var direction: Direction
    /// The method.
    public var method: String
    /// The full URL.
    public var url: String
    /// The path, without the query.
    public var path: String
    /// The response status; nil when an outbound attempt got no response.
    public var status: Int?
    /// The account the exchange concerns.
    public var accountId: String?
    /// The session it concerns.
    public var sessionId: String?
    /// The transaction it concerns.
    public var transactionId: String?
    /// The merchant reference it concerns.
    public var merchantReference: String?
    /// Wall time when it started.
    public var wallTime: String
    /// Sandbox time when it started.
    public var sandboxTime: String
    /// How long it took.
    public var durationMilliseconds: Double
    /// The request.
    public var request: Message
    /// The response.
    public var response: Message
    /// Why an outbound attempt failed, when it did.
    public var error: String?
    /// The callback attempt number, for outbound entries.
    public var attempt: Int?
    /// The entry exactly as the sandbox sent it.
    public var json: JSONValue

    /// Reads an entry of the journal API.
    public init(_ json: JSONValue) {
        self.json = json
        seq = json["seq"]?.intValue ?? 0
        direction = json["direction"]?.stringValue.flatMap(Direction.init(rawValue:)) ?? .inbound
        method = json["method"]?.stringValue ?? ""
        url = json["url"]?.stringValue ?? ""
        path = json["path"]?.stringValue ?? ""
        status = json["status"]?.intValue
        accountId = json["account_id"]?.stringValue
        sessionId = json["session_id"]?.stringValue
        transactionId = json["transaction_id"]?.stringValue
        merchantReference = json["merchant_reference"]?.stringValue
        wallTime = json["wall_time"]?.stringValue ?? ""
        sandboxTime = json["sandbox_time"]?.stringValue ?? ""
        durationMilliseconds = json["duration_ms"]?.doubleValue ?? 0
        request = Message(json["request"])
        response = Message(json["response"])
        error = json["error"]?.stringValue
        attempt = json["attempt"]?.intValue
    }
}
