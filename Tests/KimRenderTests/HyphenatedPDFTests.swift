import Foundation
import KimCore
import KimRender
import KimText
import Testing

@Suite("Hyphenated lines in the PDF")
struct HyphenatedPDFTests {
    /// The hyphen is drawn and is part of the PDF's text. poppler's default reading mode joins a
    /// line ending in "-" with the next line and drops the hyphen (its own dehyphenation; it would
    /// do the same to a hard hyphen at a line end), so `pdftotext` gives the logical text;
    /// `pdftotext -raw` shows the lines as set, hyphen included.
    @Test("pdftotext joins hyphenated words; -raw shows \"Integrati-\" at the line end")
    func extraction() throws {
        let text =
            "Das Kommunale Integrationsmanagement (KIM) berät Sie kostenlos und vertraulich zu Aufenthaltsrecht, Sprachkursen, Arbeit, Wohnen, Schule und Gesundheit."
        let p = try ParagraphLayout().layout(
            InlineText(stringLiteral: text), style: ParagraphStyle(language: Language("de"), size: 9.5, alignment: .justify),
            width: Units.points(mm: 45))
        try #require(p.lines.filter(\.span.isHyphenated).count >= 3)
        try withTemporaryFolder { dir in
            let pdf = dir.appendingPathComponent("h.pdf")
            try PDFRenderer().writePDF(
                [Page.a4(items: [.paragraph(p, x: 72, y: 72)])], info: DocumentInfo(title: "h", language: Language("de")), to: pdf
            )
            let joined = try run("pdftotext", [pdf.path, "-"])
            #expect(joined.split(whereSeparator: \.isWhitespace).joined(separator: " ") == text)
            // (-raw ends the page with a form feed line.)
            let raw = try run("pdftotext", ["-raw", pdf.path, "-"]).split(separator: "\n").map(String.init).filter {
                $0 != "\u{0C}"
            }
            let expected = p.lines.map { line in line.runs.map(\.text).joined() }
            #expect(raw == expected)
            #expect(raw.first == "Das Kommunale Integrati-")
        }
    }
}
