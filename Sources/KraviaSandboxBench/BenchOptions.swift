import Foundation

/// Command-line options of `kravia-sandbox-bench`.
struct BenchOptions {
    var url: String?
    var duration = 5.0
    var connections = [1, 16, 64]
    var serverBinary: String?
    var serveFixed = false
    var port = 0
    var portFile: String?
    var skipStartup = false

    static let usage = """
        usage: kravia-sandbox-bench [--url http://127.0.0.1:PORT/path] [--duration S] [--connections 1,16,64]
                                    [--server-binary PATH] [--skip-startup]
               kravia-sandbox-bench --serve-fixed [--port N] [--port-file F]

        Without --url an in-process HTTPServer on port 0 serving a fixed small response is measured.
        Reports requests/s, p50 and p99 latency over keep-alive connections and with a new connection
        per request, then the time from process start to the first answered request of --server-binary
        (default: kravia-sandbox next to this binary; falls back to this binary's --serve-fixed mode).
        """

    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let next = rest.popFirst() else { throw UsageError(message: "\(name) needs a value") }
            return next
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--url": options.url = try value(argument)
            case "--duration":
                guard let seconds = Double(try value(argument)), seconds > 0 else {
                    throw UsageError(message: "--duration must be a positive number of seconds")
                }
                options.duration = seconds
            case "--connections":
                let list = try value(argument).split(separator: ",").compactMap { Int($0) }
                guard !list.isEmpty, list.allSatisfy({ $0 > 0 }) else {
                    throw UsageError(message: "--connections takes a list like 1,16,64")
                }
                options.connections = list
            case "--server-binary": options.serverBinary = try value(argument)
            case "--skip-startup": options.skipStartup = true
            case "--serve-fixed": options.serveFixed = true
            case "--port":
                guard let port = Int(try value(argument)), (0...65535).contains(port) else {
                    throw UsageError(message: "--port must be 0...65535")
                }
                options.port = port
            case "--port-file": options.portFile = try value(argument)
            case "--help", "-h":
                print(usage)
                exit(0)
            default: throw UsageError(message: "unknown argument \(argument)")
            }
        }
        return options
    }
}

struct UsageError: Error {
    var message: String
}
