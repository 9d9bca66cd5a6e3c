public import Foundation
public import KimCatalog
public import KimCore
public import KimLayout
import KimRender
public import KimTemplate
public import KimText
import KimUnicode

/// Lays out a form bilingually on A4 portrait pages: every label in German with its translation
/// below it, each aligned to its own direction; boxes for handwriting (blank) or the client's
/// values (filled); on every page the title, the note that only the German form is binding, and
/// "Seite X von Y" in both languages.
///
/// The boxes keep the German form's left-to-right order in every language, so that a case
/// manager can carry answers across to the official form line by line; only the translated
/// labels follow their own direction (Arabic and Persian right-aligned).
public final class FormLayout: Sendable {
    public let paragraphs: ParagraphLayout
    /// The labels, headings and notices, laid out once for a whole batch (never the answers).

    public init(paragraphs: ParagraphLayout = ParagraphLayout()) { self.paragraphs = paragraphs }

    public struct Options: Sendable {
        public var strict = false
        public var draftNotice = true
        public var creationDate: Date?
        public init() {}
    }

    // Measures, points.
    static let mm = Units.pointsPerMillimetre
    static let margin = 15 * mm
    static let top = 12 * mm
    static let bottom = 14 * mm
    static let gap = 3 * mm
    static let lineBox = 7 * mm
    static let labelSize = 7.5
    static let valueSizes: [Double] = [10, 9, 8, 7]
    static let accent = Color(red: 0.114, green: 0.306, blue: 0.537)
    static let boxStroke = Color(red: 0.45, green: 0.45, blue: 0.45)
    static let sectionFill = Color(red: 0.90, green: 0.93, blue: 0.97)
    static let noticeFill = Color(red: 1.0, green: 0.96, blue: 0.84)
    static let gray = Color(red: 0.35, green: 0.35, blue: 0.35)

    /// A form for one language, blank (`client` nil) or filled. Values are placed as plain text:
    /// never parsed as markup or MessageFormat.
    public func layout(
        _ form: FormDefinition, office: OfficeData, language: Language, numberingSystem: String?, catalog: Catalog?,
        client: ClientRecord?, options: Options = Options()
    ) throws -> LaidOutDocument {
        guard office.authority != nil else {
            throw KimError("\(office.path): no 'authority:' block; the \(form.id) form's data-protection notice names the foreigners authority (see Templates/README.md).")
        }
        let context = try Context(
            form: form, language: language, numberingSystem: numberingSystem, catalog: catalog, office: office, client: client,
            strict: options.strict, paragraphs: paragraphs)
        let pageWidth = Units.points(mm: 210), pageHeight = Units.points(mm: 297)
        let width = pageWidth - 2 * Self.margin

        // The header is the same on every page: title, subtitle and the binding notice.
        let headerStart = context.translated.lookups.count
        let header = try context.header(width: width)
        let headerUnits = context.unitsLookedUp(since: headerStart)
        let footerHeight = 8 * Self.mm
        let content = Rect(x: Self.margin, y: Self.top + header.height + 4 * Self.mm, width: width,
                           height: pageHeight - Self.top - header.height - 4 * Self.mm - Self.bottom - footerHeight)
        var boxes: [BlockBox] = []
        for (n, section) in form.sections.enumerated() { boxes += try context.section(section, number: n + 1, width: width) }
        let paginated = Paginator(content: content).paginate(boxes)
        if let tall = paginated.tooTall.first {
            throw KimError("\(form.path): \(tall.id) is taller than a page in \(language.tag); split it")
        }

        var draftLine: LaidOutParagraph?
        if context.translated.usedDrafts, options.draftNotice, let ref = form.draftNotice {
            draftLine = try context.bilingualLine(ref, size: 6, width: width)
        }
        var pages: [Page] = []
        let count = paginated.pages.count
        for (i, items) in paginated.pages.enumerated() {
            var page = Page(width: pageWidth, height: pageHeight)
            // Structure: the header and the draft line are read once, on the first page (the
            // draft line first of all); on the other pages they, like the footer, are artifacts.
            let footerY = pageHeight - Self.bottom - footerHeight + 2 * Self.mm
            let draft: [Page.Item] = draftLine.map { .tagged(.note, [.paragraph($0, x: Self.margin, y: footerY + 4 * Self.mm, color: Self.gray)]) } ?? []
            let head = header.items.map { offset($0, Self.margin, Self.top) }
            page.items += i == 0 ? draft + head : .tagged(.artifact, head + draft)
            page.items += items
            var furniture: [Page.Item] = [.rule(x1: Self.margin, y1: footerY - 1 * Self.mm, x2: pageWidth - Self.margin, y2: footerY - 1 * Self.mm, width: 0.4, gray: 0.6)]
            furniture += try context.footer(page: i + 1, of: count, width: width).map { offset($0, Self.margin, footerY) }
            page.items += .tagged(.artifact, furniture)
            pages.append(page)
        }
        // The title names the form and language only: never the client (it is PDF metadata).
        let title = try context.german.resolve(form.title).text.plainText + " – " + (try context.translated.resolve(form.subtitle).text.plainText)
        let info = DocumentInfo(title: title, language: language, creationDate: options.creationDate)
        // Where each text went, for the translators' preview: the header on the first page (it is
        // repeated on the others), then every box with its units.
        let headerBox = PlacedBox(
            page: 0, block: "\(form.id).header", units: headerUnits, x: Self.margin, y: Self.top, width: width, height: header.height,
            frame: (Self.margin, Self.top, width, header.height), overflowing: false)
        return LaidOutDocument(
            pages: pages, info: info, fallbacks: context.translated.fallbacks, overflows: [], usedDrafts: context.translated.usedDrafts,
            units: context.translated.usedUnits, boxes: [headerBox] + paginated.placedBoxes(content: content))
    }
}

