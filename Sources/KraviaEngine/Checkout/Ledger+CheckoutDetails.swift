extension Ledger {
    /// Keeps what the customer entered in the hosted page, so the page shows it again on the next visit.
    mutating func rememberCheckoutDetails(_ id: String, _ values: [String: String]) {
        guard var session = self[session: id], !session.isPaid else { return }
        session.checkoutDetails = values
        self[session: id] = session
    }
}
