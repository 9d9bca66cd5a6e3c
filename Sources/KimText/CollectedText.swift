import KimCore

/// Stage 1, collect: the paragraph as one UTF-16 buffer, values wrapped in bidi isolates.
///
/// All later stages index this buffer (UTF-16 offsets). The isolate characters take part in bidi
/// resolution only; they get no glyphs and do not reach the PDF text.
struct CollectedText {
    /// UTF-16 units of the paragraph, isolates included.
    var units: [UInt16] = []
    /// Each value: its content range (without the isolates) and kind.
    var values: [(range: Range<Int>, kind: ValueKind)] = []
    /// Spans in another language than the paragraph's: their content ranges.
    var languages: [(range: Range<Int>, language: Language)] = []
    /// Ranges of private spans (client data), whose characters must not reach any cache.
    var privateRanges: [Range<Int>] = []
    /// For each UTF-16 unit, the 1-based position of its character in the text as given
    /// (0 for inserted isolates); error messages use it.
    var sourcePosition: [Int] = []

    /// Control characters have no glyph in any font, so none reaches font lookup: a line break
    /// (LF, CRLF, a lone CR, VT, FF, NEL) becomes U+2028 LINE SEPARATOR, a hard line break the
    /// line breaker honours; a tab a space; any other control is dropped. (They arrive from
    /// multi-line form fields and from texts; "No font covers U+000A" was the result.)
    init(_ text: InlineText) {
        var position = 0
        func append(_ s: String, counted: Bool) {
            var scalars = s.unicodeScalars.makeIterator()
            var next = scalars.next()
            while var scalar = next {
                next = scalars.next()
                if counted { position += 1 }
                // General category Cc is exactly U+0000–001F and U+007F–009F.
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    switch scalar.value {
                    case 0x0D where next == "\n": continue
                    case 0x0A, 0x0B, 0x0C, 0x0D, 0x85: scalar = "\u{2028}"
                    case 0x09: scalar = " "
                    default: continue
                    }
                }
                for u in scalar.utf16 {
                    units.append(u)
                    sourcePosition.append(counted ? position : 0)
                }
            }
        }
        for span in text.spans {
            guard let kind = span.value else {
                let start = units.count
                append(span.text, counted: true)
                if let l = span.language { languages.append((start..<units.count, l)) }
                if span.isPrivate { privateRanges.append(start..<units.count) }
                continue
            }
            append(String(kind.openingIsolate), counted: false)
            let start = units.count
            append(span.text, counted: true)
            values.append((start..<units.count, kind))
            if let l = span.language { languages.append((start..<units.count, l)) }
            if span.isPrivate { privateRanges.append(start..<units.count) }
            append("\u{2069}", counted: false)  // POP DIRECTIONAL ISOLATE
        }
    }

    /// Whether the unit at `offset` belongs to a private span (client data).
    func isPrivate(_ offset: Int) -> Bool {
        !privateRanges.isEmpty && privateRanges.contains { $0.contains(offset) }
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
