import Foundation
import KimCore
import KimRender
import KimTemplate
import KimText
import KimUnicode

/// Lays out one document's blocks to a width: paragraphs through the text engine, lists with
/// bullets on the start side, tables with columns in reading order (label on the right in
/// right-to-left languages), images and QR codes on the start side.
struct BlockLayout {
    let template: Template
    let resolver: TextResolver
    let paragraphs: ParagraphLayout
    /// The document language's direction: where "start" is for bullets, columns and images.
    let direction: TextDirection
    let script: String
    /// Text size factor (shrinking to fit).
    let scale: Double
    let strict: Bool
    let images: ImageCache

    var rtl: Bool { direction == .rightToLeft }

    func textStyle(_ name: String) -> TextStyle { template.style(name) }

    func paragraphStyle(_ s: TextStyle, language: Language) -> ParagraphStyle {
        s.paragraphStyle(language: language, script: script, scale: scale)
    }

    /// Style colours are checked when the template is read, so black is only a formality.
    func color(_ hex: String) -> Color { Color(hex: hex, default: .black) }

    /// A text set in a style to a width.
    func paragraph(_ ref: TextRef, style name: String, width: Double) throws -> (LaidOutParagraph, Color) {
        let resolved = try resolver.resolve(ref, strict: strict)
        let s = textStyle(name)
        return (try paragraphs.layout(resolved.text, style: paragraphStyle(s, language: resolved.language), width: width), color(s.color))
    }

    /// Text that is not a template text (data, labels already resolved), set at the document's
    /// start side even when its own direction differs (a German address in an Arabic flyer).
    func plain(_ text: InlineText, style name: String, language: Language, width: Double, bold: Bool = false) throws -> (LaidOutParagraph, Color) {
        let s = textStyle(name)
        var ps = paragraphStyle(s, language: language)
        if bold { ps.weight = .bold }
        ps.alignment = LocaleInfo.direction(of: language) == direction ? .start : .end
        return (try paragraphs.layout(text, style: ps, width: width), color(s.color))
    }

    /// The boxes of a block at a width, each with the units whose text it shows. Lists give one
    /// box per item so they can continue in the next frame.
    func boxes(_ spec: BlockSpec, width: Double) throws -> [BlockBox] {
        let start = resolver.lookups.count
        var out = try unrecordedBoxes(spec, width: width)
        var units: [String] = []
        for id in resolver.lookups[start...] where !units.contains(id) { units.append(id) }
        for i in out.indices where out[i].units.isEmpty { out[i].units = units }
        return out
    }

