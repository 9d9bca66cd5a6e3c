public import Foundation
public import KimCore
public import KimText

/// A page ready to draw: its size and what stands where, in points from the top-left corner.
public struct Page: Sendable {
    public enum Item: Sendable {
        /// A paragraph whose top-left corner is at (`x`, `y`), its text in `color`.
        case paragraph(LaidOutParagraph, x: Double, y: Double, color: Color = .black)
        /// A straight line.
        case rule(x1: Double, y1: Double, x2: Double, y2: Double, width: Double, gray: Double)
        /// A rectangle, filled and/or outlined (the outline centred on its edges).
        case rect(x: Double, y: Double, width: Double, height: Double, fill: Color?, stroke: Color?, lineWidth: Double)
        /// A PNG image scaled to the box.
        case image(PNGImage, x: Double, y: Double, width: Double, height: Double)
        /// A QR code as vector squares; `size` is the side of the whole square including the quiet
        /// zone of 4 modules on each side, which is left unpainted (put it on a light background).
        case qrCode(QRCode, x: Double, y: Double, size: Double, color: Color)
        /// Opens an element of the PDF's structure tree (tagged PDF): what is drawn until the
        /// matching `end` belongs to it. Elements nest and may run across pages. See
        /// `StructureTag` for what may contain what.
        case begin(StructureTag)
        /// Closes the innermost open element.
        case end
    }

    public var width: Double
    public var height: Double
    public var items: [Item]

    public init(width: Double, height: Double, items: [Item] = []) {
        self.width = width
        self.height = height
        self.items = items
    }

    /// The texts placed on the page, one per line of every paragraph, in the order drawn, each in
    /// logical order (see `LaidOutParagraph.lineTexts`): what text extraction should give back
    /// from this page.
    public var placedTexts: [String] {
        items.flatMap { item -> [String] in
            if case .paragraph(let p, _, _, _) = item { return p.lineTexts }
            return []
        }
    }

    /// A4 portrait, 210 × 297 mm.
    public static func a4(items: [Item] = []) -> Page {
        Page(width: Units.points(mm: 210), height: Units.points(mm: 297), items: items)
    }
}

/// An element of a tagged PDF's structure tree: what a screen reader reads, in which order and
/// in which language.
///
/// The renderer opens the `Document` element itself. Text belongs to the innermost open element,
/// which must then have no child elements (a "leaf": P, H1, Lbl, TH, TD, …): Cairo 1.16 marks
/// content only in leaves and leaves the rest unmarked, which is how page numbers, running
/// headers, rules and backgrounds stay out of what is read (drawn outside any leaf). A leaf holds
/// one paragraph; the renderer splits it into `Span` and `Link` children where the paragraph has
/// parts in another language or web and e-mail addresses.
public struct StructureTag: Sendable, Equatable {
    /// Standard structure types (PDF 1.7, 14.8.4); the raw value is the PDF name.
    public enum Role: String, Sendable, CaseIterable {
        case document = "Document", part = "Part", section = "Sect", division = "Div"
        case heading1 = "H1", heading2 = "H2", heading3 = "H3", paragraph = "P", note = "Note"
        case list = "L", listItem = "LI", label = "Lbl", listBody = "LBody"
        case table = "Table", tableRow = "TR", tableHeader = "TH", tableCell = "TD"
        case figure = "Figure", caption = "Caption"
        case tableOfContents = "TOC", tableOfContentsItem = "TOCI", index = "Index"
        case span = "Span", link = "Link"
        /// Not an element: what is drawn inside (page numbers, running headers, decoration) is
        /// left out of what is read. Allowed anywhere but inside a text leaf.
        case artifact = "Artifact"
    }

    public var role: Role
    /// The element's language; nil: the language of its text (leaves) or of its parent.
    public var language: Language?
    /// What a figure shows or where it leads, read instead of it (`/Alt`).
    public var alternativeText: String?
    /// A link's target (`uri`).
    public var uri: String?
    /// What the element says when it has no text of its own (a checkbox: ☒ or ☐), `/ActualText`.
    public var actualText: String?

    public init(_ role: Role, language: Language? = nil) {
        self.role = role
        self.language = language
    }

    /// A figure, always with its alternative text.
    public static func figure(alt: String) -> StructureTag {
        var t = StructureTag(.figure)
        t.alternativeText = alt
        return t
    }

    /// A link to `uri` (https:, mailto:).
    public static func link(_ uri: String) -> StructureTag {
        var t = StructureTag(.link)
        t.uri = uri
        return t
    }

    /// H1…H3 (deeper levels are H3).
    public static func heading(level: Int) -> Role {
        level <= 1 ? .heading1 : level == 2 ? .heading2 : .heading3
    }
}

extension [Page.Item] {
    /// `begin(tag)`, the items, `end`.
    public static func tagged(_ tag: StructureTag, _ items: [Page.Item]) -> [Page.Item] {
        [.begin(tag)] + items + [.end]
    }

    /// `items` inside an element of `role`.
    public static func tagged(_ role: StructureTag.Role, _ items: [Page.Item]) -> [Page.Item] {
        tagged(StructureTag(role), items)
    }
}

/// What the PDF says about itself.
public struct DocumentInfo: Sendable {
    public var title: String
    public var language: Language
    public var creator: String
    /// A fixed creation date makes the output byte-for-byte reproducible; nil means now.
    public var creationDate: Date?

    public init(title: String, language: Language, creator: String = "kimdoc", creationDate: Date? = nil) {
        self.title = title
        self.language = language
        self.creator = creator
        self.creationDate = creationDate
    }

    /// The date from the environment's `SOURCE_DATE_EPOCH` (the reproducible-builds convention);
    /// a value that is not a whole number of seconds in the years 1970…9999 is an error.
    public static func sourceDateEpoch() throws -> Date? {
        try UTCTime.sourceDateEpoch()
    }
}

/// An RGB colour, each component 0…1.
public struct Color: Sendable, Hashable, CustomStringConvertible {
    public var red: Double
    public var green: Double
    public var blue: Double

    public init(red: Double, green: Double, blue: Double) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A colour from `#rrggbb` (or `#rgb`; the `#` may be left out), e.g. `#1d4e89`.
    public init(hex: String) throws {
        let digits = hex.hasPrefix("#") ? hex.dropFirst() : Substring(hex)
        var values: [Double] = []
        if digits.count == 6 || digits.count == 3, digits.allSatisfy(\.isHexDigit) {
            let step = digits.count / 3
            var i = digits.startIndex
            for _ in 0..<3 {
                let j = digits.index(i, offsetBy: step)
                let part = String(digits[i..<j])
                if let v = UInt8(step == 1 ? part + part : part, radix: 16) { values.append(Double(v) / 255) }
                i = j
            }
        }
        guard values.count == 3 else {
            throw RenderError("\"\(hex)\" is not a colour: write it as #rrggbb in hexadecimal, e.g. #1d4e89.")
        }
        self.init(red: values[0], green: values[1], blue: values[2])
    }

    public static let black = Color(red: 0, green: 0, blue: 0)
    public static let white = Color(red: 1, green: 1, blue: 1)

    /// `#rrggbb`.
    public var hex: String {
        let digits = [red, green, blue].map { c in
            let v = Int((min(max(c, 0), 1) * 255).rounded())
            return (v < 16 ? "0" : "") + String(v, radix: 16)
        }
        return "#" + digits.joined()
    }

    public var description: String { hex }
}
