import Foundation
import KraviaEngine
import Testing

struct CallbackSignatureTests {
    @Test func reproducesDinterosDocumentedVector() {
        let url = "https://example.com/callback?B=123&A=992"
        let payload = CallbackSignature.payload(
            timestamp: 1_582_236_537, accountId: "P00000000", method: "GET", url: url)
        #expect(payload == "1582236537\nP00000000\nGET\nexample.com\n/callback\nA=992&B=123")
        let header = CallbackSignature.header(
            secret: "123", timestamp: 1_582_236_537, accountId: "P00000000", method: "GET", url: url)
        #expect(
            header == "t=1582236537,v0-hmac-sha256=6bed2ab1b919d460ef7465a20dc6c97260dca73fab6647106ca525f0908df64a")
    }

    static let appendedParameters =
        "https://Shop.Example.com:8443/dintero/callback?transaction_id=T12345678.abc&report_event=REFUND"
        + "&merchant_reference=order 42&report_event=CAPTURE&time=2026-01-01T10:00:00.000Z&note=a%20b+c*"
        + "&session_id=T12345678.xyz#frag"

    /// Repeated keys keep their order, spaces become `+`, `:` becomes `%3A`, `*` stays.
    @Test func sortsStablyAndFormEncodes() {
        let payload = CallbackSignature.payload(
            timestamp: 1_767_261_600, accountId: "T12345678", method: "post", url: Self.appendedParameters)
        #expect(
            payload == "1767261600\nT12345678\nPOST\nshop.example.com\n/dintero/callback\n"
                + "merchant_reference=order+42&note=a+b+c*&report_event=REFUND&report_event=CAPTURE"
                + "&session_id=T12345678.xyz&time=2026-01-01T10%3A00%3A00.000Z&transaction_id=T12345678.abc")
        // Computed with Python's hmac and urllib when the test was written.
        let header = CallbackSignature.header(
            secret: "hunter2", timestamp: 1_767_261_600, accountId: "T12345678", method: "POST",
            url: Self.appendedParameters)
        #expect(
            header == "t=1767261600,v0-hmac-sha256=deadfc235b0947344a0b6628db05692b4ff68577c44c1d2d71f3392eaf6343b2")
    }

    /// Hostname, pathname and sorted query as Node's WHATWG `URL` printed them for the same input.
    @Test(arguments: [
        ("http://127.0.0.1:8080/cb", "127.0.0.1", "/cb", ""),
        ("http://[::1]:9000/cb?a=1", "[::1]", "/cb", "a=1"),
        ("http://[2001:DB8:0:0:8:800:200C:417A]/x", "[2001:db8::8:800:200c:417a]", "/x", ""),
        ("http://[::ffff:1.2.3.4]/", "[::ffff:102:304]", "/", ""),
        ("http://[1:0:0:2:0:0:0:3]/", "[1:0:0:2::3]", "/", ""),
        ("http://[1::]/", "[1::]", "/", ""),
        ("HTTPS://user:pw@Example.COM", "example.com", "/", ""),
        ("https://example.com/a/./b/../c/%7e d?", "example.com", "/a/c/%7e%20d", ""),
        ("https://example.com/a/..", "example.com", "/", ""),
        ("https://example.com\\x\\y?z=1&&y=2&x", "example.com", "/x/y", "x=&y=2&z=1"),
        ("https:///path", "path", "/", ""),
        ("https://example.com:/a", "example.com", "/a", ""),
        ("https://example.com?a=1", "example.com", "/", "a=1"),
        ("https://example.com/%2e%2E/./a/%2e", "example.com", "/a/", ""),
        ("https://example.com/ä?ä=ö&Z=1&a=~", "example.com", "/%C3%A4", "Z=1&a=%7E&%C3%A4=%C3%B6"),
        ("https://example.com/p?b=%zz&a=%41&c==1", "example.com", "/p", "a=A&b=%25zz&c=%3D1"),
        ("https://example.com/p?%EF%BF%BD=2&%F0%9F%98%80=1", "example.com", "/p", "%F0%9F%98%80=1&%EF%BF%BD=2"),
        ("http:example.com/q", "example.com", "/q", ""),
        ("https://example.com/\"<>`{}|^", "example.com", "/%22%3C%3E%60%7B%7D|^", ""),
    ])
    func readsURLsAsWHATWGDoes(url: String, hostname: String, pathname: String, query: String) throws {
        let payload = try #require(CallbackSignature.payload(timestamp: 1, accountId: "T1", method: "GET", url: url))
        let lines = payload.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines == ["1", "T1", "GET", hostname, pathname, query])
    }

    @Test(arguments: [
        "", "example.com/callback", "ftp://example.com/x", "https://", "http://[::1/x",
        "http://[1:2:3:4:5:6:7:8:9]/", "http://[1::2::3]/", "http://[12345::]/", "http://exa mple.com/",
        "http://ex%41mple.com/", "https://bücher.example/",
    ])
    func rejectsURLsItCannotSign(url: String) {
        #expect(CallbackSignature.payload(timestamp: 1, accountId: "T1", method: "GET", url: url) == nil)
        #expect(CallbackSignature.header(secret: "s", timestamp: 1, accountId: "T1", method: "GET", url: url) == nil)
    }

    /// Cross-checks against Python's `hmac` and `urllib` at run time; skipped where python3 is missing.
    @Test(.enabled(if: PythonReference.isAvailable))
    func agreesWithPythonReference() throws {
        let urls = [
            Self.appendedParameters,
            "https://merchant.example/cb?sid=T1.a&time=2026-03-04T05:06:07.890Z&merchant_reference=Å 1&event=CAPTURE",
        ]
        for url in urls {
            let expected = try #require(
                PythonReference.signature(secret: "k ey", timestamp: 42, account: "P1", url: url))
            let header = CallbackSignature.header(
                secret: "k ey", timestamp: 42, accountId: "P1", method: "GET", url: url)
            #expect(header == "t=42,v0-hmac-sha256=\(expected)")
        }
    }
}
