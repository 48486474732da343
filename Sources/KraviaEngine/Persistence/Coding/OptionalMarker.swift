/// Tells a nil `Optional` from an empty value inside a container, where a blob of no bytes is an empty string.
protocol OptionalMarker {
    var isNil: Bool { get }
    static var nilValue: Self { get }
}

extension Optional: OptionalMarker {
    var isNil: Bool { self == nil }
    static var nilValue: Optional<Wrapped> { nil }
}
