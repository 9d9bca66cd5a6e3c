/// The kinds of atomic value that can stand inside running text.
///
/// A value keeps its own left-to-right order inside right-to-left text (a phone number in an Arabic
/// sentence reads `+49 2521 85-1234`, not `1234-85 2521 49+`) and is never broken across lines
/// unless it alone is wider than the line.
/// (Plain data shared by catalogs, which produce it, and the text engine, which lays it out.)
public enum ValueKind: String, Sendable, CaseIterable, Codable, Hashable {
    case phone, email, url, date, number
    case fileNumber = "file"
    /// A value of no particular kind (a name, a code): its direction comes from its own first
    /// strong character.
    case value

    /// The isolate that opens the value: LRI for kinds that are always written left to right,
    /// FSI (direction from the value's first strong character) for the rest.
    public var openingIsolate: Unicode.Scalar {
        switch self {
        case .phone, .email, .url, .date, .number: return "\u{2066}"  // LEFT-TO-RIGHT ISOLATE
        case .fileNumber, .value: return "\u{2068}"  // FIRST STRONG ISOLATE
        }
    }
}

/// A piece of paragraph text: plain, or an atomic value.
public struct InlineSpan: Sendable, Hashable {
    public var text: String
    public var value: ValueKind?
    /// The span's language when it differs from its paragraph's (the German line in a
    /// translated notice): tagged PDFs mark it, so a screen reader switches voice.
    public var language: Language?
    /// Client data: nothing derived from this text may be kept beyond the layout (the font
    /// index does not record which font serves its characters).
    public var isPrivate: Bool

    public init(_ text: String, value: ValueKind? = nil, language: Language? = nil, isPrivate: Bool = false) {
        self.text = text
        self.value = value
        self.language = language
        self.isPrivate = isPrivate
    }
}

/// The content of one paragraph: spans of text, some marked as values.
public struct InlineText: Sendable, Hashable, ExpressibleByStringLiteral {
    public var spans: [InlineSpan]

    public init(_ spans: [InlineSpan]) { self.spans = spans }
    public init(stringLiteral s: String) { self = InlineText.parse(markup: s) }

    /// The plain text as a reader sees it (no markup, no isolates).
    public var plainText: String { spans.map(\.text).joined() }

    /// Parses the preview markup: `[[…]]` marks a value, `[[kind:…]]` a value of a kind
    /// (phone, email, url, date, number, file, value). Without a kind the value is taken as
    /// `value` (direction from its first strong character).
    /// Example: `اتصل بنا على [[phone:+49 2521 85-1234]]`.
    public static func parse(markup: String) -> InlineText {
        var spans: [InlineSpan] = []
        var rest = Substring(markup)
        while let open = rest.range(of: "[[") {
            guard let close = rest[open.upperBound...].range(of: "]]") else { break }
            if open.lowerBound > rest.startIndex { spans.append(InlineSpan(String(rest[..<open.lowerBound]))) }
            var inner = String(rest[open.upperBound..<close.lowerBound])
            var kind = ValueKind.value
            if let colon = inner.firstIndex(of: ":"), let k = ValueKind(rawValue: String(inner[..<colon])) {
                kind = k
                inner = String(inner[inner.index(after: colon)...])
            }
            spans.append(InlineSpan(inner, value: kind))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { spans.append(InlineSpan(String(rest))) }
        return InlineText(spans)
    }
}


extension InlineText {
    /// The text, `separator`, then its German original as one span marked German (tagged PDFs
    /// read it with a German voice) and isolated, so its full stop stays at its end inside
    /// right-to-left text. The draft line of flyers, guides and forms.
    public func followed(byGerman german: String, separator: String) -> InlineText {
        InlineText(spans + [InlineSpan(separator), InlineSpan(german, value: .value, language: Language("de"))])
    }
}
