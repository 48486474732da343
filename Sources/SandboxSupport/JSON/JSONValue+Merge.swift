extension JSONValue {
    /// This value with `override` laid over it: objects merge member by member, anything else is replaced.
    package func merging(_ override: JSONValue?) -> JSONValue {
        guard let override, !override.isNull else { return self }
        guard case .object(let base) = self, case .object(let top) = override else { return override }
        return .object(base.merging(top) { $0.merging($1) })
    }
}
