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
        /// Per language: units now outdated, new units, units made obsolete.
        public var outdated: [Language: [String]] = [:]
    }

    /// Extracts the units into the .pot and merges every catalog (creating missing ones).
    /// Only files whose content changes are written, each atomically.
    public func update(date: Date = Date()) throws -> UpdateReport {
        var report = UpdateReport()
        let units = try sourceUnits()
        report.units = units.count
        let previousTemplate = FileManager.default.fileExists(atPath: templateFile.path) ? try POFile.read(from: templateFile) : nil
        let pot = CatalogUpdate.template(units, previous: previousTemplate, date: date)
        if pot.serialized() != previousTemplate?.serialized() {
            try pot.write(to: templateFile)
            report.written.append(display(templateFile))
        }
        for entry in targetLanguages {
            let url = catalogFile(entry.tag)
            let old: POFile
            if FileManager.default.fileExists(atPath: url.path) {
                old = try POFile.read(from: url)
            } else {
                guard let forms = entry.pluralForms else {
                    throw KimError("Translations/languages.json: the language \(entry.tag) has no \"pluralForms\"; add gettext's Plural-Forms for it.")
                }
                old = CatalogUpdate.newCatalog(language: entry.tag, englishName: entry.englishName, pluralForms: forms, date: date)
            }
            let merged = CatalogUpdate.merge(old, with: pot)
            let before = Set(old.entries.filter(\.isFuzzy).compactMap(\.fields.context))
            report.outdated[entry.tag] = merged.entries.filter { $0.isFuzzy && !before.contains($0.fields.context ?? "") }.compactMap(\.fields.context)
            let text = merged.serialized()
            if !FileManager.default.fileExists(atPath: url.path) || text != old.serialized() {
                try AtomicFile.write(Data(text.utf8), to: url)
                report.written.append(display(url))
            }
        }
        return report
    }

    /// Reads a language's catalog.
    public func readCatalog(_ language: Language) throws -> POFile {
        let url = catalogFile(language)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw KimError("\(display(url)) does not exist; run `kimdoc catalog update` to create it.")
        }
        var file = try POFile.read(from: url)
        file.path = display(url)
        return file
    }

    public func status() throws -> [CatalogStatus] {
        try targetLanguages.map { CatalogStatus(language: $0.tag, file: display(catalogFile($0.tag)), catalog: try readCatalog($0.tag)) }
    }

    /// The checks for some languages (all when empty).
    public func check(_ only: [Language] = []) throws -> [CatalogDiagnostic] {
        let glossary = FileManager.default.fileExists(atPath: glossaryFile.path) ? try Glossary.load(glossaryFile, displayPath: display(glossaryFile)) : nil
        for tag in only where !targetLanguages.map(\.tag).contains(tag) {
            throw KimError("\(tag) is not a target language of this project; languages are \(targetLanguages.map(\.tag.tag).joined(separator: ", ")).")
        }
        var out: [CatalogDiagnostic] = []
        for entry in targetLanguages where only.isEmpty || only.contains(entry.tag) {
            let checker = try CatalogCheck(language: entry.tag, glossary: glossary)
            out += checker.check(try readCatalog(entry.tag), file: display(catalogFile(entry.tag)))
        }
        return out
    }

    /// One language's catalog, read alone (a form batch needs only its own language); nil for
    /// the source language and languages outside the project, as in `catalogs()`.
    public func catalog(_ language: Language) throws -> Catalog? {
        guard targetLanguages.contains(where: { $0.tag == language }) else { return nil }
        return Catalog(language: language, file: try readCatalog(language), path: display(catalogFile(language)))
    }

    /// Every catalog, for building documents.
    public func catalogs() throws -> [Language: Catalog] {
        // Read on every core: parsing the catalogs is a good part of a short build.
        let entries = targetLanguages
        let results = Mutex<[Int: Result<Catalog, any Error>]>([:])
        DispatchQueue.concurrentPerform(iterations: entries.count) { i in
            let tag = entries[i].tag
            let result = Result { Catalog(language: tag, file: try readCatalog(tag), path: display(catalogFile(tag))) }
            results.withLock { $0[i] = result }
        }
        var out: [Language: Catalog] = [:]
        let all = results.withLock { $0 }
        // The first failure in the languages' order is reported, as before.
        for i in entries.indices {
            guard let result = all[i] else { continue }
            out[entries[i].tag] = try result.get()
        }
        return out
    }
}
