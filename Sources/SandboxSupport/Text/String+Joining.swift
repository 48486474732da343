extension String {
    /// `first + second + third` made in one allocation: `+` allocates the intermediate string and then grows it
    /// (a request's URL in the journal is joined from three parts). The parts are appended as strings, which
    /// copies their bytes unchecked; making the string from raw bytes would check the UTF-8 again.
    package static func joining(_ first: String, _ second: String, _ third: String = "") -> String {
        var joined = ""
        joined.reserveCapacity(first.utf8.count + second.utf8.count + third.utf8.count)
        joined.append(first)
        joined.append(second)
        joined.append(third)
        return joined
    }
}
