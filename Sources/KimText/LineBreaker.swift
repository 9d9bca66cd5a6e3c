import KimUnicode

/// One line as the breaker chose it, in logical UTF-16 offsets.
public struct LineSpan: Sendable, Equatable {
    /// What is drawn: the line without its trailing spaces.
    public let content: Range<Int>
    /// Where the next line starts.
    public let next: Int
    /// Ended by a mandatory break (a justified paragraph leaves such a line unstretched).
    public let isHard: Bool
    /// Ends inside a word, at a hyphenation point: a hyphen is drawn after `content`.
    public let isHyphenated: Bool
}

/// Stage 7, break lines: first fit over ICU's opportunities.
///
/// Opportunities inside a value are withdrawn, so phone numbers, e-mail addresses and URLs stay
/// whole. When the next word does not fit, its last hyphenation point that fits with the hyphen
/// is taken (if the paragraph is hyphenated). Only a stretch that cannot fit on a line by itself
/// and has no such point is broken otherwise: first at the opportunities ICU sees within it, then
/// between graphemes.
struct LineBreaker {
    /// Advance (points) charged to each UTF-16 offset: a cluster's width sits on its first unit.
    let advances: [Double]
    let units: [UInt16]
    let width: Double
    /// Hyphenation points of the words, nil when the paragraph is not hyphenated.
    let hyphenation: HyphenationPoints?

    private var prefix: [Double]

    init(advances: [Double], units: [UInt16], width: Double, hyphenation: HyphenationPoints? = nil) {
        self.advances = advances
        self.units = units
        self.width = width
        self.hyphenation = hyphenation
        var p = [0.0]
        p.reserveCapacity(advances.count + 1)
        for a in advances { p.append(p[p.count - 1] + a) }
        prefix = p
    }

    /// Width of the logical range, trailing spaces not counted.
    func measure(_ start: Int, _ end: Int) -> Double { prefix[trimmed(start, end)] - prefix[start] }

    /// `end` moved back over trailing white space.
    func trimmed(_ start: Int, _ end: Int) -> Int {
        var e = end
        while e > start, let s = Unicode.Scalar(UInt32(units[e - 1])), s.properties.isWhitespace || s == "\u{2028}" || s == "\u{2029}" {
            e -= 1
        }
        return e
    }

    /// - Parameters:
    ///   - opportunities: allowed breaks (values' insides already removed), ascending.
    ///   - fallback: breaks to use inside an over-long stretch (ICU's, values included), ascending.
    ///   - graphemes: grapheme boundaries, the last resort.
    func breakLines(opportunities: [LineBreakOpportunity], fallback: [Int], graphemes: [Int]) throws -> [LineSpan] {
        let n = units.count
        var lines: [LineSpan] = []
        var start = 0
        var i = 0
        let tolerance = 0.001
        while start < n {
            var best: Int? = nil
            var hard = false
            while i < opportunities.count {
                let o = opportunities[i]
                if o.offset <= start { i += 1; continue }
                guard measure(start, o.offset) <= width + tolerance else { break }
                best = o.offset
                i += 1
                if o.isHard { hard = true; break }
            }
            // The word after the last fitting opportunity does not fit: hyphenate it if possible.
            // Points are those of the whole word, also when the line starts inside it.
            if !hard, i < opportunities.count, let hyphenation {
                let wordStart = best ?? opportunities[..<i].last { $0.offset <= start }?.offset ?? 0
                let points = try hyphenation.points(in: wordStart..<opportunities[i].offset)
                let fitting = Self.lastFitting(points, after: start, before: Int.max, offset: \.offset) {
                    measure(start, $0.offset) + $0.hyphenWidth <= width + tolerance
                }
                if let p = fitting {
                    lines.append(LineSpan(content: start..<p.offset, next: p.offset, isHard: false, isHyphenated: true))
                    start = p.offset
                    continue
                }
            }
            let end: Int
            if let b = best {
                end = b
            } else {
                // The stretch up to the next opportunity does not fit a line by itself.
                let stretchEnd = i < opportunities.count ? opportunities[i].offset : n
                end = emergencyBreak(start, stretchEnd, candidates: fallback, graphemes: graphemes)
                if end == stretchEnd, i < opportunities.count { hard = opportunities[i].isHard; i += 1 }
            }
            lines.append(LineSpan(content: start..<trimmed(start, end), next: end, isHard: hard, isHyphenated: false))
            start = end
        }
        return lines
    }

    private func emergencyBreak(_ start: Int, _ stretchEnd: Int, candidates: [Int], graphemes: [Int]) -> Int {
        for set in [candidates, graphemes] {
            if let fit = Self.lastFitting(set, after: start, before: stretchEnd, offset: { $0 }, fits: { measure(start, $0) <= width }) { return fit }
        }
        // Not even one grapheme fits: put the first one on the line alone.
        let next = Self.firstIndex(in: graphemes, after: start, offset: { $0 })
        return next < graphemes.count ? graphemes[next] : stretchEnd
    }