/// What one form layout needs, and the pieces it is made of.
struct Context {
    let form: FormDefinition
    let language: Language
    let german: TextResolver
    let translated: TextResolver
    let bilingual: Bool
    let client: ClientRecord?
    let strict: Bool
    let paragraphs: ParagraphLayout
    let script: String
    let formatter: LocaleFormatter
    let de = Language("de")
    var mm: Double { FormLayout.mm }

    init(form: FormDefinition, language: Language, numberingSystem: String?, catalog: Catalog?, office: OfficeData, client: ClientRecord?, strict: Bool, paragraphs: ParagraphLayout) throws {
        self.form = form
        self.language = language
        german = try TextResolver(language: Language("de"), numberingSystem: nil, catalog: nil, office: office)
        translated = try TextResolver(language: language, numberingSystem: numberingSystem, catalog: catalog, office: office)
        bilingual = language != Language("de")
        self.client = client
        self.strict = strict
        self.paragraphs = paragraphs
        script = try LocaleInfo.likelyScript(of: language).isoCode
        formatter = LocaleFormatter(language: language, numberingSystem: numberingSystem)
    }

    /// The text ids resolved since `start` (a position in `translated.lookups`), each once: the
    /// units a box shows.
    func unitsLookedUp(since start: Int) -> [String] {
        var units: [String] = []
        for id in translated.lookups.dropFirst(start) where !units.contains(id) { units.append(id) }
        return units
    }

    /// Text sizes grow a little for Arabic script, whose letters are smaller at the same size.
    func size(_ base: Double, for language: Language) -> Double {
        guard language != de else { return base }
        switch script {
        case "Arab": return base + 1
        case "Ethi": return base + 0.5
        default: return base
        }
    }

    func style(_ language: Language, size: Double, bold: Bool = false, align: ParagraphStyle.Alignment = .start) -> ParagraphStyle {
        // Labels may hyphenate (long German compounds in narrow option cells); values never do.
        ParagraphStyle(language: language, size: self.size(size, for: language), alignment: align, weight: bold ? .bold : .regular, lineSpacing: 1.1)
    }

