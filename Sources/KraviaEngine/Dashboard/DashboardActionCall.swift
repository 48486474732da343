import SandboxHTTP
import SandboxSupport

/// The control API call a dashboard form stands for: each action is a thin translation, and the control API
/// decides (and explains) whether it is allowed.
struct DashboardActionCall {
    var method: String
    var target: String
    var body: JSONValue?
    /// The notice shown once it succeeded.
    var done: String

    /// Why a form could not become a call.
    struct Problem: Error {
        var message: String
    }

    /// The call for `action` and its form.
    static func make(_ action: String, _ form: DashboardActionForm) -> Result<DashboardActionCall, Problem> {
        func need(_ name: String) -> Result<String, Problem> {
            form[name].map { .success($0) } ?? .failure(Problem(message: "The form is missing \(name)."))
        }
        func amount() -> Result<Int?, Problem> {
            form.minorUnits("amount").mapError {
                Problem(message: "“\($0.typed)” is not an amount; type it like 1234.50.")
            }
        }
        let path = { (text: String) in FormEncoding.encode(text) }
        do throws(Problem) {
            switch action {
            case "clock":
                var body: JSONObject = [:]
                if let freeze = form["freeze"] { body["freeze"] = .bool(freeze == "true") }
                if let advance = form["advance"] { body["advance"] = .string(advance) }
                if let set = form["set"] { body["set"] = .string(set) }
                return .success(
                    .init(method: "POST", target: "/__sandbox/clock", body: .object(body), done: "Clock changed."))
            case "default-scenario":
                let account = form["account"].map { "?account=" + path($0) } ?? ""
                let scenario = form["scenario"]
                return .success(
                    .init(
                        method: "PUT", target: "/__sandbox/scenarios/default" + account,
                        body: ["scenario": scenario.map(JSONValue.string) ?? .null],
                        done: "Default scenario is now \(scenario ?? "the built-in default")."))
            case "pay":
                let number = try need("invoice").get()
                guard let minor = try amount().get() else { return .failure(Problem(message: "Type the amount paid.")) }
                return .success(
                    .init(
                        method: "POST", target: "/__sandbox/invoices/\(path(number))/payments",
                        body: ["amount": JSONValue(minor)], done: "Payment recorded on invoice \(number)."))
            case "refund":
                let id = try need("transaction").get()
                let minor = try amount().get()
                return .success(
                    .init(
                        method: "POST", target: "/__sandbox/transactions/\(path(id))/refund",
                        body: .object(dropping: ["amount": minor.map(JSONValue.init)]), done: "Refunded."))
            case "release", "settle":
                let id = try need("transaction").get()
                return .success(
                    .init(
                        method: "POST", target: "/__sandbox/transactions/\(path(id))/\(action)", body: nil,
                        done: action == "release" ? "Released from hold." : "Settled."))
            case "resend":
                let id = try need("delivery").get()
                return .success(
                    .init(
                        method: "POST", target: "/__sandbox/callbacks/\(path(id))/resend", body: nil,
                        done: "Delivery queued again."))
            default:
                return .failure(Problem(message: "There is no dashboard action “\(action)”."))
            }
        } catch {
            return .failure(error)
        }
    }
}