    func unrecordedBoxes(_ spec: BlockSpec, width: Double) throws -> [BlockBox] {
        switch spec.block {
        case .heading(let t, let level):
            let name = spec.style ?? "h\(level)"
            let (p, c) = try paragraph(t, style: name, width: width)
            let s = textStyle(name)
            return [BlockBox(id: spec.id, height: p.height, spaceBefore: s.spaceBefore * scale, spaceAfter: s.spaceAfter * scale, keepWithNext: true, items: .tagged(StructureTag.heading(level: level), [.paragraph(p, x: 0, y: 0, color: c)]))]
        case .paragraph(let t):
            let name = spec.style ?? "body"
            let (p, c) = try paragraph(t, style: name, width: width)
            let s = textStyle(name)
            return [BlockBox(id: spec.id, height: p.height, spaceBefore: s.spaceBefore * scale, spaceAfter: s.spaceAfter * scale, keepWithNext: false, items: .tagged(.paragraph, [.paragraph(p, x: 0, y: 0, color: c)]))]
        case .list(let items):
            let name = spec.style ?? "body"
            let s = textStyle(name)
            let indent = s.size(forScript: script) * scale * 1.3
            var out: [BlockBox] = []
            for (i, t) in items.enumerated() {
                let (p, c) = try paragraph(t, style: name, width: width - indent)
                let bullet = try plain("•", style: name, language: resolver.language, width: indent)
                let bulletWidth = bullet.0.lines.first?.width ?? 0
                let textX = rtl ? 0 : indent
                // The bullet sits on the first line's baseline, at the start edge.
                let bulletX = rtl ? width - bulletWidth - indent * 0.15 : indent * 0.15
                let dy = (p.lines.first?.baseline ?? 0) - (bullet.0.lines.first?.baseline ?? 0)
                let bulletX0 = bulletX - (bullet.0.lines.first?.x ?? 0)
                // L > LI > (Lbl, LBody); the list opens in the first item's box and closes in the
                // last one's, so it can continue in the next frame.
                let item = [Page.Item].tagged(
                    .listItem,
                    .tagged(.label, [.paragraph(bullet.0, x: bulletX0, y: dy, color: color("#1d4e89"))])
                        + .tagged(.listBody, [.paragraph(p, x: textX, y: 0, color: c)]))
                var box = BlockBox(
                    id: "\(spec.id)#\(i + 1)", height: p.height, spaceBefore: i == 0 ? s.spaceBefore * scale : 0,
                    spaceAfter: i == items.count - 1 ? s.spaceAfter * scale : s.spaceAfter * scale * 0.4, keepWithNext: false,
                    items: (i == 0 ? [.begin(StructureTag(.list))] : []) + item + (i == items.count - 1 ? [.end] : []))
                box.units = [t.id]
                out.append(box)
            }
            return out
        case .table(let rows):
            let name = spec.style ?? "body"
            let resolved = try rows.map { (try resolver.resolve($0.key, strict: strict), try resolver.resolve($0.value, strict: strict)) }
            return [try table(resolved.map { ($0.0.text, $0.0.language, $0.1.text, $0.1.language) }, id: spec.id, style: name, width: width)]
        case .hours(let title):
            var out: [BlockBox] = []
            if let title {
                let (p, c) = try paragraph(title, style: "h3", width: width)
                let s = textStyle("h3")
                out.append(BlockBox(id: spec.id + "#title", height: p.height, spaceBefore: s.spaceBefore * scale, spaceAfter: s.spaceAfter * scale, keepWithNext: true, items: .tagged(.heading3, [.paragraph(p, x: 0, y: 0, color: c)])))
            }
            let f = resolver.formatter.locale
            let digits = try f.digits()
            func time(_ minutes: Int) -> String {
                let s = String(format: "%02d:%02d", minutes / 60, minutes % 60)
                return s.map { ch in ch.wholeNumberValue.map { digits[$0] } ?? String(ch) }.joined()
            }
            let separator = resolver.formatter.listSeparator
            let rows = try resolver.office.hours.map { day, ranges -> (InlineText, Language, InlineText, Language) in
                let name = try f.weekdayName(isoWeekday: day.isoNumber)
                let spans = ranges.enumerated().flatMap { i, r in
                    (i > 0 ? [InlineSpan(separator)] : []) + [InlineSpan("\(time(r.start))–\(time(r.end))", value: .date)]
                }
                return (InlineText([InlineSpan(name)]), resolver.language, InlineText(spans), resolver.language)
            }
            out.append(try table(rows, id: spec.id, style: spec.style ?? "body", width: width))
            return out
        case .contact(let phone, let email, let website):
            let name = spec.style ?? "body"
            let s = textStyle(name)
            let office = resolver.office
            var items: [Page.Item] = []
            var y = 0.0
            for (i, line) in [office.name, office.street, "\(office.postcode) \(office.city)"].enumerated() {
                // Names and addresses stay as written, in German.
                let (p, c) = try plain(InlineText([InlineSpan(line)]), style: name, language: Language("de"), width: width, bold: i == 0)
                items += .tagged(.paragraph, [.paragraph(p, x: 0, y: y, color: c)])
                y += p.height
            }
            y += s.size * scale * 0.4
            let site = office.website.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
            let rows: [(TextRef, InlineSpan)] = [
                (phone, InlineSpan(office.phone, value: .phone)), (email, InlineSpan(office.email, value: .email)),
                (website, InlineSpan(site, value: .url)),
            ]
            let resolvedRows = try rows.map { label, value -> (InlineText, Language, InlineText, Language) in
                let l = try resolver.resolve(label, strict: strict)
                return (l.text, l.language, InlineText([value]), resolver.language)
            }
            let t = try table(resolvedRows, id: spec.id, style: name, width: width)
            items += t.items.map { offset($0, 0, y) }
            y += t.height
            return [BlockBox(id: spec.id, height: y, spaceBefore: s.spaceBefore * scale, spaceAfter: s.spaceAfter * scale, keepWithNext: false, items: items)]
        case .image(let file, let w, let alt):
            let url: URL
            // Where the image is named: the office file's logo line, or the template's block.
            var location = spec.location
            if file == "{logo}" {
                guard let logo = resolver.office.logo else { return [] }
                url = logo
                location = resolver.office.logoLocation ?? location
            } else {
                url = template.folder.appendingPathComponent(file)
            }
            let image: PNGImage
            do {
                image = try images.image(url)
            } catch let e as RenderError {
                throw TemplateError(location, e.message)
            }
            let h = w * Double(image.pixelHeight) / Double(max(image.pixelWidth, 1))
            let figure = [Page.Item].tagged(try figureTag(alt), [.image(image, x: rtl ? width - w : 0, y: 0, width: w, height: h)])
            return [BlockBox(id: spec.id, height: h, spaceBefore: 0, spaceAfter: 2, keepWithNext: false, items: figure)]
        case .qrCode(let data, let size, let caption, let alt):
            let code = try QRCode.remembered(text: resolver.office.fill(data))
            var items = [Page.Item].tagged(try figureTag(alt), [.qrCode(code, x: rtl ? width - size : 0, y: 0, size: size, color: color("#000000"))])
            var h = size
            if let caption {
                let (p, c) = try paragraph(caption, style: spec.style ?? "small", width: width)
                items += .tagged(.paragraph, [.paragraph(p, x: 0, y: h + 1, color: c)])
                h += p.height + 1
            }
            return [BlockBox(id: spec.id, height: h, spaceBefore: 4, spaceAfter: 4, keepWithNext: false, items: items)]
        case .rule:
            return [BlockBox(id: spec.id, height: 6, spaceBefore: 0, spaceAfter: 0, keepWithNext: false, items: [.rule(x1: 0, y1: 3, x2: width, y2: 3, width: 0.5, gray: 0.6)])]
        case .frameBreak:
            return [BlockBox(id: spec.id, height: 0, spaceBefore: 0, spaceAfter: 0, keepWithNext: false, items: [], breaksFrame: true)]
        case .spacer(let h):
            return [BlockBox(id: spec.id, height: h * scale, spaceBefore: 0, spaceAfter: 0, keepWithNext: false, items: [])]
        case .box(let fill, let inner):
            let pad = Units.points(mm: 3)
            var items: [Page.Item] = []
            var y = pad
            var previousAfter = 0.0
            for (i, spec) in inner.enumerated() {
                for b in try boxes(spec, width: width - 2 * pad) {
                    if i > 0 || y > pad { y += max(previousAfter, b.spaceBefore) }
                    items += b.items.map { offset($0, pad, y) }
                    y += b.height
                    previousAfter = b.spaceAfter
                }
            }
            y += pad
            // The background is drawn inside the Div, which has child elements: Cairo leaves it unmarked.
            let background: Page.Item = .rect(x: 0, y: 0, width: width, height: y, fill: color(fill), stroke: nil, lineWidth: 0)
            return [BlockBox(id: spec.id, height: y, spaceBefore: 4, spaceAfter: 6, keepWithNext: false, items: .tagged(.division, [background] + items))]
        case .imprint:
            var items: [Page.Item] = []
            var y = 0.0
            for line in resolver.office.imprint {
                let (p, c) = try plain(InlineText([InlineSpan(line)]), style: "small", language: Language("de"), width: width)
                items += .tagged(.paragraph, [.paragraph(p, x: 0, y: y, color: c)])
                y += p.height
            }
            return [BlockBox(id: spec.id, height: y, spaceBefore: 2, spaceAfter: 0, keepWithNext: false, items: items)]
        }
    }

