import Foundation
public import KimCore
public import KimUnicode

/// One finding of `kimdoc catalog check`, printed `file:line: error|warning: text`.
public struct CatalogDiagnostic: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Severity: String, Sendable, Codable { case error, warning }
    public let file: String
    public let line: Int
    public let column: Int?
    public let severity: Severity
    public let language: Language
    /// The unit's id (msgctxt), when the finding is about one unit.
    public let unit: String?
    public let message: String

    public init(file: String, line: Int, column: Int?, severity: Severity, language: Language, unit: String?, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.severity = severity
        self.language = language
        self.unit = unit
        self.message = message
    }

    public var description: String { "\(file):\(line): \(severity.rawValue): \(message)" }
}

/// The checks on one language's catalog: the header (Language, Plural-Forms against CLDR), the
/// form count of every plural entry, and for each unit of the template its state and its
/// translation: placeholders, plural categories, MessageFormat syntax, hand-typed bidi
/// controls, whitespace at the ends, glossary terms, length.
///
/// Units are found and judged as `Catalog.lookup` does for `kimdoc build`, so `check`, `status`
/// and `build` agree about what is outdated, and placeholders are compared with the German of
/// the template (`kimdoc.pot`), not with the msgid the file happens to hold.
public struct CatalogCheck: Sendable {
    public let language: Language
    public let plurals: PluralRules
    public let glossary: Glossary?
    /// The Plural-Forms the project declares for the language (`languages.json`), offered as the fix.
    public var expectedPluralForms: String?
    /// A translation longer than the German by this factor (and by more than `lengthSlack`
    /// characters) gets a warning that it may not fit its box.
    public var lengthFactor = 1.6
    public var lengthSlack = 20
    /// The numbers the Plural-Forms expression is compared with CLDR on.
    public static let pluralSample: ClosedRange<UInt64> = 0...200

    public init(language: Language, glossary: Glossary?, expectedPluralForms: String? = nil) throws {
        self.language = language
        plurals = try PluralRules(language: language)
        self.glossary = glossary
        self.expectedPluralForms = expectedPluralForms
    }

