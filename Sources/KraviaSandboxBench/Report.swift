import Foundation

/// Formatting shared by the modes.
enum Report {
    static func milliseconds(_ microseconds: Int) -> String {
        String(format: "%.3f ms", Double(microseconds) / 1000)
    }

    static func line(_ result: LoadGenerator.Result) -> String {
        let rate = String(format: "%9.0f req/s", result.requestsPerSecond)
        return "\(rate)  p50 \(milliseconds(result.histogram.percentile(0.5)))"
            + "  p99 \(milliseconds(result.histogram.percentile(0.99)))  errors \(result.errors)"
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        exit(1)
    }

    /// Prints the machine once per run: the figures mean little without it.
    static func machine() {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        let model =
            cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }
            .map { $0.split(separator: ":", maxSplits: 1).last.map(String.init) ?? "" }?
            .trimmingCharacters(in: .whitespaces) ?? "unknown"
        let memory = Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824
        print(
            String(
                format: "machine: %d cpus (%@), %.1f GiB memory", ProcessInfo.processInfo.activeProcessorCount,
                model, memory))
    }
}
