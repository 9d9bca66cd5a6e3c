import KimCore

/// The kinds of atomic value that can stand inside running text.
///
/// A value keeps its own left-to-right order inside right-to-left text (a phone number in an Arabic
/// sentence reads `+49 2521 85-1234`, not `1234-85 2521 49+`) and is never broken across lines
/// unless it alone is wider than the line.
public enum ValueKind: String, Sendable, CaseIterable, Codable {
    case phone, email, url, date, number
    case fileNumber = "file"
    /// A value of no particular kind (a name, a code): its direction comes from its own first
    /// strong character.
    case value

    /// The isolate that opens the value: LRI for kinds that are always written left to right,
    /// FSI (direction from the value's first strong character) for the rest.
    var openingIsolate: Unicode.Scalar {
        switch self {
        case .phone, .email, .url, .date, .number: return "\u{2066}"  // LEFT-TO-RIGHT ISOLATE
        case .fileNumber, .value: return "\u{2068}"  // FIRST STRONG ISOLATE
        }
    }
}

/// A piece of paragraph text: plain, or an atomic value.
public struct InlineSpan: Sendable, Equatable {
    public var text: String
    public var value: ValueKind?

    public init(_ text: String, value: ValueKind? = nil) {
        self.text = text
        self.value = value
    }
}

/// The content of one paragraph: spans of text, some marked as values.
public struct InlineText: Sendable, Equatable, ExpressibleByStringLiteral {
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

/// Stage 1, collect: the paragraph as one UTF-16 buffer, values wrapped in bidi isolates.
///
/// All later stages index this buffer (UTF-16 offsets). The isolate characters take part in bidi
/// resolution only; they get no glyphs and do not reach the PDF text.
struct CollectedText {
    /// UTF-16 units of the paragraph, isolates included.
    var units: [UInt16] = []
    /// Each value: its content range (without the isolates) and kind.
    var values: [(range: Range<Int>, kind: ValueKind)] = []
    /// For each UTF-16 unit, the 1-based position of its character in the text as given
    /// (0 for inserted isolates); error messages use it.
    var sourcePosition: [Int] = []

    init(_ text: InlineText) {
        var position = 0
        func append(_ s: String, counted: Bool) {
            for scalar in s.unicodeScalars {
                if counted { position += 1 }
                for u in String(scalar).utf16 {
                    units.append(u)
                    sourcePosition.append(counted ? position : 0)
                }
            }
        }
        for span in text.spans {
            guard let kind = span.value else {
                append(span.text, counted: true)
                continue
            }
            append(String(kind.openingIsolate), counted: false)
            let start = units.count
            append(span.text, counted: true)
            values.append((start..<units.count, kind))
            append("\u{2069}", counted: false)  // POP DIRECTIONAL ISOLATE
        }
    }

    /// The value whose content contains `offset`, if any.
    func value(containing offset: Int) -> (range: Range<Int>, kind: ValueKind)? {
        values.first { $0.range.contains(offset) }
    }

    /// The Unicode scalar starting at a UTF-16 offset.
    func scalar(at i: Int) -> Unicode.Scalar {
        let u = units[i]
        if UTF16.isLeadSurrogate(u), i + 1 < units.count {
            let v = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(units[i + 1]) - 0xDC00)
            return Unicode.Scalar(v) ?? "\u{FFFD}"
        }
        return Unicode.Scalar(UInt32(u)) ?? "\u{FFFD}"
    }

    /// The scalars of the buffer with their UTF-16 offsets.
    var scalars: [(offset: Int, scalar: Unicode.Scalar)] {
        var out: [(Int, Unicode.Scalar)] = []
        var i = 0
        while i < units.count {
            let s = scalar(at: i)
            out.append((i, s))
            i += s.utf16.count
        }
        return out
    }

    func string(_ range: Range<Int>) -> String { String(decoding: units[range], as: UTF16.self) }
}
