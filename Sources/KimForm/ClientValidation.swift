public import KimCore
import Foundation
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

    /// The record, or an error listing every problem (each naming the client's source and the field).
    public func validate(_ raw: RawClient) throws -> ClientRecord {
        switch check(raw) {
        case .success(let record): return record
        case .failure(let problems): throw KimError(problems.list.map { "\(raw.source): \($0.message)" }.joined(separator: "\n"))
        }
    }

    /// One problem with one field, for a form that shows it next to the field.
    public struct Problem: Sendable, Equatable {
        /// The field id (for repeating rows the rows field, `children`).
        public let field: String
        /// What is wrong and what to do; never the value.
        public let message: String
        /// ICU's transliteration of a value written in another script than Latin, to accept with one click.
        public let suggestion: String?
    }

    public struct Problems: Error, Sendable {
        public let list: [Problem]
    }

    /// Checks a client's data: the cleaned record, or every problem by field.
    public func check(_ raw: RawClient) -> Result<ClientRecord, Problems> {
        let fields = form.fields
        var values: [String: ClientRecord.Value] = [:]
        var problems: [Problem] = []
        var notes: [String] = []
        for (id, value) in raw.values {
            guard let field = fields[id] else {
                // Columns named `field.N.column` of unknown fields land here too.
                let which = Self.nameable(id) ? "\(id) is not a field of form \(form.id)" : "a key that is not a field id is in the data"
                problems.append(Problem(field: id, message: "\(which); the \(form.id) form's fields are listed in Templates/README.md", suggestion: nil))
                continue
            }
            do {
                if let v = try check(value, field: field, name: id, notes: &notes) { values[id] = v }
            } catch let e as KimError {
                problems.append(Problem(field: id, message: e.message, suggestion: suggestion(value)))
            } catch {
                problems.append(Problem(field: id, message: "field \(id): \(error)", suggestion: nil))
            }
        }
        // `{}`, or a CSV row of empty cells, is no answer at all, not a form to print.
        if problems.isEmpty, values.isEmpty {
            problems.append(Problem(field: "", message: "no answer given: every field is missing or empty; fill in at least the fields the client has answered (Templates/README.md lists them)", suggestion: nil))
        }
        guard problems.isEmpty else { return .failure(Problems(list: problems)) }
        return .success(ClientRecord(source: raw.source, values: values, notes: notes.map { "\(raw.source): \($0)" }))
    }

    /// The Latin transliteration of a text value in another script, if it is one; a value with
    /// compatibility characters (ﬀ, mathematical letters) written as plain letters (NFKC).
    func suggestion(_ value: RawClient.Value) -> String? {
        guard case .text(let raw) = value, let s = try? Self.clean(raw) else { return nil }
        if let script = s.unicodeScalars.map(Script.of).first(where: { !$0.isShared && $0 != Script.latin }) {
            return try? transliterate(s, script: script, field: "")
        }
        guard let folded = try? TextTransforms.nfkc(s), folded != s, folded.unicodeScalars.allSatisfy(Self.isNameCharacter) else { return nil }
        return folded
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

    /// The longest value, in bytes of UTF-8: the same as a CSV cell (`SizeLimits.textBytes`),
    /// far beyond any box of a form, so a huge value is refused before any work on it.
    public static let maxValueBytes = SizeLimits.textBytes

    /// A text value cleaned and checked for its kind; nil when empty.
    func text(_ raw: String, field: FormField, name: String, notes: inout [String]) throws -> String? {
        guard raw.utf8.count <= Self.maxValueBytes else {
            throw KimError("field \(name): longer than \(Self.maxValueBytes) bytes, far more than its box holds; shorten it")
        }
        var multiline = false
        if case .text(let lines) = field.kind, lines > 1 { multiline = true }
        guard multiline || !raw.unicodeScalars.contains(where: Self.isLineBreak) else {
            throw KimError("field \(name): a line break in a one-line field; put the value on one line")
        }
        var s = try Self.clean(raw, keepLineBreaks: multiline)
        if s.isEmpty { return nil }
        switch field.kind {
        case .date:
            return try Self.date(s, name: name, past: field.past)
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

    /// YYYY-MM-DD → DD.MM.YYYY, for a day that exists; with `past` (a birth date, a date of
    /// issue: `past: true` in the form) not after `today` (UTC; a birth date of 2091 was accepted).
    static func date(_ s: String, name: String, past: Bool = false, today: Date = Date()) throws -> String {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2])
        else { throw KimError("field \(name): not a date; write it YYYY-MM-DD, e.g. 1990-04-23") }
        guard (1900...2100).contains(y), (1...12).contains(m) else { throw KimError("field \(name): impossible date (year 1900–2100, month 01–12); write it YYYY-MM-DD") }
        let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
        guard (1...days).contains(d) else { throw KimError("field \(name): impossible date (no such day in that month); write it YYYY-MM-DD") }
        if past {
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC") ?? utc.timeZone
            let now = utc.dateComponents([.year, .month, .day], from: today)
            if let ty = now.year, let tm = now.month, let td = now.day, (y, m, d) > (ty, tm, td) {
                throw KimError("field \(name): a date in the future, which this field cannot have; check the year (YYYY-MM-DD)")
            }
        }
        return "\(parts[2]).\(parts[1]).\(parts[0])"
    }

    /// The value if it is in Latin letters; otherwise an error with ICU's transliteration, or
    /// the transliteration when the user accepted it.
    func latin(_ s: String, name: String, notes: inout [String]) throws -> String {
        let foreign = s.unicodeScalars.map(Script.of).filter { !$0.isShared && $0 != Script.latin }
        guard let script = foreign.first else { return try plainLatin(s, name: name, notes: &notes) }
        // Refused here if ICU's transliteration would still hold a letter that is not Latin.
        let suggestion = try transliterate(s, script: script, field: name)
        if acceptTransliterations {
            notes.append("field \(name): written in Latin letters by ICU (from \(script.name)); check the spelling against the passport")
            return try plainLatin(suggestion, name: name, notes: &notes)
        }
        // The suggestion is not shown: it is the client's name, only in other letters.
        throw KimError(
            "field \(name): must be in Latin letters, as the authority requires, not \(script.name). Correct the data (as in the passport's Latin line), or run with --transliterate to accept ICU's transliteration and check it in the PDF.")
    }

    /// The value if every character is one a name or address is written with
    /// (`isNameCharacter`): script AND general category count, because mathematical letters and
    /// emoji are of no script (Common) and the ligature ﬀ is of the Latin script. Compatibility
    /// characters (ﬀ, 𝐀, full-width Ａ, ª) are refused, or with `acceptTransliterations` written
    /// as the plain letters they stand for (NFKC) and noted for a person to check.
    func plainLatin(_ s: String, name: String, notes: inout [String]) throws -> String {
        var value = s
        let folded = try TextTransforms.nfkc(s)
        if folded != s {
            guard acceptTransliterations else {
                throw KimError(
                    "field \(name): holds compatibility characters (a ligature such as ﬀ, mathematical, full-width or circled letters) that are not plain letters; write them as plain Latin letters, or run with --transliterate to accept them so written and check them in the PDF")
            }
            notes.append("field \(name): ligatures or mathematical, full-width or circled letters written as plain letters (NFKC); check the spelling against the passport")
            value = folded
        }
        if let u = value.unicodeScalars.first(where: { !Self.isNameCharacter($0) }) {
            let isLetter = u.properties.isAlphabetic || [.nonspacingMark, .spacingMark, .enclosingMark].contains(u.properties.generalCategory)
            let what = isLetter ? "a letter outside the Latin alphabets names are written in" : "a symbol or emoji, which no name or address has"
            throw KimError("field \(name): holds \(what); remove it or write the value in Latin letters, as the authority requires")
        }
        return value
    }

    /// The Latin letters of people's names: Basic Latin, Latin-1, Extended-A and -B, IPA
    /// (Azerbaijani ə), Extended Additional (Vietnamese), Extended-C and -D.
    static let nameLetters: [ClosedRange<UInt32>] = [0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x250...0x2AF, 0x1E00...0x1EFF, 0x2C60...0x2C7F, 0xA720...0xA7FF]

    /// Whether `u` may stand in a name or address: a Latin letter of `nameLetters`, a modifier
    /// letter such as ʻ (U+02B0–02FF), a combining diacritic (U+0300–036F), an ASCII digit, a
    /// space or line break, punctuation of ASCII, Latin-1 and General Punctuation (dashes,
    /// quotes), symbols of ASCII and Latin-1 (+, °, §). Not emoji, mathematical letters, other
    /// digits or small capitals.
    static func isNameCharacter(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        switch u.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter:
            return Script.of(u) == Script.latin && nameLetters.contains { $0.contains(v) }
        case .modifierLetter: return (0x2B0...0x2FF).contains(v)
        case .nonspacingMark, .spacingMark, .enclosingMark: return (0x300...0x36F).contains(v)
        case .decimalNumber: return (0x30...0x39).contains(v)
        case .spaceSeparator: return v == 0x20
        case .control: return u == "\n"
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return v <= 0xFF || (0x2010...0x205E).contains(v)
        case .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol: return v <= 0xFF
        default: return false
        }
    }

    /// ICU's transliteration: the transliterator of the form's language if it is written in the
    /// value's script, else of the first language in the list that is; then any leftovers to
    /// Latin and to plain ASCII letters (what passports' machine-readable lines use). The
    /// suggestion is Latin or there is none: a letter still in another script is an error naming
    /// the field (never the value).
    func transliterate(_ s: String, script: Script, field name: String) throws -> String {
        let candidates = [language] + languages.tags.filter { $0 != language }
        var id = "Any-Latin"
        for tag in candidates {
            if let t = languages.entry(for: tag)?.transliteration, (try? LocaleInfo.likelyScript(of: tag)) == script { id = t; break }
        }
        // Word by word: a word the language's transliterator writes as nothing (Persian's and
        // Pashto's BGN rules drop a lone alef) goes through ICU's generic Any-Latin instead.
        var words: [String] = []
        for word in s.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            var latin = try TextTransforms.transliterate(word, rules: Self.latinRules(id))
            if !latin.contains(where: \.isLetter), word.contains(where: \.isLetter) {
                latin = try TextTransforms.transliterate(word, rules: Self.latinRules("Any-Latin"))
            }
            // Names start with a capital letter.
            words.append(latin.prefix(1).uppercased() + latin.dropFirst())
        }
        let suggestion = words.joined(separator: " ")
        guard suggestion.unicodeScalars.allSatisfy(Self.isLatinOrNoLetter) else {
            throw KimError(
                "field \(name): must be in Latin letters, as the authority requires, not \(script.name); ICU cannot write all of it in Latin letters, so there is no suggestion. Correct the data with the spelling of the passport's Latin line.")
        }
        return suggestion
    }

    /// The ICU rules behind a suggestion: the transliterator `id`, ICU's Any-Latin for what it
    /// leaves, then rules for what no ICU 72 transform writes in Latin letters, and Latin-ASCII.
    /// Those rules: Pashto's ګ and ۍ; ې, which Persian's BGN rules do not know; Ethiopic ፇ
    /// (TZOA, as BGN writes the ፀ row); the hamza marks BGN leaves of أ and إ when it drops the
    /// alef (the word then falls back to Any-Latin); the half rings for hamza and ain, ʷ and ǝ,
    /// which Latin-ASCII keeps. آ is written ā first, because BGN drops its alef and leaves the
    /// madda. Every exemplar letter of the project's languages and Pashto is tested.
    static func latinRules(_ id: String) -> String {
        """
        ::NFC;
        آ → ā;
        ::\(id);
        ::Any-Latin;
        ګ → g;
        ۍ → ey;
        ې → e;
        ፇ → ts\\'wa;
        [\\u0654\\u0655] → ;
        [ʾʿ] → \\';
        ʷ → w;
        [ǝə] → e;
        ::Latin-ASCII;
        """
    }

    /// Whether a character of a suggestion is allowed: a letter or mark only in Latin script;
    /// spaces, digits and punctuation are left to the field's own checks.
    static func isLatinOrNoLetter(_ u: Unicode.Scalar) -> Bool {
        let p = u.properties
        let isMark = [.nonspacingMark, .spacingMark, .enclosingMark].contains(p.generalCategory)
        guard p.isAlphabetic || isMark else { return true }
        return Script.of(u) == Script.latin
    }
}
