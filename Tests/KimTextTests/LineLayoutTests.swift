import KimCore
import KimText
import Testing

func layout(
    _ markup: String, _ language: String, widthMM: Double, size: Double = 12, alignment: ParagraphStyle.Alignment = .start,
    hyphenate: Bool = true
) throws -> LaidOutParagraph {
    try ParagraphLayout().layout(
        InlineText.parse(markup: markup),
        style: ParagraphStyle(language: Language(language), size: size, alignment: alignment, hyphenate: hyphenate),
        width: Units.points(mm: widthMM))
}

@Suite("Lines, values and alignment")
struct LineLayoutTests {
    let arabic = "اتصلوا بنا على [[phone:+49 2521 85-1234]] أو اكتبوا إلى [[email:kim@kreis-musterstadt.de]] في أي وقت من الأوقات."

    /// Control characters have no glyph: "No font covers U+000A" came from a form's multi-line
    /// field (issue 19). Line breaks of every kind are hard breaks, a tab a space, the rest dropped.
    @Test("Line breaks (LF, CRLF, CR, VT, FF, NEL) are lines, other controls never reach font lookup", arguments: ["de", "ar", "ti", "ru"])
    func controlCharacters(language: String) throws {
        let text = InlineText([InlineSpan("eins\nzwei\r\ndrei\rvier\u{0B}fünf\u{0C}sechs\u{85}sieben\tacht\u{01}\u{1B}\u{7F}neun")])
        let p = try ParagraphLayout().layout(text, style: ParagraphStyle(language: Language(language)), width: 500)
        #expect(p.lines.count == 7)
        let scalars = String(decoding: p.units, as: UTF16.self).unicodeScalars
        #expect(!scalars.contains { $0.properties.generalCategory == .control })
        #expect(String(decoding: p.units, as: UTF16.self).contains("sieben acht"))
        #expect(String(decoding: p.units, as: UTF16.self).contains("achtneun"))
    }

    @Test("A value is broken across lines only if it alone is wider than the line", arguments: [30.0, 40.0, 50.0, 60.0, 80.0])
    func valuesStayWhole(widthMM: Double) throws {
        let p = try layout(arabic, "ar", widthMM: widthMM)
        let oneLine = try layout(arabic, "ar", widthMM: 1000)
        #expect(p.lines.count > 1)
        for value in p.values {
            let natural = oneLine.lines[0].runs.filter { value.range.contains($0.range.lowerBound) }
                .flatMap(\.glyphs).reduce(0.0) { $0 + $1.advance }
            let linesTouching = p.lines.filter { $0.span.content.overlaps(value.range) }
            if natural <= p.width {
                #expect(linesTouching.count == 1, "\(value.kind) (\(natural) pt) split at width \(p.width) pt")
            } else {
                #expect(linesTouching.count > 1, "\(value.kind) (\(natural) pt) wider than \(p.width) pt must be broken")
            }
        }
    }

