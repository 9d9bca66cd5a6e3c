import KimCore
public import KimUnicode

/// A stretch of the paragraph shaped as one: same bidi level, script and font.
public struct TextItem: Sendable, Equatable {
    /// Logical range, UTF-16 offsets into the paragraph buffer.
    public let range: Range<Int>
    public let level: UInt8
    public let script: Script
    public let font: Font

    public var isRightToLeft: Bool { level & 1 == 1 }
}

/// Stage 4, itemize: split the paragraph by level × script × font, choosing a font per grapheme.
///
/// Bidi control characters (the isolates around values, or controls in the input) belong to no
/// item: they steer the bidi algorithm only and get no glyph.
enum Itemizer {
    static func itemize(
        _ text: CollectedText, levels: [UInt8], scripts: [Script], graphemes: [Int],
        fonts: FontLibrary, weight: FontWeight, language: Language
    ) throws -> [TextItem] {
        var items: [TextItem] = []
        var valueFonts: [Int: Font?] = [:]
        var start = 0
        var scalars: [Unicode.Scalar] = []
        var candidatesScript: Script? = nil
        var candidates: [Font] = []
        for end in graphemes where end > start {
            defer { start = end }
            scalars.removeAll(keepingCapacity: true)
            var i = start
            while i < end {
                let s = text.scalar(at: i)
                scalars.append(s)
                i += s.utf16.count
            }
            if scalars.allSatisfy(isBidiControl) { continue }
            let script = scripts[start]
            // A value (phone number, e-mail) is set in one font if one of the configured ones
            // covers all of it; otherwise each character takes its own (Persian digits in Naskh,
            // the en dash between them in Noto Sans, rather than all in a system fallback font).
            var valueFont: Font? = nil
            if let value = text.value(containing: start) {
                if let cached = valueFonts[value.range.lowerBound] {
                    valueFont = cached
                } else {
                    let all = String(decoding: text.units[value.range], as: UTF16.self).unicodeScalars
                    valueFont = try fonts.font(for: all, script: script, weight: weight, systemFallback: false)
                    valueFonts[value.range.lowerBound] = valueFont
                }
            }
            // The common case without asking the library: one character that the script's first
            // font has (what `FontLibrary.font(for:)` answers first, too).
            if script != candidatesScript {
                candidates = try fonts.fonts(forScript: script, weight: weight)
                candidatesScript = script
            }
            var quick: Font? = nil
            if valueFont == nil, scalars.count == 1, !isDefaultIgnorable(scalars[0]), let first = candidates.first, first.covers(scalars[0]) {
                quick = first
            }
            // Characters of client data are looked up without being recorded in the font index.
            let remember = !text.isPrivate(start)
            guard let font = try valueFont ?? quick ?? fonts.font(for: scalars, script: script, weight: weight, remember: remember) else {
                throw try uncovered(text, range: start..<end, script: script, fonts: fonts, weight: weight, language: language)
            }
            if let last = items.last, last.range.upperBound == start, last.level == levels[start],
                last.script == script, last.font == font
            {
                items[items.count - 1] = TextItem(range: last.range.lowerBound..<end, level: last.level, script: script, font: font)
            } else {
                items.append(TextItem(range: start..<end, level: levels[start], script: script, font: font))
            }
        }
        return items
    }

    /// The tofu error for a grapheme no font can draw, naming the first character no font has.
    private static func uncovered(
        _ text: CollectedText, range: Range<Int>, script: Script, fonts: FontLibrary, weight: FontWeight, language: Language
    ) throws -> TextError {
        var i = range.lowerBound
        var culprit = text.scalar(at: i)
        var offset = i
        while i < range.upperBound {
            let s = text.scalar(at: i)
            if !isDefaultIgnorable(s), try fonts.font(for: [s], script: script, weight: weight, remember: !text.isPrivate(i)) == nil {
                culprit = s
                offset = i
                break
            }
            i += s.utf16.count
        }
        let charScript = Script.of(culprit)
        return TextError.noFontCovers(
            character: CharacterNames.describe(culprit), position: text.sourcePosition[offset], language: language,
            script: charScript.isShared ? script.name : charScript.name)
    }
}

/// Unicode's Bidi_Control characters (ALM, LRM, RLM, the embeddings and overrides, the isolates):
/// a fixed list, checked without a property lookup.
@inline(__always)
func isBidiControl(_ s: Unicode.Scalar) -> Bool {
    s.value <= 0xFFFF && isBidiControl(unit: UInt16(truncatingIfNeeded: s.value))
}

/// `isBidiControl` for one UTF-16 code unit (every Bidi_Control character is in the BMP), for
/// filters over a paragraph's buffer; the list itself.
@inline(__always)
package func isBidiControl(unit u: UInt16) -> Bool {
    switch u {
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    default: false
    }
}

/// Default_Ignorable_Code_Point, with the common case (below U+00AD, the first one) answered at once.
@inline(__always)
func isDefaultIgnorable(_ s: Unicode.Scalar) -> Bool {
    // Default_Ignorable_Code_Point below U+17B4 is only U+00AD, U+034F, U+061C and U+115F–1160:
    // Latin, Cyrillic, Arabic and Ethiopic letters are answered without Unicode's tables.
    switch s.value {
    case 0xAD, 0x34F, 0x61C, 0x115F, 0x1160: true
    case 0..<0x17B4: false
    default: s.properties.isDefaultIgnorableCodePoint
    }
}
