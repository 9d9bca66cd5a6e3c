import Foundation
import KimCatalog
import KimCore
import KimRender
import KimTemplate
import KimText
import KimUnicode

/// Writes one guide (one office, one language): orders categories and offers with the
/// language's collator, lays out boxes, paginates them into columns, fills in page numbers in a
/// second pass and decorates the pages. One guide, one thread.
final class GuideWriter {
    let template: DirectoryTemplate
    let offers: OfferList
    let office: OfficeData
    let language: Language
    let resolver: TextResolver
    let paragraphs: ParagraphLayout
    let options: DocumentLayout.Options
    /// Numbers (page numbers) in the language's digits.
    let numbers: LocaleFormatter
    let collator: Collator
    let direction: TextDirection
    /// The ISO 15924 code of the language's script: which per-script style sizes apply.
    let script: String
    var rtl: Bool { direction == .rightToLeft }

    let pageWidth = Units.points(mm: 210)
    let pageHeight = Units.points(mm: 297)
    var margins: Double { template.margins }
    var contentWidth: Double { pageWidth - 2 * margins }
    var contentHeight: Double { pageHeight - 2 * margins }
    var columnWidth: Double { template.columnWidth }

    /// The width the label column of an offer's details takes (the widest label, at most 35 %).
    private var labelWidth = 0.0

    init(
        template: DirectoryTemplate, offers: OfferList, office: OfficeData, language: Language, numberingSystem: String?,
        catalog: Catalog?,
        paragraphs: ParagraphLayout, options: DocumentLayout.Options
    ) throws {
        self.template = template
        self.offers = offers
        self.office = office
        self.language = language
        self.paragraphs = paragraphs
        self.options = options
        resolver = try TextResolver(language: language, numberingSystem: numberingSystem, catalog: catalog, office: office)
        numbers = LocaleFormatter(language: language, numberingSystem: numberingSystem)
        collator = try Collator(language: language, variant: template.collation == .phonebook ? .phonebook : .standard)
        direction = LocaleInfo.direction(of: language)
        script = try LocaleInfo.likelyScript(of: language).isoCode
    }

    /// A category with its name in the language and its offers in order.
    struct Section {
        let category: DirectoryTemplate.Category
        let name: ResolvedText
        let offers: [Offer]
    }

