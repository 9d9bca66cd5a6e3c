public import Foundation
public import KimCore
public import KimRender
import KimText
import KimUnicode

/// One A4 sample page per language from `Translations/samples/<lang>.txt`: the heading, the text
/// justified across the page, and the same text in a narrow column (where line breaking and
/// values kept whole show), to PDF and PNG.
public struct SamplePages: Sendable {
    public let root: URL
    public let preview = TextPreview()

    public init(root: URL) { self.root = root }

    public func sampleFile(for language: Language) -> URL {
        root.appendingPathComponent("Translations/samples/\(language.tag).txt")
    }

    /// Builds the page for a language.
    public func page(for language: Language) throws -> (page: KimRender.Page, title: String) {
        let file = sampleFile(for: language)
        let content: String
        do { content = try String(contentsOf: file, encoding: .utf8) } catch {
            throw KimError("\(file.path): cannot read the sample text for \(language) (\(error.localizedDescription)). Add the file or remove the language from Translations/languages.json.")
        }
        let blocks = TextPreview.paragraphs(of: content)
        guard let heading = blocks.first else {
            throw KimError("\(file.path):1: the sample text is empty; write a heading line, a blank line and a paragraph.")
        }
        let body = Array(blocks.dropFirst())
        let margin = Units.points(mm: 20)
        let fullWidth = Units.points(mm: 170)
        let narrow = Units.points(mm: 62)
        let layout = preview.layout
        var items: [KimRender.Page.Item] = []
        var y = margin
        let head = try layout.layout(heading, style: ParagraphStyle(language: language, size: 20, weight: .bold), width: fullWidth)
        items.append(.paragraph(head, x: margin, y: y))
        y += head.height + 12
        for text in body {
            let p = try layout.layout(text, style: ParagraphStyle(language: language, size: 12, alignment: .justify), width: fullWidth)
            items.append(.paragraph(p, x: margin, y: y))
            y += p.height + 8
        }
        y += 6
        items.append(.rule(x1: margin, y1: y, x2: margin + fullWidth, y2: y, width: 0.5, gray: 0.6))
        y += 14
        // The narrow column sits on the start side: left for LTR, right for RTL.
        let rtl = LocaleInfo.direction(of: language) == .rightToLeft
        let columnX = rtl ? margin + fullWidth - narrow : margin
        for text in body {
            let p = try layout.layout(text, style: ParagraphStyle(language: language, size: 10), width: narrow)
            items.append(.paragraph(p, x: columnX, y: y))
            y += p.height + 6
        }
        return (KimRender.Page.a4(items: items), heading.plainText)
    }

    /// Writes `sample-<lang>.pdf` and `sample-<lang>.png` into `folder`; returns the files written.
    public func write(_ language: Language, to folder: URL, date: Date?, dpi: Double = 72) throws -> [URL] {
        let (page, title) = try page(for: language)
        let pdf = folder.appendingPathComponent("sample-\(language.tag).pdf")
        let png = folder.appendingPathComponent("sample-\(language.tag).png")
        let renderer = CairoRenderer()
        try PDFRenderer().writePDF([page], info: DocumentInfo(title: title, language: language, creationDate: date), to: pdf)
        try renderer.writePNG(page, dpi: dpi, to: png)
        return [pdf, png]
    }
}
