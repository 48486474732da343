extension Sandbox {
    /// Queues the callbacks `trigger` calls for; called with the state locked so order follows the events.
    func triggerCallback(_ trigger: CallbackTrigger, at now: Timestamp, in state: inout SandboxState) {
        // Delivery lands with the callbacks issue.
    }
}