    /// The stages, in order.
    func document() throws -> LaidOutDocument {
        // 1. Order: categories by their names, offers by their displayed names, in the language's
        //    collation (one sort key per entry).
        let sections = try orderedSections()

        // 2. The offers, category by category, in columns.
        labelWidth = try measureLabels()
        // Structure: a Sect per category (H2, then a Sect per offer), opened in the heading's box
        // and closed in the last offer's.
        var body: [BlockBox] = []
        for section in sections {
            var heading = try categoryHeading(section)
            heading.items.insert(.begin(StructureTag(.section)), at: 0)
            body.append(heading)
            for offer in section.offers {
                // The offer's box shows the texts resolved while it was laid out (its description
                // and the details' labels).
                let start = resolver.lookups.count
                var box = try entry(offer)
                for id in resolver.lookups.dropFirst(start) where !box.units.contains(id) { box.units.append(id) }
                body.append(box)
            }
            body[body.count - 1].items.append(.end)
        }
        let bodyColumns = Paginator(content: Rect(x: 0, y: 0, width: columnWidth, height: contentHeight)).paginate(body)

        // 3. The first page(s), with placeholder page numbers: how many pages they take.
        var front = Paginator(content: Rect(x: 0, y: 0, width: contentWidth, height: contentHeight)).paginate(
            try frontBoxes(sections, pages: nil))
        let bodyPages = pages(columns: bodyColumns.pages.count)

        // 4. Page numbers of offers and categories; the index with them.
        func page(_ column: Int) -> Int { front.pages.count + column / template.columns + 1 }
        var pageOf: [String: Int] = [:]
        for (id, column) in bodyColumns.pageOfBox { pageOf[id] = page(column) }
        let index = try indexBoxes(collator.sorted(sections.flatMap(\.offers)) { $0.displayName(in: language) }, pageOf: pageOf)
        let indexColumns = Paginator(content: Rect(x: 0, y: 0, width: columnWidth, height: contentHeight)).paginate(index)
        let indexStart = front.pages.count + bodyPages + 1

        // 5. Second pass over the first page with the real numbers. A table-of-contents line keeps
        //    its height whatever its number, so the first pages stay as many.
        let frontCount = front.pages.count
        front = Paginator(content: Rect(x: 0, y: 0, width: contentWidth, height: contentHeight))
            .paginate(try frontBoxes(sections, pages: (pageOf, indexStart)))
        guard front.pages.count == frontCount else {
            throw KimError(
                "\(template.path): the table of contents changed length when its page numbers were filled in (\(frontCount) → \(front.pages.count) pages); report this as a bug."
            )
        }

        // 6. Overflows: a box taller than a page or column.
        var overflows: [Overflow] = []
        for r in [front, bodyColumns, indexColumns] {
            for t in r.tooTall {
                overflows.append(
                    Overflow(
                        template: template.id, block: t.id, language: language.tag, millimetres: Units.millimetres(pt: t.excess)))
            }
        }

        // 7. Pages: content, running header, page number, draft line.
        var contents: [[Page.Item]] = front.pages.map { $0.map { offset($0, margins, margins) } }
        contents += columnsOnPages(bodyColumns.pages)
        contents += columnsOnPages(indexColumns.pages)
        let title = try resolver.resolve(template.title, strict: options.strict)
        let notice = try draftNotice()
        var pages: [Page] = []
        for (i, items) in contents.enumerated() {
            // The draft line is read once, first (it says how to take everything after it): on the
            // first page it leads the reading order, wherever it is drawn; elsewhere an artifact.
            let decoration = try decoration(page: i + 1, of: contents.count, notice: notice)
            pages.append(
                Page(
                    width: pageWidth, height: pageHeight,
                    items: (i == 0 ? decoration.note : []) + items + decoration.furniture + (i == 0 ? [] : decoration.note)))
        }
        let info = DocumentInfo(title: title.text.plainText, language: language, creationDate: options.creationDate)
        // Where each text went, for the translators' preview: the first pages, then the columns
        // side by side on their pages (the first on the start side), offset by the margins.
        let frontArea = Rect(x: 0, y: 0, width: contentWidth, height: contentHeight)
        let columnArea = Rect(x: 0, y: 0, width: columnWidth, height: contentHeight)
        func column(first: Int) -> (Int) -> (page: Int, dx: Double, dy: Double) {
            { i in
                let slot = i % self.template.columns
                let visual = self.rtl ? self.template.columns - 1 - slot : slot
                return (first + i / self.template.columns, self.margins + Double(visual) * (self.columnWidth + self.template.gap), self.margins)
            }
        }
        let boxes = front.placedBoxes(content: frontArea) { ($0, self.margins, self.margins) }
            + bodyColumns.placedBoxes(content: columnArea, page: column(first: front.pages.count))
            + indexColumns.placedBoxes(content: columnArea, page: column(first: front.pages.count + bodyPages))
        return LaidOutDocument(
            pages: pages, info: info, fallbacks: resolver.fallbacks, overflows: overflows, usedDrafts: resolver.usedDrafts,
            scale: 1, units: resolver.usedUnits, boxes: boxes)
    }

    // MARK: Order

    func orderedSections() throws -> [Section] {
        let named = try template.categories.map { ($0, try resolver.resolve($0.name, strict: options.strict)) }
        let categories = collator.sorted(named) { $0.1.text.plainText }
        let offersInOrder = collator.sorted(offers.offers) { $0.displayName(in: language) }
        return categories.compactMap { category, name in
            let list = offersInOrder.filter { $0.category == category.key }
            return list.isEmpty ? nil : Section(category: category, name: name, offers: list)
        }
    }

    /// How many pages a number of columns fill.
    func pages(columns: Int) -> Int { (columns + template.columns - 1) / template.columns }

    /// Columns placed on pages: side by side, the first on the start side (right in Arabic and Persian).
    func columnsOnPages(_ columns: [[Page.Item]]) -> [[Page.Item]] {
        var out: [[Page.Item]] = Array(repeating: [], count: pages(columns: columns.count))
        for (i, items) in columns.enumerated() {
            let slot = i % template.columns
            let visual = rtl ? template.columns - 1 - slot : slot
            let x = margins + Double(visual) * (columnWidth + template.gap)
            out[i / template.columns] += items.map { offset($0, x, margins) }
        }
        return out
    }

    // MARK: Text

    func style(_ name: String) -> TextStyle { template.style(name) }


