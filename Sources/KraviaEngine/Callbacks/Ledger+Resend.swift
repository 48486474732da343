import SandboxSupport

extension Ledger {
    /// Puts a failed callback or webhook delivery back in its queue with one more attempt due at `now`
    /// (`POST /__sandbox/callbacks/{id}/resend`); its earlier attempts stay, and numbering goes on from them.
    /// - Throws: 404 for an unknown delivery, 409 unless it failed.
    mutating func resendDelivery(_ deliveryId: String, at now: Timestamp) throws(APIError) -> CallbackDelivery {
        guard let accountId = books.first(where: { $0.value.deliveries[deliveryId] != nil })?.key,
            var delivery = books[accountId]?.deliveries[deliveryId]
        else { throw .notFound("Callback delivery \(deliveryId) not found") }
        guard delivery.state == .failed else {
            throw .conflict(
                "Callback delivery \(deliveryId) is \(delivery.state.rawValue); only a failed one can be re-sent",
                code: "DELIVERY_NOT_FAILED")
        }
        delivery.state = .pending
        delivery.nextAttemptAt = now
        books[accountId]?.deliveries[deliveryId] = delivery
        timeline.schedule(.callbackAttempt(accountId: accountId, deliveryId: deliveryId), at: now)
        require(.wakeTimeline)
        return delivery
    }
}
