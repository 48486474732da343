/// The session, transaction, merchant reference and account an exchange concerns, as far as they are known.
///
/// A class holding them all: a record's copies (the journal's, its waiters', the log writer's) and every poll read
/// like the one they were inferred from (`SkimMemo`) share one, so handing them on is one reference.
final class ExchangeIdentifiers: Sendable {
    let accountId: String?
    let sessionId: String?
    let transactionId: String?
    let merchantReference: String?

    /// Whether every id is known: inference has nothing left to look for.
    var isComplete: Bool {
        accountId != nil && sessionId != nil && transactionId != nil && merchantReference != nil
    }

    private init(accountId: String?, sessionId: String?, transactionId: String?, merchantReference: String?) {
        self.accountId = accountId
        self.sessionId = sessionId
        self.transactionId = transactionId
        self.merchantReference = merchantReference
    }

    /// These ids as one shared value; nil when none is known (an inbound request's record names none when made).
    static func of(
        accountId: String?, sessionId: String?, transactionId: String?, merchantReference: String?
    ) -> ExchangeIdentifiers? {
        accountId == nil && sessionId == nil && transactionId == nil && merchantReference == nil
            ? nil
            : ExchangeIdentifiers(
                accountId: accountId, sessionId: sessionId, transactionId: transactionId,
                merchantReference: merchantReference)
    }

    /// The ids while inference fills them in, each once: a value found first is kept.
    struct Draft {
        var accountId: String?
        var sessionId: String?
        var transactionId: String?
        var merchantReference: String?

        /// A draft holding `identifiers`' ids (none for nil).
        init(_ identifiers: ExchangeIdentifiers?) {
            accountId = identifiers?.accountId
            sessionId = identifiers?.sessionId
            transactionId = identifiers?.transactionId
            merchantReference = identifiers?.merchantReference
        }

        /// The ids as one shared value; nil when none is known.
        var identifiers: ExchangeIdentifiers? {
            ExchangeIdentifiers.of(
                accountId: accountId, sessionId: sessionId, transactionId: transactionId,
                merchantReference: merchantReference)
        }

        /// Whether a session, transaction or reference is still unknown.
        var needsMore: Bool {
            sessionId == nil || transactionId == nil || merchantReference == nil
        }
    }
}
