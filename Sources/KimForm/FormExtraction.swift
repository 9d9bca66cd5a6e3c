public import KimCatalog
import KimCore
import KimTemplate

extension FormDefinition {
    /// The catalog units of the form, with notes for translators: where the text appears, what
    /// placeholders mean, and how wide its box is.
    public func sourceUnits() -> [SourceUnit] {
        var out: [SourceUnit] = []
        let width = 180.0
        func unit(_ t: TextRef, _ place: String, mm: Double?, extra: [String: String] = [:]) {
            var notes: [String] = []
            if let note = t.note { notes.append(note) }
            notes.append("Where: \(place) (form \(id)). Printed below the German text; answers stay in German.")
            for name in t.message.argumentNames.sorted() {
                if let meaning = extra[name] ?? OfficeData.field(name)?.meaning { notes.append("{\(name)}: \(meaning).") }
            }
            if let mm { notes.append("Box: \(Int(mm.rounded())) mm wide, 7.5 pt (Arab 8.5 pt, Ethi 8 pt).") }
            out.append(SourceUnit(id: t.id, german: t.german, notes: notes, references: [t.location.reference]))
        }
        unit(title, "form title at the top of every page", mm: width)
        unit(subtitle, "line under the title on every page", mm: width)
        unit(notice, "note on every page, beside the German note", mm: width / 2)
        unit(pageNumber, "page numbers in the footer", mm: width / 2, extra: ["page": "this page's number", "pages": "how many pages the form has"])
        if let draftNotice { unit(draftNotice, "small line at the foot of forms made from translations not yet reviewed", mm: nil) }
        for section in sections {
            unit(section.title, "heading of section \"\(section.id)\"", mm: width)
            for item in section.items {
                switch item {
                case .paragraph(_, let t):
                    unit(t, "paragraph in section \"\(section.id)\", beside the German paragraph", mm: width / 2 - 2)
                case .field(let f):
                    fieldUnits(f, section: section.id, width: f.width * width, unit: unit)
                }
            }
        }
        return out
    }

    private func fieldUnits(_ f: FormField, section: String, width: Double, unit: (TextRef, String, Double?, [String: String]) -> Void) {
        unit(f.label, "label of the field \"\(f.id)\" in section \"\(section)\"", width - 3, [:])
        if let hint = f.hint { unit(hint, "hint after the label of \"\(f.id)\", in parentheses", width - 3, [:]) }
        switch f.kind {
        case .choice(let options), .checkboxes(let options):
            let perLine = max(1, min(options.count, Int(width / 42)))
            for o in options { unit(o.label, "option \"\(o.id)\" of the question \"\(f.id)\", beside a checkbox", width / Double(perLine) - 5, [:]) }
        case .rows(let columns, _):
            for c in columns { fieldUnits(c, section: section, width: c.width * width, unit: unit) }
        default:
            break
        }
    }
}