    /// A text of the form itself (label, heading, notice, page number), from the engine's
    /// paragraph cache (`ParagraphLayout.cache`) after its first use. A client's answers are
    /// private spans, which that cache never holds.
    func label(_ text: InlineText, style: ParagraphStyle, width: Double) throws -> LaidOutParagraph {
        try paragraphs.layout(text, style: style, width: width)
    }

    /// The German text and, in a translated form, its translation (nil when it fell back to German).
    func texts(_ ref: TextRef, extra: [String: MessageValue] = [:]) throws -> (german: InlineText, translation: ResolvedText?) {
        let g = try german.resolve(ref, extra: extra).text
        guard bilingual else { return (g, nil) }
        let t = try translated.resolve(ref, strict: strict, extra: extra)
        return (g, t.isFallback ? nil : t)
    }

    /// German above, translation below, each in its own direction, to a width.
    /// Each text is its own structure element of `part` (P, or Span inside a heading), so its
    /// language is marked: German `de`, the translation in its own.
    func labels(_ ref: TextRef, hint: TextRef? = nil, size: Double, bold: Bool = false, width: Double, color: Color = .black, part: StructureTag.Role = .paragraph) throws -> (items: [Page.Item], height: Double) {
        var (g, t) = try texts(ref)
        if let hint {
            let h = try texts(hint)
            g.spans += [InlineSpan(" (")] + h.german.spans + [InlineSpan(")")]
            if let tt = t, let ht = h.translation {
                t = ResolvedText(text: InlineText(tt.text.spans + [InlineSpan(" (")] + ht.text.spans + [InlineSpan(")")]), language: tt.language, isFallback: false)
            }
        }
        let gp = try label(g, style: style(de, size: size, bold: bold), width: width)
        var items: [Page.Item] = .tagged(part, [.paragraph(gp, x: 0, y: 0, color: color)])
        var height = gp.height
        if let t {
            let tp = try label(t.text, style: style(t.language, size: size, bold: bold), width: width)
            items += .tagged(part, [.paragraph(tp, x: 0, y: height + 0.3 * mm, color: color)])
            height += 0.3 * mm + tp.height
        }
        return (items, height)
    }

    /// One line with German and translation: "German / Übersetzung", in the document's direction.
    func bilingualLine(_ ref: TextRef, size: Double, width: Double, extra: [String: MessageValue] = [:]) throws -> LaidOutParagraph {
        let (g, t) = try texts(ref, extra: extra)
        var text = g
        var lang = de
        if let t {
            text = t.text.followed(byGerman: g.plainText, separator: " · ")
            lang = t.language
        }
        return try label(text, style: style(lang, size: size, align: .center), width: width)
    }

    // MARK: Page parts

    func header(width: Double) throws -> (items: [Page.Item], height: Double) {
        var items: [Page.Item] = []
        var y = 0.0
        let title = try labels(form.title, size: 13, bold: true, width: width, color: FormLayout.accent, part: .span)
        items += .tagged(.heading1, title.items)
        y += title.height + 1 * mm
        let sub = try labels(form.subtitle, size: 8.5, width: width, color: FormLayout.gray)
        items += sub.items.map { offset($0, 0, y) }
        y += sub.height + 2 * mm
        // The notice: German and translation side by side (German first, on the left).
        let notice = try sideBySide(form.notice, size: 7.5, bold: true, width: width - 4 * mm)
        items.append(.rect(x: 0, y: y, width: width, height: notice.height + 3 * mm, fill: FormLayout.noticeFill, stroke: nil, lineWidth: 0))
        items += .tagged(.note, notice.items.map { offset($0, 2 * mm, y + 1.5 * mm) })
        y += notice.height + 3 * mm
        return (items, y)
    }

