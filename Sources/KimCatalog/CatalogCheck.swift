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

    public var description: String { "\(file):\(line): \(severity.rawValue): \(message)" }
}

/// The checks on one language's translations: placeholders, plural categories, MessageFormat
/// syntax, hand-typed bidi controls, whitespace at the ends, glossary terms, length.
public struct CatalogCheck: Sendable {
    public let language: Language
    public let plurals: PluralRules
    public let glossary: Glossary?
    /// A translation longer than the German by this factor (and by more than `lengthSlack`
    /// characters) gets a warning that it may not fit its box.
    public var lengthFactor = 1.6
    public var lengthSlack = 20

    public init(language: Language, glossary: Glossary?) throws {
        self.language = language
        plurals = try PluralRules(language: language)
        self.glossary = glossary
    }

    /// Bidi controls a translator should not type: kimdoc isolates values itself.
    /// (ZWNJ and ZWJ are allowed: Persian needs ZWNJ.)
    static let bidiControls: Set<UInt32> = [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069]

    public func check(_ catalog: POFile, file: String) -> [CatalogDiagnostic] {
        var out: [CatalogDiagnostic] = []
        if catalog.headerField("Language") != language.tag {
            out.append(CatalogDiagnostic(file: file, line: catalog.header?.line ?? 1, column: nil, severity: .error, language: language, unit: nil,
                message: "the header's Language is '\(catalog.headerField("Language") ?? "")' but the file is for '\(language.tag)'; set \"Language: \(language.tag)\\n\""))
        }
        if catalog.headerField("Plural-Forms") == nil {
            out.append(CatalogDiagnostic(file: file, line: catalog.header?.line ?? 1, column: nil, severity: .error, language: language, unit: nil,
                message: "the header has no Plural-Forms; copy it from Translations/languages.json"))
        }
        for entry in catalog.entries where !entry.isHeader && !entry.fields.isObsolete && entry.isTranslated && !entry.isFuzzy {
            out += check(entry, file: file)
        }
        return out
    }

    /// The findings for one translated entry.
    public func check(_ entry: POEntry, file: String) -> [CatalogDiagnostic] {
        var out: [CatalogDiagnostic] = []
        let f = entry.fields
        let translation = f.strings.first ?? ""
        let unit = f.context
        func report(_ severity: CatalogDiagnostic.Severity, _ message: String, at offset: Int? = nil) {
            let loc: (line: Int, column: Int) = offset.map { entry.msgstrLocation(ofCharacter: $0) } ?? (entry.msgstrLine, 0)
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
