import Foundation
import SandboxHTTP

/// What the sandbox keeps of a connection's last request, in the transport's `ConnectionMemo`: the route its
/// method and path matched, the account its `Authorization` header stood for, and the last transaction read. A
/// keep-alive client polling a transaction sends the same request line and token every time; finding them equal
/// to the last ones is a string comparison each, where matching the route, looking the token up and reading the
/// ledger were some 4,500 instructions a request. The routes never change; the token's memo is checked against
/// the token store's changes, the transaction's against the books' revision. Used by one request at a time, as
/// its `ConnectionMemo` is: what `@unchecked Sendable` stands for.
final class RequestMemo: @unchecked Sendable {
    @exclusivity(unchecked) private var method = ""
    @exclusivity(unchecked) private var path = ""
    @exclusivity(unchecked) private var match = Router.Match.notFound
    /// The connection's last authentication.
    @exclusivity(unchecked) var token = TokenStore.Memo()
    /// The last transaction read from the books: whose, which, at which revision of the books, and its JSON.
    @exclusivity(unchecked) private var transaction: (accountId: String, id: String, revision: UInt64, json: Data)?

    /// The memo kept on `connection`, made on its first request; nil for a request not read from a connection.
    static func of(_ connection: ConnectionMemo?) -> RequestMemo? {
        connection?.value(orMake: RequestMemo.init)
    }

    /// The route of `method` and `path`: the last request's when both are the same, else `router`'s (remembered).
    func match(method: String, path: String, in router: Router) -> Router.Match {
        if method == self.method, path == self.path { return match }
        match = router.match(method: method, path: path)
        self.method = method
        self.path = path
        return match
    }

    /// The JSON of transaction `id` of `accountId` as this connection last read it, while the books are unchanged.
    func transactionJSON(_ id: String, of accountId: String, in ledger: LedgerStore) -> Data? {
        // Compared where they are: bound to a name, the remembered parts were retained and released each time.
        guard transaction?.id == id, transaction?.accountId == accountId, let revision = transaction?.revision,
            ledger.booksUnchanged(since: revision)
        else { return nil }
        return transaction?.json
    }

    /// Keeps the JSON of transaction `id` of `accountId`, read from the books at `revision`.
    func remember(transaction id: String, of accountId: String, revision: UInt64, json: Data) {
        transaction = (accountId, id, revision, json)
    }
}
