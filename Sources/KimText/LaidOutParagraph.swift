public import KimCore
public import KimUnicode

/// A glyph at its place: x from the paragraph's left edge, y from its top (down), in points.
public struct PlacedGlyph: Sendable, Equatable {
    public let id: UInt32
    public let x: Double
    public let y: Double
    /// How far the pen moved after it (points); zero for marks and ligature components.
    public let advance: Double
    /// UTF-16 offset (into the paragraph buffer) of the first character of its cluster.
    public let cluster: Int
}

/// Glyphs of one font and one direction on one line, in visual order: what the renderer draws in
/// one call, with the text they stand for.
public struct GlyphRun: Sendable {
    public let font: Font
    public let size: Double
    public let level: UInt8
    public let script: Script
    public let language: Language
    /// Logical range, UTF-16 offsets into the paragraph buffer.
    public let range: Range<Int>
    /// The characters of `range`, in logical order, then a hyphen (U+002D) if the line is
    /// hyphenated after this run: the text a PDF reader gets back.
    public let utf16: [UInt16]
    /// The glyphs; a hyphen drawn at a hyphenated line end comes last, with `range.upperBound`
    /// as its cluster.
    public let glyphs: [PlacedGlyph]
    /// The line is hyphenated after this run: its last glyph is the hyphen.
    public let isHyphenated: Bool
    public var isRightToLeft: Bool { level & 1 == 1 }
    public var text: String { String(decoding: utf16, as: UTF16.self) }
}

/// One laid-out line.
public struct LaidOutLine: Sendable {
    public let span: LineSpan
    /// Baseline, from the paragraph's top.
    public let baseline: Double
    public let ascent: Double
    public let descent: Double
    /// Left edge and width of the drawn content (after alignment).
    public let x: Double
    public let width: Double
    /// Runs left to right.
    public let runs: [GlyphRun]
}

/// A paragraph laid out to a width: lines of glyph runs, plus what each stage decided, for traces.
public struct LaidOutParagraph: Sendable {
    public let language: Language
    public let direction: TextDirection
    public let style: ParagraphStyle
    public let width: Double
    public let height: Double
    public let lines: [LaidOutLine]

    // Stage records, for `LayoutTrace`.
    public let units: [UInt16]
    public let levels: [UInt8]
    public let values: [(range: Range<Int>, kind: ValueKind)]
    /// Spans in another language than the paragraph's (for tagged PDF).
    public internal(set) var languages: [(range: Range<Int>, language: Language)] = []
    public let items: [TextItem]
    public let opportunities: [LineBreakOpportunity]

    /// The paragraph's text in logical order, as a reader would copy it (no isolates).
    public var text: String {
        String(decoding: units.filter { !isBidiControl(unit: $0) }, as: UTF16.self)
    }

    /// What each line shows, in logical order and without bidi controls: the characters drawn
    /// (trailing spaces are not), then the hyphen of a hyphenated line. The text a PDF reader
    /// should give back for the line; tests compare readers' output with it.
    public var lineTexts: [String] {
        lines.map { line in
            let range = line.span.content.clamped(to: 0..<units.count)
            var text = units[range].filter { !isBidiControl(unit: $0) }
            if line.span.isHyphenated { text.append(0x2D) }
            return String(decoding: text, as: UTF16.self)
        }
    }
}

extension GlyphRun {
    /// The run cut at logical offsets (UTF-16 offsets into the paragraph buffer) that fall
    /// inside its range: the pieces in logical order, each with its glyphs (still in visual order)
    /// and its characters; pieces without glyphs are left out. A cut inside a glyph cluster (a
    /// ligature) moves back to the cluster's start; a hyphen at the line end stays with the last
    /// piece. For tagged PDF, where a link or a part in another language is its own element.
    public func split(at offsets: [Int]) -> [GlyphRun] {
        let starts = Set(glyphs.map(\.cluster)).union([range.lowerBound]).sorted()
        var cuts: [Int] = []
        for o in offsets.sorted() where o > range.lowerBound && o < range.upperBound {
            let c = starts.last { $0 <= o } ?? range.lowerBound
            if c > range.lowerBound && cuts.last != c { cuts.append(c) }
        }
        guard !cuts.isEmpty else { return [self] }
        let bounds = [range.lowerBound] + cuts + [range.upperBound]
        var pieces: [GlyphRun] = []
        for k in 0..<(bounds.count - 1) {
            let sub = bounds[k]..<bounds[k + 1]
            let last = k == bounds.count - 2
            let mine = glyphs.filter { sub.contains($0.cluster) || (last && $0.cluster >= range.upperBound) }
            guard !mine.isEmpty else { continue }
            let text = Array(utf16[(sub.lowerBound - range.lowerBound)..<(sub.upperBound - range.lowerBound)])
            pieces.append(
                GlyphRun(
                    font: font, size: size, level: level, script: script, language: language, range: sub,
                    utf16: text + (last && isHyphenated ? [0x2D] : []), glyphs: mine, isHyphenated: last && isHyphenated))
        }
        return pieces
    }
}

extension LaidOutParagraph {
    /// Each line's runs in logical order (the order a reader reads them), with their line.
    public var runsInLogicalOrder: [(line: Int, run: GlyphRun)] {
        lines.enumerated().flatMap { i, line in line.runs.sorted { $0.range.lowerBound < $1.range.lowerBound }.map { (i, $0) } }
    }
}
