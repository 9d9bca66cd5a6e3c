internal import CCairo

/// A Cairo or FreeType call that failed.
public struct RenderError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public var description: String { message }

    init(_ message: String) { self.message = message }

    static func check(_ status: cairo_status_t, _ what: @autoclosure () -> String) throws {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw RenderError("Cairo failed to \(what()): \(String(cString: cairo_status_to_string(status)))")
        }
    }
}
