import SandboxSupport

/// What the provider side does for one checkout over sandbox time, as a scenario file scripts it (SPEC §5).
///
/// Built from JSON by `ScenarioParser`, which checks every field; a `Scenario` value is always valid.
public struct Scenario: Sendable, Equatable {
    /// How Kravia answers the registration of an invoice.
    public enum Registration: Sendable, Equatable {
        /// Registered at once: the transaction is CAPTURED.
        case captured
        /// Held for review until a `release` step.
        case onHold
        /// Rejected: the transaction is FAILED with this reason.
        case failed(code: String, message: String)
    }

    /// The unique name checkouts select it by, e.g. `happy-path`.
    public var name: String
    /// What it is for, for people.
    public var description: String
    /// Where it came from: `built-in` or the file's path.
    public var source: String
    /// Overrides the customer's BankID answer when set.
    public var identity: IdentityOutcome?
    /// The registration outcome.
    public var registration: Registration = .captured
    /// Later steps, in the order they run.
    public var timeline: [ScenarioStep] = []
    /// How callbacks for its transactions are delivered.
    var callbacks = CallbackBehaviour.faithful
    /// Faults injected on the sandbox's own API.
    public var apiFaults: [APIFault] = []
    /// The rule that selects it without being named, if any.
    public var match: ScenarioMatch?
    /// Replaces the sandbox's settlement delay for its transactions.
    public var settlementDelay: ISODuration?
    /// The document it was parsed from, for `GET /__sandbox/scenarios`.
    public var document: JSONValue

    /// The fallback when nothing else selects a scenario.
    public static let defaultName = "happy-path"
}

/// One timed step of a scenario's timeline.
public struct ScenarioStep: Sendable, Equatable {
    /// What the step does.
    public enum Action: Sendable, Equatable {
        /// An ON_HOLD transaction is registered (CAPTURED) or rejected (FAILED).
        case release(to: Scenario.Registration)
        /// The customer pays a fixed amount (minor units).
        case payAmount(Int)
        /// The customer pays a share of the purchase, in percent.
        case payPercent(Double)
        /// The transaction settles to the merchant whatever was paid.
        case settle
    }

    /// What `after` counts from.
    public enum Anchor: String, Sendable, Equatable, CaseIterable {
        /// The checkout's completion.
        case purchase
        /// The start (00:00 UTC) of the invoice's issue date.
        case invoiceDate = "invoice_date"
        /// The start (00:00 UTC) of the invoice's due date.
        case dueDate = "due_date"
    }

    /// The delay after the anchor.
    public var after: ISODuration
    /// What the delay counts from.
    public var from: Anchor = .purchase
    /// What happens.
    public var action: Action
}

/// A fault the sandbox injects into its own API while a scenario is in play.
public struct APIFault: Sendable, Equatable {
    /// Which requests' faults share one count.
    public enum Counter: String, Sendable, Equatable, CaseIterable {
        /// One count per merchant account.
        case account
        /// One count for the whole sandbox.
        case global
        /// One count per transaction.
        case transaction
    }

    /// The method it applies to; nil for any.
    public var method: String?
    /// The request path pattern, e.g. `/v1/transactions/*/refund`.
    package var path: Glob
    /// The status answered instead of handling the request; nil only delays it.
    public var status: Int?
    /// The Dintero error code in the body.
    public var code: String?
    /// The error message in the body.
    public var message: String?
    /// Slept on the request's thread before answering, in milliseconds.
    public var delayMilliseconds: Int64 = 0
    /// How many matching requests get the fault; nil for every one.
    public var times: Int? = 1
    /// Which requests share the count.
    public var counter: Counter = .account

    /// The longest delay a fault may add, so a scenario cannot hang a client for good.
    public static let maximumDelayMilliseconds: Int64 = 30_000

    /// Whether the fault applies to a request with this method and path.
    public func applies(method requestMethod: String, path requestPath: String) -> Bool {
        (method == nil || method!.uppercased() == requestMethod.uppercased()) && path.matches(requestPath)
    }
}

/// Conditions that select a scenario automatically; every condition given must hold.
public struct ScenarioMatch: Sendable, Equatable {
    /// A glob on the billing address' email, compared case-insensitively.
    package var email: Glob?
    /// A glob on the order's merchant_reference.
    package var merchantReference: Glob?
    /// The order amount's lowest allowed value.
    public var minimumAmount: Int?
    /// The order amount's highest allowed value.
    public var maximumAmount: Int?

    /// Whether a checkout with these details is selected.
    public func matches(email billingEmail: String?, merchantReference reference: String, amount: Int) -> Bool {
        if let email, !email.matches((billingEmail ?? "").lowercased()) { return false }
        if let merchantReference, !merchantReference.matches(reference) { return false }
        if let minimumAmount, amount < minimumAmount { return false }
        if let maximumAmount, amount > maximumAmount { return false }
        return true
    }
}