    func footer(page: Int, of pages: Int, width: Double) throws -> [Page.Item] {
        let extra: [String: MessageValue] = ["page": .number(Double(page)), "pages": .number(Double(pages))]
        let (g, t) = try texts(form.pageNumber, extra: extra)
        var items: [Page.Item] = [.paragraph(try label(g, style: style(de, size: 7.5), width: width / 2), x: 0, y: 0, color: FormLayout.gray)]
        if let t {
            // At the page's right edge: the end of a left-to-right line, the start of a right-to-left one.
            let align: ParagraphStyle.Alignment = LocaleInfo.direction(of: t.language) == .rightToLeft ? .start : .end
            let p = try label(t.text, style: style(t.language, size: 7.5, align: align), width: width / 2)
            items.append(.paragraph(p, x: width / 2, y: 0, color: FormLayout.gray))
        }
        return items
    }

    /// German on the left half, translation on the right half; German over the whole width in a German form.
    func sideBySide(_ ref: TextRef, size: Double, bold: Bool = false, width: Double) throws -> (items: [Page.Item], height: Double) {
        let (g, t) = try texts(ref)
        guard let t else {
            let p = try label(g, style: style(de, size: size, bold: bold), width: width)
            return (.tagged(.paragraph, [.paragraph(p, x: 0, y: 0)]), p.height)
        }
        let half = (width - 4 * mm) / 2
        let gp = try label(g, style: style(de, size: size, bold: bold), width: half)
        let tp = try label(t.text, style: style(t.language, size: size, bold: bold), width: half)
        // Read German first, then the translation, whichever side each is on.
        return (
            .tagged(.paragraph, [.paragraph(gp, x: 0, y: 0)]) + .tagged(.paragraph, [.paragraph(tp, x: half + 4 * mm, y: 0)]),
            max(gp.height, tp.height)
        )
    }

    // MARK: Sections

    func section(_ section: FormSection, number: Int, width: Double) throws -> [BlockBox] {
        var out: [BlockBox] = []
        // Each box gets the units resolved since the one before it (a rows field: its head box).
        var mark = translated.lookups.count
        func add(_ boxes: [BlockBox]) {
            var boxes = boxes
            if !boxes.isEmpty { boxes[0].units = unitsLookedUp(since: mark) }
            mark = translated.lookups.count
            out += boxes
        }
        // The heading band, kept with what follows.
        let numberText = try formatter.format(number: Double(number), style: .integer)
        let (g, t) = try texts(section.title)
        let gp = try label(InlineText([InlineSpan("\(number)  ")] + g.spans), style: style(de, size: 9.5, bold: true), width: width - 4 * mm)
        var items: [Page.Item] = []
        var h = gp.height
        var textItems: [Page.Item] = .tagged(.span, [.paragraph(gp, x: 0, y: 0, color: FormLayout.accent)])
        if let t {
            let tp = try label(InlineText([InlineSpan("\(numberText)  ")] + t.text.spans), style: style(t.language, size: 9.5, bold: true), width: width - 4 * mm)
            textItems += .tagged(.span, [.paragraph(tp, x: 0, y: h + 0.5 * mm, color: FormLayout.accent)])
            h += 0.5 * mm + tp.height
        }
        items.append(.rect(x: 0, y: 0, width: width, height: h + 2.4 * mm, fill: FormLayout.sectionFill, stroke: nil, lineWidth: 0))
        // H2 > Span (German), Span (translation).
        items += .tagged(.heading2, textItems.map { offset($0, 2 * mm, 1.2 * mm) })
        add([BlockBox(id: "\(form.id).\(section.id)", height: h + 2.4 * mm, spaceBefore: 4 * mm, spaceAfter: 2 * mm, keepWithNext: true, items: items)])

        // Fields fill lines from the left until the line is full; paragraphs and rows take a line.
        // Consecutive field lines form one Table (a TR per field); a paragraph or a rows field
        // ends it.
        var line: [FormField] = []
        var used = 0.0
        var tableOpen = false
        func closeTable() {
            if tableOpen, let last = out.indices.last { out[last].items.append(.end) }
            tableOpen = false
        }
        func flush() throws {
            if !line.isEmpty {
                var box = try fieldLine(line, width: width, id: "\(form.id).\(section.id).\(line[0].id)")
                if !tableOpen { box.items.insert(.begin(StructureTag(.table)), at: 0) }
                tableOpen = true
                add([box])
            }
            line = []
            used = 0
        }
        for item in section.items {
            switch item {
            case .paragraph(let id, let ref):
                try flush()
                closeTable()
                let p = try sideBySide(ref, size: 8, width: width)
                add([BlockBox(id: "\(form.id).\(section.id).\(id)", height: p.height, spaceBefore: 2 * mm, spaceAfter: 2 * mm, items: p.items)])
            case .field(let field):
                if case .rows = field.kind {
                    try flush()
                    closeTable()
                    add(try rows(field, width: width, id: "\(form.id).\(section.id).\(field.id)"))
                    continue
                }
                if used + field.width > 1.0001 { try flush() }
                line.append(field)
                used += field.width
            }
        }
        try flush()
        closeTable()
        return out
    }

