import Foundation
import FoundationNetworking
import Testing
@testable import SandboxHTTP

/// Real clients against a server on port 0: what merchants' code will actually use.
@Suite struct HTTPServerRealClientTests {
    static let curlPath: String? = ["/usr/bin/curl", "/usr/local/bin/curl", "/bin/curl"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    @Test func urlSessionGetAndPostOverKeepAlive() async throws {
        let server = HTTPServer(configuration: .init(port: 0), handler: EchoHandler())
        try server.start()
        defer { server.stop() }
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let base = "http://127.0.0.1:\(server.port)"
        for index in 0..<3 {
            let (data, response) = try await session.data(from: URL(string: "\(base)/get/\(index)")!)
            #expect((response as? HTTPURLResponse)?.statusCode == 200)
            #expect(String(decoding: data, as: UTF8.self) == "GET /get/\(index) 0\n")
        }
        var post = URLRequest(url: URL(string: "\(base)/post")!)
        post.httpMethod = "POST"
        post.httpBody = Data(repeating: 0x7A, count: 200_000)
        post.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        let (data, response) = try await session.data(for: post)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(data.prefix(17) == Data("POST /post 200000".utf8))
    }

    @Test(arguments: [
        (["-s", "-i", "PATH/get"], "GET /get 0"),
        (["-s", "-i", "-I", "PATH/head"], "HTTP/1.1 200 OK"),
        (["-s", "-i", "--http1.0", "PATH/old"], "GET /old 0"),
        (
            ["-s", "-i", "-H", "Transfer-Encoding: chunked", "--data-binary", "chunky", "PATH/chunked"],
            "POST /chunked 6"
        ),
        // curl sends Expect: 100-continue for bodies over 1 MiB and waits for the 100 before sending.
        (["-s", "-i", "--data-binary", "@BIGFILE", "PATH/big"], "HTTP/1.1 413"),
        (
            ["-s", "-i", "--data-binary", "@MEDIUMFILE", "-H", "Expect: 100-continue", "PATH/medium"],
            "POST /medium 500000"
        ),
        (["-s", "-i", "PATH/a", "PATH/b", "PATH/c"], "GET /c 0"),
    ])
    func curl(_ arguments: [String], _ expected: String) throws {
        guard let curl = Self.curlPath else { return }  // no curl here: nothing to compare against
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let big = directory.appendingPathComponent("big").path
        let medium = directory.appendingPathComponent("medium").path
        _ = FileManager.default.createFile(atPath: big, contents: Data(repeating: 0x61, count: 2 * 1024 * 1024))
        _ = FileManager.default.createFile(atPath: medium, contents: Data(repeating: 0x61, count: 500_000))
        try withServer { server in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: curl)
            process.arguments =
                ["--max-time", "10"]
                + arguments.map {
                    $0.replacingOccurrences(of: "PATH", with: "http://127.0.0.1:\(server.port)")
                        .replacingOccurrences(of: "BIGFILE", with: big)
                        .replacingOccurrences(of: "MEDIUMFILE", with: medium)
                }
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let text = String(decoding: data, as: UTF8.self)
            #expect(process.terminationStatus == 0, "\(text)")
            #expect(text.contains(expected), "\(text)")
            #expect(!text.contains("HTTP/1.1 400"), "\(text)")
        }
    }
}
