@preconcurrency import Glibc
import Foundation
import SandboxHTTP

/// A deliberately dumb client for driving the server byte by byte: it sends exactly what a test says
/// and reads answers with bounded waits, so a broken server fails a test instead of hanging it. Shared by the
/// transport's tests and the engine's socket tests.
package final class RawClient {
    package struct Response {
        package var status: Int
        package var headers: HTTPHeaders
        package var body: [UInt8]
        package var text: String { String(decoding: body, as: UTF8.self) }
    }

    package struct Failure: Error, CustomStringConvertible {
        package var description: String
    }

    package let socket: Socket
    private var buffer: [UInt8] = []
    /// Every wait is bounded by this, in milliseconds.
    package let timeout: Int64

    package init(port: Int, host: String = "127.0.0.1", timeout: Int64 = 5000) throws {
        let address = try SocketAddress.resolve(host: host, port: port)[0]
        let socket = try Socket.tcp(family: address.family)
        do {
            try socket.connect(to: address, timeout: timeout)
        } catch {
            socket.close()
            throw error
        }
        // Stored only once connected: an init that throws after every property is set runs `deinit`, which
        // would close the descriptor a second time (by then maybe another test's socket).
        self.socket = socket
        self.timeout = timeout
    }

    deinit { socket.close() }

    package func send(_ text: String) throws {
        try send(Array(text.utf8))
    }

    package func send(_ bytes: [UInt8]) throws {
        let deadline = SystemCall.monotonicMilliseconds() + timeout
        try bytes.withUnsafeBytes { try socket.sendAll($0, deadline: deadline) }
    }

    /// Reads more bytes into the buffer. Returns false at end of stream (or on reset).
    private func fill(deadline: Int64) throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let remaining = deadline - SystemCall.monotonicMilliseconds()
            guard remaining > 0 else { throw Failure(description: "timed out waiting for the server") }
            guard try SystemCall.wait(fd: socket.fd, for: Int16(POLLIN), timeout: remaining) else { continue }
            let received: Int?
            do {
                received = try chunk.withUnsafeMutableBytes { try socket.receive(into: $0) }
            } catch let error as SocketError where error.code == ECONNRESET {
                return false
            }
            guard let count = received else { continue }
            if count == 0 { return false }
            buffer.append(contentsOf: chunk[..<count])
            return true
        }
    }

    private func line(deadline: Int64) throws -> String? {
        var scanned = 0
        while true {
            if let index = buffer[scanned...].firstIndex(of: 10) {
                let line = buffer[..<index].last == 13 ? buffer[..<(index - 1)] : buffer[..<index]
                let text = String(decoding: line, as: UTF8.self)
                buffer.removeFirst(index + 1)
                return text
            }
            scanned = buffer.count
            guard try fill(deadline: deadline) else { return nil }
        }
    }

    /// Reads one response (skipping none: a 100 Continue is returned like any other).
    /// - Parameter isHead: the request was HEAD, so there is no body whatever Content-Length says.
    package func readResponse(isHead: Bool = false) throws -> Response {
        let deadline = SystemCall.monotonicMilliseconds() + timeout
        guard let statusLine = try line(deadline: deadline) else {
            throw Failure(description: "connection closed before a response")
        }
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/1."), let status = Int(parts[1]) else {
            throw Failure(description: "bad status line: \(statusLine)")
        }
        var headers = HTTPHeaders()
        while let line = try line(deadline: deadline), !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { throw Failure(description: "bad header: \(line)") }
            headers.add(String(line[..<colon]), String(line[line.index(after: colon)...].trimmingSpaces))
        }
        var body: [UInt8] = []
        if !isHead, status >= 200, status != 204, status != 304 {
            if let length = headers["Content-Length"].flatMap({ Int($0) }) {
                while buffer.count < length {
                    guard try fill(deadline: deadline) else { throw Failure(description: "body cut short") }
                }
                body = Array(buffer[..<length])
                buffer.removeFirst(length)
            } else {
                while try fill(deadline: deadline) {}
                body = buffer
                buffer.removeAll()
            }
        }
        return Response(status: status, headers: headers, body: body)
    }

    /// Whether the server closes the connection (end of stream) within the timeout, with nothing more sent.
    package func waitForClose() throws -> Bool {
        let deadline = SystemCall.monotonicMilliseconds() + timeout
        while try fill(deadline: deadline) {}
        return buffer.isEmpty
    }
}
