import Foundation
import KimCore
import KimRender
import KimTestSupport
import KimText
import Testing

@Suite("Structure tags: spans, links, and what the renderer refuses")
struct StructureTests {
    func paragraph(_ text: InlineText, _ lang: String, width: Double = 400) throws -> LaidOutParagraph {
        try ParagraphLayout().layout(text, style: ParagraphStyle(language: Language(lang), size: 11), width: width)
    }

    func render(_ items: [Page.Item], lang: String = "de") throws -> Data {
        try PDFRenderer().pdf([Page.a4(items: items)], info: DocumentInfo(title: "t", language: Language(lang)))
    }

    @Test("a run split at logical offsets keeps every glyph and character once, in order")
    func split() throws {
        let p = try paragraph(InlineText([InlineSpan("Schreiben Sie an "), InlineSpan("kim@musterstadt.example", value: .email), InlineSpan(" bitte.")]), "de")
        let runs = p.lines.flatMap(\.runs)
        let value = try #require(p.values.first).range
        for run in runs {
            let pieces = run.split(at: [value.lowerBound, value.upperBound])
            #expect(pieces.map(\.text).joined() == run.text)
            #expect(pieces.map(\.glyphs.count).reduce(0, +) == run.glyphs.count)
            #expect(pieces.allSatisfy { !$0.range.overlaps(value) || value.contains($0.range.lowerBound) && $0.range.upperBound <= value.upperBound })
        }
        #expect(runs.flatMap { $0.split(at: [value.lowerBound, value.upperBound]) }.contains { $0.text == "kim@musterstadt.example" })
    }

    @Test("an Arabic paragraph with a web address and a German part: P > Span, Link, Span [de], each with its logical text")
    func spans() throws {
        let text = InlineText([
            InlineSpan("زوروا موقعنا "), InlineSpan("www.musterstadt.example/kim", value: .url), InlineSpan(" / "),
            InlineSpan("Besuchen Sie uns.", value: .value, language: Language("de")),
        ])
        let p = try paragraph(text, "ar")
        let data = try render(.tagged(.paragraph, [.paragraph(p, x: 72, y: 72)]), lang: "ar")
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("s.pdf")
            try data.write(to: url)
            let r = try TaggedPDFReport(url)
            #expect(r.checkStatus == 0)
            let para = try #require(r.document?.elements("P").first)
            #expect(para.children.map(\.role) == ["Span", "Link", "Span", "Span"], "\(para.outline())")
            #expect(para.children.map(\.language) == [nil, nil, nil, "de"])
            #expect(para.children.map(\.text) == ["زوروا موقعنا ", "www.musterstadt.example/kim", " / ", "Besuchen Sie uns."])
            #expect(r.links.map(\.uri) == ["https://www.musterstadt.example/kim"])
            #expect(r.catalogLanguage == "ar")
        }
    }

    @Test("text directly in an element that has child elements is refused (Cairo would leave it unread)")
    func mixedContent() throws {
        let p = try paragraph("Ein Punkt", "de")
        let items: [Page.Item] = [.begin(StructureTag(.list))] + .tagged(.listItem, [.paragraph(p, x: 72, y: 72)]) + [.paragraph(p, x: 72, y: 100), .end]
        #expect(throws: RenderError.self) { try render(items) }
        do {
            _ = try render(items)
        } catch {
            #expect("\(error)" == "Structure of the PDF: text directly in L, which also has child elements.")
        }
    }

    @Test("unbalanced tags and a figure without alternative text are refused; artifacts are allowed outside text")
    func refusals() throws {
        let p = try paragraph("Seite 1", "de")
        #expect(throws: RenderError.self) { try render([.begin(StructureTag(.paragraph)), .paragraph(p, x: 72, y: 72)]) }
        #expect(throws: RenderError.self) { try render([.end]) }
        #expect(throws: RenderError.self) { try render(.tagged(StructureTag(.figure), [.rect(x: 0, y: 0, width: 9, height: 9, fill: .black, stroke: nil, lineWidth: 0)])) }
        #expect(throws: RenderError.self) { try render(.tagged(.paragraph, .tagged(.artifact, [.paragraph(p, x: 72, y: 72)]))) }
        _ = try render(.tagged(.list, .tagged(.listItem, [.paragraph(p, x: 72, y: 72)]) + .tagged(.artifact, [.paragraph(p, x: 72, y: 800)])))
    }
}
