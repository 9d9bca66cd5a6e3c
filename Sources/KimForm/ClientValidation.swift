public import KimCore
import KimUnicode

/// One client's answers, checked and cleaned: ready to print.
public struct ClientRecord: Sendable {
    public enum Value: Sendable, Equatable {
        /// Text as printed (dates already DD.MM.YYYY).
        case text(String)
        /// The chosen option ids.
        case options(Set<String>)
        /// Repeating rows: column id → text as printed.
        case rows([[String: String]])
    }

    public let source: String
    public let values: [String: Value]
    /// What was changed on the way and should be checked by a person (transliterations).
    public let notes: [String]
}

/// Checks untrusted client data against a form.
///
/// - Unknown fields, wrong types and impossible dates are errors naming the client (file and
///   row) and the field; every problem of a record is reported at once.
/// - Values are cleaned: bidi controls and other invisible format characters are removed, line
///   breaks become spaces (except in multi-line fields), text is normalised to NFC.
/// - The authority needs answers in Latin letters: a value in another script is an error with a
///   suggested transliteration from ICU (from the language list's `transliteration` entries),
///   which `acceptTransliterations` takes instead.
/// - Values are only ever text: they are never parsed as template or message syntax.
///
/// Messages never repeat a value, nor anything derived from one (they end up in logs and, in the
/// server, in front of other users): they name the file, row and field. A key or column name is
/// named only if it has the shape of a field id (`nameable`), because a value may stand where a
/// key should (a CSV without its header row).
public struct ClientValidator: Sendable {
    public let form: FormDefinition
    /// The form's language: its transliterator is tried first for its script.
    public let language: Language
    public let languages: ProjectLanguages
    public var acceptTransliterations = false

    public init(form: FormDefinition, language: Language, languages: ProjectLanguages, acceptTransliterations: Bool = false) {
        self.form = form
        self.language = language
        self.languages = languages
        self.acceptTransliterations = acceptTransliterations
    }

    public func validate(_ raw: RawClient) throws -> ClientRecord {
        let fields = form.fields
        var values: [String: ClientRecord.Value] = [:]
        var problems: [String] = []
        var notes: [String] = []
        for (id, value) in raw.values {
            guard let field = fields[id] else {
                // Columns named `field.N.column` of unknown fields land here too.
                let which = Self.nameable(id) ? "\(id) is not a field of form \(form.id)" : "a key that is not a field id is in the data"
                problems.append("\(which); the \(form.id) form's fields are listed in Templates/README.md")
                continue
            }
            do {
                if let v = try check(value, field: field, name: id, notes: &notes) { values[id] = v }
            } catch let e as KimError {
                problems.append(e.message)
            }
        }
        if !problems.isEmpty {
            throw KimError(problems.map { "\(raw.source): \($0)" }.joined(separator: "\n"))
        }
        return ClientRecord(source: raw.source, values: values, notes: notes.map { "\(raw.source): \($0)" })
    }