    @Test("A value wider than the line is broken, and nothing is lost")
    func overlongValue() throws {
        let p = try layout("Web: [[url:https://www.kreis-musterstadt.de/integration/kommunales-integrationsmanagement]]", "de", widthMM: 40)
        let url = try #require(p.values.first)
        let lines = p.lines.filter { $0.span.content.overlaps(url.range) }
        #expect(lines.count >= 2)
        let drawn = p.lines.flatMap { $0.runs.map(\.text) }.joined()
        #expect(drawn.replacingOccurrences(of: " ", with: "") == p.text.replacingOccurrences(of: " ", with: ""))
        for line in p.lines { #expect(line.width <= p.width + 0.01) }
    }

    @Test("The phone number keeps its order inside Arabic: + 49 2521 85 - 1234 from left to right")
    func phoneOrder() throws {
        let p = try layout("اتصلوا بنا على [[phone:+49 2521 85-1234]] الآن", "ar", widthMM: 150)
        let phone = try #require(p.values.first)
        let runs = p.lines[0].runs.filter { phone.range.contains($0.range.lowerBound) }
        #expect(runs.allSatisfy { !$0.isRightToLeft })
        // Visual left-to-right glyph clusters inside the value read the value in logical order.
        let clusters = runs.flatMap { $0.glyphs.map(\.cluster) }
        #expect(clusters == clusters.sorted())
        let xs = runs.flatMap { $0.glyphs.map(\.x) }
        #expect(xs == xs.sorted())
        // And the value stands left of the Arabic words before it (right to left reading).
        let before = try #require(p.lines[0].runs.first { $0.range.upperBound <= phone.range.lowerBound })
        #expect((runs.first?.glyphs.first?.x ?? 0) < (before.glyphs.first?.x ?? 0))
    }

    @Test("Start is right for Arabic and left for German; end is the other side")
    func alignment() throws {
        let ar = try layout("مرحبا", "ar", widthMM: 100)
        #expect(abs(ar.lines[0].x + ar.lines[0].width - ar.width) < 0.01)
        let arEnd = try layout("مرحبا", "ar", widthMM: 100, alignment: .end)
        #expect(abs(arEnd.lines[0].x) < 0.01)
        let de = try layout("Hallo", "de", widthMM: 100)
        #expect(abs(de.lines[0].x) < 0.01)
        let center = try layout("Hallo", "de", widthMM: 100, alignment: .center)
        #expect(abs(center.lines[0].x - (center.width - center.lines[0].width) / 2) < 0.01)
    }

    @Test("Justified lines fill the width, the last line does not", arguments: ["de", "ar", "ru"])
    func justify(language: String) throws {
        let text: [String: String] = [
            "de": "Das Kommunale Integrationsmanagement berät Sie kostenlos und vertraulich zu Aufenthaltsrecht, Sprachkursen, Arbeit, Wohnen, Schule und Gesundheit.",
            "ar": "تقدّم إدارة الاندماج البلدية استشارة مجانية وسرية حول قانون الإقامة ودورات اللغة والعمل والسكن والمدرسة والصحة.",
            "ru": "Муниципальный менеджмент интеграции бесплатно и конфиденциально консультирует вас по вопросам права на пребывание, языковых курсов, работы и жилья.",
        ]
        let p = try layout(text[language] ?? "", language, widthMM: 80, alignment: .justify)
        #expect(p.lines.count >= 3)
        for line in p.lines.dropLast() {
            let spaces = line.runs.flatMap(\.glyphs).filter { p.units[$0.cluster] == 0x20 }.count
            if abs(line.width - p.width) >= 0.01 {
                // Only a line whose spaces would have to widen by more than half an em stays unjustified.
                let natural = line.runs.flatMap(\.glyphs).reduce(0.0) { $0 + $1.advance }
                #expect((p.width - natural) / Double(max(spaces, 1)) > p.style.size * 0.5, "line \(line.span.content) not justified")
            }
        }
        #expect(try #require(p.lines.last).width < p.width)
    }

    @Test("A justified line that would need holes between its words is set at start instead")
    func justifyCap() throws {
        // "Integrationsmanagement" does not fit after "Das Kommunale" at 55 mm: stretching the one
        // space of the first line would open a gap of several centimetres. (With hyphenation,
        // "Integrations-" would fit; see HyphenationTests.)
        let p = try layout("Das Kommunale Integrationsmanagement berät Sie.", "de", widthMM: 55, alignment: .justify, hyphenate: false)
        #expect(p.lines[0].x == 0)
        #expect(p.lines[0].width < p.width * 0.8)
    }

    @Test("Lines never run wider than the width and follow at the fonts' line height")
    func lineMetrics() throws {
        let p = try layout(arabic, "ar", widthMM: 45)
        for line in p.lines { #expect(line.width <= p.width + 0.01) }
        for (a, b) in zip(p.lines, p.lines.dropFirst()) { #expect(b.baseline - a.baseline >= a.descent + b.ascent - 0.01) }
        #expect(p.height >= p.lines.last.map { $0.baseline + $0.descent } ?? 0)
    }

    @Test("Bidi is resolved once per paragraph and reordered per line: every line's runs cover exactly its characters")
    func perLineReordering() throws {
        let p = try layout(arabic, "ar", widthMM: 35)
        for line in p.lines {
            let covered = line.runs.flatMap { Array($0.range) }.sorted()
            let expected = Array(line.span.content).filter { !(Unicode.Scalar(UInt32(p.units[$0]))?.properties.isBidiControl ?? false) }
            #expect(covered == expected)
        }
    }

    @Test("Direction from the first strong character when asked")
    func firstStrong() throws {
        let style = ParagraphStyle(language: Language("de"), direction: .firstStrong)
        let p = try ParagraphLayout().layout("مرحبا Hallo", style: style, width: 300)
        #expect(p.direction == .rightToLeft)
        let q = try ParagraphLayout().layout("Hallo مرحبا", style: style, width: 300)
        #expect(q.direction == .leftToRight)
    }

    @Test("Preview markup: [[kind:…]] values, unknown kinds stay part of the value")
    func markup() {
        let t = InlineText.parse(markup: "Tel. [[phone:+49 1]], [[https://x.de]] und [[file:AZ 1]]")
        #expect(t.spans.map(\.value) == [nil, .phone, nil, .value, nil, .fileNumber])
        #expect(t.spans[3].text == "https://x.de")
        #expect(t.plainText == "Tel. +49 1, https://x.de und AZ 1")
    }
}

@Test("An unknown language is a clear error, not a crash")
func unknownLanguage() throws {
    let error = #expect(throws: KimError.self) {
        _ = try ParagraphLayout().layout("hi", style: ParagraphStyle(language: Language("xx")), width: 300)
    }
    #expect(error?.message.hasPrefix("Unknown language \"xx\": ICU's locale data has no script for it.") == true)
}

@Suite("No tofu")
struct TofuTests {
    @Test("A character no font covers is an error naming it, its position, language and script")
    func tofuMessage() throws {
        let latinOnly = FontLibrary(configuration: FontConfiguration(families: [:], fallback: ["Noto Sans"], systemFallback: false))
        let error = #expect(throws: TextError.self) {
            _ = try ParagraphLayout(fonts: latinOnly).layout("KIM: ሰላም", style: ParagraphStyle(language: Language("ti")), width: 300)
        }
        #expect(
            error?.description
                == "No font covers U+1230 ETHIOPIC SYLLABLE SA (character 6 of the ti text, Ethiopic script). Install a font that has it (on Debian: fonts-noto-core) or add one to the font list for Ethiopic."
        )
    }

    @Test("Also with fontconfig's fallback: an unassigned code point is never drawn as a box")
    func unassigned() throws {
        let error = #expect(throws: TextError.self) {
            _ = try ParagraphLayout().layout("Test \u{0378}", style: ParagraphStyle(language: Language("de")), width: 300)
        }
        #expect(error?.description.hasPrefix("No font covers U+0378 <unassigned-0378> (character 6 of the de text") == true)
    }
}
