import SandboxSupport

extension Ledger {
    /// A paid-out transaction waits for its account's next settlement run, scheduled at the account's run hour.
    mutating func queueForSettlement(_ transaction: Transaction, at now: Timestamp) {
        let accountId = transaction.accountId
        guard books[accountId]?.settlementPool.contains(transaction.id) == false,
            var book = books.take(accountId)  // changed in place, not copied
        else { return }
        book.settlementPool.append(transaction.id)
        if book.nextSettlementRun == nil {
            let hour = Int64(book.account.settings.settlement.runHour)
            var run = now.civilDate.startOfDay.adding(milliseconds: hour * 3_600_000)
            if run < now { run = run.adding(milliseconds: 86_400_000) }
            book.nextSettlementRun = run
            timeline.schedule(.settlementRun(accountId: accountId), at: run)
            require(.wakeTimeline)
        }
        books[accountId] = book
    }

    /// The account's settlement run: what waited since the last one is settled, one settlement per currency.
    mutating func runSettlement(accountId: String, at now: Timestamp) {
        guard let pool = books[accountId]?.settlementPool else { return }
        books[accountId]?.settlementPool = []
        books[accountId]?.nextSettlementRun = nil
        _ = makeSettlements(of: pool, accountId: accountId, at: now)
    }

    /// Settles what the transactions `ids` captured and refunded that no settlement paid out yet, one settlement
    /// per currency; records each on the operations it pays, and announces it (`settlement_add`).
    /// - Returns: the new settlements (none when there was nothing new).
    mutating func makeSettlements(of ids: [String], accountId: String, at now: Timestamp) -> [Settlement] {
        guard let book = books[accountId] else { return [] }
        let fees = book.account.settings.settlement
        var rowsByCurrency: [String: [SettlementRow]] = [:]
        var currencies: [String] = []
        for id in ids {
            guard let transaction = book.transactions[id] else { continue }
            let unsettled = transaction.events.filter {
                $0.success && ($0.event == .capture || $0.event == .refund) && $0.settlements.isEmpty
            }
            guard !unsettled.isEmpty else { continue }
            let capture = unsettled.filter { $0.event == .capture }.reduce(0) { $0 + ($1.amount ?? 0) }
            let refund = unsettled.filter { $0.event == .refund }.reduce(0) { $0 + ($1.amount ?? 0) }
            let row = SettlementRow(
                transactionId: id, merchantReference: transaction.merchantReference, sessionId: transaction.sessionId,
                paymentProductType: transaction.paymentProductType.rawValue, invoiceNumber: transaction.invoiceNumber,
                capture: capture, refund: refund, fee: fees.fee(capture: capture), currency: transaction.currency,
                settledAt: now, eventIds: unsettled.map(\.id))
            if rowsByCurrency[transaction.currency] == nil { currencies.append(transaction.currency) }
            rowsByCurrency[transaction.currency, default: []].append(row)
        }
        var made: [Settlement] = []
        for currency in currencies {
            guard let rows = rowsByCurrency[currency] else { continue }
            made.append(record(rows, accountId: accountId, currency: currency, at: now))
        }
        return made
    }

    private mutating func record(_ rows: [SettlementRow], accountId: String, currency: String, at now: Timestamp)
        -> Settlement
    {
        books[accountId]?.settlementSequence += 1
        let sequence = books[accountId]?.settlementSequence ?? 1
        let date = now.civilDate.description.replacingEvery("-", with: "")
        let id = ids.uuid()
        let times = rows.flatMap { row in
            (books[accountId]?.transactions[row.transactionId]?.events ?? []).filter { row.eventIds.contains($0.id) }
                .map(\.createdAt)
        }
        let settlement = Settlement(
            id: id, accountId: accountId, currency: currency,
            providerReference: "KRAVIA-\(date)-" + CivilDate.padded(sequence, 4), settledAt: now,
            startAt: times.min() ?? now, endAt: times.max() ?? now, rows: rows,
            attachments: SettlementAttachment.Format.allCases.map {
                SettlementAttachment(
                    id: ids.uuid(), format: $0, key: "settlements/\(accountId)/\(id)/report.\($0.rawValue)")
            })
        books[accountId]?.settlements[id] = settlement
        for row in rows {
            guard var transaction = books[accountId]?.transactions[row.transactionId] else { continue }
            // The row's fee is carried by its first capture.
            let feeCarrier = transaction.events.first { row.eventIds.contains($0.id) && $0.event == .capture }?.id
            for index in transaction.events.indices where row.eventIds.contains(transaction.events[index].id) {
                let event = transaction.events[index]
                let capture = event.event == .capture ? event.amount ?? 0 : 0
                let refund = event.event == .refund ? event.amount ?? 0 : 0
                let fee = event.id == feeCarrier ? row.fee : 0
                transaction.events[index].settlements.append(
                    EventSettlement(
                        settlementId: id, providerReference: settlement.providerReference, capture: capture,
                        refund: refund, fee: fee, eventCorrelationId: event.id))
            }
            transaction.updatedAt = now
            books[accountId]?.transactions[row.transactionId] = transaction
        }
        triggerWebhooks(.settlementAdded(settlementId: id), accountId: accountId, at: now)
        return settlement
    }
}

extension Transaction {
    /// Dintero's `settlement_status`: NOT_SETTLED; PENDING_SETTLEMENT once paid out (a SETTLEMENT event) and
    /// waiting for the account's settlement run; PARTIALLY_SETTLED when some of its captures and refunds are in
    /// a settlement and some are not (yet); SETTLED when all are.
    var settlementStatus: String {
        let operations = events.filter { $0.success && ($0.event == .capture || $0.event == .refund) }
        let settled = operations.filter { !$0.settlements.isEmpty }
        if !settled.isEmpty { return settled.count == operations.count ? "SETTLED" : "PARTIALLY_SETTLED" }
        return isSettled ? "PENDING_SETTLEMENT" : "NOT_SETTLED"
    }
}
