import Foundation
import SandboxHTTP
import SandboxSupport

/// A transaction's life on the sandbox-time axis, read from its events, its invoice, its settlements and every
/// attempt of its callbacks and webhooks: what the transaction page draws and lists.
package struct TransactionTimeline: Sendable {
    /// The rows of the drawing.
    package enum Lane: String, Sendable, CaseIterable {
        case transaction = "Transaction"
        case invoice = "Invoice"
        case callbacks = "Callbacks"
        case webhooks = "Webhooks"
    }

    /// What a mark stands for (its `data-kind` on the page).
    package enum Kind: String, Sendable {
        case registration, hold, release, event, refund, settlement, payout
        case invoiceIssued = "invoice-issued", invoiceDue = "invoice-due", payment
        case callbackAttempt = "callback-attempt", webhookAttempt = "webhook-attempt", nextAttempt = "next-attempt"
    }

    /// How a mark is coloured: fine, waiting, or wrong.
    package enum Tone: String, Sendable {
        case good, wait, bad, plain
    }

    /// A request and its response, shown one click away from the step that made them.
    package struct Exchange: Sendable {
        package var method: String
        package var url: String
        package var requestHeaders: HTTPHeaders
        package var requestBody: Data
        package var status: Int?
        package var responseHeaders: HTTPHeaders
        package var responseBody: Data
    }

    /// One step at one instant.
    package struct Mark: Sendable {
        package var at: Timestamp
        package var lane: Lane
        package var kind: Kind
        package var label: String
        package var detail: String
        package var tone: Tone
        package var exchange: Exchange?
        /// Anything else worth showing in full (an event, a delivery's state).
        package var record: JSONValue?
    }

    /// A stretch of time: on hold, the invoice running to its due date, a callback's retry wait.
    package struct Span: Sendable {
        package var from: Timestamp
        package var to: Timestamp
        package var lane: Lane
        package var label: String
        package var tone: Tone
    }

    package var marks: [Mark] = []
    package var spans: [Span] = []

    /// The marks of a kind.
    package func marks(_ kind: Kind) -> [Mark] {
        marks.filter { $0.kind == kind }
    }

    init(
        transaction: Transaction, invoice: Invoice?, deliveries: [CallbackDelivery], settlements: [Settlement],
        inbound: [JournalEntry], now: Timestamp
    ) {
        let byRequestId = Dictionary(
            inbound.compactMap { entry in entry.record.responseHeaders["request-id"].map { ($0, entry) } },
            uniquingKeysWith: { first, _ in first })
        func exchange(forRequest id: String) -> Exchange? {
            guard let entry = byRequestId[id] else { return nil }
            let record = entry.record
            return Exchange(
                method: record.method, url: record.url, requestHeaders: record.requestHeaders,
                requestBody: record.requestBody, status: record.status, responseHeaders: record.responseHeaders,
                responseBody: record.responseBody)
        }
        marks.append(
            Mark(
                at: transaction.createdAt, lane: .transaction, kind: .registration,
                label: "Checkout completed",
                detail: "Scenario \(transaction.scenario); \(transaction.paymentProductType.rawValue)",
                tone: .plain, exchange: nil, record: nil))
        addEvents(of: transaction, now: now, exchange: exchange)
        if let invoice { addInvoice(invoice, registeredAt: transaction.createdAt, now: now) }
        for settlement in settlements {
            for row in settlement.rows where row.transactionId == transaction.id {
                marks.append(
                    Mark(
                        at: settlement.settledAt, lane: .transaction, kind: .payout,
                        label: "Paid out in \(settlement.providerReference)",
                        detail: HTML.money(row.amount, row.currency) + " (fee " + HTML.money(row.fee, row.currency)
                            + ")",
                        tone: .good, exchange: nil, record: nil))
            }
        }
        for delivery in deliveries.sorted(by: { $0.sequence < $1.sequence }) { addDelivery(delivery) }
        marks.sort { $0.at < $1.at }
    }

    private mutating func addEvents(of transaction: Transaction, now: Timestamp, exchange: (String) -> Exchange?) {
        var heldSince: Timestamp?
        for event in transaction.events {
            let amount = event.amount.map { " " + HTML.money($0, transaction.currency) } ?? ""
            var kind = Kind.event
            var tone = Tone.plain
            var label = "\(event.event.rawValue) → \(event.transactionStatus.rawValue)\(amount)"
            if !event.success {
                tone = .bad
                label = "\(event.event.rawValue) failed → \(event.transactionStatus.rawValue)"
            } else if event.transactionStatus == .onHold {
                kind = .hold
                tone = .wait
                label = "Registration held: ON_HOLD"
                heldSince = event.createdAt
            } else if let since = heldSince {
                kind = .release
                label = "Released → \(event.transactionStatus.rawValue)"
                spans.append(Span(from: since, to: event.createdAt, lane: .transaction, label: "On hold", tone: .wait))
                heldSince = nil
            } else if event.event == .refund {
                kind = .refund
            } else if event.event == .settlement {
                kind = .settlement
                tone = .good
            }
            if event.transactionStatus == .failed { tone = .bad }
            let reason = [event.reason, event.error.map { JSONSerializer.string($0) }].compactMap { $0 }
            marks.append(
                Mark(
                    at: event.createdAt, lane: .transaction, kind: kind, label: label,
                    detail: reason.joined(separator: "; "), tone: tone, exchange: exchange(event.requestId),
                    record: Self.eventJSON(event)))
        }
        if let since = heldSince {
            spans.append(Span(from: since, to: now, lane: .transaction, label: "On hold (still)", tone: .wait))
        }
    }

    /// The invoice's issue date and due date are days: the issue is drawn at the start of its day, or at the
    /// checkout when that came later the same day.
    private mutating func addInvoice(_ invoice: Invoice, registeredAt: Timestamp, now: Timestamp) {
        let status = invoice.status(now: now)
        let record = invoice.controlJSON(now: now)
        if invoice.isIssued {
            let issued = max(
                invoice.issueDate.startOfDay, min(registeredAt, invoice.issueDate.adding(days: 1).startOfDay))
            let due = invoice.dueDate.startOfDay
            marks.append(
                Mark(
                    at: issued, lane: .invoice, kind: .invoiceIssued,
                    label: "Invoice \(invoice.number) issued \(invoice.issueDate)",
                    detail: HTML.money(invoice.amount, invoice.currency), tone: .plain, exchange: nil, record: record))
            marks.append(
                Mark(
                    at: due, lane: .invoice, kind: .invoiceDue, label: "Due date \(invoice.dueDate)",
                    detail: "Now \(status); \(HTML.money(invoice.due, invoice.currency)) due",
                    tone: status == "overdue" ? .bad : status == "paid" ? .good : .wait, exchange: nil, record: nil))
            spans.append(Span(from: issued, to: due, lane: .invoice, label: "Invoice running", tone: .plain))
        }
        for payment in invoice.payments {
            marks.append(
                Mark(
                    at: payment.paidAt, lane: .invoice, kind: .payment,
                    label: "Customer paid \(HTML.money(payment.amount, invoice.currency))", detail: "",
                    tone: .good, exchange: nil, record: nil))
        }
    }

    private mutating func addDelivery(_ delivery: CallbackDelivery) {
        let lane: Lane = delivery.webhook == nil ? .callbacks : .webhooks
        let what =
            delivery.webhook.map { "Webhook \($0.event.rawValue)" }
            ?? "Callback \(delivery.event?.rawValue ?? delivery.trigger.rawValue)"
        for attempt in delivery.attempts {
            let outcome = attempt.status.map { "HTTP \($0)" } ?? "no response"
            let duration = String(Int(attempt.durationMilliseconds.rounded())) + " ms"
            var detail = "\(outcome) in \(duration)"
            if let error = attempt.error, error != outcome { detail += "; \(error)" }
            if let next = attempt.nextAttemptAt {
                let wait = (next.milliseconds - attempt.sandboxTime.milliseconds) / 1000
                detail += "; retry in \(wait) s"
                spans.append(
                    Span(from: attempt.sandboxTime, to: next, lane: lane, label: "Retry wait \(wait) s", tone: .wait))
            }
            let delivered = attempt.status.map { (200...299).contains($0) } ?? false
            marks.append(
                Mark(
                    at: attempt.sandboxTime, lane: lane,
                    kind: lane == .callbacks ? .callbackAttempt : .webhookAttempt,
                    label: "\(what), attempt \(attempt.number)", detail: detail, tone: delivered ? .good : .bad,
                    exchange: Exchange(
                        method: attempt.method, url: attempt.url, requestHeaders: attempt.requestHeaders,
                        requestBody: attempt.requestBody, status: attempt.status,
                        responseHeaders: attempt.responseHeaders, responseBody: attempt.responseBody),
                    record: nil))
        }
        if delivery.state == .pending, let next = delivery.nextAttemptAt {
            marks.append(
                Mark(
                    at: next, lane: lane, kind: .nextAttempt,
                    label: "\(what), attempt \(delivery.attempts.count + 1) due",
                    detail: "Delivery \(delivery.id) is pending", tone: .wait, exchange: nil, record: nil))
        }
    }

    private static func eventJSON(_ event: TransactionEvent) -> JSONValue {
        .object(dropping: [
            "id": .string(event.id), "event": .string(event.event.rawValue),
            "transaction_status": .string(event.transactionStatus.rawValue), "success": .bool(event.success),
            "amount": event.amount.map(JSONValue.init), "created_at": .string(event.createdAt.iso8601),
            "request_id": .string(event.requestId), "metadata": .object(event.metadata),
            "reason": event.reason.map(JSONValue.string), "error": event.error,
        ])
    }
}

extension Sandbox {
    /// The timeline of transaction `id` as its dashboard page shows it, or nil for an unknown transaction.
    package func dashboardTimeline(of id: String) -> TransactionTimeline? {
        var filter = JournalFilter()
        filter.transactionId = id
        filter.direction = .inbound
        let inbound = journal.entries(matching: filter)
        let now = clock.now()
        return ledger.read { ledger in
            guard let transaction = ledger[transaction: id], let book = ledger.books[transaction.accountId] else {
                return nil
            }
            return TransactionTimeline(
                transaction: transaction, invoice: transaction.invoiceNumber.flatMap { book.invoices[$0] },
                deliveries: book.deliveries.all.filter { $0.transactionId == id }, settlements: book.settlements.all,
                inbound: inbound, now: now)
        }
    }
}
