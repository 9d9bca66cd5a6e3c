public import Foundation
public import KimCatalog
public import KimCore
public import KimRender
public import KimTemplate
public import KimText
import KimUnicode
import Synchronization

/// A document laid out: pages ready for the renderer, plus what the build reports.
public struct LaidOutDocument: Sendable {
    public let pages: [Page]
    public let info: DocumentInfo
    public let fallbacks: [Fallback]
    public let overflows: [Overflow]
    public let usedDrafts: Bool
    /// The text scale the flows needed (1 = as designed), smallest over the flows.
    public let scale: Double
    /// The catalog units the layout looked up (sorted ids); empty for German documents.
    public let units: [String]
    /// Where each block's box is on the pages, with the units it shows (flyers through their
    /// flows; forms and guides through the `Paginator`).
    public let boxes: [PlacedBox]

    public init(pages: [Page], info: DocumentInfo, fallbacks: [Fallback], overflows: [Overflow], usedDrafts: Bool, scale: Double = 1, units: Set<String> = [], boxes: [PlacedBox] = []) {
        self.pages = pages
        self.boxes = boxes
        self.units = units.sorted()
        self.info = info
        self.fallbacks = fallbacks
        self.overflows = overflows
        self.usedDrafts = usedDrafts
        self.scale = scale
    }
}

/// PNG images, loaded once per file and shared.
public final class ImageCache: Sendable {
    private let images = Mutex<[URL: PNGImage]>([:])
    public init() {}

    func image(_ url: URL) throws -> PNGImage {
        if let i = images.withLock({ $0[url] }) { return i }
        let image = try PNGImage(file: url)
        images.withLock { $0[url] = image }
        return image
    }
}

/// Lays out a template for one office and language: the verb between data and pages.
public final class DocumentLayout: Sendable {
    public let paragraphs: ParagraphLayout
    public let images: ImageCache
    /// Paragraph engines for templates with their own font lists, one per template.
    private let engines: ParagraphEngines

    public init(paragraphs: ParagraphLayout = ParagraphLayout(), images: ImageCache = ImageCache()) {
        self.paragraphs = paragraphs
        engines = ParagraphEngines(base: paragraphs)
        self.images = images
    }

    public struct Options: Sendable {
        /// A missing or outdated translation is an error instead of a German fallback.
        public var strict = false
        /// Put the "draft translation" line on documents that use unreviewed translations.
        public var draftNotice = true
        /// Overrides the template: 3 mm bleed and crop marks, for print shops.
        public var printShop = false
        public var creationDate: Date?
        /// Numbers in place of office values, by name (a plural's preview for an example number).
        public var numbers: [String: Double] = [:]
        public init() {}
    }

