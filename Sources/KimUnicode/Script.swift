internal import CICU

/// A Unicode script (ICU's UScriptCode), e.g. Arabic, Latin, Ethiopic.
public struct Script: Hashable, Sendable, CustomStringConvertible {
    public let code: Int32

    public init(code: Int32) { self.code = code }

    public static let common = Script(code: 0)
    public static let inherited = Script(code: 1)
    public static let latin = Script(code: 25)  // USCRIPT_LATIN

    /// Common and Inherited characters (digits, punctuation, spaces, marks) belong to no script of
    /// their own and take their neighbours'.
    public var isShared: Bool { code == 0 || code == 1 }

    /// ISO 15924 code, e.g. "Arab"; HarfBuzz takes this.
    public var isoCode: String { kim_script_short_name(code).map { String(cString: $0) } ?? "Zzzz" }
    /// Unicode name, e.g. "Arabic".
    public var name: String { kim_script_long_name(code).map { String(cString: $0) } ?? "Unknown" }
    public var description: String { name }

    /// The script of a code point. Unassigned code points count as Unknown (ICU's Zzzz).
    public static func of(_ scalar: Unicode.Scalar) -> Script {
        var status: Int32 = 0
        let c = kim_script_of(scalar.value, &status)
        return status > 0 ? Script(code: 103) : Script(code: c)  // 103 = USCRIPT_UNKNOWN
    }

    /// Whether the code point is used with `script` (its Script_Extensions), e.g. the Arabic comma
    /// with Persian's Arabic script.
    public func isUsed(with scalar: Unicode.Scalar) -> Bool { kim_script_has(scalar.value, code) != 0 }

    /// The script for an ISO 15924 code (case-insensitive), if ICU knows it.
    public init?(isoCode: String) {
        guard isoCode.count == 4 else { return nil }
        let c = kim_script_code(isoCode)
        guard c >= 0 else { return nil }
        self.code = c
    }
}

public enum PairedBracket {
    case open(closing: Unicode.Scalar)
    case close(opening: Unicode.Scalar)

    /// Whether the character is an opening or closing bracket (Bidi_Paired_Bracket_Type), with
    /// its counterpart.
    public static func of(_ scalar: Unicode.Scalar) -> PairedBracket? {
        var pair: UInt32 = 0
        let type = kim_paired_bracket(scalar.value, &pair)
        guard let other = Unicode.Scalar(pair) else { return nil }
        switch type {
        case 1: return .open(closing: other)
        case 2: return .close(opening: other)
        default: return nil
        }
    }
}

public enum CharacterNames {
    /// "U+0628 ARABIC LETTER BEH": the form kimdoc's messages use to name a character.
    public static func describe(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        let code = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        var buffer = [CChar](repeating: 0, count: 128)
        var status: Int32 = 0
        let n = kim_char_name(scalar.value, &buffer, 128, &status)
        if status > 0 || n <= 0 { return code }
        let name = String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return "\(code) \(name)"
    }
}
