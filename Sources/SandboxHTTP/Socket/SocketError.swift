@preconcurrency import Glibc

/// A failed socket operation, with the call that failed and the system's own explanation.
public struct SocketError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system call or step that failed, e.g. `bind`.
    public var operation: String
    /// The `errno` value, or 0 when the failure did not come from the system (e.g. a resolver failure).
    public var code: Int32
    /// A readable explanation, e.g. `Address already in use`.
    public var message: String

    /// Creates an error from its parts.
    public init(operation: String, code: Int32, message: String) {
        self.operation = operation
        self.code = code
        self.message = message
    }

    /// Creates an error for `operation` from an `errno` value captured right after the failing call.
    public init(operation: String, errno code: Int32) {
        self.init(operation: operation, code: code, message: String(cString: strerror(code)))
    }

    /// `operation failed: message (errno N)`.
    public var description: String {
        code == 0 ? "\(operation) failed: \(message)" : "\(operation) failed: \(message) (errno \(code))"
    }

    /// Whether the call would have blocked on a non-blocking socket.
    public var wouldBlock: Bool { code == EAGAIN || code == EWOULDBLOCK }
}
