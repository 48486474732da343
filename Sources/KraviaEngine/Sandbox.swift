import Foundation
import SandboxHTTP

/// The emulated Dintero Checkout with Kravia invoices: a `request -> response` function with its state.
///
/// The composition root: it builds the owners and wires them together, and answers requests through a chain
/// of layers (journal, `request-id`, admin gate, API faults) in front of the router. What the sandbox holds is
/// the `Ledger`, behind the one lock of its `LedgerStore`; the domain's rules are the ledger's methods.
///
/// Lock order, outermost first: the timeline's turn (`TimelineRunner`) → the ledger → the leaves (the token
/// store, the journal, the callback lanes, the runner's condition, the id generators). Effects of a ledger
/// operation run after its lock is released; callback attempts are sent with nothing locked.
public final class Sandbox: HTTPHandler, Sendable {
    /// What the sandbox was started with.
    public let configuration: SandboxConfiguration
    /// Sandbox time.
    public let clock: SandboxClock
    /// Every generated id and secret comes from here, so a seed makes them reproducible.
    public let ids: IdentifierGenerator
    let ledger: LedgerStore
    let tokens = TokenStore()
    let dispatcher: CallbackDispatcher
    let timelineRunner = TimelineRunner()
    let journal: Journal
    /// The data folder of a durable sandbox (`--data`), holding its lock.
    let dataFolder: DataFolder?
    let router: Router
    let healthDocument: HealthDocument
    private let layers: Layers

    /// Creates a sandbox with the configured accounts and an empty store, or, with a `dataDirectory`, what the
    /// folder holds (a folder that cannot be opened stops the process: `init(opening:)` throws instead).
    public convenience init(configuration: SandboxConfiguration = SandboxConfiguration()) {
        do {
            try self.init(opening: configuration)
        } catch {
            fatalError("\(error)")
        }
    }

    /// Creates a sandbox; with a `dataDirectory`, from what the folder holds (snapshot and log replayed).
    /// - Throws: `StorageError` when the folder is in use by another sandbox, damaged, or of a newer format.
    public init(opening configuration: SandboxConfiguration) throws {
        self.configuration = configuration
        self.clock = SandboxClock(frozenAt: configuration.frozenClock)
        self.ids = IdentifierGenerator(seed: configuration.seed)
        let callbackIds = IdentifierGenerator(seed: configuration.seed.map { $0 ^ 0xCA11_BAC5_CA11_BAC5 })
        let environment = LedgerEnvironment(
            ids: ids, callbackIds: callbackIds,
            scenarios: configuration.scenarios, defaultLifecycle: configuration.kraviaLifecycle,
            settlementDelay: configuration.settlementDelay)
        let folder = try configuration.dataDirectory.map { try DataFolder(opening: $0, configuration: configuration) }
        var ledger: Ledger
        if let stored = folder?.stored, let process = stored.process {
            ledger = Ledger(environment: environment, image: stored.ledger)
            clock.restore(process.clock)
            ids.position = process.ids
            callbackIds.position = process.callbackIds
            tokens.restore(stored.tokens)
        } else {
            ledger = Ledger(environment: environment)
            for settings in configuration.accounts { ledger.openAccount(settings, at: clock.now()) }
        }
        let log = try folder.map { [clock, ids] folder in
            try folder.startLog {
                ProcessState(clock: clock.setting, ids: ids.position, callbackIds: callbackIds.position)
            }
        }
        self.dataFolder = folder
        self.ledger = LedgerStore(ledger, runner: timelineRunner, log: log)
        self.journal = Journal(
            limit: configuration.journalLimit, filePath: configuration.journalFile, log: configuration.log,
            maximumAwaits: configuration.maximumJournalAwaits)
        self.dispatcher = CallbackDispatcher(
            ledger: self.ledger, clock: clock, journal: journal,
            transport: configuration.callbackTransport
                ?? HTTPCallbackTransport(timeout: configuration.callbackTimeout),
            webhookTransport: configuration.callbackTransport
                ?? HTTPCallbackTransport(timeout: configuration.webhookTimeout),
            retry: configuration.callbackRetry, webhookRetry: configuration.webhookRetry)
        self.router = Router(Self.routes)
        self.healthDocument = HealthDocument(
            scenarios: configuration.scenarios, version: Self.version,
            defaultLifecycle: configuration.kraviaLifecycle.rawValue, journalFile: configuration.journalFile,
            journalFileError: journal.fileError?.description, journalLimit: configuration.journalLimit)
        self.layers = Layers(
            journal: JournalRecorder(journal: journal, healthDocument: healthDocument), requestId: RequestIdStamp(),
            adminGate: AdminTokenGate(token: configuration.adminToken),
            faults: APIFaultInjector(ledger: self.ledger, tokens: tokens))
        timelineRunner.attach { [weak self] in self?.runDueJobsInBackground() }
        if let folder { try resume(from: folder) }
    }

