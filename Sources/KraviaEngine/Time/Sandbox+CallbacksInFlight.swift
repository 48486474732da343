extension Sandbox {
    /// Waits until callback deliveries started by a job have finished, at most `timeout`.
    ///
    /// Stand-in until the callbacks branch lands with the real one (which replaces this file): deliveries are
    /// timeline jobs run synchronously by `advanceClock(to:)`, so there is nothing to wait for yet.
    func waitForCallbacksInFlight(timeout: Duration) {}
}
