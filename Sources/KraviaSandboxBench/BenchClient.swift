import Foundation

/// One keep-alive client connection that sends any request and reads the whole answer, reconnecting after
/// a failure; the building block of the flow, soak and fault modes.
final class BenchClient {
    /// One answer: its status and body.
    struct Answer {
        var status: Int
        var body: [UInt8]

        /// The body parsed as a JSON object's top-level string field `name`, found without a full parse
        /// (the benchmark should not measure its own JSON parser).
        func string(_ name: String) -> String? {
            let key = Array("\"\(name)\":".utf8)
            guard let start = body.firstRange(of: key)?.upperBound else { return nil }
            var index = start
            while index < body.count, body[index] == 32 { index += 1 }
            guard index < body.count, body[index] == 34 else { return nil }
            index += 1
            guard let end = body[index...].firstIndex(of: 34) else { return nil }
            return String(decoding: body[index..<end], as: UTF8.self)
        }
    }

    let host: String
    let port: Int
    private var connection: BlockingConnection?
    private var scanner = ResponseScanner()

    init(host: String = "127.0.0.1", port: Int) {
        self.host = host
        self.port = port
    }

    /// Sends one request and waits for its answer; nil when the connection failed (it is reopened next time).
    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: [UInt8] = []) -> Answer? {
        if connection == nil {
            connection = BlockingConnection(host: host, port: port)
            scanner = ResponseScanner()
        }
        guard let open = connection else { return nil }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" || method == "PUT" { head += "Content-Length: \(body.count)\r\n" }
        head += "\r\n"
        guard open.send(Array(head.utf8) + body), scanner.readResponse(from: open, keepingBody: true) else {
            connection = nil
            return nil
        }
        if scanner.closeRequested { connection = nil }
        return Answer(status: scanner.status, body: scanner.body)
    }

    /// `send` with a JSON body given as text.
    func sendJSON(_ method: String, _ path: String, headers: [(String, String)] = [], json: String) -> Answer? {
        send(method, path, headers: headers + [("Content-Type", "application/json")], body: Array(json.utf8))
    }
}