    /// A line of fields side by side; their boxes line up under the tallest label.
    func fieldLine(_ fields: [FormField], width: Double, id: String) throws -> BlockBox {
        var x = 0.0
        var cells: [(x: Double, w: Double, field: FormField, labels: (items: [Page.Item], height: Double))] = []
        for (i, f) in fields.enumerated() {
            let full = f.width * width
            let w = i == fields.count - 1 && abs(fields.reduce(0) { $0 + $1.width } - 1) < 0.001 ? width - x : full - FormLayout.gap
            cells.append((x, w, f, try labels(f.label, hint: f.hint, size: FormLayout.labelSize, width: w)))
            x += full
        }
        let labelHeight = cells.map(\.labels.height).max() ?? 0
        var items: [Page.Item] = []
        var height = 0.0
        for cell in cells {
            // TR > TH (the labels), TD (the answer).
            let answer = try self.answer(cell.field, width: cell.w, name: cell.field.id)
            items += .tagged(
                .tableRow,
                .tagged(.tableHeader, cell.labels.items.map { offset($0, cell.x, 0) })
                    + .tagged(.tableCell, answer.items.map { offset($0, cell.x, labelHeight + 1 * mm) }))
            height = max(height, labelHeight + 1 * mm + answer.height)
        }
        return BlockBox(id: id, height: height, spaceBefore: 2.5 * mm, spaceAfter: 2.5 * mm, items: items)
    }

    /// The box (or options) of a field, filled when the client gave a value.
    func answer(_ field: FormField, width: Double, name: String) throws -> (items: [Page.Item], height: Double) {
        let value = client?.values[field.id]
        switch field.kind {
        case .choice(let options), .checkboxes(let options):
            var chosen: Set<String> = []
            if case .options(let o) = value { chosen = o }
            return try self.options(options, chosen: chosen, width: width)
        case .signature:
            let h = 12 * mm
            return ([.rule(x1: 0, y1: h, x2: width, y2: h, width: 0.6, gray: 0.3)], h + 1 * mm)
        case .rows:
            return ([], 0)
        case .text(let lines):
            var text: String?
            if case .text(let t) = value { text = t }
            return try box(text, width: width, height: Double(lines) * FormLayout.lineBox, name: name, placeholder: nil)
        case .date:
            var text: String?
            if case .text(let t) = value { text = t }
            return try box(text, width: width, height: FormLayout.lineBox, name: name, placeholder: form.blankDate)
        case .number, .postcode, .phone, .email:
            var text: String?
            if case .text(let t) = value { text = t }
            return try box(text, width: width, height: FormLayout.lineBox, name: name, placeholder: nil)
        }
    }

