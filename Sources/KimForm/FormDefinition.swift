public import Foundation
import KimCore
public import KimTemplate

/// A form to be rendered bilingually (German label beside its translation), blank or filled with
/// one client's data. Read from a YAML file in `Templates/forms/` (format: `Templates/README.md`).
public struct FormDefinition: Sendable {
    public let id: String
    public let title: TextRef
    public let subtitle: TextRef
    /// The line on every page: the translation is an aid, only the German form is binding,
    /// answers in German in Latin letters.
    public let notice: TextRef
    /// "Seite {page} von {pages}".
    public let pageNumber: TextRef
    /// What an empty date box shows (the German date pattern, e.g. TT.MM.JJJJ).
    public let blankDate: String
    /// The line on forms made from translations not yet reviewed by a person.
    public let draftNotice: TextRef?
    public let sections: [FormSection]
    public let path: String

    /// Every field a client record may give, by id (columns of repeating rows are inside `rows`).
    public var fields: [String: FormField] {
        var out: [String: FormField] = [:]
        for s in sections { for case .field(let f) in s.items { out[f.id] = f } }
        return out
    }

    /// Every translatable text, in document order.
    public var texts: [TextRef] {
        var out = [title, subtitle, notice, pageNumber] + [draftNotice].compactMap { $0 }
        for s in sections {
            out.append(s.title)
            for item in s.items {
                switch item {
                case .paragraph(_, let t): out.append(t)
                case .field(let f): out += f.texts
                }
            }
        }
        return out
    }
}

public struct FormSection: Sendable {
    public let id: String
    public let title: TextRef
    public let items: [FormItem]
}

public enum FormItem: Sendable {
    case field(FormField)
    /// A text printed in both languages (notes, data protection).
    case paragraph(id: String, TextRef)
}

/// One question of the form, with the box its answer goes in.
public struct FormField: Sendable {
    public struct Option: Sendable {
        public let id: String
        public let label: TextRef
    }

    public indirect enum Kind: Sendable {
        /// Free text in Latin letters, over `lines` lines.
        case text(lines: Int)
        /// A date: YYYY-MM-DD in the data, DD.MM.YYYY on the form.
        case date
        /// A whole number (height in cm).
        case number
        case postcode
        case phone
        case email
        /// One of the options.
        case choice([Option])
        /// Any of the options.
        case checkboxes([Option])
        /// A line to sign on; never filled from data.
        case signature
        /// Repeating rows (children), each with the given columns; `blankRows` rows on a blank form.
        case rows(columns: [FormField], blankRows: Int)
    }

    /// The id client data uses (`surname`; columns of rows: `name` inside `children`).
    public let id: String
    public let label: TextRef
    public let hint: TextRef?
    public let kind: Kind
    /// Share of the line, 0…1; fields fill a line from the start until it is full.
    public let width: Double
    public let location: SourceLocation
    /// A date that cannot lie in the future (`past: true`: a birth date, a date of issue).
    public var past = false

    var texts: [TextRef] {
        var out = [label] + [hint].compactMap { $0 }
        switch kind {
        case .choice(let o), .checkboxes(let o): out += o.map(\.label)
        case .rows(let columns, _): out += columns.flatMap(\.texts)
        default: break
        }
        return out
    }

    /// What a value of this field is, for messages: "a date (YYYY-MM-DD)".
    public var expected: String {
        switch kind {
        case .text: return "text in Latin letters"
        case .date: return "a date written YYYY-MM-DD, e.g. 1990-04-23"
        case .number: return "a whole number"
        case .postcode: return "a postcode (digits)"
        case .phone: return "a phone number (digits, spaces, +, -, /)"
        case .email: return "an e-mail address"
        case .choice(let o): return "one of: " + o.map(\.id).joined(separator: ", ")
        case .checkboxes(let o): return "a list of: " + o.map(\.id).joined(separator: ", ")
        case .signature: return "nothing (signed by hand)"
        case .rows: return "a list of rows"
        }
    }
}

extension FormDefinition {
    static let kinds = ["text", "date", "number", "postcode", "phone", "email", "choice", "checkboxes", "signature", "rows"]

    /// Reads a form file; errors name file, line and column.
    public static func load(_ url: URL, root: URL) throws -> FormDefinition {
        var (m, reader) = try TemplateReader.open(url, root: root)
        let display = reader.file
        let idNode = try m.required("form", "the form's id, e.g. eat (it prefixes every text id)")
        let id = try idNode.string()
        guard SimpleID.isValid(id) else {
            throw idNode.fail("the form id may use only a–z, 0–9 and '-' (it becomes part of file names)")
        }
        let title = try reader.text(try m.required("title", "the form's German title"), derivedID: "\(id).title")
        let subtitle = try reader.text(try m.required("subtitle", "a line under the title, e.g. Übersetzte Ausfüllhilfe"), derivedID: "\(id).subtitle")
        let notice = try reader.text(try m.required("notice", "the note on every page that only the German form is binding"), derivedID: "\(id).notice")
        let pageNumber = try reader.text(
            try m.required("page_number", "the footer's page numbering, e.g. Seite {page} von {pages}"), derivedID: "\(id).page-number", placeholders: ["page", "pages"])
        let blankDate = try m.optional("blank_date")?.string() ?? "TT.MM.JJJJ"
        let draftNotice = try m.optional("draft_notice").map { try reader.text($0) }
        var sections: [FormSection] = []
        var fieldIDs: [String: SourceLocation] = [:]
        for node in try m.required("sections", "a list of sections, each with section, title and items").items() {
            var sm = try YAMLMapping(node)
            let sid = try sm.required("section", "the section's id, e.g. applicant").string()
            let prefix = "\(id).\(sid)"
            let stitle = try reader.text(try sm.required("title", "the section's German title"), derivedID: "\(prefix).title")
            var items: [FormItem] = []
            for itemNode in try sm.required("items", "the fields and paragraphs of the section").items() {
                var im = try YAMLMapping(itemNode)
                if let p = im.optional("paragraph") {
                    let pid = try p.string()
                    let text = try reader.text(try im.required("text", "the German text of the paragraph"), derivedID: "\(prefix).\(pid)")
                    try im.finish()
                    items.append(.paragraph(id: pid, text))
                    continue
                }
                let field = try readField(&im, node: itemNode, prefix: prefix, reader: &reader, allowRows: true)
                if let first = fieldIDs[field.id] {
                    throw TemplateError(field.location, "the field id '\(field.id)' is already used at line \(first.line); field ids must be unique")
                }
                fieldIDs[field.id] = field.location
                items.append(.field(field))
            }
            try sm.finish()
            sections.append(FormSection(id: sid, title: stitle, items: items))
        }
        try m.finish()
        return FormDefinition(id: id, title: title, subtitle: subtitle, notice: notice, pageNumber: pageNumber, blankDate: blankDate, draftNotice: draftNotice, sections: sections, path: display)
    }

