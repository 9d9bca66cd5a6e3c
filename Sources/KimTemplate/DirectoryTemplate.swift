public import Foundation
public import KimCatalog
import KimCore

/// The template of a guide to local offers (`Templates/directory/*.yaml`): title, labels and
/// headings in German with stable ids, the topic categories, styles, page layout and the
/// collation variant. The offers themselves are data (`OfferList`), one file per office.
///
/// The guide is A4 portrait: a first page with title, introduction and table of contents, the
/// offers by category in columns, then an index of all offers under the language's letters.
public struct DirectoryTemplate: Sendable {
    /// Which alphabetical order the guide uses where a language has a choice.
    public enum Collation: String, Sendable, CaseIterable {
        /// The language's default order (German: ä with a).
        case standard
        /// German phone-book order (ä as ae, ö as oe, ü as ue); other languages keep their standard order.
        case phonebook
    }

    /// A topic offers are grouped under, e.g. `language-courses` ("Sprachkurse").
    public struct Category: Sendable {
        /// What offers data write as `category:`.
        public let key: String
        public let name: TextRef
    }

    /// The guide's fixed texts.
    public struct Texts: Sendable {
        /// A paragraph on the first page (office placeholders allowed).
        public let intro: TextRef
        /// A note under the introduction saying how the guide is ordered.
        public let orderNote: TextRef
        /// The heading of the table of contents.
        public let contents: TextRef
        /// The heading of the index (and its line in the table of contents).
        public let index: TextRef
        /// The running header on every page after the first (office placeholders allowed).
        public let runningHeader: TextRef
        /// The page number in the footer, with `{page}` and `{pages}`.
        public let pageNumber: TextRef
        public let address: TextRef
        public let phone: TextRef
        public let email: TextRef
        public let website: TextRef
        public let hours: TextRef
        public let languages: TextRef
        /// Said of offers that see people by appointment.
        public let byAppointment: TextRef
    }

    public let id: String
    public let title: TextRef
    public let draftNotice: TextRef?
    public let collation: Collation
    /// Page margins (all four sides), points; the running header and footer sit inside them.
    public let margins: Double
    /// Columns of the offers and the index (1 or 2).
    public let columns: Int
    public let gap: Double
    public let styles: [String: TextStyle]
    /// Font families per ISO 15924 script code, overriding kimdoc's defaults.
    public let fonts: [String: [String]]
    public let texts: Texts
    public let categories: [Category]
    /// The file, relative to the project root.
    public let path: String

    /// The style of a name, or the built-in default.
    public func style(_ name: String) -> TextStyle { styles[name] ?? TextStyle() }

    /// The width of one column, points (A4 portrait).
    public var columnWidth: Double {
        (Units.points(mm: 210) - 2 * margins - Double(columns - 1) * gap) / Double(columns)
    }
}

extension DirectoryTemplate {
    /// Reads a directory template; errors name file, line and column (YAML syntax, unknown keys,
    /// missing texts, unknown placeholders, a collation other than standard or phonebook).
    public static func load(_ url: URL, root: URL) throws -> DirectoryTemplate {
        var (m, reader) = try TemplateReader.open(url, root: root)
        let display = reader.file
        let id = try m.templateID("the guide's id, e.g. 'directory' (its output folder)")
        let title = try reader.text(try m.required("title", "the guide's title, a text with id and de"))
        let notice = try m.optional("draft_notice").map { try reader.text($0) }
        var collation = Collation.standard
        if let c = m.optional("collation") {
            guard let v = Collation(rawValue: try c.string()) else {
                throw c.fail("collation is standard or phonebook (German phone-book order: ä as ae)")
            }
            collation = v
        }
        var margins = Units.points(mm: 16), columns = 2, gap = Units.points(mm: 7)
        if let l = m.optional("layout") {
            var lm = try YAMLMapping(l)
            if let f = lm.optional("format"), try f.string() != "a4" {
                throw f.fail("a guide is printed on A4 portrait: format is a4")
            }
            if let v = lm.optional("margins") {
                margins = try v.length()
                guard margins >= Units.points(mm: 10), margins <= Units.points(mm: 40) else {
                    throw v.fail("margins are 10mm to 40mm (the running header and page number sit in them)")
                }
            }
            if let v = lm.optional("columns") {
                columns = try v.int()
                guard (1...2).contains(columns) else { throw v.fail("columns is 1 or 2") }
            }
            if let v = lm.optional("gap") { gap = try v.length() }
            try lm.finish()
        }
        var styles: [String: TextStyle] = [:]
        if let s = m.optional("styles") {
            for (name, node) in try s.pairs() { styles[name] = try reader.style(node) }
        }
        var fonts: [String: [String]] = [:]
        if let f = m.optional("fonts") {
            for (script, list) in try f.pairs() { fonts[script] = try list.items().map { try $0.string() } }
        }
        let texts = try readTexts(try m.required("texts", "the guide's headings and labels"), &reader)
        let categoryNode = try m.required("categories", "the topics, e.g. advice: {id: directory.category.advice, de: Beratung}")
        var categories: [Category] = []
        for (key, node) in try categoryNode.pairs() {
            guard SimpleID.isValid(key) else {
                throw node.fail("the category key '\(key)' may use only a–z, 0–9 and '-' (offers name it as their category)")
            }
            categories.append(Category(key: key, name: try reader.text(node)))
        }
        guard !categories.isEmpty else { throw categoryNode.fail("a guide needs at least one category") }
        try m.finish()
        return DirectoryTemplate(
            id: id, title: title, draftNotice: notice, collation: collation, margins: margins, columns: columns, gap: gap,
            styles: styles,
            fonts: fonts, texts: texts, categories: categories, path: display)
    }

