extension Sandbox {
    /// Starts the background work of a served sandbox: the timeline runner that fires scenario steps, callback
    /// attempts, invoice issuing and settlements when they fall due on a running clock (and callbacks due now
    /// on a frozen one). Calling it twice is harmless; the runner also starts by itself when a callback is queued.
    ///
    /// In-process tests may skip it: clock calls (`POST /__sandbox/clock`) run due jobs themselves.
    public func start() {
        wakeTimelineRunner()
    }

    /// Stops the background runner for good (clock calls still run due jobs). Idempotent; also done when the
    /// sandbox is released.
    public func shutdown() {
        timelineRunner.stop()
    }
}
