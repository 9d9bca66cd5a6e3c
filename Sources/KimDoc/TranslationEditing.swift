public import Foundation
public import KimCatalog
public import KimCore
import Synchronization

/// Editing one unit's translation at a time, for the translators' pages of the web app: the units
/// of a language with their state (as `kimdoc catalog status` counts them), the checks of
/// `kimdoc catalog check` on a text as it is typed, and saving through the PO writer the command
/// line uses, without losing anyone's work: a save names the version of the unit it started from
/// and is refused if the unit changed since; saves of different units never overwrite each other.
extension TranslationProject {
    /// A unit's state for a translator: what `catalog status` counts, drafts apart.
    public enum UnitState: String, Sendable, CaseIterable {
        case translated, draft, outdated, untranslated
    }

    /// One unit of a language: the German of the template, the translation, its state and findings.
    public struct UnitRow: Sendable {
        public let id: String
        public let german: String
        /// The translation in the catalog (also when outdated), if any.
        public let translation: String?
        public let state: UnitState
        /// Notes for translators (`#.`): where the text appears, placeholders, box size.
        public let notes: [String]
        /// Where the unit is used (`#:` references of the template).
        public let references: [String]
        /// For an outdated unit, the German the translation was made for.
        public let previousGerman: String?
        /// The version of the unit's entry as the file has it now; a save names it.
        public let version: String
        /// The findings of `catalog check` for the translation (none for an untranslated unit).
        public let findings: [CatalogDiagnostic]
        /// Placeholders of the German text (`{district}`), in order of first use.
        public let placeholders: [String]
    }

    /// Every unit of the template for a language, in the template's order.
    public func units(_ language: Language) throws -> [UnitRow] {
        let template = try readTemplate()
        let file = try readCatalog(language)
        let checker = try checker(language)
        let lookup = Catalog(language: language, file: file, path: display(catalogFile(language)))
        return template.entries.filter { !$0.isHeader && !$0.fields.isObsolete }.map { unit in
            row(unit, entry: lookup.entry(id: unit.fields.context ?? "", german: unit.fields.id), checker: checker, file: display(catalogFile(language)))
        }
    }

    /// One unit of a language; nil if the template has no such unit.
    public func unit(_ id: String, language: Language) throws -> UnitRow? {
        try units(language).first { $0.id == id }
    }

    /// The findings of `catalog check` for a text typed as the unit's translation.
    public func check(_ text: String, unit id: String, language: Language) throws -> [CatalogDiagnostic] {
        guard let unit = try readTemplate().entries.first(where: { !$0.isHeader && $0.fields.context == id }) else {
            throw KimError("there is no unit \(id) in Translations/kimdoc.pot.")
        }
        var f = POEntry.Fields()
        f.context = id
        f.id = unit.fields.id
        f.strings = [text]
        return text.isEmpty ? [] : try checker(language).check(POEntry(f), german: unit.fields.id, file: display(catalogFile(language)))
    }

    /// What a save did.
    public enum SaveOutcome: Sendable {
        /// Written; the unit's new state.
        case saved(UnitRow)
        /// Someone saved the unit since `version`: nothing was written; the unit as it is now.
        case conflict(UnitRow)
    }

    /// Saves a unit's translation as draft or reviewed: the entry gets the template's German (so
    /// the translation is current), loses `fuzzy` and its previous German, and has the draft
    /// line exactly when `reviewed` is false. The file is read again, changed and written
    /// atomically under a lock per catalog, so saves of different units both survive.
    public func save(_ text: String, unit id: String, language: Language, reviewed: Bool, basedOn version: String) throws -> SaveOutcome {
        let url = catalogFile(language)
        return try CatalogLocks.shared.withLock(url.path) {
            let template = try readTemplate()
            guard let unit = template.entries.first(where: { !$0.isHeader && $0.fields.context == id }) else {
                throw KimError("there is no unit \(id) in Translations/kimdoc.pot.")
            }
            var file = try readCatalog(language)
            let lookup = Catalog(language: language, file: file, path: display(url))
            let current = lookup.entry(id: id, german: unit.fields.id)
            let checker = try checker(language)
            guard Self.version(current) == version else {
                return .conflict(row(unit, entry: current, checker: checker, file: display(url)))
            }
            guard let entry = current, let index = file.entries.firstIndex(where: { $0.key == entry.key && $0.fields.isObsolete == entry.fields.isObsolete }) else {
                throw KimError("\(display(url)) has no entry for \(id); run `kimdoc catalog update` first.")
            }
            var f = file.entries[index].fields
            f.id = unit.fields.id
            f.idPlural = nil
            f.strings = [text]
            f.flags.removeAll { $0 == "fuzzy" }
            f.previousID = nil
            f.previousContext = nil
            f.previousIDPlural = nil
            f.translatorComments.removeAll { $0.lowercased().hasPrefix("draft") }
            if !reviewed && !text.isEmpty { f.translatorComments.insert(DraftMark.comment, at: 0) }
            file.entries[index].fields = f
            try file.write(to: url)
            let saved = Catalog(language: language, file: file, path: display(url)).entry(id: id, german: unit.fields.id)
            return .saved(row(unit, entry: saved, checker: checker, file: display(url)))
        }
    }

