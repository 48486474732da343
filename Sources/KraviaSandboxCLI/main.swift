import Foundation

exit(KraviaSandboxCommand.run(Array(CommandLine.arguments.dropFirst())))
