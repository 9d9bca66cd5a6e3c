public import Foundation
public import KimCatalog
public import KimCore
import KimForm
public import KimLayout
import KimRender
import KimTemplate
import KimText

/// A translation as it would print, before it is saved: the first document that uses the unit,
/// laid out for one office with the text in place of the catalog's (as a current, reviewed
/// translation). Returned: the region of the page around the unit's box, with the box outlined
/// (red when it does not fit: its text is then drawn where it would run, below the frame), the
/// page as a thumbnail with the same outline, and what overflows, by how many millimetres. For a
/// plural, the region once per example number.
extension DocumentBuild {
    public struct Preview: Sendable {
        /// The template, form or guide shown.
        public let document: String
        public let office: String
        /// The page with the unit's box (its first, 1-based), or nil if the layout shows the unit
        /// in no box (a form's page number: the first pages are shown).
        public let page: Int?
        /// The page as a small PNG, with the box outlined; without a box, the first pages (at most
        /// three). Empty unless asked for (`thumbnails`): while a translator types, only the
        /// region is drawn, the page when typing pauses.
        public let pages: [Data]
        /// The region around the unit's box with the text above and below it, as PNG.
        public let region: Data?
        public let overflows: [Overflow]
        /// How far the unit's own text runs past its frame, millimetres (nil: it fits).
        public let unitOverflow: Double?
        /// For a plural: the region per example number.
        public let examples: [Example]
    }

    public struct Example: Sendable {
        public let category: String
        public let number: Double
        public let region: Data?
        public let unitOverflow: Double?
    }

    /// The German of a unit of the flyers, forms or guides, from the templates in memory (nil:
    /// no document uses it).
    public func sourceGerman(_ id: String) -> String? {
        if let known = (try? unitSources.value())?[id] { return known.german }
        return (try? guideShowing(id, office: nil))?.german
    }

    /// The guide that shows a unit and the office whose guide it is: for an offer's description
    /// its office; for a text of the guide template the office asked for if it has offers, else
    /// the first that has. Nil if no guide uses the unit (or no office has offers).
    func guideShowing(_ id: String, office: String?) throws -> (template: DirectoryTemplate, german: String, office: String)? {
        let lists = try offers()
        guard let first = directoryTemplates.first, let firstOffice = lists.keys.sorted().first else { return nil }
        for t in directoryTemplates {
            if let u = t.sourceUnits().first(where: { $0.id == id }) {
                return (t, u.german, office.flatMap { lists[$0] == nil ? nil : $0 } ?? firstOffice)
            }
        }
        for (officeID, list) in lists.sorted(by: { $0.key < $1.key }) {
            if let offer = list.offers.first(where: { $0.description.id == id }) { return (first, offer.description.german, officeID) }
        }
        return nil
    }

    /// Resolutions of the preview's images.
    public static let previewDPI = (thumbnail: 40.0, region: 110.0)

