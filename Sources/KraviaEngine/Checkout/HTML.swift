import SandboxSupport

/// Escaping and formatting for the hosted pages.
enum HTML {
    /// Text or an attribute value with `& < > " '` escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    /// Minor units as `1 234,50 NOK`, with no-break spaces so an amount never wraps.
    static func money(_ minor: Int, _ currency: String) -> String {
        let sign = minor < 0 ? "-" : ""
        let value = minor.magnitude  // abs(Int.min) has no Int
        var whole = String(value / 100)
        var grouped = ""
        while whole.count > 3 {
            grouped = "\u{00A0}" + whole.suffix(3) + grouped
            whole = String(whole.dropLast(3))
        }
        let cents = value % 100
        return "\(sign)\(whole)\(grouped),\(cents < 10 ? "0" : "")\(cents)\u{00A0}\(currency)"
    }

    /// A `<script type="application/json">` holding `value`; `<` is written `\u003c`, so no string inside can
    /// end the element.
    static func jsonScript(id: String, _ value: JSONValue) -> String {
        let json = JSONSerializer.string(value).replacingEvery("<", with: "\\u003c")
        return "<script type=\"application/json\" id=\"\(id)\">\(json)</script>"
    }
}
