import KraviaEngine
import SandboxSupport

/// Why a `SandboxServer` call failed.
public enum SandboxServerError: Error, Sendable, CustomStringConvertible {
    /// The server could not be started (no port could be bound).
    case startFailed(String)
    /// The request did not get a response (the server stopped, a timeout).
    case transport(String)
    /// The sandbox answered with an unexpected status; `body` is its (Dintero-shaped) answer.
    case unexpectedStatus(method: String, path: String, status: Int, body: JSONValue)
    /// A journal await saw fewer matching entries than it wanted in time.
    case awaitTimedOut(AwaitTimeout)

    /// A sentence for a test failure.
    public var description: String {
        switch self {
        case .startFailed(let reason): "the sandbox could not start: \(reason)"
        case .transport(let reason): "no answer from the sandbox: \(reason)"
        case .unexpectedStatus(let method, let path, let status, let body):
            "\(method) \(path) answered \(status): \(body["error"]?["message"]?.stringValue ?? JSONSerializer.string(body))"
        case .awaitTimedOut(let timeout): timeout.description
        }
    }
}

/// What a timed-out journal await saw: the entries that matched and the closest ones that did not, with why.
public struct AwaitTimeout: Sendable, CustomStringConvertible {
    /// An entry that did not match, and each criterion it failed (e.g. `status 500 ≠ 200`).
    public struct NearMiss: Sendable {
        /// The entry.
        public var entry: JournalRecord
        /// One phrase per failed criterion.
        public var mismatches: [String]
    }

    /// The sandbox's message, e.g. `0 of 1 matching entries after 5000 ms`.
    public var message: String
    /// The entries that did match (fewer than wanted).
    public var matched: [JournalRecord]
    /// The closest other entries, closest first.
    public var nearMisses: [NearMiss]

    /// The message followed by one line per near miss.
    public var description: String {
        let lines = nearMisses.map { miss in
            "  #\(miss.entry.seq) \(miss.entry.direction.rawValue) \(miss.entry.method) \(miss.entry.path): "
                + miss.mismatches.joined(separator: "; ")
        }
        return (["journal await timed out: \(message)"] + (lines.isEmpty ? [] : ["closest entries:"] + lines))
            .joined(separator: "\n")
    }

    init(_ body: JSONValue) {
        message = body["error"]?["message"]?.stringValue ?? "timed out"
        matched = (body["entries"]?.arrayValue ?? []).map(JournalRecord.init)
        nearMisses = (body["near_misses"]?.arrayValue ?? []).map { miss in
            NearMiss(
                entry: JournalRecord(miss["entry"] ?? .null),
                mismatches: (miss["mismatches"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
    }
}
