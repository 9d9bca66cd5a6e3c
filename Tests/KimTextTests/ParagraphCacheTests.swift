import KimCore
import KimText
import Testing

@Suite("ParagraphCache: two generations, bounded")
struct ParagraphCacheTests {
    @Test("a full young generation becomes the old one; a paragraph found there moves back; the generation before is dropped; the cached paragraph is the one laid out")
    func generations() throws {
        let engine = ParagraphLayout()
        let cache = ParagraphCache(capacity: 2)
        let style = ParagraphStyle(language: Language("de"))
        func lay(_ s: String) throws -> LaidOutParagraph { try cache.layout(InlineText([InlineSpan(s)]), style: style, width: 300, engine: engine) }
        _ = try lay("a")
        _ = try lay("b")
        #expect(cache.count == 2)
        _ = try lay("c")  // young {a, b} turns old; young {c}
        #expect(cache.count == 3)
        _ = try lay("a")  // found in the old generation: moves into the young one
        #expect(cache.count == 4)
        _ = try lay("d")  // young {c, a} turns old, {a, b} is dropped
        #expect(cache.count == 3)
        let fresh = try engine.layout(InlineText([InlineSpan("a")]), style: style, width: 300)
        let cached = try lay("a")
        #expect(cached.lineTexts == fresh.lineTexts && cached.height == fresh.height && cached.width == fresh.width)
    }
}
