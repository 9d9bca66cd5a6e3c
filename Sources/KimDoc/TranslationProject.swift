public import Foundation
import Synchronization
public import KimCatalog
public import KimCore
import KimForm
import KimTemplate

/// The project's translation files: templates in `Templates/`, the `.pot` and one `.po` per
/// language in `Translations/`, and the glossary. What the `catalog` commands work on.
public struct TranslationProject: Sendable {
    public let root: URL
    public let languages: ProjectLanguages

    public init(root: URL) throws {
        self.root = root
        languages = try ProjectLanguages.load(from: root.appendingPathComponent("Translations/languages.json"))
    }

    public var translationsFolder: URL { root.appendingPathComponent("Translations") }
    public var templateFile: URL { translationsFolder.appendingPathComponent("kimdoc.pot") }
    public func catalogFile(_ language: Language) -> URL { translationsFolder.appendingPathComponent("\(language.tag).po") }
    public var glossaryFile: URL { translationsFolder.appendingPathComponent("glossary.csv") }

    /// The languages that have catalogs: all but the source.
    public var targetLanguages: [ProjectLanguages.Entry] { languages.languages.filter { $0.tag != languages.source } }

    /// The path as messages show it: relative to the project.
    public func display(_ url: URL) -> String {
        let p = url.standardizedFileURL.path, r = root.standardizedFileURL.path
        return p.hasPrefix(r + "/") ? String(p.dropFirst(r.count + 1)) : p
    }

    /// The units of every template in `Templates/`, every form in `Templates/forms/` and the
    /// guides to local offers (`Templates/directory/`, offer descriptions from `Templates/offers/`).
    public func sourceUnits() throws -> [SourceUnit] {
        let templates = try Template.loadAll(in: root.appendingPathComponent("Templates"), root: root)
        let forms = try FormDefinition.loadAll(in: root.appendingPathComponent("Templates/forms"), root: root)
        let directories = try DirectorySources.load(root: root)
        return try mergeUnits(templates.map { $0.sourceUnits() } + forms.map { $0.sourceUnits() } + [directories.sourceUnits()])
    }

    /// What an update changed.
    public struct UpdateReport: Sendable {
        public var units = 0
        /// Files written because their content changed.
        public var written: [String] = []
        /// Per language: units now outdated (German changed).
        public var outdated: [Language: [String]] = [:]
        /// Per language: entries that were active and are now obsolete `#~` entries, translation kept.
        public var obsoleted: [Language: [String]] = [:]
    }

    /// Extracts the units into the .pot and merges every catalog (creating missing ones).
    /// Every catalog is read before anything is written: if one cannot be read, the update stops
    /// with its located error and no file is changed. Only files whose content changes are
    /// written, each atomically.
    public func update(date: Date = Date()) throws -> UpdateReport {
        var report = UpdateReport()
        let units = try sourceUnits()
        report.units = units.count
        let previousTemplate = FileManager.default.fileExists(atPath: templateFile.path) ? try readFile(templateFile) : nil
        var catalogs: [(ProjectLanguages.Entry, POFile, exists: Bool)] = []
        var problems: [String] = []
        for entry in targetLanguages {
            let url = catalogFile(entry.tag)
            if FileManager.default.fileExists(atPath: url.path) {
                do { catalogs.append((entry, try readFile(url), true)) } catch { problems.append("\(error)") }
            } else {
                guard let forms = entry.pluralForms else {
                    throw KimError("Translations/languages.json: the language \(entry.tag) has no \"pluralForms\"; add gettext's Plural-Forms for it.")
                }
                catalogs.append((entry, CatalogUpdate.newCatalog(language: entry.tag, englishName: entry.englishName, pluralForms: forms, date: date), false))
            }
        }
        guard problems.isEmpty else {
            throw KimError(problems.joined(separator: "\n") + "\nNothing was written; mend the catalog\(problems.count == 1 ? "" : "s") and run the update again.")
        }
        let pot = CatalogUpdate.template(units, previous: previousTemplate, date: date)
        if pot.serialized() != previousTemplate?.serialized() {
            try pot.write(to: templateFile)
            report.written.append(display(templateFile))
        }
        for (entry, old, exists) in catalogs {
            let url = catalogFile(entry.tag)
            let merged = CatalogUpdate.merge(old, with: pot)
            let before = Set(old.entries.filter { $0.isFuzzy && !$0.fields.isObsolete }.compactMap(\.fields.context))
            report.outdated[entry.tag] = merged.entries.filter { $0.isFuzzy && !$0.fields.isObsolete && !before.contains($0.fields.context ?? "") }.compactMap(\.fields.context)
            let activeBefore = Set(old.entries.filter { !$0.fields.isObsolete }.map(\.key))
            report.obsoleted[entry.tag] = merged.entries.filter { $0.fields.isObsolete && activeBefore.contains($0.key) }.map { $0.fields.context ?? "msgid \"\($0.fields.id)\"" }
            let text = merged.serialized()
            if !exists || text != old.serialized() {
                try AtomicFile.write(Data(text.utf8), to: url)
                report.written.append(display(url))
            }
        }
        return report
    }