    /// An answer box with the value in it, shrunk (down to 7 pt) or wrapped to fit; a value that
    /// still does not fit is an error, never clipped.
    func box(_ value: String?, width: Double, height: Double, name: String, placeholder: String?) throws -> (items: [Page.Item], height: Double) {
        var items: [Page.Item] = [.rect(x: 0, y: 0, width: width, height: height, fill: .white, stroke: FormLayout.boxStroke, lineWidth: 0.5)]
        let pad = 1.2 * mm
        if let value {
            guard Self.mayFit(value, width: width - 2 * pad, height: height - 2 * 0.6 * mm) else {
                throw KimError("\(client?.source ?? "client data"): field \(name): the value is too long for its box; shorten or abbreviate it")
            }
            // Plain text: one span, no markup, no message syntax; German conventions (Latin script).
            // Private: the font index does not learn its characters.
            let text = InlineText([InlineSpan(value, isPrivate: true)])
            var fitted: LaidOutParagraph?
            for size in FormLayout.valueSizes {
                var s = ParagraphStyle(language: de, size: size, alignment: .start, direction: .fixed(.leftToRight), lineSpacing: 1.05)
                s.hyphenate = false
                let p: LaidOutParagraph
                do {
                    p = try paragraphs.layout(text, style: s, width: width - 2 * pad)
                } catch TextError.noFontCovers {
                    // The message would name the client's character.
                    throw KimError("\(client?.source ?? "client data"): field \(name): a character that no installed font has; remove it or install a font that has it (on Debian: fonts-noto-core)")
                }
                let widest = p.lines.map(\.width).max() ?? 0
                if p.height <= height - 2 * 0.6 * mm, widest <= width - 2 * pad + 0.01 { fitted = p; break }
            }
            guard let p = fitted else {
                throw KimError("\(client?.source ?? "client data"): field \(name): the value is too long for its box (\(value.count) characters); shorten or abbreviate it")
            }
            items.append(.paragraph(p, x: pad, y: (height - p.height) / 2))
        } else if let placeholder {
            var s = ParagraphStyle(language: de, size: 7, alignment: .end, direction: .fixed(.leftToRight))
            s.hyphenate = false
            let p = try paragraphs.layout(InlineText([InlineSpan(placeholder)]), style: s, width: width - 2 * pad)
            items.append(.paragraph(p, x: pad, y: (height - p.height) / 2, color: Color(red: 0.6, green: 0.6, blue: 0.6)))
        }
        return (items, height)
    }

    /// The narrowest a character (grapheme) can be, in em: below any printable glyph of the
    /// value fonts (a space is 0.26 em, `i` 0.25 em in Noto Sans; runs of white space are folded
    /// to one by `ClientValidator.clean`).
    static let narrowestCharacter = 0.1
    /// The lowest a line can be, in em (Noto Sans: 1.36 em, times the line spacing 1.05).
    static let lowestLine = 0.8

    /// A cheap upper bound before layout: whether `value` could fit a box of this inner size at
    /// the smallest value size, if every character were as narrow and every line as low as any
    /// can be. Counts at most that many characters, so a value of a megabyte costs no more than
    /// one that fits; laying it out first took seconds (issue 19).
    static func mayFit(_ value: String, width: Double, height: Double) -> Bool {
        let size = FormLayout.valueSizes.min() ?? 7
        let lines = max(1, Int(height / (size * lowestLine)))
        let perLine = Int(width / (size * narrowestCharacter)) + 1
        let most = lines * perLine
        var count = 0
        for _ in value {
            count += 1
            if count > most { return false }
        }
        return true
    }

