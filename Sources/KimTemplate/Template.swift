public import Foundation
public import KimCatalog
import KimCore

/// A translatable text of a template: a stable id, the German source in ICU MessageFormat, and
/// an optional note for translators. What `kimdoc catalog update` extracts as one catalog unit.
public struct TextRef: Sendable, Equatable {
    /// The unit's stable id (`msgctxt` in the catalogs), e.g. `flyer.offer.intro`.
    public let id: String
    /// The German source (`msgid`).
    public let german: String
    public let message: MessageFormat
    /// A note for translators, written by the template's author.
    public let note: String?
    public let location: SourceLocation
}

/// A paragraph style, as the template gives it: sizes in points, lengths in points.
public struct TextStyle: Sendable, Equatable {
    public enum Weight: String, Sendable { case regular, bold }
    public enum Align: String, Sendable { case start, end, center, justify }

    /// What differs for one script (ISO 15924 code such as `Arab`, `Ethi`).
    public struct ScriptOverride: Sendable, Equatable {
        public var size: Double?
        public var lineSpacing: Double?
    }

    public var size: Double = 10
    public var weight: Weight = .regular
    /// `#rrggbb`.
    public var color: String = "#000000"
    public var lineSpacing: Double = 1.15
    public var spaceBefore: Double = 0
    public var spaceAfter: Double = 4
    public var align: Align = .start
    public var hyphenate: Bool = true
    public var scripts: [String: ScriptOverride] = [:]

    public init() {}

    /// The size for text in a script (ISO 15924 code).
    public func size(forScript iso: String) -> Double { scripts[iso]?.size ?? size }
    public func lineSpacing(forScript iso: String) -> Double { scripts[iso]?.lineSpacing ?? lineSpacing }
}

/// One block of content.
public indirect enum Block: Sendable {
    case heading(TextRef, level: Int)
    case paragraph(TextRef)
    case list([TextRef])
    /// Rows of a key–value table.
    case table([(key: TextRef, value: TextRef)])
    /// The office's opening hours: weekday names from ICU, times from the office data.
    case hours(title: TextRef?)
    /// The office's name, address, phone, e-mail and website, with translated labels.
    case contact(phone: TextRef, email: TextRef, website: TextRef)
    /// A PNG image: a file relative to the template (or `{logo}` for the office's logo).
    case image(file: String, width: Double, alt: TextRef)
    /// A QR code for a text with office placeholders (`{website}`), with a caption.
    case qrCode(data: String, size: Double, caption: TextRef?, alt: TextRef)
    case rule
    case spacer(Double)
    /// A box with a background colour around other blocks.
    case box(fill: String, blocks: [BlockSpec])
    /// The office's imprint lines, as written in the office data (not translated).
    case imprint
    /// What follows starts in the flow's next frame (a column or panel break).
    case frameBreak
}

/// A block with its id (for messages: "block flyer.hours overflows…") and style name.
public struct BlockSpec: Sendable {
    public let id: String
    public let block: Block
    /// The style name (`body`, `h1`, …); nil: the block kind's default.
    public let style: String?
    /// Set at the bottom of its frame rather than after the previous block.
    public let bottom: Bool
    public let location: SourceLocation
}

/// Where the blocks go: a page format with named frames (columns or panels).
public struct PageLayout: Sendable, Equatable {
    public enum Format: String, Sendable {
        /// A4 portrait, one page; frames `column-1` … `column-N`.
        case a4
        /// A4 landscape folded twice (letter fold) into six DIN-lang panels: outside `flap`, `back`,
        /// `cover` (left to right), inside `inside-left`, `inside-middle`, `inside-right`.
        case trifold
    }

    public var format: Format = .a4
    public var margins: Double = Units.points(mm: 15)
    public var columns: Int = 1
    public var gap: Double = Units.points(mm: 8)
    /// Extra paper around the trimmed page, for print shops (usually 3 mm); 0 for office printers.
    public var bleed: Double = 0
    public var cropMarks: Bool = false
    /// A4 only: height of a full-width frame `header` above the columns (0: none).
    public var header: Double = 0

    public init() {}
}

/// A flow of blocks through one or more frames, in order.
public struct Flow: Sendable {
    public let frames: [String]
    public let blocks: [BlockSpec]
    /// The smallest scale text may shrink to when the flow does not fit (1 = no shrinking).
    public let minimumScale: Double
    public let location: SourceLocation
}

/// A document template: layout, styles, fonts and flows of blocks, with German texts.
public struct Template: Sendable {
    public let id: String
    public let title: TextRef
    public let layout: PageLayout
    public let styles: [String: TextStyle]
    /// Font families per ISO 15924 script code, overriding kimdoc's defaults.
    public let fonts: [String: [String]]
    public let flows: [Flow]
    /// The line put on documents that use translations not yet reviewed by a person.
    public let draftNotice: TextRef?
    /// The file, relative to the project root.
    public let path: String
    /// The folder holding the template file (for images).
    public let folder: URL

    /// The style of a name, or the built-in default.
    public func style(_ name: String) -> TextStyle { styles[name] ?? TextStyle() }

    /// Every translatable text, in document order, the title first.
    public var texts: [TextRef] {
        var out = [title] + [draftNotice].compactMap { $0 }
        func collect(_ specs: [BlockSpec]) {
            for spec in specs {
                switch spec.block {
                case .heading(let t, _), .paragraph(let t): out.append(t)
                case .list(let items): out += items
                case .table(let rows): for r in rows { out += [r.key, r.value] }
                case .hours(let t): if let t { out.append(t) }
                case .contact(let p, let e, let w): out += [p, e, w]
                case .image(_, _, let alt): out.append(alt)
                case .qrCode(_, _, let caption, let alt): out += [caption, alt].compactMap { $0 }
                case .box(_, let blocks): collect(blocks)
                case .rule, .spacer, .imprint, .frameBreak: break
                }
            }
        }
        for flow in flows { collect(flow.blocks) }
        return out
    }
}
