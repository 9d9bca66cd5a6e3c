/// A language as kimdoc uses it: a BCP 47 tag such as `de`, `ar`, `fa`, `ti`, `ku`.
///
/// Everything kimdoc needs to know about a language beyond its tag (direction, script, exemplar
/// characters, line-break rules) comes from ICU's locale data (see `KimUnicode.LocaleInfo`), so a
/// new language is a data change: a line in `Translations/languages.json` and a catalog.
public struct Language: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    /// The BCP 47 tag, e.g. `fa` or `ku-Latn`.
    public let tag: String

    public init(_ tag: String) { self.tag = tag }

    /// The tag in ICU's locale form (`_` separators), for the C wrappers.
    public var icuLocale: String { tag.utf8.contains(UInt8(ascii: "-")) ? String(tag.map { $0 == "-" ? "_" : $0 }) : tag }

    public var description: String { tag }

    public static func < (a: Language, b: Language) -> Bool { a.tag < b.tag }

    public init(from decoder: any Decoder) throws {
        tag = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(tag)
    }
}

/// The inline direction of a paragraph or run.
public enum TextDirection: String, Sendable, Codable, CaseIterable {
    case leftToRight = "ltr"
    case rightToLeft = "rtl"
}

/// How a paragraph's base direction is chosen.
public enum DirectionPolicy: Sendable, Hashable {
    /// From the language (Arabic and Persian are right to left).
    case fromLanguage
    /// From the first strong character of the text (UAX #9 rules P2–P3), left to right if none.
    case firstStrong
    /// Fixed.
    case fixed(TextDirection)
}