    /// Bidi controls a translator should not type: kimdoc isolates values itself.
    /// (ZWNJ and ZWJ are allowed: Persian needs ZWNJ.)
    static let bidiControls: Set<UInt32> = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]

    /// The CLDR categories whole numbers fall into, in CLDR order: gettext's nplurals for the
    /// language (Arabic 6, Russian and Ukrainian 3, German 2).
    public var wholeNumberCategories: [PluralCategory] {
        Set(Self.pluralSample.compactMap { try? plurals.category(for: Double($0)) }).sorted()
    }

    /// Checks a catalog; `template` is `kimdoc.pot` (without it, every translated entry is
    /// checked against its own msgid).
    public func check(_ catalog: POFile, file: String, template: POFile? = nil) -> [CatalogDiagnostic] {
        var out: [CatalogDiagnostic] = []
        let header = catalog.header
        func headerError(_ field: String, _ message: String) {
            out.append(CatalogDiagnostic(file: file, line: header?.headerFieldLine(field) ?? 1, column: nil, severity: .error, language: language, unit: nil, message: message))
        }
        if catalog.headerField("Language") != language.tag {
            headerError("Language", "the header's Language is '\(catalog.headerField("Language") ?? "")' but the file is for '\(language.tag)'; set \"Language: \(language.tag)\\n\"")
        }
        let fix = expectedPluralForms.map { "use \"Plural-Forms: \($0)\\n\" (Translations/languages.json)" } ?? "copy it from Translations/languages.json"
        var forms: PluralForms?
        if let text = catalog.headerField("Plural-Forms") {
            do {
                let parsed = try PluralForms.parse(text)
                if let problem = pluralFormsProblem(parsed) { headerError("Plural-Forms", "Plural-Forms: \(problem); \(fix)") } else { forms = parsed }
            } catch {
                headerError("Plural-Forms", "Plural-Forms cannot be read at character \(error.offset + 1): \(error.message); \(fix)")
            }
        } else {
            headerError("Plural-Forms", "the header has no Plural-Forms; \(fix)")
        }

        // Every plural entry has exactly nplurals forms (as msgfmt --check demands).
        if let forms {
            for entry in catalog.entries where !entry.isHeader && !entry.fields.isObsolete && entry.isPlural && entry.fields.strings.count != forms.count {
                let n = entry.fields.strings.count
                out.append(CatalogDiagnostic(file: file, line: entry.msgstrLine(form: 0), column: nil, severity: .error, language: language, unit: entry.fields.context,
                    message: "\(name(entry)): has \(n) plural form\(n == 1 ? "" : "s") (msgstr[0]…msgstr[\(n - 1)]) but the header's Plural-Forms says nplurals=\(forms.count); give exactly \(forms.count)"))
            }
        }

        guard let template else {
            for entry in catalog.entries where !entry.isHeader && !entry.fields.isObsolete && entry.isTranslated && !entry.isFuzzy && !entry.isPlural {
                out += check(entry, german: entry.fields.id, file: file)
            }
            return out
        }
        let lookup = Catalog(language: language, file: catalog, path: file)
        var used = Set<String>()
        for unit in template.entries where !unit.isHeader && !unit.fields.isObsolete {
            let id = unit.fields.context ?? "", german = unit.fields.id
            guard let entry = lookup.entry(id: id, german: german) else { continue }
            used.insert(entry.key)
            func report(_ severity: CatalogDiagnostic.Severity, _ message: String) {
                out.append(CatalogDiagnostic(file: file, line: entry.msgstrLine(), column: nil, severity: severity, language: language, unit: id, message: "\(id): \(message)"))
            }
            switch Catalog.state(of: entry, german: german) {
            case .translated:
                out += check(entry, german: german, file: file)
            case .fallback(.plural):
                report(.error, "is a gettext plural entry (msgid_plural), but this unit is one text and kimdoc build prints it in German; write the plural inside the text, {name, plural, one {…} other {…}}, as the German does")
            case .fallback(.outdated) where !entry.isFuzzy:
                report(.warning, "the translation was made for another German text than Translations/kimdoc.pot has now, so kimdoc build prints it in German; run `kimdoc catalog update`, then review it")
            case .fallback:
                break
            }
        }
        let foreign = catalog.entries.filter { !$0.isHeader && !$0.fields.isObsolete && !used.contains($0.key) }
        if let first = foreign.first {
            out.append(CatalogDiagnostic(file: file, line: first.line, column: nil, severity: .warning, language: language, unit: first.fields.context,
                message: "\(foreign.count) entr\(foreign.count == 1 ? "y stands" : "ies stand") for no unit of Translations/kimdoc.pot (the first here: \(name(first))); `kimdoc catalog update` keeps \(foreign.count == 1 ? "it" : "them") as obsolete #~ entries with \(foreign.count == 1 ? "its translation" : "their translations")"))
        }
        return out
    }

    /// Why a Plural-Forms header does not fit the language's CLDR rules, if it does not.
    public func pluralFormsProblem(_ forms: PluralForms) -> String? {
        let categories = wholeNumberCategories
        if forms.count != categories.count {
            return "nplurals=\(forms.count), but \(language.tag) has \(categories.count) plural form\(categories.count == 1 ? "" : "s") for whole numbers in CLDR (\(categories.map(\.rawValue).joined(separator: ", ")))"
        }
        var formOfCategory: [PluralCategory: (form: UInt64, n: UInt64)] = [:]
        var categoryOfForm: [UInt64: (category: PluralCategory, n: UInt64)] = [:]
        for n in Self.pluralSample {
            guard let form = forms.index(for: n) else { return "the plural expression divides by zero for n = \(n)" }
            guard form < UInt64(forms.count) else { return "the plural expression gives form \(form) for n = \(n), but there are only forms 0 to \(forms.count - 1)" }
            guard let category = try? plurals.category(for: Double(n)) else { continue }
            if let other = categoryOfForm[form], other.category != category {
                return "the plural expression puts \(other.n) and \(n) in form \(form), but CLDR has \(other.n) in '\(other.category.rawValue)' and \(n) in '\(category.rawValue)'"
            }
            if let other = formOfCategory[category], other.form != form {
                return "the plural expression puts \(other.n) in form \(other.form) and \(n) in form \(form), but CLDR has both in '\(category.rawValue)'"
            }
            formOfCategory[category] = (form, n)
            categoryOfForm[form] = (category, n)
        }
        return nil
    }

    private func name(_ entry: POEntry) -> String {
        entry.fields.context ?? "msgid \"\(POWriter.escape(entry.fields.id))\""
    }

    /// The findings for one translated entry whose German text is `german`.
    public func check(_ entry: POEntry, german: String, file: String) -> [CatalogDiagnostic] {
        var out: [CatalogDiagnostic] = []
        var f = entry.fields
        f.id = german
        let translation = f.strings.first ?? ""
        let unit = f.context
        func report(_ severity: CatalogDiagnostic.Severity, _ message: String, at offset: Int? = nil) {
            let loc: (line: Int, column: Int) = offset.map { entry.msgstrLocation(ofCharacter: $0) } ?? (entry.msgstrLine(), 0)
            out.append(CatalogDiagnostic(file: file, line: loc.line, column: offset == nil ? nil : loc.column, severity: severity, language: language, unit: unit,
                message: "\(unit ?? "msgid \"\(f.id)\""): \(message)"))
        }

        // Hand-typed bidi controls.
        for (i, ch) in translation.enumerated() {
            if let s = ch.unicodeScalars.first(where: { Self.bidiControls.contains($0.value) }) {
                report(.error, "remove the hand-typed \(CharacterNames.describe(s)); kimdoc isolates values and sets the direction itself", at: i)
            }
        }

        // Syntax.
        let source = try? MessageFormat.parse(f.id)
        let target: MessageFormat
        do { target = try MessageFormat.parse(translation) } catch let e as MessageFormatError {
            report(.error, "MessageFormat syntax: \(e.message)", at: e.offset)
            return out
        } catch {
            report(.error, "MessageFormat syntax: \(error)")
            return out
        }

        // Placeholders.
        if let source {
            let want = source.argumentNames, have = target.argumentNames
            let missing = want.subtracting(have).sorted(), extra = have.subtracting(want).sorted()
            if missing.count == 1 && extra.count == 1 {
                report(.error, "placeholder {\(missing[0])} was renamed to {\(extra[0])}; placeholder names stay as in the German text")
            } else {
                for m in missing { report(.error, "placeholder {\(m)} is missing; the German text has it, keep it in the translation") }
                for x in extra { report(.error, "placeholder {\(x)} is not in the German text; placeholders are not translated") }
            }
            // Plural categories the language needs.
            let needed = plurals.categories
            let sourcePlurals = source.pluralSelectors
            let targetPlurals = target.pluralSelectors
            for name in sourcePlurals.keys.sorted() where have.contains(name) && targetPlurals[name] == nil {
                report(.error, "{\(name)} is a plural in the German text; the translation must use {\(name), plural, …} with the forms \(needed.map(\.rawValue).joined(separator: ", "))")
            }
            for (name, selectors) in targetPlurals.sorted(by: { $0.key < $1.key }) {
                let present = Set(selectors)
                let lacking = needed.map(\.rawValue).filter { !present.contains($0) }
                if !lacking.isEmpty {
                    report(.error, "the plural {\(name)} lacks the form\(lacking.count == 1 ? "" : "s") \(lacking.joined(separator: ", ")); \(language.tag) needs \(needed.map(\.rawValue).joined(separator: ", "))")
                }
                let unknown = selectors.filter { !$0.hasPrefix("=") && !needed.map(\.rawValue).contains($0) }
                for u in Set(unknown).sorted() {
                    report(.warning, "the plural {\(name)} has a form '\(u)' that \(language.tag) never uses; remove it")
                }
            }
        }

        // Whitespace at the ends.
        func ends(_ s: String) -> (String, String) {
            (String(s.prefix(while: { $0.isWhitespace })), String(s.reversed().prefix(while: { $0.isWhitespace }).reversed()))
        }
        let (sl, st) = ends(f.id), (tl, tt) = ends(translation)
        if sl != tl { report(.warning, "the translation \(tl.isEmpty ? "does not start" : "starts") with whitespace but the German text \(sl.isEmpty ? "does not" : "does"); make them match") }
        if st != tt { report(.warning, "the translation \(tt.isEmpty ? "does not end" : "ends") with whitespace (\(describe(tt))) but the German text ends with \(describe(st)); make them match") }

        // Glossary.
        if let glossary {
            let german = f.id.lowercased(), text = translation.lowercased()
            for term in glossary.terms where german.contains(term.german.lowercased()) {
                guard let forms = term.renderings[language] else { continue }
                if !forms.contains(where: { text.contains($0.lowercased()) }) {
                    report(.warning, "'\(term.german)' is rendered '\(forms[0])' in the glossary (\(glossary.path):\(term.line)); use it or update the glossary")
                }
            }
        }

        // Length.
        let g = plainLength(f.id), t = plainLength(translation)
        if Double(t) > Double(g) * lengthFactor && t - g > lengthSlack {
            report(.warning, "the translation has \(t) characters against \(g) in German; check that it still fits its box (kimdoc build reports overflows)")
        }
        return out
    }

    private func describe(_ ws: String) -> String {
        if ws.isEmpty { return "nothing" }
        return "'" + ws.map { $0 == "\n" ? "\\n" : $0 == "\t" ? "\\t" : String($0) }.joined() + "'"
    }

    private func plainLength(_ s: String) -> Int { s.count }
}
