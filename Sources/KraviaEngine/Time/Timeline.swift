/// Work that falls due at an instant of sandbox time.
enum TimelineJob: Sendable, Equatable {
    /// One attempt to deliver a callback.
    case callbackAttempt(deliveryId: String)
    /// The step at `stepIndex` of the transaction's scenario timeline.
    case scenarioStep(transactionId: String, stepIndex: Int)
    /// A grouped invoice's period has ended: issue it.
    case issueGroupedInvoice(invoiceNumber: String)
    /// A fully paid invoice's transaction settles to the merchant.
    case settle(transactionId: String)
}

/// Jobs ordered by due time, then by the order they were scheduled in, so equal times run first-come first-served.
struct Timeline: Sendable {
    struct Entry: Sendable {
        var due: Timestamp
        var sequence: Int
        var job: TimelineJob
    }

    private var entries: [Entry] = []
    private var nextSequence = 0

    var count: Int { entries.count }

    /// The earliest due time, if anything is scheduled.
    var nextDue: Timestamp? { entries.first?.due }

    mutating func schedule(_ job: TimelineJob, at due: Timestamp) {
        let entry = Entry(due: due, sequence: nextSequence, job: job)
        nextSequence += 1
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].due <= due { low = middle + 1 } else { high = middle }
        }
        entries.insert(entry, at: low)
    }

    /// Removes and returns the earliest entry due at or before `instant`.
    mutating func popDue(notAfter instant: Timestamp) -> Entry? {
        guard let first = entries.first, first.due <= instant else { return nil }
        return entries.removeFirst()
    }

    /// The scheduled entries, earliest first.
    var pending: [Entry] { entries }

    mutating func removeAll(where shouldRemove: (TimelineJob) -> Bool) {
        entries.removeAll { shouldRemove($0.job) }
    }
}
