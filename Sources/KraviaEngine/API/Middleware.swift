import SandboxHTTP

/// One layer around routing: it may answer a request itself, or pass it on to `next` and look at the answer.
protocol Middleware: Sendable {
    func respond(to context: RequestContext, next: (RequestContext) -> HTTPResponse) -> HTTPResponse
}

extension Array where Element == any Middleware {
    /// Sends `context` through the layers in order, the first outermost, and finally to `endpoint`.
    func respond(to context: RequestContext, endpoint: (RequestContext) -> HTTPResponse) -> HTTPResponse {
        func layer(_ index: Int, _ context: RequestContext) -> HTTPResponse {
            guard index < count else { return endpoint(context) }
            return self[index].respond(to: context) { layer(index + 1, $0) }
        }
        return layer(0, context)
    }
}
