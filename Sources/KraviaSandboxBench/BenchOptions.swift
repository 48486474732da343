import Foundation

/// Command-line options of `kravia-sandbox-bench`.
struct BenchOptions {
    /// What the benchmark measures; the default run does every fast mode.
    enum Mode: String, CaseIterable {
        case transport, e2e, journal, reset, faults, soak, compare, durable, memory

        /// The modes of a run without `--mode`: everything that needs neither outside tools nor long.
        static let fast: [Mode] = [.transport, .e2e, .journal, .reset, .faults]
    }

    var modes: [Mode] = Mode.fast
    var url: String?
    var duration = 5.0
    var durationGiven = false
    var connections = [1, 16, 64]
    var flowConcurrency = [1, 16]
    var serverBinary: String?
    var serveFixed = false
    var port = 0
    var portFile: String?
    var skipStartup = false
    /// Small GETs recorded by `--mode journal`.
    var journalRequests = 100_000
    /// Sessions plus transactions held before `--mode reset` resets.
    var objects = 100_000
    /// The journal bound of `--mode soak`.
    var journalLimit = 10_000
    /// `--mode compare`: a running localstripe and nginx (started by `.ci/bench-compare`).
    var localstripeURL: String?
    var nginxURL: String?
    /// `--mode compare` and `durable`: rounds, the targets taking turns within each; medians are reported.
    var rounds = 3
    /// `--mode durable`: where the `--objects` checkouts are written, kept afterwards (a temporary folder,
    /// removed, by default).
    var dataFolder: String?

    static let usage = """
        usage: kravia-sandbox-bench [--mode transport|e2e|journal|reset|faults|soak|compare|durable|memory[,...]] [--duration S]
                                    [--connections 1,16,64] [--flows 1,16] [--requests N] [--objects N]
                                    [--journal-limit N] [--server-binary PATH] [--skip-startup]
                                    [--url http://127.0.0.1:PORT/path]
                                    [--localstripe-url http://127.0.0.1:PORT] [--nginx-url http://127.0.0.1:PORT/]
                                    [--rounds N] [--data-folder DIR]
               kravia-sandbox-bench --serve-fixed [--port N] [--port-file F]

        Modes (default: transport,e2e,journal,reset,faults; --duration is per measurement, default 5 s):
          transport  the HTTP server alone: a fixed small response (or --url), keep-alive and a connection per
                     request over --connections, then the startup time of --server-binary (default:
                     kravia-sandbox next to this binary)
          e2e        checkout flows per second with --flows concurrent flows (session, complete, wait for the
                     callback at an in-process receiver, GET transaction, partial refund), callback latency
                     p50/p99, and a GET of a transaction over --connections keep-alive connections
          journal    resident and heap memory per recorded request over --requests small GETs (default 100000)
          reset      time of POST /__sandbox/reset holding --objects sessions+transactions (default 100000)
          faults     GET transaction latency while callbacks go to merchants that hang, answer byte by byte,
                     reset the connection or answer 302, against callbacks answered at once
          soak       mixed traffic over 64 connections against the kravia-sandbox binary with
                     --journal-limit (default 10000) for --duration (default 600 s): memory, descriptors and
                     threads at start and end, requests and errors
          durable    --data against in memory, taking turns for --rounds rounds (medians): checkout flows at
                     --flows and GETs at --connections, log bytes per checkout; then --objects checkouts
                     (default 100000) written to a data folder (--data-folder DIR: that one, kept), its
                     start-up replay from the log and from a snapshot, and the snapshot's time with GETs
                     answered while it is written
          memory     resident memory per held checkout: --objects checkouts (session, completion, invoice, a
                     callback to a refused port held with its pending retry) after --journal-limit requests
                     have filled the journal
          compare    GET of a localstripe payment intent (--localstripe-url) against our GET of a
                     transaction, nginx's fixed response (--nginx-url) against our transport's fixed
                     response; same load generator, keep-alive, at 1 and 64
                     connections; the targets take turns for --rounds rounds (default 3) and the medians are
                     compared, so a noisy minute on the machine does not favour one side; .ci/bench-compare
                     installs and starts both
        """

    static func parse(_ arguments: [String]) throws -> BenchOptions {
        var options = BenchOptions()
        var rest = arguments[...]
        func value(_ name: String) throws -> String {
            guard let next = rest.popFirst() else { throw UsageError(message: "\(name) needs a value") }
            return next
        }
        func list(_ name: String) throws -> [Int] {
            let list = try value(name).split(separator: ",").compactMap { Int($0) }
            guard !list.isEmpty, list.allSatisfy({ $0 > 0 }) else {
                throw UsageError(message: "\(name) takes a list like 1,16,64")
            }
            return list
        }
        func count(_ name: String) throws -> Int {
            guard let number = Int(try value(name)), number > 0 else {
                throw UsageError(message: "\(name) must be a positive integer")
            }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--mode":
                options.modes = try value(argument).split(separator: ",").map { name in
                    guard let mode = Mode(rawValue: String(name)) else {
                        throw UsageError(message: "unknown mode \(name)")
                    }
                    return mode
                }
            case "--url": options.url = try value(argument)
            case "--duration":
                guard let seconds = Double(try value(argument)), seconds > 0 else {
                    throw UsageError(message: "--duration must be a positive number of seconds")
                }
                options.duration = seconds
                options.durationGiven = true
            case "--connections": options.connections = try list(argument)
            case "--flows": options.flowConcurrency = try list(argument)
            case "--requests": options.journalRequests = try count(argument)
            case "--objects": options.objects = try count(argument)
            case "--journal-limit": options.journalLimit = try count(argument)
            case "--localstripe-url": options.localstripeURL = try value(argument)
            case "--nginx-url": options.nginxURL = try value(argument)
            case "--rounds": options.rounds = try count(argument)
            case "--data-folder": options.dataFolder = try value(argument)
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

    /// The `kravia-sandbox` binary: `--server-binary`, else the one built next to this benchmark.
    var sandboxBinary: String {
        if let serverBinary { return serverBinary }
        let selfPath = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        return selfPath.deletingLastPathComponent().appendingPathComponent("kravia-sandbox").path
    }
}

struct UsageError: Error {
    var message: String
}
