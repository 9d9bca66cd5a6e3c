import KimCore
import KimText
import Testing

@testable import KimRender

@Suite("Cluster map for text extraction")
struct TextClustersTests {
    func run(_ text: String, _ language: String, fonts: FontConfiguration = .default) throws -> GlyphRun {
        let p = try ParagraphLayout(fonts: FontLibrary(configuration: fonts)).layout(
            InlineText([InlineSpan(text)]), style: ParagraphStyle(language: Language(language)), width: 1000)
        return try #require(p.lines.first?.runs.first)
    }

    @Test("Latin: one glyph, one character, in order")
    func latin() throws {
        let r = try run("Kim", "de")
        let map = TextClusters(r)
        #expect(!map.backward)
        #expect(map.textPerGlyph == ["K", "i", "m"])
    }

    @Test("Arabic: clusters run backward over the visual glyphs; each glyph maps to its letter")
    func arabic() throws {
        let r = try run("سلام", "ar", fonts: FontConfiguration(families: ["Arab": ["Noto Sans Arabic"]], fallback: []))
        let map = TextClusters(r)
        #expect(map.backward)
        // "لا" is one ligature glyph in Noto Sans Arabic: its two letters, last first (see TextClusters).
        #expect(map.textPerGlyph.reversed() == ["س", "ال", "م"])
    }

    @Test("Naskh lam-alef: the alef glyph without advance maps to nothing, its letter rides on the lam")
    func naskhLamAlef() throws {
        let r = try run("سلام", "ar")
        let map = TextClusters(r)
        let logical = Array(map.textPerGlyph.reversed())
        #expect(logical.joined() == "سالم")
        #expect(logical.contains(""))
        #expect(logical.contains("ال"))
    }

    @Test("ToUnicode texts: every glyph has one, in content-stream (logical) order they give the word")
    func logicalPerGlyph() throws {
        for (word, expected) in [("سلام", ["س", "ل", "ا", "م"]), ("تقدّم", ["ت", "ق", "د", "\u{0651}", "م"]), ("مجانًا", ["م", "ج", "ا", "ن", "\u{064B}", "ا"])] {
            let map = TextClusters(try run(word, "ar"))
            // The content stream draws a right-to-left run last glyph first.
            let stream = Array(map.logicalTextPerGlyph.reversed())
            #expect(stream == expected, "\(word)")
            #expect(stream.allSatisfy { !$0.isEmpty })
        }
    }

    @Test("A mark rides on its base letter")
    func shadda() throws {
        let r = try run("تقدّم", "ar")
        let texts = TextClusters(r).textPerGlyph
        #expect(texts.contains("\u{0651}د"))
        #expect(texts.filter { !$0.isEmpty }.count == 4)
    }
}
