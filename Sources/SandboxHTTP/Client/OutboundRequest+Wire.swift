extension OutboundRequest {
    /// The request as it goes on the wire to `url`: one request per connection (`Connection: close`), the
    /// client's own `Host`, `Content-Length` and `Connection` instead of any the caller set.
    func wire(for url: OutboundURL, userAgent: String?) -> [UInt8] {
        var head = "\(method) \(url.target) HTTP/1.1\r\nHost: \(url.authority)\r\n"
        for field in headers {
            let name = field.name
            if name.equalsIgnoringASCIICase("Host") || name.equalsIgnoringASCIICase("Content-Length")
                || name.equalsIgnoringASCIICase("Connection") || name.equalsIgnoringASCIICase("Transfer-Encoding")
            {
                continue
            }
            head += "\(name): \(field.value)\r\n"
        }
        if let userAgent, headers["User-Agent"] == nil {
            head += "User-Agent: \(userAgent)\r\n"
        }
        let carriesBody = !body.isEmpty || !["GET", "HEAD", "DELETE", "OPTIONS"].contains(method)
        if carriesBody { head += "Content-Length: \(body.count)\r\n" }
        head += "Connection: close\r\n\r\n"
        return Array(head.utf8) + body
    }
}
