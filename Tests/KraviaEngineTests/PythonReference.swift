import Foundation

/// Runs python3 as an independent implementation of Dintero's signature recipe.
enum PythonReference {
    static let executable: String? = ["/usr/bin/python3", "/usr/local/bin/python3", "/root/.pyenv/shims/python3"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var isAvailable: Bool {
        executable != nil && signature(secret: "1", timestamp: 1, account: "a", url: "https://e.x/") != nil
    }

    /// The lowercase hex HMAC that python computes for a GET of `url`, or nil if python fails.
    static func signature(secret: String, timestamp: Int64, account: String, url: String) -> String? {
        // Python's quote_plus keeps `~` and encodes `*`; WHATWG does the opposite for `*`, so `*` is made safe.
        let script = """
            import hmac, hashlib, sys
            from urllib.parse import urlsplit, parse_qsl, urlencode, quote_plus
            secret, t, account, url = sys.argv[1:5]
            u = urlsplit(url)
            pairs = parse_qsl(u.query, keep_blank_values=True)
            pairs.sort(key=lambda p: p[0].encode('utf-16-be'))
            q = urlencode(pairs, quote_via=lambda s, safe, enc, err: quote_plus(s, safe='*'))
            payload = f"{t}\\n{account}\\nGET\\n{u.hostname}\\n{u.path or '/'}\\n{q}"
            print(hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest())
            """
        guard let executable else { return nil }
        let output = run(executable, ["-c", script, secret, String(timestamp), account, url])
        return output.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.count == 64 ? $0 : nil }
    }

    static func run(_ executable: String, _ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self)
    }
}
