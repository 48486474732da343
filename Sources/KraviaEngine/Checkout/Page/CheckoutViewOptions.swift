import SandboxHTTP

/// The query parameters Dintero's Web SDK puts on the checkout URL (`sdk`, `ui`, `language`, …), as the page reads
/// them; `embed()` and `redirect()` send the same ones to `/?sid=…` and to `/v1/view/{sid}`.
struct CheckoutViewOptions: Sendable {
    /// `language`, as given (resolved against the session by `CheckoutLanguage.resolve`).
    var language: String?
    /// `ui=inline` (embedded in the shop's page) or `fullscreen`; anything else is a full page.
    var ui: String?
    /// `hide_test_message=true` hides the test-checkout banner.
    var hidesTestMessage = false
    /// `client_side_validation=true`: ask the shop (`ValidateSession`) before paying.
    var validatesOnClient = false
    /// Every parameter but `sid`, in order, carried on the form's action so the next step keeps them.
    var carried: [(name: String, value: String)] = []

    /// Reads the options from a request's query.
    init(_ request: HTTPRequest) {
        let query = request.target.split(separator: "?", maxSplits: 1).dropFirst().first.map(String.init) ?? ""
        carried = FormEncoding.parse(query).filter { $0.name != "sid" }
        language = carried.last { $0.name == "language" }?.value
        ui = carried.last { $0.name == "ui" }?.value
        hidesTestMessage = carried.contains { $0.name == "hide_test_message" && $0.value == "true" }
        validatesOnClient = carried.contains { $0.name == "client_side_validation" && $0.value == "true" }
    }

    /// `/v1/view/{id}` with the carried parameters, where the page's forms post.
    func actionPath(sessionId: String) -> String {
        let path = "/v1/view/" + (sessionId.addingPercentEncodingForPath)
        return carried.isEmpty ? path : path + "?" + FormEncoding.serialize(carried)
    }
}

extension String {
    /// The string with every byte outside the unreserved set percent-encoded, for one path segment.
    var addingPercentEncodingForPath: String {
        var out = ""
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
