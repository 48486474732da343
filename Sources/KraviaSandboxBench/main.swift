@preconcurrency import Glibc
import Foundation

// Cached once: CommandLine.arguments is not safe to read from concurrent code.
let arguments = Array(CommandLine.arguments.dropFirst())
signal(SIGPIPE, SIG_IGN)

let options: BenchOptions
do {
    options = try BenchOptions.parse(arguments)
} catch let error as UsageError {
    FileHandle.standardError.write(Data("error: \(error.message)\n\n\(BenchOptions.usage)\n".utf8))
    exit(64)
}

if options.serveFixed {
    do {
        try FixedResponseServer.serve(port: options.port, portFile: options.portFile)
    } catch {
        Report.fail("\(error)")
    }
}

Report.machine()
print("modes: \(options.modes.map(\.rawValue).joined(separator: ",")), duration per measurement: \(options.duration) s")
for mode in options.modes {
    switch mode {
    case .transport: TransportMode.run(options)
    case .e2e: EndToEndMode.run(options)
    case .journal: JournalMemoryMode.run(options)
    case .reset: ResetMode.run(options)
    case .faults: FaultsMode.run(options)
    case .soak: SoakMode.run(options)
    case .compare: CompareMode.run(options)
    case .durable: DurableMode.run(options)
    case .memory: MemoryMode.run(options)
    }
}
