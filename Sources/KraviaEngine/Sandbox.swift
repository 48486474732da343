import SandboxHTTP
import Foundation
import Synchronization

/// The emulated Dintero Checkout with Kravia invoices: a `request -> response` function with its state.
///
/// Thread-safe: all state sits behind one lock; timed work runs in sandbox time.
public final class Sandbox: HTTPHandler, Sendable {
    /// What the sandbox was started with.
    public let configuration: SandboxConfiguration
    /// Sandbox time.
    public let clock: SandboxClock
    /// Every generated id and secret comes from here, so a seed makes them reproducible.
    public let ids: IdentifierGenerator
    let state: Locked<SandboxState>
    let router: Router
    /// The scenarios checkouts select from, in listing order.
    let scenarios: [Scenario]
    /// Sends callback attempts (HTTP unless the configuration injects another transport).
    let callbackTransport: any CallbackTransport
    /// Callback delivery ids: a stream of their own, so queuing callbacks does not shift the seeded ids of
    /// transactions, events and the rest (golden payloads stay the same whether or not a callback URL is set).
    let callbackIds: IdentifierGenerator
    /// Where callback attempts wait and run, one serial lane per transaction.
    let callbackLanes = CallbackLanes()
    /// Runs the timeline in the background while the clock is running.
    let timelineRunner = TimelineRunner()
    /// Held while jobs are taken off the timeline and carried out, so only one thread runs the timeline at a
    /// time and a job is never between "taken" and "started" when someone else looks.
    let timelineTurn = Mutex(())
    let journal: Journal
    /// Issued access tokens, apart from the state: checked on every `/v1` call, kept by resets.
    let tokens = Locked<[String: AccessToken]>([:])
    /// Set once a transaction or a default uses a scenario with API faults; until then no request pays for
    /// looking faults up.
    let faultsArmed = Atomic<Bool>(false)

    /// Creates a sandbox with the configured accounts and an empty store.
    public init(configuration: SandboxConfiguration = SandboxConfiguration()) {
        self.configuration = configuration
        self.clock = SandboxClock(frozenAt: configuration.frozenClock)
        self.ids = IdentifierGenerator(seed: configuration.seed)
        self.state = Locked(SandboxState())
        self.router = Router(Self.routes)
        self.scenarios = configuration.scenarios
        self.callbackIds = IdentifierGenerator(seed: configuration.seed.map { $0 ^ 0xCA11_BAC5_CA11_BAC5 })
        self.callbackTransport =
            configuration.callbackTransport ?? HTTPCallbackTransport(timeout: configuration.callbackTimeout)
        self.journal = Journal(
            limit: configuration.journalLimit, filePath: configuration.journalFile, log: configuration.log)
        state.withLock { state in
            for settings in configuration.accounts { state.accounts[settings.accountId] = makeAccount(settings) }
        }
    }

    deinit {
        timelineRunner.stop()
    }

    /// Runs `body` with exclusive access to the state.
    func withState<T>(_ body: (inout SandboxState) throws -> T) rethrows -> T {
        try state.withLock { try body(&$0) }
    }

    func makeAccount(_ settings: AccountSettings) -> Account {
        let prefix = ids.token(length: 5).uppercased().map { "0OIL".contains($0) ? "X" : $0 }
        return Account(
            settings: settings, creditor: Creditor(id: ids.digits(6), invoicePrefix: String(prefix)))
    }

    /// Answers one request: routes it, turns thrown `APIError`s into Dintero-shaped bodies, stamps `request-id`.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        let started = SandboxClock.wallNow()
        let startedUptime = DispatchTime.now().uptimeNanoseconds
        let context = RequestContext(
            request: request, parameters: [:], requestId: ids.uuid(), now: clock.now(),
            baseURL: baseURL(for: request))
        var response = adminTokenFault(for: context) ?? apiFault(for: context) ?? route(context)
        response.headers["request-id"] = context.requestId
        record(inbound: context, response: response, started: started, startedUptime: startedUptime)
        return response
    }

    private func route(_ context: RequestContext) -> HTTPResponse {
        let request = context.request
        let response: HTTPResponse
        switch router.match(method: request.method, path: request.path) {
        case .found(let route, let parameters):
            var routed = context
            routed.parameters = parameters
            do {
                response = Self.render(try route.handler(self, routed))
            } catch let error as APIError {
                response = Self.render(error)
            } catch {
                response = Self.render(APIError.internalError("\(error)"))
            }
        case .methodNotAllowed(let allowed):
            response = Self.render(APIError.methodNotAllowed(request.method, allowed: allowed))
        case .notFound:
            response = Self.render(APIError.notFound("No endpoint \(request.method) \(request.path)"))
        }
        return response
    }

    /// The base URL for links in responses: the configured one, else `http://` plus the request's Host.
    func baseURL(for request: HTTPRequest) -> String {
        if let configured = configuration.baseURL { return configured }
        return "http://" + (request.headers["Host"] ?? "127.0.0.1:8080")
    }

    static func render(_ result: EndpointResult) -> HTTPResponse {
        switch result {
        case .json(let value, let status): json(value, status: status)
        case .jsonData(let data):
            HTTPResponse(status: 200, headers: ["Content-Type": "application/json; charset=utf-8"], body: data)
        case .response(let response): response
        }
    }

    static func render(_ error: APIError) -> HTTPResponse {
        var response = json(error.json, status: error.status)
        for (name, value) in error.headers { response.headers.add(name, value) }
        return response
    }

    static func json(_ value: JSONValue, status: Int = 200) -> HTTPResponse {
        HTTPResponse(
            status: status, headers: ["Content-Type": "application/json; charset=utf-8"],
            body: JSONSerializer.data(value))
    }
}
