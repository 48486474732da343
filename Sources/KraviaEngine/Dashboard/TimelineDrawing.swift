import Foundation
import SandboxSupport

/// Draws a `TransactionTimeline` as SVG: one row per lane, sandbox time running left to right.
///
/// The axis is compressed: the distance between two consecutive instants grows with the logarithm of the time
/// between them, so callback retries seconds apart and a due date weeks later both stay readable. Ticks give the
/// real times; each mark carries the number of its step in the list below the drawing.
struct TimelineDrawing {
    var timeline: TransactionTimeline
    var caption: String

    static let width = 960.0
    static let laneHeight = 52.0
    static let left = 104.0
    static let right = 24.0
    static let top = 26.0

    var lanes: [TransactionTimeline.Lane] {
        TransactionTimeline.Lane.allCases.filter { lane in
            timeline.marks.contains { $0.lane == lane } || timeline.spans.contains { $0.lane == lane }
        }
    }

    /// Each distinct instant's x, from the logarithmic gaps between them.
    private var axis: [(at: Timestamp, x: Double)] {
        let instants = Array(Set(timeline.marks.map(\.at) + timeline.spans.flatMap { [$0.from, $0.to] })).sorted()
        guard !instants.isEmpty else { return [] }
        var weights: [Double] = [0]
        for (earlier, later) in zip(instants, instants.dropFirst()) {
            let seconds = Double(later.milliseconds - earlier.milliseconds) / 1000
            weights.append(weights.last! + 1 + log10(1 + seconds))
        }
        let span = max(weights.last!, 1)
        let usable = Self.width - Self.left - Self.right
        let single = instants.count == 1
        return zip(instants, weights).map { ($0, single ? Self.left + usable / 2 : Self.left + $1 / span * usable) }
    }

    func svg() -> String {
        let axis = axis
        let positions = Dictionary(axis.map { ($0.at, $0.x) }, uniquingKeysWith: { first, _ in first })
        let lanes = lanes
        let rows = Dictionary(uniqueKeysWithValues: lanes.enumerated().map { ($1, $0) })
        let height = Self.top + Double(lanes.count) * Self.laneHeight + 34
        func y(_ lane: TransactionTimeline.Lane) -> Double {
            Self.top + (Double(rows[lane] ?? 0) + 0.5) * Self.laneHeight
        }
        var svg = """
            <svg class="timeline" data-testid="timeline-drawing" viewBox="0 0 \(Int(Self.width)) \(Int(height))" \
            role="img" aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg">\
            <title id="timeline-title">\(HTML.escape(caption))</title>\
            <desc id="timeline-desc">\(timeline.marks.count) steps on the sandbox-time axis; each is listed below.</desc>
            """
        for lane in lanes {
            let row = y(lane)
            svg +=
                "<line class=\"lane\" x1=\"\(Self.left)\" y1=\"\(row)\" x2=\"\(Self.width - Self.right)\" y2=\"\(row)\"/>"
            svg += "<text class=\"lane-name\" x=\"8\" y=\"\(row + 4)\">\(HTML.escape(lane.rawValue))</text>"
        }
        for span in timeline.spans {
            guard let from = positions[span.from], let to = positions[span.to] else { continue }
            svg += """
                <rect class="span \(span.tone.rawValue)" x="\(from)" y="\(y(span.lane) - 4)" width="\(max(to - from, 2))" \
                height="8" rx="3"><title>\(HTML.escape(span.label))</title></rect>
                """
        }
        var lastNumberX: [Double: Double] = [:]
        // How many marks so far at each instant and lane: marks there fan out upwards so each stays visible
        // (counted as they come; counting the earlier marks again for each was quadratic in a long history).
        var stackedAt: [Timestamp: [TransactionTimeline.Lane: Int]] = [:]
        for (index, mark) in timeline.marks.enumerated() {
            guard let x = positions[mark.at] else { continue }
            let stacked = stackedAt[mark.at, default: [:]][mark.lane, default: 0]
            stackedAt[mark.at, default: [:]][mark.lane] = stacked + 1
            let row = y(mark.lane) - Double(min(stacked, 2)) * 14
            let shape =
                mark.kind == .nextAttempt
                ? "<circle class=\"mark pending\" cx=\"\(x)\" cy=\"\(row)\" r=\"6\"/>"
                : "<circle class=\"mark \(mark.tone.rawValue)\" cx=\"\(x)\" cy=\"\(row)\" r=\"6\"/>"
            // A number too close to the previous one on its row is left to the tooltip and the list.
            let numbered = lastNumberX[row].map { x - $0 >= 16 } ?? true
            if numbered { lastNumberX[row] = x }
            let number = numbered ? "<text class=\"mark-number\" x=\"\(x)\" y=\"\(row - 10)\">\(index + 1)</text>" : ""
            svg += """
                <g data-kind="\(mark.kind.rawValue)">\(shape)\(number)\
                <title>\(index + 1). \(HTML.escape(mark.label)) — \(HTML.escape(mark.at.iso8601))</title></g>
                """
        }
        svg += ticks(axis, baseline: height - 12)
        return svg + "</svg>"
    }

    /// Time labels at least `tickSpacing` apart, the first and the last always; the date only where it changes.
    private func ticks(_ axis: [(at: Timestamp, x: Double)], baseline: Double) -> String {
        guard let last = axis.last else { return "" }
        var chosen: [(at: Timestamp, x: Double)] = []
        for point in axis where chosen.last.map({ point.x - $0.x >= Self.tickSpacing }) ?? true {
            chosen.append(point)
        }
        if let final = chosen.last, final.at != last.at {
            if chosen.count > 1, last.x - final.x < Self.tickSpacing { chosen.removeLast() }
            chosen.append(last)
        }
        var html = ""
        var lastDay: CivilDate?
        for (index, point) in chosen.enumerated() {
            let day = point.at.civilDate
            let time = String(point.at.iso8601.dropFirst(11).prefix(8))
            let label = day == lastDay ? time : "\(day) \(time)"
            lastDay = day
            let anchor = index == 0 ? "start" : index == chosen.count - 1 ? "end" : "middle"
            html +=
                "<line class=\"tick\" x1=\"\(point.x)\" y1=\"\(Self.top - 6)\" x2=\"\(point.x)\" y2=\"\(baseline - 12)\"/>"
            html +=
                "<text class=\"tick-label\" x=\"\(point.x)\" y=\"\(baseline)\" text-anchor=\"\(anchor)\">\(label)</text>"
        }
        return html
    }

    /// The least distance between two time labels, wide enough for a date and a time.
    static let tickSpacing = 150.0
}
