internal import CICU
public import KimCore

/// A place where a line may end, from ICU's line-break rules (UAX #14) for a locale.
public struct LineBreakOpportunity: Equatable, Sendable {
    /// UTF-16 offset before which the next line would start.
    public let offset: Int
    /// A mandatory break (newline, paragraph separator).
    public let isHard: Bool
}

public enum BreakOpportunities {
    /// Line-break opportunities of `text` for `language` (the text's end included).
    public static func lines(in text: [UInt16], language: Language) throws -> [LineBreakOpportunity] {
        var capacity = max(16, text.count / 3)
        while true {
            var positions = [Int32](repeating: 0, count: capacity)
            var hard = [UInt8](repeating: 0, count: capacity)
            var status: Int32 = 0
            let n = kim_line_breaks(language.icuLocale, text, Int32(text.count), &positions, &hard, Int32(capacity), &status)
            try ICUError.check(status, "kim_line_breaks")
            if Int(n) > capacity { capacity = Int(n); continue }
            return (0..<Int(n)).map { LineBreakOpportunity(offset: Int(positions[$0]), isHard: hard[$0] != 0) }
        }
    }

    /// Grapheme cluster boundaries (user-perceived characters) of `text`, the end included.
    public static func graphemes(in text: [UInt16], language: Language) throws -> [Int] {
        var capacity = max(16, text.count + 1)
        while true {
            var positions = [Int32](repeating: 0, count: capacity)
            var status: Int32 = 0
            let n = kim_grapheme_breaks(language.icuLocale, text, Int32(text.count), &positions, Int32(capacity), &status)
            try ICUError.check(status, "kim_grapheme_breaks")
            if Int(n) > capacity { capacity = Int(n); continue }
            return positions.prefix(Int(n)).map { Int($0) }
        }
    }
}