    static func readField(_ m: inout YAMLMapping, node: YAMLNode, prefix: String, reader: inout TemplateReader, allowRows: Bool) throws -> FormField {
        let present = m.keys.filter { kinds.contains($0) }
        guard present.count == 1, let kindName = present.first else {
            throw node.fail("an item starts with its kind and id, e.g. 'text: surname'; kinds: paragraph, \(kinds.joined(separator: ", "))")
        }
        let idNode = try m.required(kindName, "")
        let fid = try idNode.string()
        guard fid.range(of: #"^[a-z][a-z0-9_]*$"#, options: .regularExpression) != nil else {
            throw idNode.fail("the field id '\(fid)' may use only a–z, 0–9 and '_' and starts with a letter (client data uses it)")
        }
        let textID = "\(prefix).\(fid)"
        let label = try reader.text(try m.required("label", "the German label"), derivedID: textID)
        let hint = try m.optional("hint").map { try reader.text($0, derivedID: "\(textID).hint") }
        var width = 1.0
        if let w = m.optional("width") {
            let s = try w.string().trimmingCharacters(in: .whitespaces)
            guard s.hasSuffix("%"), let v = Double(s.dropLast()), v > 0, v <= 100 else { throw w.fail("width is a share of the line such as 50%") }
            width = v / 100
        }
        func options() throws -> [FormField.Option] {
            let o = try m.required("options", "the options as id: German text")
            let pairs = try o.pairs()
            guard !pairs.isEmpty else { throw o.fail("give at least one option") }
            return try pairs.map { key, value in
                guard key.range(of: #"^[a-z0-9][a-z0-9_]*$"#, options: .regularExpression) != nil else {
                    throw value.fail("the option id '\(key)' may use only a–z, 0–9 and '_' (client data uses it)")
                }
                return FormField.Option(id: key, label: try reader.text(value, derivedID: "\(textID).\(key)"))
            }
        }
        let kind: FormField.Kind
        switch kindName {
        case "text":
            let lines = try m.optional("lines")?.int() ?? 1
            guard (1...6).contains(lines) else { throw node.fail("lines is 1 to 6") }
            kind = .text(lines: lines)
        case "date": kind = .date
        case "number": kind = .number
        case "postcode": kind = .postcode
        case "phone": kind = .phone
        case "email": kind = .email
        case "signature": kind = .signature
        case "choice": kind = .choice(try options())
        case "checkboxes": kind = .checkboxes(try options())
        default:
            guard allowRows else { throw idNode.fail("rows cannot be nested") }
            let blank = try m.optional("blank_rows")?.int() ?? 3
            guard (0...20).contains(blank) else { throw node.fail("blank_rows is 0 to 20") }
            var columns: [FormField] = []
            for c in try m.required("columns", "the columns of each row, as fields").items() {
                var cm = try YAMLMapping(c)
                let column = try readField(&cm, node: c, prefix: textID, reader: &reader, allowRows: false)
                switch column.kind {
                case .choice, .checkboxes, .signature, .rows: throw column.location.fail("a column of rows is text, date, number, postcode, phone or e-mail")
                default: columns.append(column)
                }
            }
            guard abs(columns.reduce(0) { $0 + $1.width } - 1) < 0.001 else {
                throw idNode.fail("the columns' widths add up to \(Int((columns.reduce(0) { $0 + $1.width } * 100).rounded()))%; make them 100%")
            }
            kind = .rows(columns: columns, blankRows: blank)
        }
        var past = false
        if let p = m.optional("past") {
            guard kindName == "date" else { throw p.fail("past: true is for dates only (a date that cannot lie in the future)") }
            past = try p.bool()
        }
        try m.finish()
        var field = FormField(id: fid, label: label, hint: hint, kind: kind, width: width, location: idNode.location)
        field.past = past
        return field
    }

    /// Every `*.yaml` form in a folder, sorted by file name.
    public static func loadAll(in folder: URL, root: URL) throws -> [FormDefinition] {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        return try files.filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }.map { try load($0, root: root) }
    }
}

extension SourceLocation {
    func fail(_ message: String) -> TemplateError { TemplateError(self, message) }
}
