import SandboxSupport

extension Sandbox {
    /// Goes on from a data folder once the sandbox is built: a new folder gets its first snapshot (the
    /// configured accounts); a restored one gets the configured accounts it lacks, and every callback that was
    /// pending without a scheduled attempt (in flight when the process died) is attempted again now.
    func resume(from folder: DataFolder) throws {
        ledger.log?.attach { [weak self] in self?.captureSnapshot() }
        guard !folder.stored.isEmpty else {
            try ledger.log?.takeSnapshot()
            return
        }
        let now = clock.now()
        ledger.transact { ledger in
            for settings in configuration.accounts where ledger.books[settings.accountId] == nil {
                ledger.openAccount(settings, at: now)
            }
            ledger.requeueInterruptedDeliveries(at: now)
            ledger.armFaultsInUse()
        }
    }

    /// Writes a snapshot now and drops the log before it (a reset, `data compact`); nothing in memory only.
    func takeSnapshotIfDurable() throws {
        try ledger.log?.takeSnapshot()
    }

    /// Everything at one record boundary: the ledger (copied under its lock), tokens, clock and ids.
    private func captureSnapshot() -> StateLog.Capture? {
        guard let log = ledger.log else { return nil }
        return ledger.withLockedLedger { ledger in
            log.snapshotBoundary { last, process in
                StateLog.Capture(ledger: ledger, tokens: tokens.all, process: process, lastSequence: last)
            }
        }
    }

    /// The `data` member of `/__sandbox/health`: null in memory; else the folder, its size, the last snapshot
    /// and how long the start-up replay took.
    var dataHealth: JSONValue {
        guard let folder = dataFolder, let log = ledger.log else { return .null }
        let snapshot = log.lastSnapshot.map { figures -> JSONValue in
            .object(dropping: [
                "taken_at": .string(figures.takenAt.iso8601), "last_record": JSONValue(Int(figures.lastSequence)),
                "bytes": JSONValue(figures.bytes),
                "milliseconds": figures.milliseconds > 0 ? .double(figures.milliseconds) : nil,
            ])
        }
        return [
            "folder": .string(folder.directory), "bytes": JSONValue(folder.bytesOnDisk),
            "format_version": JSONValue(Int(StorageFormat.version)),
            "last_record": JSONValue(Int(log.lastAppended)),
            "last_snapshot": snapshot ?? .null,
            "replay": [
                "records": JSONValue(folder.stored.recordsReplayed),
                "milliseconds": .double(folder.stored.replayMilliseconds),
            ],
        ]
    }
}

extension Ledger {
    /// Arms API fault lookups when a stored default or transaction uses a scenario with faults (arming is not
    /// state of the ledger, so a restart must find it again).
    mutating func armFaultsInUse() {
        armFaults(forScenario: defaultScenario)
        var names = Set<String>()
        for book in books.values {
            if let name = book.defaultScenario { names.insert(name) }
            names.formUnion(book.transactions.unordered.map(\.scenario))
        }
        for name in names { armFaults(forScenario: name) }
    }

    /// Schedules an attempt now for every pending callback with none scheduled: its attempt was under way (or
    /// taken off the timeline) when the process died, and Dintero delivers at least once.
    mutating func requeueInterruptedDeliveries(at now: Timestamp) {
        var scheduled = Set<String>()
        for entry in timeline.pending {
            if case .callbackAttempt(_, let deliveryId) = entry.job { scheduled.insert(deliveryId) }
        }
        var requeued = false
        for book in books.values {
            // Most folders have none: only then are the deliveries gone through in order.
            let interrupted = { (delivery: CallbackDelivery) in
                delivery.state == .pending && !scheduled.contains(delivery.id)
            }
            guard book.deliveries.unordered.contains(where: interrupted) else { continue }
            for delivery in book.deliveries.all where interrupted(delivery) {
                timeline.schedule(.callbackAttempt(accountId: delivery.accountId, deliveryId: delivery.id), at: now)
                requeued = true
            }
        }
        if requeued { require(.wakeTimeline) }
    }
}

extension Sandbox {
    /// Writes a snapshot now (the benchmark's measure of it); nothing in memory only.
    package func writeSnapshot() throws {
        try takeSnapshotIfDurable()
    }

    /// Bytes the data folder's files take, nil in memory only.
    package var dataBytesOnDisk: Int? { dataFolder?.bytesOnDisk }

    /// Log bytes written since the start, nil in memory only: what the log grows by, snapshots aside.
    package var dataBytesLogged: Int? { ledger.log?.bytesLogged }

    /// How many log records the start-up replayed and how long it took (snapshot read included).
    package var replayFigures: (records: Int, milliseconds: Double)? {
        dataFolder.map { ($0.stored.recordsReplayed, $0.stored.replayMilliseconds) }
    }
}
