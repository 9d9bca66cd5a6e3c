import KimCore
import KimUnicode

/// Stages 8–10 for one line: visual runs from the paragraph's bidi levels (UAX #9 L1–L2), items cut
/// to the line and reshaped where the cut falls inside them, the hyphen of a hyphenated line end,
/// then alignment and glyph positions.
struct LineBuilder {
    /// The most a justified line may widen one word space, as a fraction of the font size.
    static let maximumStretchPerSpace = 0.5

    let text: CollectedText
    let bidi: BidiParagraph
    let items: [TextItem]
    let shaped: [[ShapedGlyph]]
    let style: ParagraphStyle
    let width: Double
    let primaryFont: Font

    /// The glyphs of `range` taken from the item's shaping, when HarfBuzz says the text may be
    /// cut at both ends of it (a glyph cluster starts there and is not marked unsafe to break):
    /// shaping the part again would give the same glyphs. Nil where it must be shaped again.
    static func part(of glyphs: [ShapedGlyph], item: Range<Int>, cutTo range: Range<Int>) -> [ShapedGlyph]? {
        func safe(_ cut: Int) -> Bool {
            if cut == item.lowerBound || cut == item.upperBound { return true }
            var starts = false
            for g in glyphs where g.cluster == cut {
                if g.unsafeToBreak { return false }
                starts = true
            }
            return starts
        }
        guard safe(range.lowerBound), safe(range.upperBound) else { return nil }
        return glyphs.filter { range.contains($0.cluster) }
    }

    func build(_ span: LineSpan, isLast: Bool, top: Double) throws -> LaidOutLine {
        var pieces: [(item: TextItem, range: Range<Int>, rtl: Bool, glyphs: [ShapedGlyph])] = []
        for run in try bidi.visualRuns(line: span.content) {
            var inRun: [(TextItem, Range<Int>, [ShapedGlyph])] = []
            for (index, item) in items.enumerated() where item.range.overlaps(run.range) {
                let r = max(item.range.lowerBound, run.range.lowerBound)..<min(item.range.upperBound, run.range.upperBound)
                let glyphs: [ShapedGlyph]
                if r == item.range && item.isRightToLeft == run.isRightToLeft {
                    glyphs = shaped[index]
                } else if item.isRightToLeft == run.isRightToLeft, let part = Self.part(of: shaped[index], item: item.range, cutTo: r) {
                    glyphs = part
                } else {
                    glyphs = try Shaper.shape(
                        text.units, range: r, font: item.font, rightToLeft: run.isRightToLeft, scriptCode: item.script.isoCode,
                        language: style.language, size: style.size)
                }
                inRun.append((item, r, glyphs))
            }
            if run.isRightToLeft { inRun.reverse() }
            pieces += inRun.map { (item: $0.0, range: $0.1, rtl: run.isRightToLeft, glyphs: $0.2) }
        }

        // A hyphenated line: the hyphen follows the word's last character, in its font (the line
        // breaker hyphenates left-to-right items only). Its cluster is the offset after the line.
        var hyphenated: Int? = nil
        if span.isHyphenated, let k = pieces.firstIndex(where: { !$0.rtl && $0.range.upperBound == span.content.upperBound }) {
            let item = pieces[k].item
            let hyphen = try Shaper.hyphen(font: item.font, scriptCode: item.script.isoCode, language: style.language, size: style.size)
            pieces[k].glyphs += hyphen.map {
                ShapedGlyph(
                    id: $0.id, cluster: span.content.upperBound, advance: $0.advance, offsetX: $0.offsetX, offsetY: $0.offsetY,
                    unsafeToBreak: false)
            }
            hyphenated = k
        }

        // Vertical metrics from the fonts on the line (the language's first font on an empty line).
        let fonts = pieces.isEmpty ? [primaryFont] : pieces.map(\.item.font)
        let ascent = fonts.map { Double($0.ascender) * $0.scale(size: style.size) }.max() ?? 0
        let descent = fonts.map { Double($0.descender) * $0.scale(size: style.size) }.max() ?? 0
        let baseline = top + ascent * style.lineSpacing

        // Natural width, then alignment.
        let natural = pieces.reduce(0.0) { $0 + $1.glyphs.reduce(0.0) { $0 + $1.advance } }
        var stretch = 0.0
        var stretchable = 0
        var alignment = resolvedAlignment(isLast: isLast || span.isHard)
        if alignment == .justify {
            stretchable = pieces.reduce(0) { n, p in n + p.glyphs.filter { isStretchable($0.cluster) }.count }
            if stretchable > 0 { stretch = max(0, width - natural) / Double(stretchable) }
            // Gaps wider than this read as holes (and break text extraction into columns): such a
            // line, usually one before a long unbreakable value, is set at start instead.
            if stretch > style.size * Self.maximumStretchPerSpace {
                stretch = 0
                stretchable = 0
                alignment = .start
            }
        }
        let used = stretchable > 0 ? natural + stretch * Double(stretchable) : natural
        let x0: Double
        switch alignment {
        case .justify, .start: x0 = bidi.direction == .rightToLeft ? width - used : 0
        case .end: x0 = bidi.direction == .rightToLeft ? 0 : width - used
        case .center: x0 = (width - used) / 2
        }

        var pen = x0
        var runs: [GlyphRun] = []
        for (k, piece) in pieces.enumerated() {
            var placed: [PlacedGlyph] = []
            placed.reserveCapacity(piece.glyphs.count)
            for g in piece.glyphs {
                let extra = stretch > 0 && isStretchable(g.cluster) ? stretch : 0
                placed.append(PlacedGlyph(id: g.id, x: pen + g.offsetX, y: baseline - g.offsetY, advance: g.advance + extra, cluster: g.cluster))
                pen += g.advance + extra
            }
            runs.append(
                GlyphRun(
                    font: piece.item.font, size: style.size, level: piece.rtl ? (piece.item.level | 1) : piece.item.level,
                    script: piece.item.script, language: style.language, range: piece.range,
                    utf16: Array(text.units[piece.range]) + (hyphenated == k ? [0x2D] : []), glyphs: placed,
                    isHyphenated: hyphenated == k))
        }
        return LaidOutLine(span: span, baseline: baseline, ascent: ascent, descent: descent, x: x0, width: used, runs: runs)
    }

    /// Justification stretches word spaces, not spaces inside a value.
    private func isStretchable(_ offset: Int) -> Bool {
        text.units[offset] == 0x20 && text.value(containing: offset) == nil
    }

    private func resolvedAlignment(isLast: Bool) -> ParagraphStyle.Alignment {
        style.alignment == .justify && isLast ? .start : style.alignment
    }
}
