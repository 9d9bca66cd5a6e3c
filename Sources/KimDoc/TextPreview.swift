import Foundation
public import KimCore
public import KimRender
public import KimText

/// Paragraphs stacked on a page: what `kimdoc text` and the sample pages show.
public struct TextPreview: Sendable {
    public let layout: ParagraphLayout

    public init(layout: ParagraphLayout = ParagraphLayout()) { self.layout = layout }

    /// A page just large enough for the paragraphs set to `width` points, with `margin` around.
    /// Paragraphs are separated by half a line.
    public func page(_ paragraphs: [InlineText], style: ParagraphStyle, width: Double, margin: Double = Units.points(mm: 10)) throws -> Page {
        var items: [Page.Item] = []
        var y = margin
        for (i, text) in paragraphs.enumerated() {
            if i > 0 { y += style.size * 0.6 }
            let p = try layout.layout(text, style: style, width: width)
            items.append(.paragraph(p, x: margin, y: y))
            y += p.height
        }
        return Page(width: width + 2 * margin, height: max(y + margin, 2 * margin), items: items)
    }

    /// Splits preview text into paragraphs at blank lines (single newlines become spaces).
    public static func paragraphs(of text: String) -> [InlineText] {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n\n")
            .map { $0.split(separator: "\n").joined(separator: " ").trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .map(InlineText.parse(markup:))
    }
}