    /// Options with a checkbox each, in as many columns as fit; each option bilingual.
    func options(_ options: [FormField.Option], chosen: Set<String>, width: Double) throws -> (items: [Page.Item], height: Double) {
        let perLine = max(1, min(options.count, Int(width / (42 * mm))))
        let cellWidth = width / Double(perLine)
        let square = 3.4 * mm
        // L > LI > Lbl (the box, read as ☒ or ☐), LBody (the option's labels).
        var items: [Page.Item] = [.begin(StructureTag(.list))]
        var y = 0.0
        for start in stride(from: 0, to: options.count, by: perLine) {
            var lineHeight = square
            for (k, option) in options[start..<min(start + perLine, options.count)].enumerated() {
                let x = Double(k) * cellWidth
                var mark: [Page.Item] = [.rect(x: x, y: y + 0.2 * mm, width: square, height: square, fill: .white, stroke: FormLayout.boxStroke, lineWidth: 0.6)]
                let isChosen = chosen.contains(option.id)
                if isChosen {
                    let a = x + 0.7 * mm, b = x + square - 0.7 * mm, top = y + 0.9 * mm, bottom = y + square - 0.5 * mm
                    mark.append(.rule(x1: a, y1: top, x2: b, y2: bottom, width: 1.1, gray: 0))
                    mark.append(.rule(x1: a, y1: bottom, x2: b, y2: top, width: 1.1, gray: 0))
                }
                var box = StructureTag(.label)
                box.actualText = isChosen ? "☒" : "☐"
                let l = try labels(option.label, size: 8, width: cellWidth - square - 3 * mm)
                items += .tagged(.listItem, .tagged(box, mark) + .tagged(.listBody, l.items.map { offset($0, x + square + 1.5 * mm, y) }))
                lineHeight = max(lineHeight, l.height)
            }
            y += lineHeight + 1.5 * mm
        }
        items.append(.end)
        return (items, y - 1.5 * mm)
    }

    /// Repeating rows: a bilingual title and column heads (kept with the first row), then one
    /// box per row: the client's rows, or empty rows for handwriting.
    func rows(_ field: FormField, width: Double, id: String) throws -> [BlockBox] {
        guard case .rows(let columns, let blankRows) = field.kind else { return [] }
        let title = try labels(field.label, hint: field.hint, size: 8, bold: true, width: width)
        var headItems = title.items
        var y = title.height + 1 * mm
        var xs: [(x: Double, w: Double)] = []
        var x = 0.0
        for c in columns {
            xs.append((x, c.width * width))
            x += c.width * width
        }
        let heads = try zip(columns, xs).map { c, pos in try labels(c.label, size: FormLayout.labelSize, width: pos.w - 2 * mm) }
        let headHeight = heads.map(\.height).max() ?? 0
        // The title's paragraphs, then Table > TR of TH (column heads), a TR of TD per row.
        headItems += [.begin(StructureTag(.table)), .begin(StructureTag(.tableRow))]
        for (h, pos) in zip(heads, xs) { headItems += .tagged(.tableHeader, h.items.map { offset($0, pos.x + 1 * mm, y) }) }
        headItems.append(.end)
        y += headHeight + 1 * mm
        var out = [BlockBox(id: id, height: y, spaceBefore: 2.5 * mm, spaceAfter: 0, keepWithNext: true, items: headItems)]
        var data: [[String: String]] = []
        if case .rows(let r) = client?.values[field.id] { data = r }
        let count = data.isEmpty ? blankRows : data.count
        for r in 0..<count {
            var items: [Page.Item] = []
            for (c, pos) in zip(columns, xs) {
                let value = r < data.count ? data[r][c.id] : nil
                let b = try box(value, width: pos.w, height: FormLayout.lineBox, name: "\(field.id), row \(r + 1), \(c.id)", placeholder: c.isDate ? form.blankDate : nil)
                items += .tagged(.tableCell, b.items.map { offset($0, pos.x, 0) })
            }
            out.append(BlockBox(id: "\(id).\(r + 1)", height: FormLayout.lineBox, spaceBefore: 0, spaceAfter: 0, items: .tagged(.tableRow, items)))
        }
        if let last = out.indices.last {
            out[last].spaceAfter = 2.5 * mm
            out[last].items.append(.end)
        }
        return out
    }
}

extension FormField {
    var isDate: Bool { if case .date = kind { true } else { false } }
}