    public func layout(
        _ template: Template, office: OfficeData, language: Language, numberingSystem: String?, catalog: Catalog?, options: Options = Options()
    ) throws -> LaidOutDocument {
        var pageLayout = template.layout
        if options.printShop {
            pageLayout.bleed = Units.points(mm: 3)
            pageLayout.cropMarks = true
        }
        let geometry = PageGeometry(pageLayout)
        let direction = LocaleInfo.direction(of: language)
        let script = try LocaleInfo.likelyScript(of: language).isoCode
        let paragraphs = self.paragraphs(for: template)
        let resolver = try TextResolver(language: language, numberingSystem: numberingSystem, catalog: catalog, office: office, numbers: options.numbers)
        // The page each frame is on.
        var pageOfFrame: [String: Int] = [:]
        for (i, side) in geometry.sides.enumerated() {
            for frame in side.frames where pageOfFrame[frame.name] == nil { pageOfFrame[frame.name] = i }
        }
        var placed: [PlacedBox] = []

        var overflows: [Overflow] = []
        var minScale = 1.0
        var frameItems: [String: [Page.Item]] = [:]
        for flow in template.flows {
            let frames = flow.frames.compactMap { name in geometry.frame(name).map { (name: name, rect: $0.rect) } }
            func run(_ scale: Double) throws -> FlowLayout.Result {
                let blocks = BlockLayout(
                    template: template, resolver: resolver, paragraphs: paragraphs, direction: direction, script: script, scale: scale,
                    strict: options.strict, images: images)
                return try FlowLayout.layout(flow, frames: frames, blocks: blocks)
            }
            // Shrink the text in steps of 2.5 % while it overflows, down to what the flow allows.
            var scale = 1.0
            var result = try run(scale)
            while result.overflow != nil && scale - 0.025 >= flow.minimumScale - 1e-9 {
                scale -= 0.025
                result = try run(scale)
            }
            if let overflow = result.overflow {
                overflows.append(Overflow(template: template.id, block: overflow.block, language: language.tag, millimetres: Units.millimetres(pt: overflow.amount)))
            }
            for (frame, items) in result.items { frameItems[frame, default: []] += items }
            for p in result.placements where frames.indices.contains(p.frame) {
                let f = frames[p.frame]
                placed.append(PlacedBox(
                    page: pageOfFrame[f.name] ?? 0, block: p.box.id, units: p.box.units, x: p.x, y: p.y, width: f.rect.width, height: p.box.height,
                    frame: (f.rect.x, f.rect.y, f.rect.width, f.rect.height), overflowing: p.overflowing, items: p.overflowing ? p.box.items : []))
            }
            minScale = min(minScale, scale)
        }

        // The title and, when unreviewed translations were used, the draft line.
        let title = try resolver.resolve(template.title).text.plainText
        let usedDrafts = resolver.usedDrafts
        var notice: LaidOutParagraph?
        if usedDrafts, options.draftNotice, let ref = template.draftNotice {
            let translated = try resolver.resolve(ref)
            var text = translated.text
            if translated.language != Language("de") { text = text.followed(byGerman: ref.german, separator: " / ") }
            let width = geometry.sides[0].trim.width - 2 * pageLayout.margins
            notice = try paragraphs.layout(text, style: ParagraphStyle(language: language, size: 6.5, alignment: .center), width: width)
        }

        var pages: [Page] = []
        let accent = Color(hex: template.style("h1").color, default: .black)
        for side in geometry.sides {
            var items: [Page.Item] = []
            // A band in the accent colour across the top of the cover (or the page), into the bleed.
            if let cover = side.panels.first(where: { $0.name == "cover" || $0.name == "page" }) {
                let bleed = pageLayout.bleed
                items.append(.rect(x: cover.rect.x - (cover.name == "page" ? bleed : 0), y: cover.rect.y - bleed, width: cover.rect.width + (cover.name == "page" ? 2 * bleed : bleed), height: Units.points(mm: 4) + bleed, fill: accent, stroke: nil, lineWidth: 0))
            }
            if let notice {
                // Read once, first (it says how to take everything after it); repeated on the
                // other sides as an artifact.
                let item = Page.Item.paragraph(notice, x: side.trim.x + pageLayout.margins, y: side.trim.maxY - pageLayout.margins / 2 - notice.height / 2, color: Color(hex: "#666666", default: .black))
                items += .tagged(pages.isEmpty ? .note : .artifact, [item])
            }
            for frame in side.frames { items += frameItems[frame.name] ?? [] }
            if pageLayout.cropMarks { items += cropMarks(side.trim, bleed: pageLayout.bleed, folds: side.panels.dropLast().map(\.rect.maxX)) }
            pages.append(Page(width: side.width, height: side.height, items: items))
        }
        let info = DocumentInfo(title: title, language: language, creationDate: options.creationDate)
        return LaidOutDocument(pages: pages, info: info, fallbacks: resolver.fallbacks, overflows: overflows, usedDrafts: usedDrafts, scale: minScale, units: resolver.usedUnits, boxes: placed)
    }

    /// The paragraph engine with the template's font lists, if it has its own.
    func paragraphs(for template: Template) -> ParagraphLayout {
        engines.engine(template: template.id, fonts: template.fonts)
    }

    /// Crop marks at the trim corners and fold marks at the panel edges, outside the bleed.
    func cropMarks(_ trim: Rect, bleed: Double, folds: [Double]) -> [Page.Item] {
        let gap = bleed + Units.points(mm: 1), len = Units.points(mm: 5)
        var out: [Page.Item] = []
        for x in [trim.x, trim.maxX] {
            out.append(.rule(x1: x, y1: trim.y - gap - len, x2: x, y2: trim.y - gap, width: 0.25, gray: 0))
            out.append(.rule(x1: x, y1: trim.maxY + gap, x2: x, y2: trim.maxY + gap + len, width: 0.25, gray: 0))
        }
        for y in [trim.y, trim.maxY] {
            out.append(.rule(x1: trim.x - gap - len, y1: y, x2: trim.x - gap, y2: y, width: 0.25, gray: 0))
            out.append(.rule(x1: trim.maxX + gap, y1: y, x2: trim.maxX + gap + len, y2: y, width: 0.25, gray: 0))
        }
        for x in folds {
            out.append(.rule(x1: x, y1: trim.y - gap - len, x2: x, y2: trim.y - gap, width: 0.25, gray: 0.5))
            out.append(.rule(x1: x, y1: trim.maxY + gap, x2: x, y2: trim.maxY + gap + len, width: 0.25, gray: 0.5))
        }
        return out
    }
}

extension Color {
    init(hex: String, default fallback: Color) { self = (try? Color(hex: hex)) ?? fallback }
}
