import Foundation
import SandboxHTTP
import SandboxSupport

@testable import KraviaEngine

/// One value of each hot stored type with every member set — optionals present, lists and dictionaries not
/// empty — so each member goes through both codecs. `StoredCodecTests` checks with `Mirror` that none is left
/// unset: a member added later must be set here, and so written by the hand-written codec too.
enum StoredCodecSamples {
    static let at = Timestamp(milliseconds: 1_798_000_000_000)
    static let json: JSONValue = ["a": 1, "b": [true, nil, .double(2.5), "c"]]

    static var session: Session {
        Session(
            id: "T1.s", accountId: "T1", profileId: "default", createdAt: at, updatedAt: at, expiresAt: at,
            url: json, order: json, customer: json, configuration: json, kravia: kravia, metadata: ["m": 1],
            extra: ["e": "x"],
            events: [SessionEvent(id: "e", name: "INITIATED", createdAt: at, requestId: "r", details: json)],
            transactionId: "T1.t", baseURL: "http://127.0.0.1:8080", cancelledAt: at, cancelledBy: "merchant",
            checkoutDetails: ["email": "a@example.com"])
    }

    static var kravia: KraviaConfiguration {
        var configuration = KraviaConfiguration()
        configuration.types[.invoiceB2C] = .init(
            enabled: true, daysUntilDue: 10, requireIdentityVerification: false, interval: .monthly,
            invoiceChannel: "email")
        return configuration
    }

    static var event: TransactionEvent {
        TransactionEvent(
            id: "e", event: .refund, transactionStatus: .partiallyRefunded, success: false, amount: 100, createdAt: at,
            requestId: "r", metadata: ["m": 1], reason: "why", error: json, eventReference: "ref",
            settlements: [
                EventSettlement(
                    settlementId: "s", providerReference: "p", capture: 3, refund: 2, fee: 1, eventCorrelationId: "c")
            ])
    }

    static var transaction: Transaction {
        Transaction(
            id: "T1.t", accountId: "T1", sessionId: "T1.s", paymentProductType: .invoiceB2B, amount: 1000,
            currency: "NOK", merchantReference: "m1", merchantReference2: "m2", status: .captured, items: json,
            billingAddress: json, shippingAddress: json, customer: json, callbackURL: "http://cb",
            redirectURL: "http://r",
            events: [event], metadata: ["m": 1], createdAt: at, updatedAt: at, paymentOperation: "unscheduled_purchase",
            scenario: "paid", invoiceNumber: "100", verifiedIdentity: json, lifecycle: .authorized,
            invoiceChannel: "email")
    }

    static var invoice: Invoice {
        let day = CivilDate(year: 2027, month: 1, day: 31)
        return Invoice(
            number: "100", fileId: "f", accountId: "T1", invoiceId: "i", caseNumber: "c", creditorId: "cr",
            debtorId: "d", currency: "NOK", issueDate: day, dueDate: day, transactionIds: ["T1.t", "T1.u"],
            amount: 1000, payments: [InvoicePayment(amount: 10, paidAt: at)], refunded: 5, refundedToCustomer: 4,
            withdrawn: true, groupKey: "g", billingPeriod: day...day, isIssued: false, isSettlementScheduled: true)
    }

    static var delivery: CallbackDelivery {
        let headers: HTTPHeaders = ["content-type": "application/json", "x-a": "b"]
        // A request-id kept as its UUID (as the sandbox's own answers carry it) is stored as the field's text.
        var answered = headers
        answered.requestId = PackedUUID(randomHigh: 1, randomLow: 2)
        let attempt = CallbackAttempt(
            number: 1, sandboxTime: at, wallTime: at, url: "http://cb", method: "POST", requestHeaders: headers,
            requestBody: Data("{}".utf8), status: 500, responseHeaders: answered, responseBody: Data("no".utf8),
            durationMilliseconds: 1.5, error: "refused", nextAttemptAt: at)
        return CallbackDelivery(
            id: "d", sequence: 3, accountId: "T1", transactionId: "T1.t", sessionId: "T1.s", merchantReference: "m1",
            url: "http://cb", method: "POST", body: Data("{}".utf8), trigger: .event, event: .capture, eventId: "e",
            error: "e", webhook: WebhookTarget(subscriptionId: "w", event: .checkoutTransaction),
            signsWithWrongSecret: true, createdAt: at, state: .failed, attempts: [attempt], nextAttemptAt: at)
    }

    static var parts: BookParts {
        BookParts(
            account: nil, creditor: Creditor(id: "cr", invoicePrefix: "P", lastInvoiceSequence: 2),
            openGroupInvoices: ["g": "100"], faultCounts: ["f": 1], defaultScenario: "paid",
            settlementPool: ["T1.t"], nextSettlementRun: at, settlementSequence: 2)
    }

    static var delta: BookDelta {
        BookDelta(
            accountId: "T1", parts: parts, sessions: [StoredElement(id: "T1.s", element: session)],
            transactions: [StoredElement(id: "T1.t", element: transaction)],
            invoices: [StoredElement(id: "100", element: invoice)],
            invoiceFiles: [StoredElement(id: "f", element: "100")], debtorIds: [StoredElement(id: "k", element: "d")],
            deliveries: [StoredElement(id: "d", element: delivery), StoredElement(id: "gone", element: nil)],
            settlements: [StoredElement(id: "gone", element: nil)],
            subscriptions: [StoredElement(id: "w", element: nil)],
            reportConfigurations: [StoredElement(id: "c", element: nil)])
    }

    static var jobs: [TimelineJob] {
        [
            .callbackAttempt(accountId: "T1", deliveryId: "d"), .scenarioStep(transactionId: "T1.t", stepIndex: 2),
            .issueGroupedInvoice(accountId: "T1", invoiceNumber: "100"), .settle(transactionId: "T1.t"),
            .settlementRun(accountId: "T1"),
        ]
    }

    static var record: LogRecord {
        let changes = LedgerChanges(
            books: [.changed(delta), .closed("T2")],
            timeline: TimelineChanges(
                scheduled: jobs.enumerated().map { Timeline.Entry(due: at, sequence: $0.offset, job: $0.element) },
                removed: [7]),
            globals: LedgerGlobals(defaultScenario: "paid", globalFaultCounts: ["f": 2], nextDeliverySequence: 4))
        return LogRecord(
            sequence: 9, ledger: .changes(changes),
            tokens: [AccessToken(value: "token", accountId: "T1", expiresAt: at)],
            process: ProcessState(
                clock: ClockSetting(frozenAt: at, offsetMilliseconds: -5), ids: [1, 2], callbackIds: [3]))
    }
}
