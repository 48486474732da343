/// Which journaled entries the writer has written, as the highest sequence number up to which all are.
///
/// Entries are numbered under the journal's lock but queued after it, so two requests recording at once can reach
/// the writer in the other order, even a batch apart: "written through 8" must wait for 7 as well.
struct WrittenSequence {
    /// Every entry up to this one is written.
    private(set) var through = 0
    /// Entries written beyond `through`, waiting for those before them.
    private var ahead: Set<Int> = []

    /// Notes `seq` as written.
    mutating func insert(_ seq: Int) {
        guard seq == through + 1 else {
            if seq > through { ahead.insert(seq) }
            return
        }
        through = seq
        // Looked for only when some are ahead: in order, as they mostly come, the set was searched for each entry.
        while !ahead.isEmpty, ahead.remove(through + 1) != nil { through += 1 }
    }
}
