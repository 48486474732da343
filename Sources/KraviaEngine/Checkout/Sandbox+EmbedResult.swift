import SandboxSupport

extension Sandbox {
    /// `GET /embedResult/?sid=…&merchant_reference=…&transaction_id=…[&error=…]&language=…&sdk=…`: where the Web
    /// SDK points its iframe once the checkout posted its outcome. A short panel in the shop's language that
    /// reports its height like the checkout.
    func showEmbedResult(_ context: RequestContext) throws -> EndpointResult {
        let options = CheckoutViewOptions(context.request)
        let sid = context.query("sid") ?? ""
        let error = context.query("error").flatMap { $0.isEmpty ? nil : $0 }
        let transactionId = context.query("transaction_id").flatMap { $0.isEmpty ? nil : $0 }
        let found = ledger.read { ledger -> (Session, String, Transaction?)? in
            guard let session = ledger[session: sid] else { return nil }
            return (
                session, ledger.merchantName(of: session.accountId), transactionId.flatMap { ledger[transaction: $0] }
            )
        }
        let page = checkoutPage(found?.0, id: sid, merchantName: found?.1 ?? "Kravia Sandbox", options: options)
        let outcome = EmbeddedOutcome(
            error: error, status: found?.2?.status, transactionId: transactionId,
            merchantReference: context.query("merchant_reference") ?? "", href: "")
        let reference = context.query("merchant_reference").flatMap { $0.isEmpty ? nil : $0 }
        let main = page.resultPanel(kind: outcome.kind, textKey: outcome.textKey, reference: reference)
        return Self.html(page.document(state: "result", titleKey: "result.\(outcome.kind).heading", main: main))
    }
}

extension CheckoutPage {
    /// The embedded checkout's last page: the outcome panel, and the event for the script to post.
    func outcomeDocument(_ outcome: EmbeddedOutcome) -> String {
        document(
            state: "outcome", titleKey: "result.\(outcome.kind).heading", main: outcomePanel(outcome),
            event: outcome.event)
    }
}
