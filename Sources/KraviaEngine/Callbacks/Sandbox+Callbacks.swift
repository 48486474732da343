extension Sandbox {
    /// Queues the callbacks `trigger` calls for; called with the state locked so order follows the events.
    func triggerCallback(_ trigger: CallbackTrigger, at now: Timestamp, in state: inout SandboxState) {
        // Delivery lands with the callbacks issue.
    }
}

extension Sandbox {
    /// Makes one delivery attempt of a queued callback.
    func performCallbackAttempt(deliveryId: String, at due: Timestamp) {
        // Delivery lands with the callbacks issue.
    }
}
