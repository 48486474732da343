import Foundation
import SandboxHTTP
import Testing

@testable import KraviaEngine

/// Routes declare who may call them, and the router enforces it before any handler runs.
@Suite struct RouteAuthTests {
    /// A path matching a route's pattern, with a placeholder for every captured segment.
    static func path(_ route: Route) -> String {
        "/" + route.segments.map { $0.hasPrefix("{") ? "T12345678.x" : $0 }.joined(separator: "/")
    }

    @Test func everyBearerRouteRefusesARequestWithoutAValidToken() {
        let client = EngineClient()
        let bearer = Sandbox.routes.filter { $0.auth == .bearer }
        #expect(bearer.count >= 14)
        for route in bearer {
            for authorization in [nil, "Bearer forged", "Basic c2FuZGJveDpzYW5kYm94LXNlY3JldA=="] {
                var headers: HTTPHeaders = [:]
                if let authorization { headers["Authorization"] = authorization }
                let result = client.send(route.method, Self.path(route), json: [:], headers: headers)
                #expect(result.status == 401, "\(route.method) \(Self.path(route)) with \(authorization ?? "none")")
            }
        }
    }

    @Test func theControlAPIIsAdminAndOnlyIt() {
        for route in Sandbox.routes {
            let isControl = Self.path(route).hasPrefix("/__sandbox/")
            #expect((route.auth == .admin) == isControl, "\(route.method) \(Self.path(route))")
        }
        var configuration = SandboxConfiguration.testing()
        configuration.adminToken = "admin-secret"
        var client = EngineClient(sandbox: Sandbox(configuration: configuration))
        for route in Sandbox.routes where route.auth == .admin {
            let path = Self.path(route)
            let answer = client.send(route.method, path, json: [:])
            if DashboardAccess.openPaths.contains(path) {
                // The token prompt and what it is drawn with; posting it without the token is refused.
                #expect(answer.status == (route.method == "GET" ? 200 : 401), "\(route.method) \(path)")
            } else if DashboardAccess.isDashboardPath(path), route.method == "GET", !path.hasSuffix("/live") {
                // A dashboard page sends a browser to the token prompt instead of showing anything.
                #expect(answer.status == 303, "\(route.method) \(path)")
                #expect(answer.response.headers["Location"]?.hasPrefix(DashboardAccess.prefix + "/login?next=") == true)
            } else {
                #expect(answer.status == 401, "\(route.method) \(path)")
            }
        }
        client.token = "admin-secret"
        #expect(client.send("GET", "/__sandbox/health").status == 200)
        #expect(client.send("GET", "/__sandbox/nothing-here").status == 404)
    }

    @Test func theBearerParserIsOneForEveryone() {
        #expect(BearerCredential.token(in: "Bearer abc") == "abc")
        #expect(BearerCredential.token(in: "bEaReR  abc \t") == "abc")
        #expect(BearerCredential.token(in: "Bearer ") == nil)
        #expect(BearerCredential.token(in: "Basic abc") == nil)
        #expect(BearerCredential.token(in: "Bearerabc") == nil)
        #expect(BearerCredential.token(in: nil) == nil)
    }
}