    /// Whether a key may be repeated in a message: lowercase ASCII letters, digits, `_` and `.`,
    /// at most 64 characters, as field ids are. Names ("Haddad"), dates and addresses are not.
    public static func nameable(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= 64 && key.utf8.first.map { $0 >= 0x61 && $0 <= 0x7A } == true
            && key.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F || $0 == 0x2E }
    }

    /// Checks a CSV file's first row against the form before any client row is read: every
    /// column must be a field (or `field.N.column` of a repeating field), none twice. If no
    /// column is a field, the first row is taken for a client's row and nothing of it is named.
    public func checkHeader(_ header: [String], path: String) throws {
        let fields = form.fields
        func known(_ key: String) -> Bool {
            if fields[key] != nil { return true }
            let parts = key.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 3, let n = Int(parts[1]), n >= 1, let field = fields[String(parts[0])],
                  case .rows(let columns, _) = field.kind else { return false }
            return columns.contains { $0.id == parts[2] }
        }
        let unknown = header.indices.filter { !known(header[$0]) }
        let help = "the first row must name the fields (see Templates/README.md)"
        if unknown.count == header.count {
            throw KimError("\(path):1: the first row is not a header: column \(unknown[0] + 1) is not a field of form \(form.id); \(help)")
        }
        if let i = unknown.first {
            let which = Self.nameable(header[i]) ? "column \(i + 1) (\(header[i]))" : "column \(i + 1)"
            throw KimError("\(path):1: \(which) is not a field of form \(form.id); \(help)")
        }
        var first: [String: Int] = [:]
        for (i, h) in header.enumerated() {
            if let j = first[h] { throw KimError("\(path):1: columns \(j + 1) and \(i + 1) both name \(h); keep one") }
            first[h] = i
        }
    }

    func check(_ value: RawClient.Value, field: FormField, name: String, notes: inout [String]) throws -> ClientRecord.Value? {
        switch (field.kind, value) {
        case (.rows(let columns, _), .rows(let rows)):
            var out: [[String: String]] = []
            for (i, row) in rows.enumerated() {
                var cleaned: [String: String] = [:]
                for (c, cell) in row {
                    guard let column = columns.first(where: { $0.id == c }) else {
                        let which = Self.nameable(c) ? "unknown column \(c)" : "a column name that is not a column id"
                        throw KimError("field \(name), row \(i + 1): \(which); columns are \(columns.map(\.id).joined(separator: ", "))")
                    }
                    if let t = try text(cell, field: column, name: "\(name), row \(i + 1), \(c)", notes: &notes) { cleaned[c] = t }
                }
                if !cleaned.isEmpty { out.append(cleaned) }
            }
            return out.isEmpty ? nil : .rows(out)
        case (.rows, _):
            throw KimError("field \(name): expected a list of rows (in CSV: columns \(name).1.<column>, \(name).2.<column>, …)")
        case (.choice(let options), .text(let s)):
            let id = s.trimmingCharacters(in: .whitespaces)
            if id.isEmpty { return nil }
            guard options.contains(where: { $0.id == id }) else { throw KimError("field \(name): not an option; expected \(field.expected)") }
            return .options([id])
        case (.checkboxes(let options), .text(let s)):
            let ids = s.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            return try self.options(ids, options, field: field, name: name)
        case (.checkboxes(let options), .list(let ids)):
            return try self.options(ids, options, field: field, name: name)
        case (.signature, _):
            throw KimError("field \(name): the signature is given by hand on the printed form; remove the field from the data")
        case (_, .text(let s)):
            return try text(s, field: field, name: name, notes: &notes).map { .text($0) }
        default:
            throw KimError("field \(name): expected \(field.expected)")
        }
    }

    func options(_ ids: [String], _ options: [FormField.Option], field: FormField, name: String) throws -> ClientRecord.Value? {
        for (i, id) in ids.enumerated() where !options.contains(where: { $0.id == id }) {
            throw KimError("field \(name): item \(i + 1) of \(ids.count) is not an option; expected \(field.expected)")
        }
        return ids.isEmpty ? nil : .options(Set(ids))
    }

    /// A text value cleaned and checked for its kind; nil when empty.
    func text(_ raw: String, field: FormField, name: String, notes: inout [String]) throws -> String? {
        var multiline = false
        if case .text(let lines) = field.kind, lines > 1 { multiline = true }
        guard multiline || !raw.unicodeScalars.contains(where: Self.isLineBreak) else {
            throw KimError("field \(name): a line break in a one-line field; put the value on one line")
        }
        var s = try Self.clean(raw, keepLineBreaks: multiline)
        if s.isEmpty { return nil }
        switch field.kind {
        case .date:
            return try Self.date(s, name: name)
        case .number:
            guard let n = Int(s), n > 0, n < 1000 else { throw KimError("field \(name): expected \(field.expected)") }
            return String(n)
        case .postcode:
            guard s.range(of: #"^[0-9A-Za-z -]{3,10}$"#, options: .regularExpression) != nil else { throw KimError("field \(name): expected \(field.expected)") }
            return s
        case .phone:
            s = try latin(s, name: name, notes: &notes)
            guard s.range(of: #"^\+?[0-9 ()/-]{4,}$"#, options: .regularExpression) != nil else { throw KimError("field \(name): expected \(field.expected)") }
            return s
        case .email:
            guard s.range(of: #"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$"#, options: .regularExpression) != nil else {
                throw KimError("field \(name): expected \(field.expected) (Latin letters only)")
            }
            return s
        default:
            return try latin(s, name: name, notes: &notes)
        }
    }

    /// LF, CR, VT, FF, NEL, U+2028 and U+2029: what ends a line in some editor or spreadsheet.
    static func isLineBreak(_ u: Unicode.Scalar) -> Bool {
        (0x0A...0x0D).contains(u.value) || u.value == 0x85 || u.value == 0x2028 || u.value == 0x2029
    }

    /// Removes invisible format characters (bidi controls such as U+202E, zero-width characters,
    /// soft hyphens) and control characters, folds runs of white space, normalises to NFC. With
    /// `keepLineBreaks` (multi-line fields) every kind of line break, CRLF included, becomes one
    /// LF, which the text engine lays out as a new line; otherwise each becomes a space.
    public static func clean(_ raw: String, keepLineBreaks: Bool = false) throws -> String {
        var scalars = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for u in raw.unicodeScalars {
            defer { previous = u }
            if isLineBreak(u) {
                if u == "\n", previous == "\r" { continue }  // CRLF is one break
                scalars.append(keepLineBreaks ? "\n" : " ")
                continue
            }
            switch u.properties.generalCategory {
            case .format: continue
            case .control: if u == "\t" { scalars.append(" ") }  // other controls are dropped
            default: scalars.append(u)
            }
        }
        let lines = String(scalars).split(separator: "\n", omittingEmptySubsequences: false).map {
            $0.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        return try TextTransforms.nfc(lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// YYYY-MM-DD → DD.MM.YYYY, for a day that exists.
    static func date(_ s: String, name: String) throws -> String {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { throw KimError("field \(name): not a date; write it YYYY-MM-DD, e.g. 1990-04-23") }
        guard (1900...2100).contains(y), (1...12).contains(m) else { throw KimError("field \(name): impossible date (year 1900–2100, month 01–12); write it YYYY-MM-DD") }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard (1...days).contains(d) else { throw KimError("field \(name): impossible date (no such day in that month); write it YYYY-MM-DD") }
        return "\(parts[2]).\(parts[1]).\(parts[0])"
    }

    /// The value if it is in Latin letters; otherwise an error with ICU's transliteration, or
    /// the transliteration when the user accepted it.
    func latin(_ s: String, name: String, notes: inout [String]) throws -> String {
        let foreign = s.unicodeScalars.map(Script.of).filter { !$0.isShared && $0 != Script.latin }
        guard let script = foreign.first else { return s }
        if acceptTransliterations {
            notes.append("field \(name): written in Latin letters by ICU (from \(script.name)); check the spelling against the passport")
            return try transliterate(s, script: script)
        }
        // The suggestion is not shown: it is the client's name, only in other letters.
        throw KimError(
            "field \(name): must be in Latin letters, as the authority requires, not \(script.name). Correct the data (as in the passport's Latin line), or run with --transliterate to accept ICU's transliteration and check it in the PDF.")
    }

    /// ICU's transliteration: the transliterator of the form's language if it is written in the
    /// value's script, else of the first language in the list that is; then any leftovers to
    /// Latin and to plain ASCII letters (what passports' machine-readable lines use).
    func transliterate(_ s: String, script: Script) throws -> String {
        let candidates = [language] + languages.tags.filter { $0 != language }
        var id = "Any-Latin"
        for tag in candidates {
            if let t = languages.entry(for: tag)?.transliteration, (try? LocaleInfo.likelyScript(of: tag)) == script { id = t; break }
        }
        let latin = try TextTransforms.transliterate(s, id: "\(id); Any-Latin; Latin-ASCII")
        // Names start with a capital letter.
        return latin.split(separator: " ", omittingEmptySubsequences: false).map { w in w.prefix(1).uppercased() + w.dropFirst() }.joined(separator: " ")
    }
}
