import SandboxHTTP
import Testing

/// `sharesList(with:)` tells a copy of a list from an equal list of its own, without reading either.
struct HTTPHeadersSharingTests {
    @Test func copiesShareTheirListUntilOneChanges() {
        let original: HTTPHeaders = ["Content-Type": "application/json", "Host": "h"]
        var copy = original
        copy.requestId = PackedUUID(randomHigh: 1, randomLow: 2)  // the stamp is beside the list
        #expect(copy.sharesList(with: original))
        copy["Host"] = "other"
        #expect(!copy.sharesList(with: original))
        let equal: HTTPHeaders = ["Content-Type": "application/json", "Host": "h"]
        #expect(equal == original)
        #expect(!equal.sharesList(with: original))
        #expect(HTTPHeaders().sharesList(with: [:]))  // no fields: the one empty list
    }
}