    func color(_ name: String) -> Color { Color(hex: style(name).color, default: .black) }

    func paragraphStyle(_ name: String, language: Language) -> ParagraphStyle {
        style(name).paragraphStyle(language: language, script: script)
    }

    /// A template text in a style, at a width.
    func text(_ ref: TextRef, _ styleName: String, width: Double, extra: [String: MessageValue] = [:]) throws -> LaidOutParagraph
    {
        let resolved = try resolver.resolve(ref, strict: options.strict, extra: extra)
        return try paragraphs.layout(resolved.text, style: paragraphStyle(styleName, language: resolved.language), width: width)
    }

    /// Text that is not a template text (a name, an address), in its own language and direction
    /// but aligned to the document's start side (a German street name in an Arabic guide stands on the right).
    func plain(
        _ content: InlineText, _ styleName: String, language: Language, width: Double, bold: Bool = false,
        alignment: ParagraphStyle.Alignment? = nil
    ) throws -> LaidOutParagraph {
        var ps = paragraphStyle(styleName, language: language)
        if bold { ps.weight = .bold }
        ps.alignment = alignment ?? (LocaleInfo.direction(of: language) == direction ? .start : .end)
        return try paragraphs.layout(content, style: ps, width: width)
    }

    /// The language a name is set in: the reader's for a translated name; for a name as written,
    /// German when it is in Latin script (the offers are German), else the language most likely
    /// written in its script (Russian for Cyrillic).
    func nameLanguage(_ offer: Offer) -> Language {
        if offer.nameTranslations[language] != nil { return language }
        return writtenLanguage(offer.name)
    }

    func writtenLanguage(_ text: String) -> Language {
        guard let script = AlphabeticalIndex.firstScript(of: text) else { return language }
        if script == self.script { return language }
        if script == "Latn" { return Language("de") }
        return AlphabeticalIndex.likelyLanguage(forScript: script) ?? language
    }

    /// A number in the language's digits.
    func number(_ n: Int) throws -> String { try numbers.format(number: Double(n), style: .integer) }

    // MARK: Offers

    /// A category's heading with a line under it; it stays with the first offer after it.
    func categoryHeading(_ section: Section) throws -> BlockBox {
        let p = try paragraphs.layout(
            section.name.text, style: paragraphStyle("h1", language: section.name.language), width: columnWidth)
        let s = style("h1")
        let line = Page.Item.rect(
            x: 0, y: p.height + 1, width: columnWidth, height: 0.8, fill: color("h1"), stroke: nil, lineWidth: 0)
        var box = BlockBox(
            id: "category:\(section.category.key)", height: p.height + 2, spaceBefore: s.spaceBefore, spaceAfter: s.spaceAfter,
            keepWithNext: true,
            items: .tagged(.heading2, [.paragraph(p, x: 0, y: 0, color: color("h1"))]) + [line])
        box.units = [section.category.name.id]
        return box
    }

    /// One offer: its name (translated name first, the name as written under it), description and
    /// details (address, phone, e-mail, website, hours, languages). Never split across columns.
    func entry(_ offer: Offer) throws -> BlockBox {
        let width = columnWidth
        var items: [Page.Item] = []
        var y = 0.0
        func add(_ p: LaidOutParagraph, _ c: Color, gap: Double = 0, role: StructureTag.Role = .paragraph) {
            items += .tagged(role, [.paragraph(p, x: 0, y: y, color: c)])
            y += p.height + gap
        }
        let shown = offer.displayName(in: language)
        add(
            try plain(InlineText([InlineSpan(shown)]), "name", language: nameLanguage(offer), width: width), color("name"),
            gap: style("name").spaceAfter, role: .heading3)
        if shown != offer.name {
            add(
                try plain(InlineText([InlineSpan(offer.name)]), "original", language: writtenLanguage(offer.name), width: width),
                color("original"), gap: style("original").spaceAfter)
        }
        add(try text(offer.description, "body", width: width), color("body"), gap: style("body").spaceAfter)
        let details = try detailsTable(offer, width: width)
        items += details.items.map { offset($0, 0, y) }
        y += details.height
        // 3 mm between offers; more after a category heading comes from its own space_after.
        return BlockBox(
            id: "offer:\(offer.id)", height: y, spaceBefore: Units.points(mm: 3), spaceAfter: Units.points(mm: 3),
            items: .tagged(.section, items))
    }

