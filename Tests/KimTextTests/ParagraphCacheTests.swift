import KimCore
import Testing

@testable import KimText

/// `ParagraphLayout` keeps the paragraphs it laid out (`ParagraphCache`) so that texts recurring
/// across offices, clients and documents are laid out once: a hit must be exactly the first
/// layout, a client's value (a private span) must never be kept, and the cache must stay bounded.
@Suite("Paragraph cache")
struct ParagraphCacheTests {
    static func glyphs(_ p: LaidOutParagraph) -> [[UInt32]] { p.lines.map { $0.runs.flatMap { $0.glyphs.map(\.id) } } }
    static func positions(_ p: LaidOutParagraph) -> [[Double]] { p.lines.map { $0.runs.flatMap { $0.glyphs.map(\.x) } } }

    @Test("A cached paragraph is the paragraph laid out again, glyph for glyph", arguments: ["de", "ar", "ti"])
    func hitEqualsFreshLayout(tag: String) throws {
        let text: InlineText = switch tag {
        case "ar": "اتصل بنا على [[phone:+49 2521 85-1234]] من الاثنين إلى الجمعة، بدون موعد مسبق."
        case "ti": "ምምሕዳር ምውህሃድ ከተማ ብዛዕባ መንበሪ ፍቓድ፡ ትምህርቲ ቋንቋን ስራሕን ምኽሪ ይህብ።"
        default: "Kommunales Integrationsmanagement: Beratung zu [[url:www.kreis-beispiel.de/kim]] und Sprachkursen."
        }
        let style = ParagraphStyle(language: Language(tag), size: 10)
        let cache = ParagraphCache()
        let cached = ParagraphLayout(cache: cache)
        let first = try cached.layout(text, style: style, width: 120)
        #expect(cache.count == 1)
        let second = try cached.layout(text, style: style, width: 120)
        #expect(cache.count == 1)
        let fresh = try ParagraphLayout(cache: nil).layout(text, style: style, width: 120)
        for p in [second, fresh] {
            #expect(Self.glyphs(p) == Self.glyphs(first))
            #expect(Self.positions(p) == Self.positions(first))
            #expect(p.lineTexts == first.lineTexts)
            #expect(p.height == first.height)
        }
        #expect(first.lines.count > 1)
        // Another width or style is another paragraph.
        _ = try cached.layout(text, style: style, width: 200)
        var bold = style
        bold.weight = .bold
        _ = try cached.layout(text, style: bold, width: 120)
        #expect(cache.count == 3)
    }

    @Test("A paragraph with a client's value is never kept")
    func privateSpansAreNotCached() throws {
        let cache = ParagraphCache()
        let layout = ParagraphLayout(cache: cache)
        let style = ParagraphStyle(language: Language("de"), size: 10)
        let client = InlineText([InlineSpan("Name: "), InlineSpan("Zzmarkerova Test", isPrivate: true)])
        _ = try layout.layout(client, style: style, width: 150)
        _ = try layout.layout(InlineText([InlineSpan("Zzmarkerova Test", isPrivate: true)]), style: style, width: 150)
        #expect(cache.count == 0)
        #expect(cache.bytes == 0)
        _ = try layout.layout("Name:", style: style, width: 150)
        #expect(cache.count == 1)
    }

    @Test("Two generations: a full young one becomes the old one, a paragraph found there moves back, the one before is dropped")
    func generations() throws {
        let cache = ParagraphCache(capacity: 2)
        let engine = ParagraphLayout(cache: cache)
        let style = ParagraphStyle(language: Language("de"))
        func lay(_ s: String) throws -> LaidOutParagraph { try engine.layout(InlineText([InlineSpan(s)]), style: style, width: 300) }
        _ = try lay("a")
        _ = try lay("b")
        #expect(cache.count == 2)
        _ = try lay("c")  // young {a, b} turns old; young {c}
        #expect(cache.count == 3)
        _ = try lay("a")  // found in the old generation: moves into the young one
        #expect(cache.count == 4)
        _ = try lay("d")  // young {c, a} turns old, {a, b} is dropped
        #expect(cache.count == 3)
        let fresh = try ParagraphLayout(cache: nil).layout(InlineText([InlineSpan("a")]), style: style, width: 300)
        let cached = try lay("a")
        #expect(cached.lineTexts == fresh.lineTexts && cached.height == fresh.height && cached.width == fresh.width)
    }

    @Test("Bounded by an estimate of bytes: both generations together stay under the limit")
    func boundedByBytes() throws {
        let style = ParagraphStyle(language: Language("de"), size: 10)
        let one = try ParagraphLayout(cache: nil).layout("Ein Absatz mit einigen Wörtern darin. 0", style: style, width: 100)
        // Room for about two paragraphs per generation.
        let limit = one.approximateBytes * 4 + 64
        let byBytes = ParagraphCache(byteLimit: limit)
        let b = ParagraphLayout(cache: byBytes)
        for i in 0..<20 { _ = try b.layout(InlineText([InlineSpan("Ein Absatz mit einigen Wörtern darin. \(i)")]), style: style, width: 100) }
        #expect(byBytes.count >= 2 && byBytes.count <= 4)
        #expect(byBytes.bytes <= limit)
    }
}
