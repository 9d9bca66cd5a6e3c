/// A problem in a PO file, located to file, line and column (1-based), with what to do.
public struct POError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int
    public let message: String

    public var description: String { "\(file):\(line):\(column): error: \(message)" }
}