    /// The label texts of the details, in the document's language.
    var labels: [TextRef] {
        let t = template.texts
        return [t.address, t.phone, t.email, t.website, t.hours, t.languages]
    }

    func measureLabels() throws -> Double {
        var widest = 0.0
        for ref in labels {
            let resolved = try resolver.resolve(ref, strict: options.strict)
            let p = try plain(resolved.text, "label", language: resolved.language, width: columnWidth, bold: true)
            widest = max(widest, p.lines.map(\.width).max() ?? 0)
        }
        return min(widest + 1, columnWidth * 0.35)
    }

    /// Rows of label and value lines; the label column on the start side. A value that would
    /// have to break (a long e-mail address, a URL) goes under its label at full width.
    func detailsTable(_ offer: Offer, width: Double) throws -> (items: [Page.Item], height: Double) {
        var rows: [(TextRef, [(InlineText, Language)])] = []
        let t = template.texts
        if let a = offer.address {
            // The address stays as written, in German: that is what the letter box and the map say.
            rows.append((t.address, [(InlineText([InlineSpan("\(a.street), \(a.postcode) \(a.city)")]), Language("de"))]))
        }
        if let phone = offer.phone { rows.append((t.phone, [(InlineText([InlineSpan(phone, value: .phone)]), language)])) }
        if let email = offer.email { rows.append((t.email, [(InlineText([InlineSpan(email, value: .email)]), language)])) }
        if let site = offer.website {
            let shown = site.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
            rows.append((t.website, [(InlineText([InlineSpan(shown, value: .url)]), language)]))
        }
        var hours = try hourLines(offer.hours)
        if offer.byAppointment {
            let r = try resolver.resolve(t.byAppointment, strict: options.strict)
            hours.append((r.text, r.language))
        }
        if !hours.isEmpty { rows.append((t.hours, hours)) }
        if !offer.languages.isEmpty {
            let names = offer.languages.map { tag -> String in
                let name = LocaleInfo.displayName(of: tag, in: language)
                // ICU without a name for the language in this one: its own name for itself.
                return name.lowercased() == tag.tag.lowercased() ? LocaleInfo.displayName(of: tag, in: tag) : name
            }
            var spans: [InlineSpan] = []
            for (i, n) in names.enumerated() {
                if i > 0 { spans.append(InlineSpan(resolver.formatter.listSeparator)) }
                spans.append(InlineSpan(n, value: .value))
            }
            rows.append((t.languages, [(InlineText(spans), language)]))
        }

        let gap = style("details").size * 0.8
        let valueWidth = width - labelWidth - gap
        // Table > TR > TH (label), TD (the value's lines, one paragraph each).
        var items: [Page.Item] = [.begin(StructureTag(.table))]
        var y = 0.0
        for (labelRef, values) in rows {
            let resolved = try resolver.resolve(labelRef, strict: options.strict)
            let label = try plain(resolved.text, "label", language: resolved.language, width: labelWidth, bold: true)
            let labelX = rtl ? width - labelWidth : 0
            var laid = try values.map { try plain($0.0, "details", language: $0.1, width: valueWidth) }
            let breaksValue = zip(laid, values).contains { p, v in
                p.lines.count > 1 && v.0.spans.contains { $0.value != nil && $0.value != .value }
            }
            items += [.begin(StructureTag(.tableRow))]
            if breaksValue {
                items += .tagged(.tableHeader, [.paragraph(label, x: labelX, y: y, color: color("label"))])
                y += label.height
                laid = try values.map { try plain($0.0, "details", language: $0.1, width: width) }
                items.append(.begin(StructureTag(.tableCell)))
                for p in laid {
                    items.append(.paragraph(p, x: 0, y: y, color: color("details")))
                    y += p.height
                }
                items.append(.end)
            } else {
                // Label and first value line share a baseline.
                let valueX = rtl ? 0 : labelWidth + gap
                let lb = label.lines.first?.baseline ?? 0, vb = laid.first?.lines.first?.baseline ?? 0
                let top = max(lb, vb)
                items += .tagged(.tableHeader, [.paragraph(label, x: labelX, y: y + top - lb, color: color("label"))])
                var vy = y + top - vb
                items.append(.begin(StructureTag(.tableCell)))
                for p in laid {
                    items.append(.paragraph(p, x: valueX, y: vy, color: color("details")))
                    vy += p.height
                }
                items.append(.end)
                y = max(y + top - lb + label.height, vy)
            }
            items.append(.end)
            y += style("details").size * 0.2
        }
        items.append(.end)
        return (items, y)
    }