    private static func readTexts(_ node: YAMLNode, _ reader: inout TemplateReader) throws -> Texts {
        var m = try YAMLMapping(node)
        func text(_ key: String, _ what: String, extra: [String] = []) throws -> TextRef {
            try reader.text(try m.required(key, what), placeholders: extra)
        }
        let texts = Texts(
            intro: try text("intro", "a paragraph on the first page"),
            orderNote: try text("order_note", "a note saying how the guide is ordered"),
            contents: try text("contents", "the heading of the table of contents"),
            index: try text("index", "the heading of the index"),
            runningHeader: try text("running_header", "the line at the top of every page after the first"),
            pageNumber: try text("page_number", "the page number, e.g. \"Seite {page} von {pages}\"", extra: ["page", "pages"]),
            address: try text("address", "the label before an offer's address"),
            phone: try text("phone", "the label before an offer's phone number"),
            email: try text("email", "the label before an offer's e-mail address"),
            website: try text("website", "the label before an offer's website"),
            hours: try text("hours", "the label before an offer's opening hours"),
            languages: try text("languages", "the label before the languages spoken"),
            byAppointment: try text("by_appointment", "what is said of offers that see people by appointment"))
        try m.finish()
        return texts
    }

    /// Every `*.yaml` directory template in a folder, sorted by file name; none if the folder is missing.
    public static func loadAll(in folder: URL, root: URL) throws -> [DirectoryTemplate] {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        let templates = try files.filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }.map
        { try load($0, root: root) }
        var seen: [String: String] = [:]
        for t in templates {
            if let other = seen[t.id] {
                throw KimError("\(t.path): template id '\(t.id)' is already used by \(other); give each template its own id.")
            }
            seen[t.id] = t.path
        }
        return templates
    }

    /// The catalog units of the template, with notes for translators.
    public func sourceUnits() -> [SourceUnit] {
        let width = columnWidth
        let full = Units.points(mm: 210) - 2 * margins
        func unit(_ t: TextRef, _ place: String, style name: String?, width: Double?) -> SourceUnit {
            var notes: [String] = []
            if let note = t.note { notes.append(note) }
            notes.append("Where: \(place) (\(id)).")
            for arg in t.message.argumentNames.sorted() {
                if let f = OfficeData.field(arg) {
                    notes.append("{\(arg)}: \(f.meaning).")
                } else if arg == "page" {
                    notes.append("{page}: the number of this page.")
                } else if arg == "pages" {
                    notes.append("{pages}: how many pages the guide has.")
                }
            }
            if let name, let width {
                let s = style(name)
                notes.append("Box: \(Int(Units.millimetres(pt: width).rounded())) mm wide, \(formatSize(s.size)) pt.")
            }
            return SourceUnit(id: t.id, german: t.german, notes: notes, references: [t.location.reference])
        }
        let t = texts
        var out = [
            unit(title, "title on the first page of the guide to local offers, and the PDF's title", style: "title", width: full)
        ]
        if let draftNotice {
            out.append(
                unit(
                    draftNotice, "small line at the foot of documents made from translations not yet reviewed", style: nil,
                    width: nil))
        }
        out += [
            unit(t.intro, "introduction on the first page", style: "lead", width: full),
            unit(t.orderNote, "note on the first page, under the introduction", style: "body", width: full),
            unit(t.contents, "heading of the table of contents", style: "h1", width: full),
            unit(
                t.index, "heading of the index of all offers (A to Z) at the end, and its line in the table of contents",
                style: "h1", width: width),
            unit(
                t.runningHeader, "running header at the top of every page after the first, next to the office's name",
                style: "header", width: full * 0.6),
            unit(t.pageNumber, "page number at the foot of every page", style: "footer", width: full),
            unit(t.address, "label before an offer's address", style: "label", width: width * 0.35),
            unit(t.phone, "label before an offer's phone number", style: "label", width: width * 0.35),
            unit(t.email, "label before an offer's e-mail address", style: "label", width: width * 0.35),
            unit(t.website, "label before an offer's website", style: "label", width: width * 0.35),
            unit(
                t.hours, "label before an offer's opening hours (weekday names and times follow)", style: "label",
                width: width * 0.35),
            unit(
                t.languages, "label before the languages spoken at an offer (language names follow)", style: "label",
                width: width * 0.35),
            unit(t.byAppointment, "after an offer's opening hours, or instead of them", style: "body", width: width * 0.65),
        ]
        for c in categories {
            out.append(
                unit(
                    c.name,
                    "category heading in the guide and line in its table of contents; categories are sorted alphabetically in each language",
                    style: "h1", width: width))
        }
        return out
    }
}

func formatSize(_ v: Double) -> String {
    v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
}
