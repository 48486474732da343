import Foundation

/// One option a command accepts: `--name VALUE` (or `--name=VALUE`), or a flag without a value.
struct OptionSpec {
    var name: String
    /// Shown in help as `--name VALUE`; nil for a flag.
    var valueName: String?
    var help: String
    /// Read when the option is not on the command line: `KRAVIA_SANDBOX_` plus the name in upper snake case.
    var mirrorsEnvironment = true

    var environmentName: String {
        // Option names are ASCII: mapped byte by byte (Foundation's string search cost a tenth of start-up).
        let upperSnake = name.utf8.map { byte in
            byte == UInt8(ascii: "-") ? UInt8(ascii: "_") : (byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte)
        }
        return "KRAVIA_SANDBOX_" + String(decoding: upperSnake, as: UTF8.self)
    }
}

/// A command line that does not parse: said to the user with the command's usage line.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}

/// Options and positional arguments after parsing, with environment variables filling the gaps.
struct CommandLineOptions {
    private var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positional: [String] = []

    /// Parses `arguments` against `specs`; `--help`/`-h` is always accepted as a flag named `help`.
    init(
        _ arguments: [String], specs: [OptionSpec], environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(UsageError) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" {
                flags.insert("help")
                continue
            }
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positional.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            guard let spec = specs.first(where: { $0.name == name }) else {
                throw UsageError(description: "unknown option --\(name)")
            }
            if spec.valueName == nil {
                guard inlineValue == nil else { throw UsageError(description: "--\(name) takes no value") }
                flags.insert(name)
            } else if let inlineValue {
                values[name] = inlineValue
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw UsageError(description: "--\(name) needs a value (\(spec.valueName!))")
                }
                values[name] = arguments[index]
                index += 1
            }
        }
        for spec in specs where spec.mirrorsEnvironment && spec.valueName != nil && values[spec.name] == nil {
            if let value = environment[spec.environmentName], !value.isEmpty { values[spec.name] = value }
        }
    }

    /// The value of `--name`, from the command line or its environment variable.
    subscript(name: String) -> String? { values[name] }

    /// An integer option within `range`; a malformed one is a usage error.
    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError(
                description:
                    "--\(name) expects an integer in \(range.lowerBound)...\(range.upperBound), got \"\(text)\"")
        }
        return number
    }

    /// The options' help lines, `-h, --help` last, every description starting in the same column.
    static func helpLines(_ specs: [OptionSpec]) -> String {
        var rows = specs.map { spec in
            let environment = spec.mirrorsEnvironment && spec.valueName != nil ? " [$\(spec.environmentName)]" : ""
            return (label: "--" + spec.name + (spec.valueName.map { " " + $0 } ?? ""), help: spec.help + environment)
        }
        rows.append((label: "-h, --help", help: "Show this help"))
        let width = (rows.map(\.label.count).max() ?? 0) + 2
        return rows.map { row in
            "  " + row.label.padding(toLength: width, withPad: " ", startingAt: 0) + row.help
        }.joined(separator: "\n")
    }
}