    /// Opening hours as lines: consecutive weekdays with the same times together ("Montag–Donnerstag
    /// 09:00–12:00"), weekday names from ICU in the language, times in its digits.
    func hourLines(_ hours: [(day: OfficeData.Weekday, ranges: [OfficeData.TimeRange])]) throws -> [(InlineText, Language)] {
        var groups: [(first: OfficeData.Weekday, last: OfficeData.Weekday, ranges: [OfficeData.TimeRange])] = []
        for (day, ranges) in hours {
            if let g = groups.last, g.ranges == ranges, g.last.isoNumber + 1 == day.isoNumber {
                groups[groups.count - 1].last = day
            } else {
                groups.append((day, day, ranges))
            }
        }
        let digits = try numbers.digits()
        func time(_ minutes: Int) -> String {
            String(format: "%02d:%02d", minutes / 60, minutes % 60).map { ch in
                ch.wholeNumberValue.map { digits[$0] } ?? String(ch)
            }.joined()
        }
        return try groups.map { g in
            var days = try numbers.weekdayName(isoWeekday: g.first.isoNumber)
            if g.last != g.first {
                days +=
                    (g.last.isoNumber == g.first.isoNumber + 1 ? resolver.formatter.listSeparator : "–")
                    + (try numbers.weekdayName(isoWeekday: g.last.isoNumber))
            }
            var spans = [InlineSpan(days + " ")]
            for (i, r) in g.ranges.enumerated() {
                if i > 0 { spans.append(InlineSpan(resolver.formatter.listSeparator)) }
                spans.append(InlineSpan("\(time(r.start))–\(time(r.end))", value: .date))
            }
            return (InlineText(spans), language)
        }
    }

    // MARK: First page

    /// Title, office, introduction, note on the order, table of contents. `pages` gives the page
    /// of each category (`category:<key>`) and of the index; nil for the first pass.
    func frontBoxes(_ sections: [Section], pages: (of: [String: Int], index: Int)?) throws -> [BlockBox] {
        let width = contentWidth
        var boxes: [BlockBox] = []
        func paragraph(
            _ id: String, _ p: LaidOutParagraph, _ styleName: String, keep: Bool = false, role: StructureTag.Role = .paragraph, unit: TextRef? = nil
        ) {
            let s = style(styleName)
            var box = BlockBox(
                id: id, height: p.height, spaceBefore: s.spaceBefore, spaceAfter: s.spaceAfter, keepWithNext: keep,
                items: .tagged(role, [.paragraph(p, x: 0, y: 0, color: color(styleName))]))
            box.units = unit.map { [$0.id] } ?? []
            boxes.append(box)
        }
        paragraph("title", try text(template.title, "title", width: width), "title", role: .heading1, unit: template.title)
        paragraph(
            "office",
            try plain(InlineText([InlineSpan(office.name)]), "lead", language: Language("de"), width: width, bold: true), "lead")
        paragraph("intro", try text(template.texts.intro, "lead", width: width), "lead", unit: template.texts.intro)
        paragraph("order-note", try text(template.texts.orderNote, "body", width: width), "body", unit: template.texts.orderNote)
        paragraph("contents", try text(template.texts.contents, "h1", width: width), "h1", keep: true, role: .heading2, unit: template.texts.contents)
        // TOC > TOCI per line, opened in the first line's box and closed in the last's.
        var lines: [BlockBox] = []
        for section in sections {
            lines.append(
                try contentsLine(
                    section.name, page: pages?.of["category:\(section.category.key)"], id: "contents:\(section.category.key)"))
            lines[lines.count - 1].units = [section.category.name.id]
        }
        let index = try resolver.resolve(template.texts.index, strict: options.strict)
        lines.append(try contentsLine(index, page: pages?.index, id: "contents:index"))
        lines[lines.count - 1].units = [template.texts.index.id]
        lines[0].items.insert(.begin(StructureTag(.tableOfContents)), at: 0)
        lines[lines.count - 1].items.append(.end)
        return boxes + lines
    }

