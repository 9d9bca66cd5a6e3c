public import Foundation
public import KimCatalog
public import KimCore
public import KimUnicode
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
        /// For a German text with one plural argument: the fields to edit, one per CLDR category
        /// of the language (nil if the translation is there but is not such a plural).
        public let plural: PluralFields?
    }

    /// A plural unit's translation as fields: the text before and after the plural argument and
    /// one text per CLDR category of the language, with example numbers from ICU's rules.
    public struct PluralFields: Sendable {
        public struct Field: Sendable {
            /// `zero` … `other`, or an explicit value such as `=0` that the translation has.
            public let selector: String
            /// Example numbers as the editor shows them (`3, 4, 5`); empty for `=N`.
            public let examples: [Double]
            public let text: String
        }
        /// The argument, as the German names it.
        public let argument: String
        public let before: String
        public let after: String
        public let fields: [Field]
    }

    /// The plural fields a German text gives in a language: its plural argument and the
    /// language's CLDR categories with ICU's example numbers (kept per language); nil if the
    /// German has no single plural argument at its top level.
    public static func pluralShape(german: String, language: Language) throws -> (argument: String, categories: [(category: PluralCategory, numbers: [Double])])? {
        guard let source = PluralMessage.split(german) else { return nil }
        if let known = pluralExamples.withLock({ $0[language] }) { return (source.argument, known) }
        let examples = try PluralRules(language: language).examples()
        pluralExamples.withLock { $0[language] = examples }
        return (source.argument, examples)
    }

    private static let pluralExamples = Mutex<[Language: [(category: PluralCategory, numbers: [Double])]]>([:])

    /// One MessageFormat message from a plural unit's fields: the argument and offset are the
    /// German's, the cases in CLDR order (explicit values first); empty cases are left out.
    public static func pluralText(german: String, before: String, cases: [String: String], after: String) throws -> String {
        guard let source = PluralMessage.split(german) else {
            throw KimError("the German text of this unit has no plural argument, so it has no plural fields; send the text as one field.")
        }
        // Nothing typed: untranslated.
        if cases.values.allSatisfy(\.isEmpty), before.allSatisfy(\.isWhitespace), after.allSatisfy(\.isWhitespace) { return "" }
        let order = cases.keys.filter { $0.hasPrefix("=") }.sorted() + PluralCategory.allCases.map(\.rawValue).filter { cases[$0] != nil }
        return PluralMessage(before: before, argument: source.argument, offset: source.offset, cases: order.map { .init(selector: $0, text: cases[$0] ?? "") }, after: after).source
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
        let template = try readTemplate()
        guard let unit = template.entries.first(where: { !$0.isHeader && !$0.fields.isObsolete && $0.fields.context == id }) else { return nil }
        let file = try readCatalog(language)
        let lookup = Catalog(language: language, file: file, path: display(catalogFile(language)))
        return row(unit, entry: lookup.entry(id: id, german: unit.fields.id), checker: try checker(language), file: display(catalogFile(language)))
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
        var plural: PluralFields?
        if let source = PluralMessage.split(german) {
            let typed = translation.map { PluralMessage.split($0) } ?? PluralMessage(before: "", argument: source.argument, offset: source.offset, cases: [], after: "")
            if let typed {
                let examples = try? Self.pluralShape(german: german, language: checker.language)?.categories ?? checker.plurals.examples()
                var fields = typed.cases.filter { $0.selector.hasPrefix("=") }.map { PluralFields.Field(selector: $0.selector, examples: [], text: $0.text) }
                for (category, numbers) in examples ?? [] {
                    fields.append(.init(selector: category.rawValue, examples: numbers, text: typed.cases.first { $0.selector == category.rawValue }?.text ?? ""))
                }
                plural = PluralFields(argument: source.argument, before: typed.before, after: typed.after, fields: fields)
            }
        }
        return UnitRow(
            id: unit.fields.context ?? "", german: german, translation: translation, state: state, notes: unit.fields.extractedComments,
            references: unit.fields.references, previousGerman: previous, version: Self.version(entry), findings: findings, placeholders: placeholders,
            plural: plural)
    }

    /// A version of an entry as a translator sees it: text, flags, comments, German.
    static func version(_ entry: POEntry?) -> String {
        guard let f = entry?.fields else { return "none" }
        var fingerprint = Fingerprint()
        for part in [f.id] + f.strings + ["\u{1}"] + f.flags + ["\u{1}"] + f.translatorComments + [f.previousID ?? ""] {
            fingerprint.add(part.utf8.count)
            fingerprint.add(part)
        }
        return fingerprint.hex
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

/// A returned PO file (from a translation agency), checked and merged unit by unit.
extension TranslationProject {
    /// The findings for a PO file that is not (yet) the project's catalog, as `catalog check`
    /// gives them for the project's own; a file that cannot be read is one located error.
    public func check(file url: URL, language: Language) throws -> [CatalogDiagnostic] {
        try check(bytes: try readBytes(url), name: display(url), language: language)
    }

    /// The same for a file's bytes (an upload in the web app), named `name` in the findings.
    public func check(bytes: [UInt8], name: String, language: Language) throws -> [CatalogDiagnostic] {
        guard targetLanguages.contains(where: { $0.tag == language }) else {
            throw KimError("\(language) is not a target language of this project; languages are \(targetLanguages.map(\.tag.tag).joined(separator: ", ")).")
        }
        do {
            let file = try POFile.parse(bytes, path: name)
            return try checker(language).check(file, file: name, template: try readTemplate())
        } catch let e as POError {
            return [CatalogDiagnostic(file: e.file, line: e.line, column: e.column, severity: .error, language: language, unit: nil, message: e.message)]
        }
    }

    func readBytes(_ url: URL) throws -> [UInt8] {
        do { return Array(try Data(contentsOf: url)) } catch {
            throw KimError("\(display(url)): cannot read the catalog (\(error.localizedDescription)).")
        }
    }

    /// A fingerprint of a language's catalog file as it is now: a merge confirmed in the browser
    /// names the one its report was made against.
    public func catalogFingerprint(_ language: Language) throws -> String {
        let bytes = try readBytes(catalogFile(language))
        var f = Fingerprint()
        f.add(bytes.count)
        bytes.withUnsafeBytes { f.add($0) }
        return f.hex
    }

    /// The translator comment that says which version of a unit was sent out.
    public static let sentMark = "kimdoc-sent: "

    /// A language's catalog to send to a translation agency: every unit (or only those that need
    /// work: untranslated, outdated, draft), each with a `# kimdoc-sent:` line naming its version,
    /// so that `merge` can tell a unit changed here since from one the agency changed.
    public func export(_ language: Language, onlyNeedingWork: Bool) throws -> String {
        let template = try readTemplate()
        var file = try readCatalog(language)
        let lookup = Catalog(language: language, file: file, path: "")
        var keep = Set<String>()
        for unit in template.entries where !unit.isHeader && !unit.fields.isObsolete {
            guard let entry = lookup.entry(id: unit.fields.context ?? "", german: unit.fields.id) else { continue }
            if onlyNeedingWork, case .translated(_, false) = Catalog.state(of: entry, german: unit.fields.id) { continue }
            keep.insert(entry.key)
        }
        file.entries = file.entries.compactMap { e in
            if e.isHeader { return e }
            guard !e.fields.isObsolete, keep.contains(e.key) else { return nil }
            var e = e
            e.fields.translatorComments.removeAll { $0.hasPrefix(Self.sentMark) }
            e.fields.translatorComments.append(Self.sentMark + Self.version(e))
            return e
        }
        return file.serialized()
    }

    /// Which units of a returned file a merge takes, decided unit by unit (the agency page's
    /// choices, `catalog merge --unit/--keep`). Without a choice a merge takes every changed unit
    /// and no conflict.
    public struct MergeChoice: Sendable, Equatable {
        /// Units to take from the file: changed units, and conflicts decided for the file's text.
        public var take: Set<String>
        /// Conflicts decided for the text here.
        public var keep: Set<String>
        /// Take every changed unit that is no conflict, named in `take` or not (`catalog merge
        /// --keep` without `--unit`).
        public var everyChange: Bool

        public init(take: Set<String>, keep: Set<String> = [], everyChange: Bool = false) {
            self.take = take
            self.keep = keep
            self.everyChange = everyChange
        }
    }

    /// A unit the file changes, as the agency page lists it for a choice.
    public struct OfferedUnit: Sendable {
        public let unit: String
        public let german: String
        /// The translation here (empty if none) and its state.
        public let here: String
        public let hereState: UnitState
        /// The file's translation, and whether it would be taken as a draft.
        public let file: String
        public let draft: Bool
        /// Translated differently here since the file was sent: taken only when chosen.
        public let conflict: Bool
    }

    /// What a merge of a returned file did, or would do with `dryRun`.
    public struct MergeReport: Sendable {
        /// Every unit the file changes (conflicts too), in the template's order: what can be chosen.
        public var offered: [OfferedUnit] = []
        /// Changed units left as they are because the choice did not name them.
        public var skipped: [String] = []
        /// Conflicts decided for the text here.
        public var kept: [String] = []
        /// Conflicts the choice decides neither way: nothing is written while there are any.
        public var undecided: [String] = []
        /// Units the choice names that the file does not change: nothing is written.
        public var notOffered: [String] = []
        /// Whether the catalog was (or, in a dry run, would be) written.
        public var refused: Bool { !undecided.isEmpty || !notOffered.isEmpty }
        /// Units whose translation the file changes (taken, or to be taken).
        public var changed: [String] = []
        /// Of those, the units that had no current translation here (untranslated or outdated).
        public var added: [String] = []
        /// Each unit taken: its translation here before (empty if none), the file's, and whether
        /// it is taken as a draft.
        public var taken: [(unit: String, old: String, new: String, draft: Bool)] = []
        /// The catalog changed since the report that the merge names (`expecting`): nothing written.
        public var stale = false
        /// Units the file has as the catalog already has them.
        public var unchanged = 0
        /// Units translated differently here and in the file, where the file's entry is not the
        /// one the catalog had when it was sent: listed for a decision, not taken.
        public var conflicts: [(unit: String, here: String, file: String)] = []
        /// Units the project's catalog has no entry for yet (run `kimdoc catalog update` first).
        public var notInCatalog: [String] = []
        /// The file's findings (errors stop the merge).
        public var findings: [CatalogDiagnostic] = []
    }

    /// Takes the current translations of a returned file into the language's catalog, unit by
    /// unit: a unit whose file entry is translated, not fuzzy and made for the template's German.
    /// The file is checked first; with any error nothing is merged. A unit translated here
    /// (current, and differently) is a conflict unless `overwrite`. Drafts stay drafts; the file's
    /// draft line is taken with its text.
    public func merge(file url: URL, language: Language, dryRun: Bool, overwrite: Bool = false, choice: MergeChoice? = nil) throws -> MergeReport {
        try merge(bytes: try readBytes(url), name: display(url), language: language, dryRun: dryRun, overwrite: overwrite, choice: choice)
    }

    /// The same for a file's bytes (an upload). `asDrafts` takes every unit as a draft (a
    /// translator without the reviewer right); `expecting`, if given, is the catalog's
    /// `catalogFingerprint` when the report was shown: if the catalog changed since, nothing is
    /// written and the report says `stale`. With a `choice`, only the units it takes are taken,
    /// a conflict it takes is taken like any change, and if it leaves a conflict undecided or
    /// names a unit the file does not change, nothing is written (`refused`). Everything is
    /// taken in one atomic write.
    public func merge(
        bytes: [UInt8], name: String, language: Language, dryRun: Bool, overwrite: Bool = false, asDrafts: Bool = false, expecting: String? = nil,
        choice: MergeChoice? = nil
    ) throws -> MergeReport {
        var report = MergeReport()
        report.findings = try check(bytes: bytes, name: name, language: language)
        guard !report.findings.contains(where: { $0.severity == .error }) else { return report }
        let returned = try POFile.parse(bytes, path: name)
        let template = try readTemplate()
        let target = catalogFile(language)
        try CatalogLocks.shared.withLock(target.path) {
            if let expecting, try catalogFingerprint(language) != expecting {
                report.stale = true
                return
            }
            var catalog = try readCatalog(language)
            let here = Catalog(language: language, file: catalog, path: display(target))
            let there = Catalog(language: language, file: returned, path: name)
            let checker = try checker(language)
            var offeredIDs = Set<String>()
            for unit in template.entries where !unit.isHeader && !unit.fields.isObsolete {
                let id = unit.fields.context ?? "", german = unit.fields.id
                guard let incoming = there.entry(id: id, german: german), case .translated(let text, let fileDraft) = Catalog.state(of: incoming, german: german) else { continue }
                let draft = fileDraft || asDrafts
                let current = here.entry(id: id, german: german)
                var old = ""
                var conflict = false
                if let current, case .translated(let mine, let mineDraft) = Catalog.state(of: current, german: german) {
                    old = mine
                    if mine == text && mineDraft == draft { report.unchanged += 1; continue }
                    // Changed here since the file was sent (its `kimdoc-sent` line names the version
                    // it had then); without that line, a reviewed translation here is not replaced.
                    let sent = incoming.fields.translatorComments.first { $0.hasPrefix(Self.sentMark) }.map { String($0.dropFirst(Self.sentMark.count)) }
                    let changedHere = sent.map { $0 != Self.version(current) } ?? !mineDraft
                    conflict = mine != text && changedHere && !overwrite
                }
                guard let current, let i = catalog.entries.firstIndex(where: { $0.key == current.key && !$0.fields.isObsolete }) else {
                    report.notInCatalog.append(id)
                    continue
                }
                offeredIDs.insert(id)
                let hereState = row(unit, entry: current, checker: checker, file: display(target)).state
                report.offered.append(OfferedUnit(unit: id, german: german, here: old, hereState: hereState, file: text, draft: draft, conflict: conflict))
                if conflict {
                    report.conflicts.append((id, old, text))
                    guard let choice else { continue }
                    if choice.keep.contains(id) && !choice.take.contains(id) {
                        report.kept.append(id)
                        continue
                    }
                    guard choice.take.contains(id) && !choice.keep.contains(id) else {
                        report.undecided.append(id)
                        continue
                    }
                } else if let choice, !choice.everyChange, !choice.take.contains(id) {
                    report.skipped.append(id)
                    continue
                }
                report.changed.append(id)
                if old.isEmpty { report.added.append(id) }
                report.taken.append((id, old, text, draft))
                var f = catalog.entries[i].fields
                f.id = german
                f.strings = [text]
                f.flags.removeAll { $0 == "fuzzy" }
                f.previousID = nil
                f.previousContext = nil
                f.translatorComments.removeAll { $0.lowercased().hasPrefix("draft") || $0.hasPrefix(Self.sentMark) }
                if draft { f.translatorComments.insert(DraftMark.comment, at: 0) }
                catalog.entries[i].fields = f
            }
            if let choice {
                report.notOffered = choice.take.union(choice.keep).subtracting(offeredIDs).sorted()
                guard !report.refused else { return }
            }
            if !dryRun && !report.changed.isEmpty { try catalog.write(to: target) }
        }
        return report
    }
}
