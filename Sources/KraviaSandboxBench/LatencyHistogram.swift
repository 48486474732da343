/// Request latencies in log-linear microsecond buckets (about 1.5 % resolution), cheap to record from one
/// thread and to merge across threads afterwards.
struct LatencyHistogram: Sendable {
    /// 64 sub-buckets per power of two.
    private static let subBits = 6
    private var counts = [Int](repeating: 0, count: 64 * 40)
    private(set) var total = 0

    mutating func record(microseconds: Int) {
        counts[Self.bucket(for: max(0, microseconds))] += 1
        total += 1
    }

    mutating func merge(_ other: LatencyHistogram) {
        for index in counts.indices { counts[index] += other.counts[index] }
        total += other.total
    }

    /// The latency at `quantile` (0...1), in microseconds (the upper edge of its bucket).
    func percentile(_ quantile: Double) -> Int {
        guard total > 0 else { return 0 }
        let rank = max(1, Int((Double(total) * quantile).rounded(.up)))
        var seen = 0
        for (index, count) in counts.enumerated() {
            seen += count
            if seen >= rank { return Self.upperEdge(of: index) }
        }
        return Self.upperEdge(of: counts.count - 1)
    }

    private static func bucket(for value: Int) -> Int {
        let subCount = 1 << subBits
        if value < subCount { return value }
        let magnitude = Int.bitWidth - value.leadingZeroBitCount - 1  // floor(log2)
        let shift = magnitude - subBits
        let index = (shift + 1) * subCount + (value >> shift) - subCount
        return min(index, 64 * 40 - 1)
    }

    private static func upperEdge(of index: Int) -> Int {
        let subCount = 1 << subBits
        if index < subCount { return index }
        let shift = index / subCount - 1
        let sub = index % subCount + subCount
        return ((sub + 1) << shift) - 1
    }
}
