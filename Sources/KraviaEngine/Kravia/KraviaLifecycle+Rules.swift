/// The two models' transitions, side by side: every rule that depends on a transaction's state asks here.
extension KraviaLifecycle {
    /// What a merchant, a customer, a scenario or the timeline may do to a transaction.
    enum Operation: String, Sendable, CaseIterable {
        /// `POST /v1/transactions/{id}/refund`.
        case refund
        /// `POST /v1/transactions/{id}/void`.
        case void
        /// `POST /v1/transactions/{id}/capture`: start collection of a merchant-delivered invoice.
        case capture
        /// A scenario's release from hold.
        case release
        /// Paying out to the merchant once its invoice is paid in full (or a scenario's `settle`).
        case settle
        /// A customer payment towards the invoice.
        case pay
    }

    /// The state a registered invoice leaves its transaction in.
    var registeredStatus: TransactionStatus {
        switch self {
        case .captured: .captured
        case .authorized: .authorized
        }
    }

    /// Whether `operation` may happen to a transaction in `status`.
    func allows(_ operation: Operation, in status: TransactionStatus) -> Bool {
        switch (self, operation) {
        case (_, .release): status == .onHold
        case (.captured, .refund), (.captured, .settle), (.captured, .pay):
            status == .captured || status == .partiallyRefunded
        case (.captured, .void), (.captured, .capture), (.authorized, .refund): false
        case (.authorized, .void): status == .authorized || status == .onHold
        case (.authorized, .capture): status == .authorized
        case (.authorized, .settle): status == .captured || status == .partiallyCaptured
        case (.authorized, .pay): status == .authorized || status == .partiallyCaptured
        }
    }

    /// The state after the customer has paid `paid` of `amount` in all; the seeds' model keeps the state (its
    /// payments show in the invoice's metadata only).
    func status(afterPaying paid: Int, of amount: Int, from status: TransactionStatus) -> TransactionStatus {
        switch self {
        case .captured: status
        case .authorized: paid >= amount ? .captured : .partiallyCaptured
        }
    }

    /// The state once paid out: SETTLED in the seeds' model; today's model shows the payout in
    /// `settlement_status` only.
    func status(afterSettling status: TransactionStatus) -> TransactionStatus {
        switch self {
        case .captured: .settled
        case .authorized: status
        }
    }
}

extension Transaction {
    /// Whether `operation` may happen to this transaction now.
    func allows(_ operation: KraviaLifecycle.Operation) -> Bool {
        lifecycle.allows(operation, in: status)
    }

    /// Paid out to the merchant (a SETTLEMENT event).
    var isSettled: Bool {
        events.contains { $0.event == .settlement && $0.success }
    }

    /// Today's model: collection has started (an INITIATE_CAPTURE event); always true in the seeds' model.
    var isCollecting: Bool {
        lifecycle == .captured || events.contains { $0.event == .initiateCapture && $0.success }
    }

    /// Today's model: what the customer's payments have captured so far.
    var capturedAmount: Int {
        guard lifecycle == .authorized else { return 0 }
        return events.filter { $0.event == .capture && $0.success }.reduce(0) { $0 + ($1.amount ?? 0) }
    }
}
