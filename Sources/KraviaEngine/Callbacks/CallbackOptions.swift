/// The delivery options a merchant writes as query parameters on its `callback_url` (dintero-api-notes §3.1).
///
/// They stay in the URL Dintero calls, so the merchant's own parameters are kept as given and only read here.
struct CallbackOptions: Sendable, Equatable {
    /// The longest `delay_callback` Dintero honours, in seconds; larger values are clamped, not refused.
    static let maximumDelaySeconds = 60

    /// `method=POST` sends the transaction as the body; anything else is a GET.
    var method = "GET"
    /// `report_error=true`: also call when the payment failed (`error=authorization|cancelled|failed`).
    var reportsErrors = false
    /// `report_event=CAPTURE` (repeatable): the events that get their own callback, uppercased.
    var reportedEvents: [String] = []
    /// `delay_callback=N`, clamped to 0...60 seconds.
    var delaySeconds = 0
    /// `includes=session`: the POST body carries the session under `session`.
    var includesSession = false
    /// `sid_parameter_name=sid`: the session id goes in `sid` instead of `session_id`.
    var sessionIdParameter = "session_id"

    /// Reads the options from the query of `url`; a URL without them gets Dintero's defaults.
    init(url: String) {
        for (name, value) in CallbackURL(url)?.queryItems ?? [] {
            switch name {
            case "method" where value.uppercased() == "POST": method = "POST"
            case "report_error": reportsErrors = value.lowercased() == "true"
            case "report_event": reportedEvents += value.split(separator: ",").map { $0.uppercased() }
            case "delay_callback":
                // WooCommerce sends 120: Dintero accepts and waits its maximum rather than refusing.
                delaySeconds = Int(value).map { min(max($0, 0), Self.maximumDelaySeconds) } ?? 0
            case "includes": includesSession = includesSession || value == "session"
            case "sid_parameter_name" where value == "sid": sessionIdParameter = "sid"
            default: continue
            }
        }
    }

    /// Whether `event` (e.g. `REFUND`) was asked for with `report_event`.
    func reports(event: String) -> Bool {
        reportedEvents.contains(event.uppercased())
    }
}
