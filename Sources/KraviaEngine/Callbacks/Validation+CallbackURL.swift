import SandboxSupport

extension Validation {
    /// An optional `callback_url`: an absolute http(s) URL whose host and path can be signed as Dintero signs
    /// them (an unreadable one would make every callback unsigned or undeliverable, so it is refused up front).
    mutating func callbackURL(_ object: JSONValue?, at path: String) -> String? {
        guard let text = url(object, "callback_url", at: path, required: false) else { return nil }
        guard CallbackURL(text) != nil else {
            fail(
                Self.join(path, "callback_url"), "expected a URL with an ASCII host name or IP address, got \"\(text)\""
            )
            return nil
        }
        return text
    }
}