    /// Reads a PO or POT file of the project; errors name it as the project shows it.
    func readFile(_ url: URL) throws -> POFile {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw KimError("\(display(url)): cannot read the catalog (\(error.localizedDescription)).")
        }
        return try POFile.parse(Array(data), path: display(url))
    }

    /// The template, `Translations/kimdoc.pot`: the units every catalog is counted and checked against.
    public func readTemplate() throws -> POFile {
        guard FileManager.default.fileExists(atPath: templateFile.path) else {
            throw KimError("\(display(templateFile)) does not exist; run `kimdoc catalog update` to create it.")
        }
        return try readFile(templateFile)
    }

    /// Reads a language's catalog.
    public func readCatalog(_ language: Language) throws -> POFile {
        let url = catalogFile(language)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw KimError("\(display(url)) does not exist; run `kimdoc catalog update` to create it.")
        }
        return try readFile(url)
    }

    /// Per language, the counts against the template (see `CatalogStatus`).
    public func status() throws -> [CatalogStatus] {
        let template = try readTemplate()
        return try targetLanguages.map { CatalogStatus(language: $0.tag, file: display(catalogFile($0.tag)), catalog: try readCatalog($0.tag), template: template) }
    }

    /// The checks for some languages (all when empty). A catalog that cannot be read is one
    /// located error among the findings; the other languages are still checked.
    public func check(_ only: [Language] = []) throws -> [CatalogDiagnostic] {
        let glossary = FileManager.default.fileExists(atPath: glossaryFile.path) ? try Glossary.load(glossaryFile, displayPath: display(glossaryFile)) : nil
        for tag in only where !targetLanguages.map(\.tag).contains(tag) {
            throw KimError("\(tag) is not a target language of this project; languages are \(targetLanguages.map(\.tag.tag).joined(separator: ", ")).")
        }
        let template = try readTemplate()
        var out: [CatalogDiagnostic] = []
        for entry in targetLanguages where only.isEmpty || only.contains(entry.tag) {
            let checker = try CatalogCheck(language: entry.tag, glossary: glossary, expectedPluralForms: entry.pluralForms)
            do {
                out += checker.check(try readCatalog(entry.tag), file: display(catalogFile(entry.tag)), template: template)
            } catch let e as POError {
                out.append(CatalogDiagnostic(file: e.file, line: e.line, column: e.column, severity: .error, language: entry.tag, unit: nil, message: e.message))
            }
        }
        return out
    }

    /// One language's catalog, read alone (a form batch needs only its own language); nil for
    /// the source language and languages outside the project, as in `catalogs()`.
    public func catalog(_ language: Language) throws -> Catalog? {
        guard targetLanguages.contains(where: { $0.tag == language }) else { return nil }
        return Catalog(language: language, file: try readCatalog(language), path: display(catalogFile(language)))
    }

    /// Every catalog, for building documents. One that cannot be read is a failure of its own
    /// language only: the others are built. `only` limits them to some languages (an incremental
    /// build parses only the catalogs that changed).
    public func catalogs(only: Set<Language>? = nil) -> CatalogSet {
        // Read on every core: parsing the catalogs is a good part of a short build.
        let entries = targetLanguages.filter { only?.contains($0.tag) ?? true }
        let results = Mutex<[Int: Result<Catalog, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: entries.count) { i in
            let tag = entries[i].tag
            let result = Result { Catalog(language: tag, file: try readCatalog(tag), path: display(catalogFile(tag))) }
            results.withLock { $0[i] = result }
        }
        var out = CatalogSet()
        let all = results.withLock { $0 }
        for i in entries.indices {
            switch all[i] {
            case .success(let catalog)?: out.catalogs[entries[i].tag] = catalog
            case .failure(let error)?: out.failures[entries[i].tag] = "\(error)"
            case nil: break
            }
        }
        return out
    }
}

/// The catalogs for a build: those that could be read, and for each language whose catalog
/// could not, the located reason.
public struct CatalogSet: Sendable {
    public var catalogs: [Language: Catalog] = [:]
    public var failures: [Language: String] = [:]

    public init() {}

    /// A language's catalog (nil for German); throws the located error if it could not be read.
    public func catalog(for language: Language) throws -> Catalog? {
        if let failure = failures[language] { throw KimError(failure) }
        return catalogs[language]
    }

    public subscript(language: Language) -> Catalog? { catalogs[language] }
}
