internal import CICU

/// A failed ICU call: which wrapper function, and ICU's error name.
public struct ICUError: Error, CustomStringConvertible, Sendable {
    public let function: String
    public let code: Int32

    public var name: String { String(cString: kim_icu_error_name(code)) }
    public var description: String { "ICU error in \(function): \(name)" }

    /// Throws if `status` is an ICU failure (warnings, negative codes, pass).
    static func check(_ status: Int32, _ function: String) throws {
        if status > 0 { throw ICUError(function: function, code: status) }
    }
}