    /// The last element of `sorted` (ascending offsets) strictly between `start` and `end` that
    /// fits, by binary search: widths from a fixed start grow with the offset, so the fitting
    /// elements come first. Searching, not scanning, keeps one long word linear: a word of n
    /// characters makes about n / line-length lines, and a scan per line made it quadratic
    /// (32 s for a value of 128k characters, issue 19).
    static func lastFitting<T>(_ sorted: [T], after start: Int, before end: Int, offset: (T) -> Int, fits: (T) -> Bool) -> T? {
        var low = firstIndex(in: sorted, after: start, offset: offset)
        var high = firstIndex(in: sorted, after: end - 1, offset: offset)  // first offset >= end
        guard low < high else { return nil }
        let first = low
        // Invariant: everything before `low` fits, nothing from `high` on does.
        while low < high {
            let mid = low + (high - low) / 2
            if fits(sorted[mid]) { low = mid + 1 } else { high = mid }
        }
        // Rounding can make a width dip after a rise (kerning): step back to one that fits.
        var i = low - 1
        while i >= first, !fits(sorted[i]) { i -= 1 }
        return i >= first ? sorted[i] : nil
    }

    /// The index of the first element whose offset is greater than `start` (`count` if none).
    static func firstIndex<T>(in sorted: [T], after start: Int, offset: (T) -> Int) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let mid = low + (high - low) / 2
            if offset(sorted[mid]) <= start { low = mid + 1 } else { high = mid }
        }
        return low
    }
}

/// The hyphenation points the line breaker may use, each with the width of the hyphen drawn there.
///
/// Asked only for words that do not fit, so a paragraph that needs no hyphenation never loads
/// patterns. A point is offered only where a hyphen can be drawn after it: inside a word of the
/// paragraph's language (`Hyphenator`), at a grapheme boundary, in a left-to-right item whose
/// font has U+002D, not next to a hyphen already in the text and never in or next to a value.
final class HyphenationPoints {
    let text: CollectedText
    let items: [TextItem]
    /// Grapheme boundaries, ascending (asked only when a word is hyphenated).
    let graphemes: [Int]
    let style: ParagraphStyle

    private var hyphenator: Hyphenator??
    private var hyphenWidths: [Font: Double] = [:]
    /// The last word's points: a word longer than a line is asked for once per line.
    private var last: (stretch: Range<Int>, points: [(offset: Int, hyphenWidth: Double)])?

    init(text: CollectedText, items: [TextItem], graphemes: [Int], style: ParagraphStyle) {
        self.text = text
        self.items = items
        self.graphemes = graphemes
        self.style = style
    }

    /// Points inside the word `stretch` (between two break opportunities), ascending.
    func points(in stretch: Range<Int>) throws -> [(offset: Int, hyphenWidth: Double)] {
        if let last, last.stretch == stretch { return last.points }
        let found = try computePoints(in: stretch)
        last = (stretch, found)
        return found
    }

    private func computePoints(in stretch: Range<Int>) throws -> [(offset: Int, hyphenWidth: Double)] {
        // A value with its isolates is atomic.
        if text.values.contains(where: { stretch.overlaps(($0.range.lowerBound - 1)..<($0.range.upperBound + 1)) }) { return [] }
        if hyphenator == nil { hyphenator = .some(try Hyphenator.shared(for: style.language)) }
        guard let found = hyphenator, let hyphenator = found else { return [] }
        var out: [(offset: Int, hyphenWidth: Double)] = []
        for p in try hyphenator.points(in: text.string(stretch)) {
            let offset = stretch.lowerBound + p
            guard offset > stretch.lowerBound, offset < stretch.upperBound, Self.isBoundary(offset, in: graphemes),
                !Self.isHyphen(text.units[offset - 1]), !Self.isHyphen(text.units[offset]),
                let item = items.first(where: { $0.range.contains(offset - 1) }), !item.isRightToLeft,
                let width = try hyphenWidth(item)
            else { continue }
            out.append((offset, width))
        }
        return out
    }

    /// Whether `offset` is in the ascending list `boundaries` (binary search).
    static func isBoundary(_ offset: Int, in boundaries: [Int]) -> Bool {
        var low = 0, high = boundaries.count
        while low < high {
            let mid = (low + high) / 2
            if boundaries[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low < boundaries.count && boundaries[low] == offset
    }

    /// Width of the hyphen in the item's font; nil if the font has none.
    private func hyphenWidth(_ item: TextItem) throws -> Double? {
        guard item.font.covers("-") else { return nil }
        if let w = hyphenWidths[item.font] { return w }
        let w = try Shaper.hyphen(font: item.font, scriptCode: item.script.isoCode, language: style.language, size: style.size)
            .reduce(0.0) { $0 + $1.advance }
        hyphenWidths[item.font] = w
        return w
    }

    /// Hyphen-minus, hyphen, non-breaking hyphen, soft hyphen.
    static func isHyphen(_ u: UInt16) -> Bool { u == 0x2D || u == 0x2010 || u == 0x2011 || u == 0xAD }
}
