import SandboxHTTP

/// One layer around routing: it may answer a request itself, or pass it on to `next` and look at the answer.
protocol Middleware: Sendable {
    func respond(to context: RequestContext, next: (RequestContext) -> HTTPResponse) -> HTTPResponse
}

/// The layers every request passes through on its way to its endpoint, the journal outermost. Composed by
/// their types, not as an array of `any Middleware`: each layer's call is then direct and its `next` a closure
/// the compiler can see into (through the array, each layer was a dynamic call and a closure made per request).
struct Layers: Sendable {
    let journal: JournalRecorder
    let requestId: RequestIdStamp
    let adminGate: AdminTokenGate
    let faults: APIFaultInjector

    /// Sends `context` through the layers in order, and finally to `endpoint`.
    func respond(to context: RequestContext, endpoint: (RequestContext) -> HTTPResponse) -> HTTPResponse {
        journal.respond(to: context) { context in
            requestId.respond(to: context) { context in
                adminGate.respond(to: context) { context in
                    faults.respond(to: context, next: endpoint)
                }
            }
        }
    }
}
