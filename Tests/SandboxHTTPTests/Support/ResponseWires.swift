import SandboxHTTP

/// Responses as merchants put them on the wire, shared by the blocking client's tests and the loop's.
enum ResponseWires {
    /// Every body framing, with the body kept under a 10-byte cap and whether it was cut.
    static let framings: [(String, String, Bool)] = [
        ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n", "abcde", false),
        ("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", "ok", false),
        (interim(32) + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok", "ok", false),
        ("HTTP/1.0 200 OK\r\n\r\nuntilclose", "untilclose", false),
        ("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123456789abcdefghij", "0123456789", true),
        ("HTTP/1.1 200 OK\r\n\r\n0123456789abcdefghij", "0123456789", true),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n14\r\n0123456789abcdefghij\r\n0\r\n\r\n",
            "0123456789", true
        ),
    ]

    /// Broken answers and the error each one is.
    static let broken: [(String, OutboundError)] = [
        ("", OutboundError.connectionReset),
        ("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort", .connectionReset),
        ("SMTP ready\r\n\r\n", .malformedResponse("bad status line \"SMTP ready\"")),
        ("HTTP/1.1 200 OK\r\nBad Header\r\n\r\n", .malformedResponse("header line without a colon")),
        (
            interim(33) + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
            .malformedResponse("more than 32 interim (1xx) responses")
        ),
    ]

    /// `count` interim responses, alternating 100 Continue and 103 Early Hints.
    static func interim(_ count: Int) -> String {
        (0..<count).map {
            $0 % 2 == 0 ? "HTTP/1.1 100 Continue\r\n\r\n" : "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
        }
        .joined()
    }
}
