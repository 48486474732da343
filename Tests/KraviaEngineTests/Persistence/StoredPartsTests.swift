import Testing

@testable import KraviaEngine

/// Every stored property of the ledger and of an account book is kept by the storage format: a property added
/// without a place in `AccountBook+StoredParts` or `LedgerImage` fails here, instead of being silently forgotten
/// by restarts.
struct StoredPartsTests {
    @Test func everyStoredPropertyOfAnAccountBookIsStored() {
        let book = AccountBook(account: Account(settings: .standard, creditor: Creditor(id: "1", invoicePrefix: "X")))
        let properties = Set(Mirror(reflecting: book).children.compactMap(\.label))
        // Bookkeeping of the log itself, not the account's.
        let bookkeeping: Set = ["partsChanged", "incarnation", "loggedAccount"]
        let stored = Set(AccountBook.CodingKeys.allCases.map(\.stringValue))
        #expect(properties.subtracting(bookkeeping) == stored)
        // The creditor is part of the account, logged on its own when only it changed.
        let parts = Set(Mirror(reflecting: book.parts(withAccount: true)).children.compactMap(\.label)).subtracting([
            "creditor"
        ])
        let delta = Set(
            Mirror(
                reflecting: BookDelta(
                    accountId: "", parts: nil, sessions: [], transactions: [], invoices: [], invoiceFiles: [],
                    debtorIds: [],
                    deliveries: [], settlements: [], subscriptions: [], reportConfigurations: [])
            ).children.compactMap(\.label))
        // Each stored part is in the parts logged whole or in a store logged element by element.
        #expect(stored == parts.union(delta.subtracting(["accountId", "parts"])))
        #expect(parts.isDisjoint(with: delta))
    }

    @Test func everyStoredPropertyOfTheLedgerIsStored() {
        let ledger = Sandbox(configuration: .testing()).ledger.read { $0 }
        let properties = Set(Mirror(reflecting: ledger).children.compactMap(\.label))
        // What operations draw on (configuration, not state) and what they leave for after the lock.
        let notState: Set = ["environment", "effects", "globalsChanged"]
        let image = ledger.image
        let imageParts = Set(Mirror(reflecting: image).children.compactMap(\.label))
        let globals = Set(Mirror(reflecting: image.globals).children.compactMap(\.label))
        #expect(imageParts == ["books", "timeline", "nextTimelineSequence", "globals"])
        #expect(properties.subtracting(notState) == Set(["books", "timeline"]).union(globals))
    }
}
