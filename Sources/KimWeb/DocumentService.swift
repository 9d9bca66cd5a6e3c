import Foundation
import KimCore
import KimDoc
import KimLayout
import KimRender
import KimUnicode

/// Documents for the pages: laid out by the same `DocumentBuild` as `kimdoc build`, rendered by
/// the same renderers, cached by each document's content key (documents without client data only).
struct DocumentService: Sendable {
    let project: ProjectState
    let cache: DocumentCache
    /// The creation date written into documents: `SOURCE_DATE_EPOCH` (checked at start), else now.
    let creationDate: Date?

    /// One document of the build: template (or blank form, or guide) × office × language.
    struct Key: Sendable, Hashable {
        let template: String
        let office: String
        let language: String
        var printShop = false

        var name: String { "\(template)/\(office)-\(language)\(printShop ? "-print" : "")" }
    }

    /// The build's job for a key; unknown ids give the build's own message ("no office 'x'; there are: …").
    func job(_ key: Key, in snapshot: ProjectState.Snapshot) throws -> DocumentBuild.Job {
        var o = DocumentBuild.Options()
        o.templates = [key.template]
        o.offices = [key.office]
        o.languages = [Language(key.language)]
        guard let job = try snapshot.build.jobs(o).first else {
            throw KimError("there is no \(key.template) for \(key.office): the office has no offers in Templates/offers/.")
        }
        return job
    }

    func layoutOptions(_ key: Key) -> DocumentLayout.Options {
        var options = DocumentLayout.Options()
        options.printShop = key.printShop
        options.creationDate = creationDate
        return options
    }

    func layout(_ key: Key) throws -> (LaidOutDocument, ProjectState.Snapshot) {
        let snapshot = try project.snapshot()
        return (try snapshot.build.layOut(try job(key, in: snapshot), catalogs: snapshot.catalogs, options: layoutOptions(key)), snapshot)
    }

    /// A laid-out document's state for the badges and the translators' overview, kept by the
    /// document's content key (like its renderings).
    struct Summary: Sendable {
        let pages: Int
        let drafts: Bool
        let fallbacks: [Fallback]
        let overflows: [String]
        /// The units whose text is in a box that does not fit (flyers: the layout says which).
        let overflowingUnits: Set<String>
    }

    /// What the caches key a document by: the project as it is, the build's job, its layout
    /// options and the content key for the catalog units it looks up (the build's key: its files,
    /// settings, fonts and those units), with the document's name and `kind` of answer.
    private struct Keyed {
        let snapshot: ProjectState.Snapshot
        let job: DocumentBuild.Job
        let options: DocumentLayout.Options
        let contentKey: ([String]) -> String
    }

    private func keyed(_ key: Key, kind: String) throws -> Keyed {
        let snapshot = try project.snapshot()
        let job = try job(key, in: snapshot)
        var options = DocumentBuild.Options()
        options.layout = layoutOptions(key)
        let catalog = snapshot.catalogs[job.language.tag]
        return Keyed(snapshot: snapshot, job: job, options: options.layout) { [options] units in
            snapshot.build.contentKey(job, catalog: catalog, units: units, options: options, files: snapshot.build.inputFiles) + "|\(key.name)|\(kind)"
        }
    }

    func summary(_ key: Key) throws -> Summary {
        let k = try keyed(key, kind: "summary")
        if let units = cache.units(of: key.name), let hit = cache.summary(k.contentKey(units)) { return hit }
        let doc = try k.snapshot.build.layOut(k.job, catalogs: k.snapshot.catalogs, options: k.options)
        cache.remember(units: doc.units, of: key.name)
        let summary = Summary(
            pages: doc.pages.count, drafts: doc.usedDrafts, fallbacks: doc.fallbacks, overflows: doc.overflows.map(\.description),
            overflowingUnits: Set(doc.boxes.filter(\.overflowing).flatMap(\.units)))
        cache.remember(summary: summary, key: k.contentKey(doc.units))
        return summary
    }

    func pdf(_ key: Key) throws -> Data {
        try rendered(key, kind: "pdf") { doc in
            guard doc.overflows.isEmpty else { throw KimError(doc.overflows.map(\.description).joined(separator: "\n")) }
            return try PDFRenderer().pdf(doc.pages, info: doc.info)
        }
    }

    /// Page `number` (1-based) as PNG at `dpi`.
    func png(_ key: Key, page number: Int, dpi: Double) throws -> Data {
        try rendered(key, kind: "\(number)|\(dpi)|png") { doc in
            guard number >= 1, number <= doc.pages.count else { throw NotFound() }
            return try CairoRenderer().png(doc.pages[number - 1], dpi: dpi)
        }
    }

    /// A rendering cached by the document's content key (the build's: its files, settings, fonts
    /// and the catalog units it looked up last time), so a document is never rendered twice for
    /// the same inputs, even after other files of the project changed.
    func rendered(_ key: Key, kind: String, render: (LaidOutDocument) throws -> Data) throws -> Data {
        let k = try keyed(key, kind: kind)
        if let units = cache.units(of: key.name), let hit = cache.cached(k.contentKey(units)) { return hit }
        let doc = try k.snapshot.build.layOut(k.job, catalogs: k.snapshot.catalogs, options: k.options)
        cache.remember(units: doc.units, of: key.name)
        return try cache.value(k.contentKey(doc.units)) { try render(doc) }
    }

    /// Every language of a template for one office, as a ZIP of PDFs (`<template>/<office>-<lang>.pdf`).
    func zip(template: String, office: String) throws -> Data {
        let snapshot = try project.snapshot()
        var archive = ZIPArchive()
        for language in snapshot.build.project.languages.languages {
            let key = Key(template: template, office: office, language: language.tag.tag)
            try archive.add("\(template)/\(office)-\(language.tag.tag).pdf", try pdf(key), modified: creationDate ?? Date())
        }
        return archive.data
    }

    /// Lays out one document of each template in each language (the first office's), so the
    /// first requests after a start do not wait for fonts, hyphenation patterns and break rules
    /// to load (a German flyer took 60 ms instead of 9). Nothing is rendered or kept.
    func warmUp() {
        guard let snapshot = try? project.snapshot(), let jobs = try? snapshot.build.jobs(DocumentBuild.Options()) else { return }
        var seen = Set<String>()
        for job in jobs where seen.insert("\(job.id)|\(job.language.tag.tag)").inserted {
            _ = try? snapshot.build.layOut(job, catalogs: snapshot.catalogs, options: DocumentLayout.Options())
        }
    }

    struct NotFound: Error {}
}

/// A language as the pages show it: its own name in its own direction.
struct LanguageLabel {
    let tag: String
    let name: String
    let direction: String

    init(_ entry: ProjectLanguages.Entry) {
        tag = entry.tag.tag
        name = entry.name
        direction = LocaleInfo.direction(of: entry.tag).rawValue
    }

    var dictionary: [String: Any] { ["tag": tag, "name": name, "dir": direction] }
}
