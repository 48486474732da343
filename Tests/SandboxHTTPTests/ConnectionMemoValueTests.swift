import SandboxHTTP
import Testing

/// A connection's memo hands the handler back the record it made, and makes a new one when what it holds is not
/// of the type asked for.
struct ConnectionMemoValueTests {
    private final class Record {}
    private final class OtherRecord {}
    private class BaseRecord {}
    private final class DerivedRecord: BaseRecord {}

    @Test func theRecordMadeOnceIsHandedBackAfterwards() {
        let memo = ConnectionMemo()
        var made = 0
        let first = memo.value { () -> Record in
            made += 1
            return Record()
        }
        let second = memo.value { () -> Record in
            made += 1
            return Record()
        }
        #expect(first === second)
        #expect(made == 1)
    }

    @Test func aRecordOfAnotherTypeIsReplaced() {
        let memo = ConnectionMemo()
        let other = OtherRecord()
        memo.value = other
        let record = memo.value(orMake: Record.init)
        #expect(memo.value === record)
        // Only the exact type is handed back: a subclass's record is not taken for its base class's.
        memo.value = DerivedRecord()
        let base = memo.value(orMake: BaseRecord.init)
        #expect(type(of: base) == BaseRecord.self)
    }
}
