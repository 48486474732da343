import SandboxHTTP
import SandboxSupport

/// The paging and filter parameters Dintero's list endpoints share.
struct ListQuery {
    var limit: Int
    var startingAfter: String?
    var createdFrom: Timestamp?
    var createdTo: Timestamp?
    var search: String?
    private var items: [(name: String, value: String)]

    init(_ request: HTTPRequest) throws(APIError) {
        items = request.queryItems
        var validation = Validation()
        limit = 10
        if let text = items.first(where: { $0.name == "limit" })?.value {
            if let number = Int(text), (1...100).contains(number) {
                limit = number
            } else {
                validation.fail("limit", "expected an integer between 1 and 100, got \"\(text)\"")
            }
        }
        startingAfter = items.first { $0.name == "starting_after" }?.value
        search = items.first { $0.name == "search" }?.value
        for (name, keyPath) in [("created_at.gte", \ListQuery.createdFrom), ("created_at.lte", \ListQuery.createdTo)] {
            guard let text = items.first(where: { $0.name == name })?.value else { continue }
            if let instant = Timestamp(iso8601: text) {
                self[keyPath: keyPath] = instant
            } else {
                validation.fail(name, "expected an ISO 8601 date-time, got \"\(text)\"")
            }
        }
        try validation.check()
    }

    /// Every value of `name` and `name[]`, with comma-separated lists split.
    func values(_ name: String) -> [String] {
        items.filter { $0.name == name || $0.name == name + "[]" }
            .flatMap { $0.value.split(separator: ",").map(String.init) }
    }

    func matchesIds(_ id: String) -> Bool {
        let wanted = values("id")
        return wanted.isEmpty || wanted.contains(id)
    }

    func matchesCreated(_ instant: Timestamp) -> Bool {
        (createdFrom.map { instant >= $0 } ?? true) && (createdTo.map { instant <= $0 } ?? true)
    }

    func matchesSearch(_ fields: [String]) -> Bool {
        guard let search, !search.isEmpty else { return true }
        let needle = search.lowercased()
        return fields.contains { $0.lowercased().contains(needle) }
    }
}