    /// The glossary's terms found in a German text, with the renderings the language must use.
    public func glossaryTerms(in german: String, language: Language) throws -> [(german: String, renderings: [String])] {
        guard let glossary = try checker(language).glossary else { return [] }
        let text = german.lowercased()
        return glossary.terms.filter { text.contains($0.german.lowercased()) }.compactMap { term in
            term.renderings[language].map { (term.german, $0) }
        }
    }

    func checker(_ language: Language) throws -> CatalogCheck {
        let glossary = FileManager.default.fileExists(atPath: glossaryFile.path) ? try Glossary.load(glossaryFile, displayPath: display(glossaryFile)) : nil
        return try CatalogCheck(language: language, glossary: glossary, expectedPluralForms: languages.entry(for: language)?.pluralForms)
    }

    func row(_ unit: POEntry, entry: POEntry?, checker: CatalogCheck, file: String) -> UnitRow {
        let german = unit.fields.id
        let state: UnitState
        var findings: [CatalogDiagnostic] = []
        var previous: String?
        switch entry.map({ Catalog.state(of: $0, german: german) }) ?? .fallback(.missing) {
        case .translated(_, let draft):
            state = draft ? .draft : .translated
            if let entry { findings = checker.check(entry, german: german, file: file) }
        case .fallback(.outdated), .fallback(.plural):
            state = .outdated
            previous = entry?.fields.previousID ?? entry.map(\.fields.id)
            if previous == german { previous = nil }
        case .fallback(.untranslated), .fallback(.missing):
            state = .untranslated
        }
        let translation = entry.flatMap { e in e.fields.strings.first.flatMap { $0.isEmpty ? nil : $0 } }
        var placeholders: [String] = []
        if let message = try? MessageFormat.parse(german) {
            let names = message.argumentNames
            // In order of first use in the text.
            placeholders = names.sorted { (german.range(of: "{\($0)")?.lowerBound ?? german.endIndex) < (german.range(of: "{\($1)")?.lowerBound ?? german.endIndex) }
        }
        return UnitRow(
            id: unit.fields.context ?? "", german: german, translation: translation, state: state, notes: unit.fields.extractedComments,
            references: unit.fields.references, previousGerman: previous, version: Self.version(entry), findings: findings, placeholders: placeholders)
    }

    /// A version of an entry as a translator sees it: text, flags, comments, German.
    static func version(_ entry: POEntry?) -> String {
        guard let f = entry?.fields else { return "none" }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for part in [f.id] + f.strings + ["\u{1}"] + f.flags + ["\u{1}"] + f.translatorComments + [f.previousID ?? ""] {
            for b in part.utf8 + [0] { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        }
        return String(h, radix: 16)
    }
}

/// One lock per catalog file in this process: a save reads, changes and writes the file while
/// holding it, so two saves of different units never overwrite each other.
final class CatalogLocks: Sendable {
    static let shared = CatalogLocks()

    final class Lock: Sendable {
        let mutex = Mutex<Void>(())
    }

    private let locks = Mutex<[String: Lock]>([:])

    func withLock<T>(_ path: String, _ body: () throws -> T) throws -> T {
        let lock = locks.withLock { all -> Lock in
            if let l = all[path] { return l }
            let l = Lock()
            all[path] = l
            return l
        }
        return try lock.mutex.withLock { _ in try body() }
    }
}
