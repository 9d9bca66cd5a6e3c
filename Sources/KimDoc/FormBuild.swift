public import Foundation
public import KimCatalog
public import KimCore
public import KimForm
public import KimLayout
public import KimRender
public import KimTemplate
import Synchronization

/// `kimdoc form`: a form for one language, blank, filled from one client's JSON, or one PDF per
/// row of a CSV file (streamed: memory stays flat however many rows).
///
/// Client data goes only into the PDFs asked for: progress lines and errors name clients by
/// file and row, PDF metadata is generic, and files are written without temporary copies.
public struct FormBuild: Sendable {
    public let project: TranslationProject
    public let forms: [FormDefinition]
    public let offices: [OfficeData]
    public let layout: FormLayout
    public let renderer = PDFRenderer()

    public init(root: URL, layout: FormLayout = FormLayout()) throws {
        project = try TranslationProject(root: root)
        forms = try FormDefinition.loadAll(in: root.appendingPathComponent("Templates/forms"), root: root)
        offices = try OfficeData.loadAll(in: root.appendingPathComponent("Templates/offices"), root: root)
        self.layout = layout
    }

    public func form(_ id: String) throws -> FormDefinition {
        guard let f = forms.first(where: { $0.id == id }) else {
            throw KimError("no form '\(id)'; there are: \(forms.map(\.id).joined(separator: ", ")) (in Templates/forms/).")
        }
        return f
    }

    /// The office by id; without an id, the first office in alphabetical order.
    public func office(_ id: String?) throws -> OfficeData {
        guard let id else {
            guard let first = offices.first else { throw KimError("no office data in Templates/offices/.") }
            return first
        }
        guard let o = offices.first(where: { $0.id == id }) else {
            throw KimError("no office '\(id)'; there are: \(offices.map(\.id).joined(separator: ", ")).")
        }
        return o
    }

    public func language(_ tag: String) throws -> ProjectLanguages.Entry {
        guard let e = project.languages.entry(for: Language(tag)) else {
            throw KimError("no language '\(tag)'; there are: \(project.languages.tags.map(\.tag).joined(separator: ", ")).")
        }
        return e
    }

    /// The PDF of one form, blank (`client` nil) or filled.
    public func pdf(_ form: FormDefinition, office: OfficeData, language: ProjectLanguages.Entry, client: ClientRecord?, catalog: Catalog?, options: FormLayout.Options) throws -> (data: Data, document: LaidOutDocument) {
        let doc = try layout.layout(form, office: office, language: language.tag, numberingSystem: language.numbers, catalog: catalog, client: client, options: options)
        return (try renderer.pdf(doc.pages, info: doc.info), doc)
    }

    public func validator(_ form: FormDefinition, language: Language, acceptTransliterations: Bool) -> ClientValidator {
        ClientValidator(form: form, language: language, languages: project.languages, acceptTransliterations: acceptTransliterations)
    }

    public struct BatchSummary: Sendable {
        /// Forms written (a count, not the list: a batch's memory must not grow with its size).
        public var written = 0
        /// One message per client that could not be made (naming file, row and field).
        public var failures: [String] = []
        /// Transliterations accepted, to be checked by a person.
        public var notes: [String] = []
    }

    /// One PDF per CSV row into `folder`, named `<form>-<lang>-<row>.pdf` (the row number, not
    /// the client's name: file names end up in listings and logs). Rows are read as they are
    /// rendered, a few at a time on every core.
    public func batch(
        csv: URL, form: FormDefinition, office: OfficeData, language: ProjectLanguages.Entry, into folder: URL, acceptTransliterations: Bool,
        options: FormLayout.Options, progress: @Sendable (String) -> Void
    ) throws -> BatchSummary {
        let reader = try ClientDataReader.CSV(url: csv, path: project.display(csv))
        let validator = validator(form, language: language.tag, acceptTransliterations: acceptTransliterations)
        try validator.checkHeader(reader.header, path: project.display(csv))
        let catalog = try project.catalog(language.tag)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        AtomicFile.removeStaleTemporaries(in: folder)
        var summary = BatchSummary()
        let chunk = max(2, ProcessInfo.processInfo.activeProcessorCount * 4)
        var done = 0
        while true {
            var batch: [(number: Int, raw: RawClient)] = []
            while batch.count < chunk, let raw = try reader.next() { batch.append((reader.rowNumber, raw)) }
            if batch.isEmpty { break }
            let rows = batch
            let results = Mutex<[Int: Result<(URL, [String]), any Error>]>([:])
            DispatchQueue.concurrentPerform(iterations: rows.count) { i in
                let (number, raw) = rows[i]
                let outcome = Result { () throws -> (URL, [String]) in
                    let client = try validator.validate(raw)
                    let url = folder.appendingPathComponent(String(format: "%@-%@-%04d.pdf", form.id, language.tag.tag, number))
                    let (data, _) = try pdf(form, office: office, language: language, client: client, catalog: catalog, options: options)
                    try AtomicFile.write(data, to: url, access: .private)
                    return (url, client.notes)
                }
                results.withLock { $0[i] = outcome }
            }
            let all = results.withLock { $0 }
            for i in rows.indices {
                done += 1
                switch all[i] {
                case .success(let (url, notes))?:
                    summary.written += 1
                    summary.notes += notes
                    progress("[\(done)] \(project.display(url))")
                case .failure(let error)?:
                    summary.failures.append("\(error)")
                    progress("[\(done)] \(rows[i].raw.source): FAILED")
                case nil:
                    break
                }
            }
        }
        return summary
    }
}