    deinit {
        timelineRunner.stop()
        ledger.log?.close()
    }

    /// Answers one request: through the layers to its route; thrown `APIError`s become Dintero-shaped bodies.
    ///
    /// The route is matched and the bearer token read before the layers run, so the context is made once with
    /// its parameters and account (copying it to fill them in retained each of its strings again); a refused
    /// token is still answered where the route would run, after the layers.
    public func handle(_ request: consuming HTTPRequest) -> HTTPResponse {
        let path = request.path
        let memo = RequestMemo.of(request.connectionMemo)
        let match =
            memo?.match(method: request.method, path: path, in: router)
            ?? router.match(method: request.method, path: path)
        var found: RouteMatch?
        var accountId = ""
        // An optional error rather than a `Result`: a `Result` was copied and destroyed through generic witnesses.
        var refusal: APIError?
        if case .found(let routeMatch) = match {
            found = routeMatch
            let authorization = request.headers["Authorization"]
            switch routeMatch.route.auth {
            case .bearer,
                .bearerIfPresent where authorization != nil:
                do throws(APIError) {
                    if let memo {
                        accountId = try tokens.authenticate(authorization, memo: &memo.token)
                    } else {
                        accountId = try tokens.authenticate(authorization)
                    }
                } catch {
                    refusal = error
                }
            case .none, .admin, .bearerIfPresent: break
            }
        }
        let context = RequestContext(
            request: consume request, path: path, match: found, requestId: ids.requestId(), now: clock.now(),
            baseURL: configuration.baseURL, accountId: accountId, memo: memo)
        return layers.respond(to: context) { self.route($0, match, refusal) }
    }

    private func route(_ context: RequestContext, _ match: Router.Match, _ refusal: APIError?) -> HTTPResponse {
        let request = context.request
        switch match {
        case .found(let found):
            do {
                if let refusal { throw refusal }
                return try found.route.handler(self, context).response
            } catch let error as APIError {
                return error.response
            } catch {
                return APIError.internalError("\(error)").response
            }
        case .methodNotAllowed(let allowed):
            return APIError.methodNotAllowed(request.method, allowed: allowed).response
        case .notFound:
            return APIError.notFound("No endpoint \(request.method) \(context.path)").response
        }
    }

    /// Every endpoint the sandbox answers, Dintero's first, then the control API.
    static var routes: [Route] {
        authRoutes + sessionRoutes + merchantPaymentRoutes + transactionRoutes + signatureRoutes + profileRoutes
            + settlementRoutes + reportConfigurationRoutes + webhookRoutes
            + fileRoutes + hostedPageRoutes + completionRoutes + controlRoutes + tokenControlRoutes
            + callbackRoutes + clockRoutes + scenarioRoutes + invoiceRoutes + journalRoutes + transactionControlRoutes
            + dashboardRoutes
    }
}
