import KimCore
import KimText
import Testing

/// Glyph ids of a one-line paragraph, in visual order.
func glyphIDs(_ text: String, _ language: String) throws -> [UInt32] {
    let p = try ParagraphLayout().layout(InlineText([InlineSpan(text)]), style: ParagraphStyle(language: Language(language)), width: 1000)
    return p.lines.flatMap { $0.runs.flatMap { $0.glyphs.map(\.id) } }
}

@Suite("Shaping")
struct ShapingTests {
    @Test("Arabic letters take initial, medial and final forms")
    func arabicJoiningForms() throws {
        for letter in ["ب", "س", "ع", "ه"] {
            let isolated = try glyphIDs(letter, "ar")
            #expect(isolated.count == 1)
            // Visual order of a right-to-left word: final, medial, initial.
            let joined = try glyphIDs(letter + letter + letter, "ar")
            #expect(joined.count == 3)
            #expect(Set(joined).count == 3, "initial, medial and final forms of \(letter) must be three different glyphs")
            #expect(!joined.contains(isolated[0]), "no joined form of \(letter) may be the isolated glyph")
        }
    }

    @Test("ZWNJ stops joining in Persian")
    func zwnjStopsJoining() throws {
        let isolated = try glyphIDs("ب", "fa")[0]
        let joined = try glyphIDs("بب", "fa")
        #expect(!joined.contains(isolated))
        // With ZWNJ between them both letters stand in their isolated form (the ZWNJ itself may
        // become an invisible glyph).
        let separated = try glyphIDs("ب\u{200C}ب", "fa")
        #expect(separated.filter { $0 == isolated }.count == 2)
        // A real word: می‌شود keeps م and ی joined, and ی does not join ش across the ZWNJ.
        let word = try glyphIDs("می\u{200C}شود", "fa")
        let unbroken = try glyphIDs("میشود", "fa")
        #expect(word != unbroken)
    }

    @Test("Persian is set in a Naskh font, not fontconfig's DejaVu default")
    func persianFont() throws {
        let p = try ParagraphLayout().layout("سلام", style: ParagraphStyle(language: Language("fa")), width: 500)
        #expect(p.items.map(\.font.family) == ["Noto Naskh Arabic"])
    }

    @Test("Opening hours in Persian digits keep the Naskh digits; only the dash comes from Noto Sans")
    func persianTimeRange() throws {
        // No configured font has both ۰ and the en dash. The value used to go wholly to
        // fontconfig's fallback (DejaVu Sans, unlike the Naskh text around it).
        let text = InlineText([InlineSpan("چهارشنبه "), InlineSpan("۰۸:۳۰–۱۲:۰۰", value: .date)])
        let p = try ParagraphLayout().layout(text, style: ParagraphStyle(language: Language("fa")), width: 500)
        let fonts = p.lines.flatMap(\.runs).map { ($0.text, $0.font.family) }
        #expect(fonts.map(\.0) == ["۰۸:۳۰", "–", "۱۲:۰۰", "چهارشنبه "])
        #expect(fonts.map(\.1) == ["Noto Naskh Arabic", "Noto Sans", "Noto Naskh Arabic", "Noto Naskh Arabic"])
    }

    @Test("Tigrinya is set in Noto Sans Ethiopic with real glyphs")
    func ethiopic() throws {
        let p = try ParagraphLayout().layout("ሰላም", style: ParagraphStyle(language: Language("ti")), width: 500)
        #expect(p.items.map(\.font.family) == ["Noto Sans Ethiopic"])
        #expect(p.lines[0].runs[0].glyphs.allSatisfy { $0.id != 0 })
    }
}
