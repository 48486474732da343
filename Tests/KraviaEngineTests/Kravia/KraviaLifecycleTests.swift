import Testing

@testable import KraviaEngine

/// The two models' table of what each state allows: every rule that depends on a state asks it.
@Suite struct KraviaLifecycleTests {
    typealias Row = (status: TransactionStatus, allowed: Set<KraviaLifecycle.Operation>)

    static let captured: [Row] = [
        (.initiated, []), (.onHold, [.release]), (.captured, [.refund, .settle, .pay]),
        (.partiallyRefunded, [.refund, .settle, .pay]), (.refunded, []), (.settled, []), (.failed, []),
    ]

    static let authorized: [Row] = [
        (.initiated, []), (.onHold, [.release, .void]), (.authorized, [.void, .capture, .pay]),
        (.partiallyCaptured, [.settle, .pay]), (.captured, [.settle]), (.authorizationVoided, []), (.failed, []),
    ]

    @Test(arguments: [(KraviaLifecycle.captured, captured), (.authorized, authorized)])
    func eachStateAllowsExactlyItsOperations(lifecycle: KraviaLifecycle, table: [Row]) {
        for row in table {
            let allowed = Set(KraviaLifecycle.Operation.allCases.filter { lifecycle.allows($0, in: row.status) })
            #expect(allowed == row.allowed, "\(lifecycle) \(row.status)")
        }
    }

    @Test func registrationAndPaymentsMoveTheStateAsEachModelSays() {
        #expect(KraviaLifecycle.captured.registeredStatus == .captured)
        #expect(KraviaLifecycle.authorized.registeredStatus == .authorized)
        #expect(KraviaLifecycle.captured.status(afterPaying: 100, of: 100, from: .captured) == .captured)
        #expect(KraviaLifecycle.authorized.status(afterPaying: 40, of: 100, from: .authorized) == .partiallyCaptured)
        #expect(KraviaLifecycle.authorized.status(afterPaying: 100, of: 100, from: .partiallyCaptured) == .captured)
        #expect(KraviaLifecycle.captured.status(afterSettling: .partiallyRefunded) == .settled)
        #expect(KraviaLifecycle.authorized.status(afterSettling: .captured) == .captured)
    }

    @Test func namesAreDinteros() {
        #expect(
            TransactionStatus.allCases.map(\.rawValue) == [
                "INITIATED", "ON_HOLD", "AUTHORIZED", "PARTIALLY_CAPTURED", "CAPTURED", "PARTIALLY_REFUNDED",
                "REFUNDED", "SETTLED", "FAILED", "AUTHORIZATION_VOIDED",
            ])
        #expect(KraviaLifecycle.allCases.map(\.rawValue) == ["captured", "authorized"])
    }
}
