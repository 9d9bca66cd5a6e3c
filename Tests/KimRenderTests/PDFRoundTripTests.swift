import Foundation
import KimCore
import KimDoc
import KimRender
import KimText
import Testing

/// Every language of Translations/languages.json.
let allLanguages = projectLanguages()

/// The sample paragraph of a language (the text after the heading in Translations/samples).
func sampleParagraph(_ language: String) throws -> InlineText {
    let text = try String(contentsOf: repositoryRoot.appendingPathComponent("Translations/samples/\(language).txt"), encoding: .utf8)
    return try #require(TextPreview.paragraphs(of: text).dropFirst().first)
}

@Suite("PDF round trip")
struct PDFRoundTripTests {
    @Test("pdftotext gives back every word in logical order and the values verbatim", arguments: allLanguages)
    func roundTrip(language: String) throws {
        let paragraph = try sampleParagraph(language)
        try withTemporaryFolder { dir in
            let page = try TextPreview().page(
                [paragraph], style: ParagraphStyle(language: Language(language), size: 12, alignment: .justify),
                width: Units.points(mm: 170))
            let pdf = dir.appendingPathComponent("\(language).pdf")
            try PDFRenderer().writePDF([page], info: DocumentInfo(title: "Test \(language)", language: Language(language)), to: pdf)
            let extracted = try run("pdftotext", [pdf.path, "-"])
            #expect(words(extracted) == words(paragraph.plainText))
            let flat = withoutDirectionalMarks(extracted)
            for value in paragraph.spans.compactMap({ $0.value == nil ? nil : $0.text }) {
                #expect(flat.contains(value), "\(value) not verbatim in \(language) text: \(flat)")
            }
        }
    }

    @Test("Narrow columns too: words in order across many lines", arguments: allLanguages)
    func narrowRoundTrip(language: String) throws {
        let paragraph = try sampleParagraph(language)
        try withTemporaryFolder { dir in
            let page = try TextPreview().page([paragraph], style: ParagraphStyle(language: Language(language), size: 10), width: Units.points(mm: 62))
            let pdf = dir.appendingPathComponent("\(language).pdf")
            try PDFRenderer().writePDF([page], info: DocumentInfo(title: "Test", language: Language(language)), to: pdf)
            let extracted = try run("pdftotext", [pdf.path, "-"])
            // The URL is wider than 62 mm and is broken inside (as specified); compare words only.
            // pdftotext joins a line that ends in a hyphen with the next and drops the hyphen (it
            // cannot tell "e-" of "e-posta" from a hyphenation point), so hyphens are left out.
            func unhyphenated(_ s: String) -> String { s.replacingOccurrences(of: "-", with: "") }
            #expect(words(unhyphenated(extracted)) == words(unhyphenated(paragraph.plainText)))
            #expect(withoutDirectionalMarks(extracted).contains("+49 2521 85-1234"))
        }
    }

    @Test("Every font is embedded and subset", arguments: allLanguages)
    func fontsEmbedded(language: String) throws {
        try withTemporaryFolder { dir in
            let (page, title) = try SamplePages(root: repositoryRoot).page(for: Language(language))
            let pdf = dir.appendingPathComponent("s.pdf")
            try PDFRenderer().writePDF([page], info: DocumentInfo(title: title, language: Language(language)), to: pdf)
            let rows = try run("pdffonts", [pdf.path]).split(separator: "\n").dropFirst(2)
            #expect(!rows.isEmpty)
            for row in rows {
                let cols = row.split(separator: " ", omittingEmptySubsequences: true)
                // name type… encoding emb sub uni object ID: emb, sub, uni are the 5th-3rd from the end.
                let emb = cols[cols.count - 5], sub = cols[cols.count - 4], uni = cols[cols.count - 3]
                #expect(emb == "yes" && sub == "yes" && uni == "yes", "\(row)")
                #expect(cols[0].contains("+"), "subset fonts carry a tag prefix: \(row)")
            }
        }
    }

    @Test("Title and creator metadata; a fixed date gives byte-identical files")
    func metadataAndReproducibility() throws {
        try withTemporaryFolder { dir in
            let date = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z
            let (page, title) = try SamplePages(root: repositoryRoot).page(for: Language("ar"))
            let a = dir.appendingPathComponent("a.pdf"), b = dir.appendingPathComponent("b.pdf")
            let info = DocumentInfo(title: title, language: Language("ar"), creationDate: date)
            try PDFRenderer().writePDF([page], info: info, to: a)
            try PDFRenderer().writePDF([page], info: info, to: b)
            #expect(try Data(contentsOf: a) == Data(contentsOf: b))
            let fields = try run("pdfinfo", ["-isodates", a.path]).split(separator: "\n").reduce(into: [String: String]()) { d, line in
                guard let colon = line.firstIndex(of: ":") else { return }
                d[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            #expect(fields["Title"] == "إدارة الاندماج البلدية")
            #expect(fields["Creator"] == "kimdoc")
            #expect(fields["CreationDate"] == "2026-01-01T00:00:00Z")
        }
    }

    @Test("PNG output through a Cairo image surface")
    func png() throws {
        try withTemporaryFolder { dir in
            let page = try TextPreview().page(["ሰላም"], style: ParagraphStyle(language: Language("ti")), width: 100)
            let file = dir.appendingPathComponent("ti.png")
            try CairoRenderer().writePNG(page, dpi: 72, to: file)
            let data = try Data(contentsOf: file)
            #expect(data.prefix(8) == Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
            // Width in the IHDR chunk: the page is 100 pt + 2 × 10 mm at 72 dpi.
            let width = data[16..<20].reduce(0) { $0 << 8 | Int($1) }
            #expect(width == Int((100 + 2 * Units.points(mm: 10)).rounded(.up)))
        }
    }
}
