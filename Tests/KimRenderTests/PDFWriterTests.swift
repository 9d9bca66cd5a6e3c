import Foundation
import KimCore
import KimTestSupport
import KimText
import Testing

@testable import KimRender

@Suite("kimdoc's own PDF writer: syntax, object streams, images, link annotations")
struct PDFWriterTests {
    @Test("numbers have at most three decimals, no exponent and no trailing zeros")
    func numbers() {
        let cases: [(Double, String)] = [
            (0, "0"), (12.5, "12.5"), (-0.25, "-0.25"), (3.0004, "3"), (841.8898, "841.89"), (-0.0004, "0"),
            (10_000_000, "10000000"), (0.001, "0.001"), (0.1, "0.1"), (-7342.5, "-7342.5"), (.nan, "0"),
        ]
        for (value, expected) in cases {
            var b = PDFBytes()
            b.number(value)
            #expect(String(decoding: b.bytes, as: UTF8.self) == expected, "\(value)")
        }
    }

    @Test("names escape delimiters and spaces; text strings are literal ASCII or UTF-16BE with a byte order mark")
    func strings() {
        var b = PDFBytes()
        b.name("Noto Sans#1")
        b.space()
        b.text("Kim (NRW) \\ 1")
        b.space()
        b.text("ä")
        b.space()
        b.text("")
        #expect(String(decoding: b.bytes, as: UTF8.self) == "/Noto#20Sans#231 (Kim \\(NRW\\) \\\\ 1) <FEFF00E4> ()")
    }

    @Test("objects other than streams are packed into object streams; qpdf finds no error")
    func objectStreams() throws {
        let p = try ParagraphLayout().layout("Hallo", style: ParagraphStyle(language: Language("de")), width: 300)
        let data = try PDFRenderer().pdf([Page.a4(items: .tagged(.paragraph, [.paragraph(p, x: 72, y: 72)]))], info: DocumentInfo(title: "t", language: Language("de")))
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("o.pdf")
            try data.write(to: url)
            #expect(try run("qpdf", ["--check", url.path]).contains("No syntax or stream encoding errors"))
            let xref = try run("qpdf", ["--show-xref", url.path])
            // Catalog, page tree, page, fonts, structure elements: compressed (in an object stream).
            #expect(xref.split(separator: "\n").filter { $0.contains("compressed; stream") }.count >= 8, "\(xref)")
            #expect(PDFInfo.pageCount(of: url) == 1)
        }
    }

    @Test("a PNG with transparency becomes an RGB image with a soft mask, embedded once for all pages")
    func transparentImage() throws {
        let logo = try PNGImage(file: repositoryRoot.appendingPathComponent("Templates/offices/musterstadt-logo.png"))
        let page = Page.a4(items: .tagged(StructureTag.figure(alt: "Logo"), [.image(logo, x: 72, y: 72, width: 85, height: 85)]))
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("i.pdf")
            try PDFRenderer().writePDF([page, page], info: DocumentInfo(title: "t", language: Language("de")), to: url)
            let rows = try run("pdfimages", ["-list", url.path]).split(separator: "\n").dropFirst(2).map { $0.split(separator: " ", omittingEmptySubsequences: true) }
            // page num type width height color comp bpc enc interp object ID …
            #expect(rows.map { "\($0[2]) \($0[3])x\($0[4]) \($0[5])" } == ["image 300x300 rgb", "smask 300x300 gray", "image 300x300 rgb", "smask 300x300 gray"])
            // pdfimages lists a soft mask under its image's object number: one object for both pages.
            #expect(Set(rows.map { $0[10] }).count == 1, "\(rows)")
            let report = try TaggedPDFReport(url)
            #expect(report.document?.elements("Figure").map(\.alternativeText) == ["Logo", "Logo"])
        }
    }

    @Test("a link annotation covers the address it was made for, and says where it leads")
    func linkRectangle() throws {
        let text = InlineText([InlineSpan("Schreiben Sie an "), InlineSpan("kim@musterstadt.example", value: .email)])
        let p = try ParagraphLayout().layout(text, style: ParagraphStyle(language: Language("de"), size: 11), width: 400)
        let page = Page.a4(items: .tagged(.paragraph, [.paragraph(p, x: 72, y: 100)]))
        let data = try PDFRenderer().pdf([page], info: DocumentInfo(title: "t", language: Language("de")))
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("l.pdf")
            try data.write(to: url)
            let json = try run("qpdf", ["--json=2", "--json-key=qpdf", url.path])
            let top = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            let objects = try #require((top["qpdf"] as? [Any])?[1] as? [String: Any])
            let annotation = try #require(
                objects.values.compactMap { ($0 as? [String: Any])?["value"] as? [String: Any] }.first { $0["/Subtype"] as? String == "/Link" })
            let rect = try #require(annotation["/Rect"] as? [Double])
            // The address's glyphs: x from the run, y from the line (PDF's y runs upwards).
            let run = try #require(p.lines.first?.runs.flatMap { $0.split(at: [p.values[0].range.lowerBound]) }.last)
            let left = 72 + (run.glyphs.map(\.x).min() ?? 0)
            let right = 72 + (run.glyphs.map { $0.x + $0.advance }.max() ?? 0)
            let baseline = page.height - 100 - (run.glyphs.first?.y ?? 0)
            #expect(abs(rect[0] - left) < 0.01 && abs(rect[2] - right) < 0.01, "\(rect) vs \(left)…\(right)")
            #expect(rect[1] < baseline && rect[3] > baseline + 7, "\(rect) around the baseline \(baseline)")
            #expect((annotation["/Contents"] as? String) == "u:mailto:kim@musterstadt.example")
            #expect(annotation["/StructParent"] as? Int == 1, "keys after the one page's")
        }
    }
}