    /// A line of the table of contents: the name on the start side, the page number on the end
    /// side on the name's last line, a thin leader between them. Without a page (first pass) the
    /// number is a placeholder of the same height.
    func contentsLine(_ name: ResolvedText, page: Int?, id: String) throws -> BlockBox {
        let numberWidth = Units.points(mm: 12)
        let gap = Units.points(mm: 3)
        let p = try paragraphs.layout(
            name.text, style: paragraphStyle("toc", language: name.language), width: contentWidth - numberWidth - gap)
        let n = try plain(
            InlineText([InlineSpan(try number(page ?? 0), value: .number)]), "toc", language: language, width: numberWidth,
            alignment: .end)
        let nameX = rtl ? numberWidth + gap : 0
        let numberX = rtl ? 0 : contentWidth - numberWidth
        let last = p.lines.last
        let dy = (last?.baseline ?? 0) - (n.lines.first?.baseline ?? 0)
        // One TOCI holding the name and its page number (the leader is drawn outside it).
        var items: [Page.Item] = .tagged(
            .tableOfContentsItem,
            [.paragraph(p, x: nameX, y: 0, color: color("toc")), .paragraph(n, x: numberX, y: dy, color: color("toc"))])
        // The leader: from the end of the name's last line to the number.
        if let last, let nl = n.lines.first {
            let baseline = last.baseline - 1
            let (from, to) =
                rtl ? (numberX + nl.x + nl.width + 3, nameX + last.x - 3) : (nameX + last.x + last.width + 3, numberX + nl.x - 3)
            if to - from > 6 { items.append(.rule(x1: from, y1: baseline, x2: to, y2: baseline, width: 0.4, gray: 0.7)) }
        }
        let s = style("toc")
        return BlockBox(id: id, height: max(p.height, dy + n.height), spaceBefore: 0, spaceAfter: s.size * 0.35, items: items)
    }

    // MARK: Index

    /// The heading, then every offer under its index letter (ICU's bucket for the displayed name),
    /// with its page number. `offers` come in the collator's order.
    func indexBoxes(_ offers: [Offer], pageOf: [String: Int]) throws -> [BlockBox] {
        let names = offers.map { $0.displayName(in: language) }
        let index = try AlphabeticalIndex(collator: collator, names: names)
        var buckets: [Int: [Offer]] = [:]
        for offer in offers { buckets[try index.bucket(of: offer.displayName(in: language)), default: []].append(offer) }
        var boxes: [BlockBox] = [.pageBreak(id: "index-break")]
        let heading = try text(template.texts.index, "h1", width: columnWidth)
        let h1 = style("h1")
        boxes.append(
            BlockBox(
                id: "index", height: heading.height, spaceBefore: 0, spaceAfter: h1.spaceAfter, keepWithNext: true,
                items: .tagged(.heading2, [.paragraph(heading, x: 0, y: 0, color: color("h1"))])))
        boxes[boxes.count - 1].units = [template.texts.index.id]
        let numberWidth = Units.points(mm: 9)
        // Index > (H3 letter, P per entry: name and page number).
        let firstEntry = boxes.count
        let gap = Units.points(mm: 2)
        for (b, bucket) in index.buckets.enumerated() {
            guard let list = buckets[b], !list.isEmpty else { continue }
            // The letter: a name in another script goes under that script's letter, set as such.
            let letter = try plain(
                InlineText([InlineSpan(bucket.label)]), "h2", language: writtenLanguage(bucket.label), width: columnWidth,
                bold: true)
            let h2 = style("h2")
            boxes.append(
                BlockBox(
                    id: "letter:\(b)", height: letter.height, spaceBefore: h2.spaceBefore, spaceAfter: h2.spaceAfter,
                    keepWithNext: true, items: .tagged(.heading3, [.paragraph(letter, x: 0, y: 0, color: color("h2"))])))
            // Entries keep in the order of the whole list: the collator's.
            for offer in list {
                let name = try plain(
                    InlineText([InlineSpan(offer.displayName(in: language))]), "index", language: nameLanguage(offer),
                    width: columnWidth - numberWidth - gap)
                let page = pageOf["offer:\(offer.id)"] ?? 0
                let n = try plain(
                    InlineText([InlineSpan(try number(page), value: .number)]), "index", language: language, width: numberWidth,
                    alignment: .end)
                // The number on the name's last line, so a name that wraps reads in one piece.
                let dy = (name.lines.last?.baseline ?? 0) - (n.lines.first?.baseline ?? 0)
                let nameX = rtl ? numberWidth + gap : 0
                let numberX = rtl ? 0 : columnWidth - numberWidth
                boxes.append(
                    BlockBox(
                        id: "index:\(offer.id)", height: max(name.height, dy + n.height), spaceBefore: 0,
                        spaceAfter: style("index").size * 0.25,
                        items: .tagged(
                            .paragraph,
                            [
                                .paragraph(name, x: nameX, y: 0, color: color("index")),
                                .paragraph(n, x: numberX, y: dy, color: color("index")),
                            ])))
            }
        }
        if boxes.count > firstEntry {
            boxes[firstEntry].items.insert(.begin(StructureTag(.index)), at: 0)
            boxes[boxes.count - 1].items.append(.end)
        }
        return boxes
    }

