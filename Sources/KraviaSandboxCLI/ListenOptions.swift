/// The options of `kravia-sandbox listen`.
///
/// None reads a `KRAVIA_SANDBOX_*` variable: those configure `serve`, and a receiver that picked up the
/// sandbox's own `KRAVIA_SANDBOX_PORT` would try to take its port.
struct ListenOptions {
    /// How each received request is printed.
    enum Format: String {
        /// A line per request (time, method, target, the status answered), then its body indented.
        case text
        /// One JSON object per request and line, for `jq` and scripts.
        case json
    }

    /// The port `listen` takes without `--port`: the one the README's Quick start puts in `callback_url`.
    static let defaultPort = 9000

    static let specs: [OptionSpec] = [
        OptionSpec(
            name: "host", valueName: "HOST", help: "Address to listen on (default 127.0.0.1)", mirrorsEnvironment: false
        ),
        OptionSpec(
            name: "port", valueName: "PORT", help: "Port; 0 takes any free port (default \(defaultPort))",
            mirrorsEnvironment: false),
        OptionSpec(
            name: "port-file", valueName: "FILE", help: "Write the bound port to FILE once listening",
            mirrorsEnvironment: false),
        OptionSpec(
            name: "status", valueName: "N", help: "Answer every request with N, 200-599 (default 200; 5xx is retried)",
            mirrorsEnvironment: false),
        OptionSpec(
            name: "count", valueName: "N", help: "Exit 0 once N requests have been answered", mirrorsEnvironment: false),
        OptionSpec(
            name: "format", valueName: "FORMAT", help: "text (default) or json (one object per line)",
            mirrorsEnvironment: false),
    ]

    var host = "127.0.0.1"
    var port = defaultPort
    var portFile: String?
    var status = 200
    var count: Int?
    var format = Format.text

    /// Reads the parsed options; every malformed value is a usage error naming the option.
    init(_ options: CommandLineOptions) throws(UsageError) {
        if let extra = options.positional.first { throw UsageError(description: "unexpected argument \"\(extra)\"") }
        if let host = options["host"] { self.host = host }
        if let port = try options.integer("port", in: 0...65535) { self.port = port }
        portFile = options["port-file"]
        if let status = try options.integer("status", in: 200...599) { self.status = status }
        count = try options.integer("count", in: 1...1_000_000)
        if let text = options["format"] {
            guard let format = Format(rawValue: text) else {
                throw UsageError(description: "--format expects text or json, got \"\(text)\"")
            }
            self.format = format
        }
    }
}
