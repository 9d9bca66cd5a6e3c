public import KimCatalog
import KimCore

extension Template {
    /// The catalog units of this template, with notes for translators: where the text appears,
    /// what each placeholder means, and the box it must fit.
    public func sourceUnits() -> [SourceUnit] {
        let geometry = PageGeometry(layout)
        var out: [SourceUnit] = []
        func unit(_ t: TextRef, where place: String, style: TextStyle?, width: Double?) {
            var notes: [String] = []
            if let note = t.note { notes.append(note) }
            notes.append("Where: \(place) (\(id)).")
            for name in t.message.argumentNames.sorted() {
                if let f = OfficeData.field(name) { notes.append("{\(name)}: \(f.meaning).") }
            }
            if let style, let width {
                var sizes = "\(format(style.size)) pt"
                let overrides = style.scripts.sorted { $0.key < $1.key }.compactMap { k, v in v.size.map { "\(k) \(format($0)) pt" } }
                if !overrides.isEmpty { sizes += " (" + overrides.joined(separator: ", ") + ")" }
                notes.append("Box: \(Int(Units.millimetres(pt: width).rounded())) mm wide, \(sizes).")
            }
            if t.message.pluralSelectors.isEmpty == false {
                notes.append("Plural: give every plural form your language needs (kimdoc catalog check lists them).")
            }
            out.append(SourceUnit(id: t.id, german: t.german, notes: notes, references: [t.location.reference]))
        }
        unit(title, where: "document title, shown by PDF viewers and in the header", style: nil, width: nil)
        if let draftNotice { unit(draftNotice, where: "small line at the foot of documents made from translations not yet reviewed", style: nil, width: nil) }
        for flow in flows {
            let frame = flow.frames.first.flatMap { geometry.frame($0) }
            let width = frame?.rect.width
            let place = flow.frames.joined(separator: ", ")
            func walk(_ specs: [BlockSpec], width: Double?) {
                for spec in specs {
                    let styleName = spec.style
                    switch spec.block {
                    case .heading(let t, let level):
                        unit(t, where: "heading \(level) in \(place)", style: style(styleName ?? "h\(level)"), width: width)
                    case .paragraph(let t):
                        unit(t, where: "paragraph in \(place)", style: style(styleName ?? "body"), width: width)
                    case .list(let items):
                        for t in items { unit(t, where: "list item in \(place)", style: style(styleName ?? "body"), width: width.map { $0 - 12 }) }
                    case .table(let rows):
                        for r in rows {
                            unit(r.key, where: "table label in \(place)", style: style(styleName ?? "body"), width: width.map { $0 * 0.4 })
                            unit(r.value, where: "table value in \(place)", style: style(styleName ?? "body"), width: width.map { $0 * 0.6 })
                        }
                    case .hours(let t):
                        if let t { unit(t, where: "title of the opening hours in \(place)", style: style("h3"), width: width) }
                    case .contact(let p, let e, let w):
                        unit(p, where: "label before the phone number in \(place)", style: style(styleName ?? "body"), width: width.map { $0 * 0.3 })
                        unit(e, where: "label before the e-mail address in \(place)", style: style(styleName ?? "body"), width: width.map { $0 * 0.3 })
                        unit(w, where: "label before the website in \(place)", style: style(styleName ?? "body"), width: width.map { $0 * 0.3 })
                    case .image(_, _, let alt):
                        unit(alt, where: "alternative text of an image in \(place), read by screen readers, not printed", style: nil, width: nil)
                    case .qrCode(_, _, let caption, let alt):
                        if let caption { unit(caption, where: "caption under the QR code in \(place)", style: style(styleName ?? "small"), width: width) }
                        unit(alt, where: "alternative text of the QR code in \(place), read by screen readers, not printed", style: nil, width: nil)
                    case .box(_, let inner):
                        walk(inner, width: width.map { $0 - 12 })
                    case .rule, .spacer, .imprint, .frameBreak:
                        break
                    }
                }
            }
            walk(flow.blocks, width: width)
        }
        return out
    }

    private func format(_ v: Double) -> String {
        v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }
}

/// The units of several templates: one per id; the same id in two templates must carry the
/// same German text (its notes and references are combined).
public func sourceUnits(of templates: [Template]) throws -> [SourceUnit] {
    try mergeUnits(templates.map { $0.sourceUnits() })
}

/// Units from several sources (templates, forms), one per id, in order of first appearance; the
/// same id twice must carry the same German text (notes and references are combined).
public func mergeUnits(_ lists: [[SourceUnit]]) throws -> [SourceUnit] {
    var out: [SourceUnit] = []
    var index: [String: Int] = [:]
    for list in lists {
        for u in list {
            if let i = index[u.id] {
                let first = out[i]
                guard first.german == u.german else {
                    throw KimError("\(u.references[0]): the id '\(u.id)' is also used at \(first.references[0]) with another German text; give one of them a new id.")
                }
                out[i] = SourceUnit(id: u.id, german: u.german, notes: first.notes + u.notes.filter { !first.notes.contains($0) }, references: first.references + u.references)
            } else {
                index[u.id] = out.count
                out.append(u)
            }
        }
    }
    return out
}
