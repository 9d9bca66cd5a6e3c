public import KimCore
import KimUnicode

/// Lays out paragraphs: the one verb of KimText.
///
/// ```swift
/// let layout = ParagraphLayout()
/// let p = try layout.layout("اتصل بنا على [[phone:+49 2521 85-1234]]", style: .init(language: Language("ar")), width: 200)
/// ```
public struct ParagraphLayout: Sendable {
    public let fonts: FontLibrary
    /// Paragraphs this engine laid out before, by text, style and width (nil: none kept). A
    /// paragraph with a private span (client data) is never looked up or kept there.
    public let cache: ParagraphCache?

    public init(fonts: FontLibrary = .shared, cache: ParagraphCache? = ParagraphCache()) {
        self.fonts = fonts
        self.cache = cache
    }

    /// Lays out one paragraph to `width` points. Lines follow each other at their natural
    /// line height times `style.lineSpacing`.
    public func layout(_ content: InlineText, style: ParagraphStyle, width: Double) throws -> LaidOutParagraph {
        guard let cache, !content.spans.contains(where: \.isPrivate) else { return try layOut(content, style: style, width: width) }
        return try cache.layout(content, style: style, width: width) { try layOut(content, style: style, width: width) }
    }

    private func layOut(_ content: InlineText, style: ParagraphStyle, width: Double) throws -> LaidOutParagraph {
        guard width > 0, width.isFinite, width <= 1_000_000 else { throw TextError.invalidWidth(width) }
        guard ParagraphStyle.sizeRange.contains(style.size) else { throw TextError.invalidSize(style.size) }
        let language = style.language

        // 1. Collect the paragraph into one UTF-16 buffer, values isolated.
        let text = CollectedText(content)

        // 2. Bidi levels, once for the whole paragraph.
        let bidi = try BidiParagraph(
            utf16: text.units, policy: style.direction, languageDirection: LocaleInfo.direction(of: language))

        // 3. Scripts; shared characters take their neighbours'.
        let languageScript = try LocaleInfo.likelyScript(of: language)
        let scripts = ScriptResolution.resolve(text, languageScript: languageScript)

        // 4. Items by level × script × font.
        let graphemes = try BreakOpportunities.graphemes(in: text.units, language: language)
        let items = try Itemizer.itemize(
            text, levels: bidi.levels, scripts: scripts, graphemes: graphemes, fonts: fonts, weight: style.weight,
            language: language)

        // 5. Shape each item.
        let shaped = try items.map {
            try Shaper.shape(
                text.units, range: $0.range, font: $0.font, rightToLeft: $0.isRightToLeft, scriptCode: $0.script.isoCode,
                language: language, size: style.size)
        }

        // 6. Break opportunities for the language, none inside values.
        let icuBreaks = try BreakOpportunities.lines(in: text.units, language: language)
        let opportunities = icuBreaks.filter { o in
            !text.values.contains { o.offset > $0.range.lowerBound - 1 && o.offset <= $0.range.upperBound }
        }

        // 7. Lines, first fit; a word that does not fit is hyphenated if it can be.
        var advances = [Double](repeating: 0, count: text.units.count)
        for glyphs in shaped { for g in glyphs { advances[g.cluster] += g.advance } }
        let hyphenation =
            style.hyphenate ? HyphenationPoints(text: text, items: items, graphemes: graphemes, style: style) : nil
        let breaker = LineBreaker(advances: advances, units: text.units, width: width, hyphenation: hyphenation)
        let spans = try breaker.breakLines(
            opportunities: opportunities, fallback: icuBreaks.map(\.offset), graphemes: graphemes)

        // 8–10. Reorder each line, reshape at cut items, align and place.
        let primaryFont = try fonts.fonts(forScript: languageScript, weight: style.weight).first
            ?? fonts.requireFont(family: fonts.configuration.fallback.first ?? "Noto Sans", weight: style.weight)
        let builder = LineBuilder(
            text: text, bidi: bidi, items: items, shaped: shaped, style: style, width: width, primaryFont: primaryFont)
        var lines: [LaidOutLine] = []
        var top = 0.0
        for (i, span) in spans.enumerated() {
            let line = try builder.build(span, isLast: i == spans.count - 1, top: top)
            let gap = line.runs.map { Double($0.font.lineGap) * $0.font.scale(size: style.size) }.max() ?? 0
            top += (line.ascent + line.descent + gap) * style.lineSpacing
            lines.append(line)
        }
        if lines.isEmpty {
            top = Double(primaryFont.ascender + primaryFont.descender + primaryFont.lineGap) * primaryFont.scale(size: style.size)
        }

        var laidOut = LaidOutParagraph(
            language: language, direction: bidi.direction, style: style, width: width, height: top, lines: lines,
            units: text.units, levels: bidi.levels, values: text.values, items: items, opportunities: opportunities)
        laidOut.languages = text.languages
        return laidOut
    }
}
