#if !FUZZING
    import Foundation

    /// `kravia-sandbox-fuzz replay [--oracle http|json|engine|wire] PATH...`: replays corpus files or folders
    /// through the fuzzing oracles (all of them unless one is named) and exits 1 on the first finding.
    /// The libFuzzer entry points are compiled instead of this by `.ci/fuzz`.
    @main
    struct KraviaSandboxFuzz {
        static func main() {
            var arguments = Array(CommandLine.arguments.dropFirst())
            guard arguments.first == "replay", arguments.count > 1 else {
                FileHandle.standardError.write(
                    Data("usage: kravia-sandbox-fuzz replay [--oracle http|json|engine|wire] PATH...\n".utf8))
                exit(64)
            }
            arguments.removeFirst()
            var names = FuzzCorpusReplay.oracles.keys.sorted()
            if arguments.first == "--oracle", arguments.count > 2 {
                guard FuzzCorpusReplay.oracles[arguments[1]] != nil else {
                    FileHandle.standardError.write(Data("unknown oracle \(arguments[1])\n".utf8))
                    exit(64)
                }
                names = [arguments[1]]
                arguments.removeFirst(2)
            }
            var count = 0
            for path in arguments {
                var isDirectory: ObjCBool = false
                _ = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
                let url = URL(fileURLWithPath: path)
                for file in isDirectory.boolValue ? FuzzCorpusReplay.files(in: url) : [url] {
                    guard let data = FileManager.default.contents(atPath: file.path) else { continue }
                    for name in names {
                        do throws(FuzzFinding) {
                            try FuzzCorpusReplay.oracles[name]!(Array(data))
                        } catch {
                            print("FINDING in \(file.path): \(error)")
                            exit(1)
                        }
                    }
                    count += 1
                }
            }
            print("replayed \(count) file(s) through \(names.joined(separator: ", ")): no finding")
        }
    }
#endif
