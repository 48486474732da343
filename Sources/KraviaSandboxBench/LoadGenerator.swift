@preconcurrency import Glibc
import Foundation

/// A closed-loop HTTP/1.1 load generator: each connection runs on its own thread, sends a request,
/// waits for the whole response, records the latency and repeats until the time is up.
struct LoadGenerator {
    struct Result {
        var requests = 0
        var errors = 0
        var histogram = LatencyHistogram()
        var seconds = 0.0
        var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
    }

    var host: String
    var port: Int
    var path: String
    var connections: Int
    var duration: Double
    /// false: a new connection per request with `Connection: close`.
    var keepAlive: Bool
    /// Extra request headers, e.g. `Authorization`.
    var headers: [(String, String)] = []

    func run() -> Result {
        let results = ResultBox(count: connections)
        let deadline = Self.now() + duration
        let started = Self.now()
        let group = DispatchGroup()
        for index in 0..<connections {
            group.enter()
            let worker = self
            let thread = Thread {
                results.store(index, worker.runConnection(until: deadline))
                group.leave()
            }
            thread.stackSize = 256 * 1024
            thread.start()
        }
        group.wait()
        var total = Result()
        total.seconds = Self.now() - started
        for result in results.all {
            total.requests += result.requests
            total.errors += result.errors
            total.histogram.merge(result.histogram)
        }
        return total
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private func runConnection(until deadline: Double) -> Result {
        var result = Result()
        let extra = headers.map { "\($0.0): \($0.1)\r\n" }.joined()
        let request = Array(
            "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n\(extra)\(keepAlive ? "" : "Connection: close\r\n")\r\n"
                .utf8)
        var connection: BlockingConnection?
        var reader = ResponseScanner()
        while Self.now() < deadline {
            let start = Self.now()
            if connection == nil {
                connection = BlockingConnection(host: host, port: port)
                reader = ResponseScanner()
                if connection == nil {
                    result.errors += 1
                    Thread.sleep(forTimeInterval: 0.01)
                    continue
                }
            }
            guard let open = connection, open.send(request), reader.readResponse(from: open) else {
                result.errors += 1
                connection = nil
                continue
            }
            result.requests += 1
            result.histogram.record(microseconds: Int((Self.now() - start) * 1e6))
            if !keepAlive || reader.closeRequested { connection = nil }
        }
        return result
    }
}

/// Per-thread results, written once by each thread.
private final class ResultBox: @unchecked Sendable {
    private var results: [LoadGenerator.Result]
    private let lock = NSLock()
    init(count: Int) { results = Array(repeating: LoadGenerator.Result(), count: count) }
    func store(_ index: Int, _ result: LoadGenerator.Result) { lock.withLock { results[index] = result } }
    var all: [LoadGenerator.Result] { lock.withLock { results } }
}

/// A blocking client socket, closed when released.
final class BlockingConnection {
    let fd: Int32

    init?(host: String, port: Int) {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host == "localhost" ? "127.0.0.1" : host, &address.sin_addr) == 1 else { return nil }
        // Stored only once connected: an init that fails after every property is set runs `deinit`, which
        // would close the descriptor a second time.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        if connected != 0 {
            close(fd)
            return nil
        }
        self.fd = fd
    }

    deinit { close(fd) }

    func send(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let written = Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    func receive(into buffer: inout [UInt8]) -> Int {
        buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
    }
}

/// Finds the end of each response (head, then `Content-Length` bytes) in a stream; minimal on purpose.
struct ResponseScanner {
    private var buffer: [UInt8] = []
    private var chunk = [UInt8](repeating: 0, count: 16 * 1024)
    private(set) var closeRequested = false
    /// The status of the last response read.
    private(set) var status = 0
    /// The body of the last response read, when asked to keep it.
    private(set) var body: [UInt8] = []

    /// Reads one response; true for a 200 (with `keepingBody`: for any complete response).
    mutating func readResponse(from connection: BlockingConnection, keepingBody: Bool = false) -> Bool {
        var headEnd: Int?
        var searched = 0
        while true {
            if headEnd == nil, buffer.count >= 4 {
                var index = max(0, searched - 3)
                while index + 3 < buffer.count {
                    if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 {
                        headEnd = index + 4
                        break
                    }
                    index += 1
                }
                searched = buffer.count
            }
            if let end = headEnd {
                let (length, close, code) = Self.scanHead(buffer[..<end])
                closeRequested = close
                if buffer.count >= end + length {
                    status = code
                    if keepingBody { body = Array(buffer[end..<(end + length)]) }
                    buffer.removeFirst(end + length)
                    return keepingBody || status == 200
                }
            }
            let count = connection.receive(into: &chunk)
            if count <= 0 { return false }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    /// Content-Length, `Connection: close` and the status from a response head, on bytes: the load generator
    /// shares the CPUs with the server, so it should spend as little as it can.
    private static func scanHead(_ head: ArraySlice<UInt8>) -> (length: Int, close: Bool, status: Int) {
        var status = 0
        let start = head.startIndex
        if head.count >= 12 {
            for byte in head[(start + 9)..<(start + 12)] { status = status * 10 + Int(byte &- 48) }
        }
        var length = 0
        var close = false
        var lineStart = start
        for index in head.indices where head[index] == 10 {
            let line = head[lineStart..<index]
            lineStart = index + 1
            if let value = headerValue(line, "content-length:") {
                length = 0
                for byte in value where byte >= 48 && byte <= 57 { length = length * 10 + Int(byte - 48) }
            } else if let value = headerValue(line, "connection:") {
                close =
                    value.lazy.map { $0 | 0x20 }.starts(with: " close".utf8)
                    || value.lazy.map { $0 | 0x20 }
                        .starts(with: "close".utf8)
            }
        }
        return (length, close, status)
    }

    private static func headerValue(_ line: ArraySlice<UInt8>, _ lowercaseName: String) -> ArraySlice<UInt8>? {
        let name = lowercaseName.utf8
        guard line.count > name.count,
            zip(line, name).allSatisfy({ ($0 | 0x20) == $1 || ($0 == $1) })
        else { return nil }
        return line[(line.startIndex + name.count)...]
    }
}
