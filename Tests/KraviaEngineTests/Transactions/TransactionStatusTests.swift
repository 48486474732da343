import Testing

@testable import KraviaEngine

/// The table of what each state allows, which refunds, releases and settlements ask instead of comparing strings.
@Suite struct TransactionStatusTests {
    @Test(arguments: [
        (TransactionStatus.initiated, [false, false, false]),
        (.onHold, [false, true, false]),
        (.captured, [true, false, true]),
        (.partiallyRefunded, [true, false, true]),
        (.refunded, [false, false, false]),
        (.settled, [false, false, false]),
        (.failed, [false, false, false]),
    ])
    func allows(status: TransactionStatus, refundReleaseSettle: [Bool]) {
        let operations: [TransactionStatus.Operation] = [.refund, .release, .settle]
        #expect(operations.map(status.allows) == refundReleaseSettle)
    }

    @Test func namesAreDinteros() {
        #expect(
            TransactionStatus.allCases.map(\.rawValue) == [
                "INITIATED", "ON_HOLD", "CAPTURED", "PARTIALLY_REFUNDED", "REFUNDED", "SETTLED", "FAILED",
            ])
    }
}