    /// A two-column table: labels in a column as wide as the widest label (at most 45 %),
    /// values beside them; the label column is on the start side.
    func table(_ rows: [(InlineText, Language, InlineText, Language)], id: String, style name: String, width: Double) throws -> BlockBox {
        let s = textStyle(name)
        let gap = s.size(forScript: script) * scale * 0.8
        var labelWidth = 0.0
        for r in rows {
            let p = try plain(r.0, style: name, language: r.1, width: width, bold: true)
            labelWidth = max(labelWidth, p.0.lines.map(\.width).max() ?? 0)
        }
        labelWidth = min(labelWidth + 0.5, width * 0.45)
        let valueWidth = width - labelWidth - gap
        var items: [Page.Item] = [.begin(StructureTag(.table))]
        var y = 0.0
        for r in rows {
            let (label, lc) = try plain(r.0, style: name, language: r.1, width: labelWidth, bold: true)
            let (value, vc) = try plain(r.2, style: name, language: r.3, width: valueWidth)
            // A value that would have to break (a long e-mail address) goes under its label instead.
            if value.lines.count > 1 && r.2.spans.contains(where: { $0.value != nil }) {
                let (full, fc) = try plain(r.2, style: name, language: r.3, width: width)
                items += .tagged(
                    .tableRow,
                    .tagged(.tableHeader, [.paragraph(label, x: rtl ? width - labelWidth : 0, y: y, color: lc)])
                        + .tagged(.tableCell, [.paragraph(full, x: 0, y: y + label.height, color: fc)]))
                y += label.height
                y += full.height + s.size * scale * 0.15
                continue
            }
            let labelX = rtl ? width - labelWidth : 0
            let valueX = rtl ? 0 : labelWidth + gap
            // Same first baseline for both cells.
            let lb = label.lines.first?.baseline ?? 0, vb = value.lines.first?.baseline ?? 0
            let top = max(lb, vb)
            // TR > TH (label), TD (value): the reading order in every direction.
            items += .tagged(
                .tableRow,
                .tagged(.tableHeader, [.paragraph(label, x: labelX, y: y + top - lb, color: lc)])
                    + .tagged(.tableCell, [.paragraph(value, x: valueX, y: y + top - vb, color: vc)]))
            y += max(label.height + top - lb, value.height + top - vb) + s.size * scale * 0.15
        }
        items.append(.end)
        return BlockBox(id: id, height: y, spaceBefore: s.spaceBefore * scale, spaceAfter: s.spaceAfter * scale, keepWithNext: false, items: items)
    }

    /// A figure element with its alternative text, in the document's language.
    func figureTag(_ alt: TextRef) throws -> StructureTag {
        let resolved = try resolver.resolve(alt, strict: strict)
        var tag = StructureTag.figure(alt: resolved.text.plainText)
        tag.language = resolved.language
        return tag
    }
}