    /// `examples`: for a plural unit, the argument and one number per category to lay out besides.
    /// `thumbnails`: also draw the page (or, without a box, the first pages) small.
    public func preview(
        _ text: String, unit id: String, language: ProjectLanguages.Entry, office: String?, catalogs: CatalogSet, dpi: Double = previewDPI.thumbnail,
        examples: (argument: String, numbers: [(category: String, number: Double)])? = nil, thumbnails: Bool = true
    ) throws -> Preview {
        // The first flyer template, then form, then guide that uses the unit.
        let document: String
        let german: String
        var office = office
        if let known = try unitSources.value()[id] {
            document = known.document
            german = known.german
        } else if let g = try guideShowing(id, office: office) {
            document = g.template.id
            german = g.german
            office = g.office
        } else {
            throw KimError("\(id) is used by no flyer, form or guide, so there is nothing to preview.")
        }
        guard let officeID = office ?? offices.first?.id else { throw KimError("no office data in Templates/offices/.") }
        var o = Options()
        o.templates = [document]
        o.offices = [officeID]
        o.languages = [language.tag]
        guard let job = try jobs(o).first else { throw KimError("no document \(document) for \(officeID).") }
        // The catalog with the text as the unit's current, reviewed translation (the snapshot's
        // catalog when it could be read, else the file).
        let base = try catalogs.catalogs[language.tag]
            ?? Catalog(language: language.tag, file: project.readCatalog(language.tag), path: project.display(project.catalogFile(language.tag)))
        var catalog = base
        if let entry = base.entry(id: id, german: german) {
            var f = entry.fields
            f.strings = [text]
            f.id = german
            f.flags.removeAll { $0 == "fuzzy" }
            f.translatorComments.removeAll { $0.lowercased().hasPrefix("draft") }
            catalog = base.replacing(entry, with: f) ?? base
        }
        var previewCatalogs = catalogs
        previewCatalogs.catalogs[language.tag] = catalog
        previewCatalogs.failures[language.tag] = nil
        var options = DocumentLayout.Options()
        options.draftNotice = false
        let doc = try layOut(job, catalogs: previewCatalogs, options: options)
        let renderer = CairoRenderer()
        let shown = Self.unitRegion(doc, unit: id)
        let wantsThumbnails = thumbnails
        var thumbnails: [Data] = []
        var region: Data?
        if let shown, doc.pages.indices.contains(shown.page) {
            let page = Self.outlined(doc.pages[shown.page], shown.boxes)
            if wantsThumbnails { thumbnails = [try renderer.png(page, dpi: dpi)] }
            region = try renderer.png(page, dpi: Self.previewDPI.region, region: shown.area)
        } else if wantsThumbnails {
            thumbnails = try doc.pages.prefix(3).map { try renderer.png($0, dpi: dpi) }
        }
        var out: [Example] = []
        if let examples, shown != nil {
            for (category, number) in examples.numbers {
                var options = options
                options.numbers[examples.argument] = number
                let d = try layOut(job, catalogs: previewCatalogs, options: options)
                guard let r = Self.unitRegion(d, unit: id), d.pages.indices.contains(r.page) else { continue }
                out.append(Example(
                    category: category, number: number, region: try renderer.png(Self.outlined(d.pages[r.page], r.boxes), dpi: Self.previewDPI.region, region: r.area),
                    unitOverflow: r.overflow))
            }
        }
        return Preview(
            document: document, office: officeID, page: shown.map { $0.page + 1 }, pages: thumbnails, region: region, overflows: doc.overflows,
            unitOverflow: shown?.overflow, examples: out)
    }

    /// Where a unit is on its first page: its boxes there, the area to show (the frame's width,
    /// 12 mm above and below the boxes) and how far its text runs past the frame (mm).
    static func unitRegion(_ doc: LaidOutDocument, unit id: String) -> (page: Int, boxes: [PlacedBox], area: (x: Double, y: Double, width: Double, height: Double), overflow: Double?)? {
        guard let first = doc.boxes.first(where: { $0.units.contains(id) }) else { return nil }
        let boxes = doc.boxes.filter { $0.page == first.page && $0.units.contains(id) }
        let margin = Units.points(mm: 12), side = Units.points(mm: 4)
        let top = max((boxes.map(\.y).min() ?? first.y) - margin, 0)
        let bottom = (boxes.map { $0.y + $0.height }.max() ?? first.y + first.height) + margin
        let left = max((boxes.map(\.frame.x).min() ?? first.frame.x) - side, 0)
        let right = (boxes.map { $0.frame.x + $0.frame.width }.max() ?? first.frame.x + first.frame.width) + side
        // Past the frame's end: how far the lowest overflowing box reaches beyond it.
        let over = boxes.filter(\.overflowing).map { $0.y + $0.height - ($0.frame.y + $0.frame.height) }.max()
        return (first.page, boxes, (left, top, max(right - left, 1), max(bottom - top, 1)), over.map { Units.millimetres(pt: max($0, 0.5)) })
    }

    /// The page with the unit's boxes outlined (blue; red and with their text when they overflow)
    /// and, for an overflow, the frame's end marked.
    static func outlined(_ page: Page, _ boxes: [PlacedBox]) -> Page {
        var page = page
        let blue = Color(red: 0.11, green: 0.31, blue: 0.85), red = Color(red: 0.8, green: 0.1, blue: 0.1)
        for b in boxes {
            let pad = 1.5
            if b.overflowing {
                page.items += b.items.map { offset($0, b.x, b.y) }
                page.items.append(.rule(x1: b.frame.x, y1: b.frame.y + b.frame.height, x2: b.frame.x + b.frame.width, y2: b.frame.y + b.frame.height, width: 0.8, gray: 0.3))
            }
            page.items.append(.rect(x: b.x - pad, y: b.y - pad, width: b.width + 2 * pad, height: b.height + 2 * pad, fill: nil, stroke: b.overflowing ? red : blue, lineWidth: 1.2))
        }
        return page
    }
}
