/// An error meant for the person running kimdoc: one sentence that says what is wrong, where
/// (file and line, character and language) and what to do about it.
public struct KimError: Error, CustomStringConvertible, Equatable, Sendable {
    public let message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