    // MARK: Page decoration

    func draftNotice() throws -> LaidOutParagraph? {
        guard resolver.usedDrafts, options.draftNotice, let ref = template.draftNotice else { return nil }
        let translated = try resolver.resolve(ref)
        var content = translated.text
        if translated.language != Language("de") { content = content.followed(byGerman: ref.german, separator: " / ") }
        return try paragraphs.layout(
            content, style: ParagraphStyle(language: language, size: 6.5, alignment: .center), width: contentWidth)
    }

    /// The accent band on the first page; the running header (guide name on the start side, the
    /// office on the end side) from the second; "page X of Y" and the draft line at the foot.
    func decoration(page: Int, of count: Int, notice: LaidOutParagraph?) throws -> (furniture: [Page.Item], note: [Page.Item]) {
        var items: [Page.Item] = []
        let accent = color("h1")
        if page == 1 {
            items.append(
                .rect(x: 0, y: 0, width: pageWidth, height: Units.points(mm: 5), fill: accent, stroke: nil, lineWidth: 0))
        } else {
            // The guide's name takes what it needs (at most half); the office's name the rest.
            let half = contentWidth / 2 - Units.points(mm: 2)
            let running = try text(template.texts.runningHeader, "header", width: half)
            let used = (running.lines.map { $0.x + $0.width }.max() ?? 0) - (running.lines.map(\.x).min() ?? 0)
            let rest = contentWidth - used - Units.points(mm: 6)
            let officeName = try plain(
                InlineText([InlineSpan(office.name)]), "header", language: Language("de"), width: rest,
                alignment: rtl ? .start : .end)
            let top = margins - Units.points(mm: 8.5)
            items.append(.paragraph(running, x: rtl ? margins + contentWidth - half : margins, y: top, color: color("header")))
            items.append(.paragraph(officeName, x: rtl ? margins : margins + contentWidth - rest, y: top, color: color("header")))
            let lineY = top + max(running.height, officeName.height) + 1.5
            items.append(.rule(x1: margins, y1: lineY, x2: margins + contentWidth, y2: lineY, width: 0.5, gray: 0.6))
        }
        let pageNumber = try resolver.resolve(
            template.texts.pageNumber, strict: options.strict,
            extra: ["page": .number(Double(page)), "pages": .number(Double(count))])
        var ps = paragraphStyle("footer", language: pageNumber.language)
        ps.alignment = .center
        let footer = try paragraphs.layout(pageNumber.text, style: ps, width: contentWidth)
        let footY = pageHeight - margins + Units.points(mm: 4)
        items.append(.paragraph(footer, x: margins, y: footY, color: color("footer")))
        var note: [Page.Item] = []
        if let notice {
            let item = Page.Item.paragraph(notice, x: margins, y: footY + footer.height + 1, color: Color(hex: "#666666", default: .black))
            note = .tagged(page == 1 ? .note : .artifact, [item])
        }
        // Page furniture, left out of what is read.
        return (.tagged(.artifact, items), note)
    }
}

extension TextStyle {
    /// The paragraph style for text in `language` in a document whose language writes `script`
    /// (per-script sizes of the document's script apply, as in flyers).
    func paragraphStyle(language: Language, script: String, scale: Double = 1) -> ParagraphStyle {
        let alignment: ParagraphStyle.Alignment
        switch align {
        case .start: alignment = .start
        case .end: alignment = .end
        case .center: alignment = .center
        case .justify: alignment = .justify
        }
        var style = ParagraphStyle(
            language: language, size: size(forScript: script) * scale, alignment: alignment, direction: .fromLanguage,
            weight: weight == .bold ? .bold : .regular, lineSpacing: lineSpacing(forScript: script))
        style.hyphenate = hyphenate
        return style
    }
}
