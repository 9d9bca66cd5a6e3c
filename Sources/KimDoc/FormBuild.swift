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

    /// A row of an uploaded batch that cannot be made: its number, the field if the problem is one
    /// field's, and what is wrong (never a value).
    public struct RowProblem: Sendable, Equatable {
        public let row: Int
        public let field: String?
        public let message: String
    }

    public struct RowProblems: Error, Sendable {
        public let list: [RowProblem]
    }

    /// The most rows one upload may have: the ZIP is built in memory.
    public static let maxUploadRows = 500

    /// Every row of a CSV held in memory as one PDF each (`<form>-<lang>-<row>.pdf`) in a ZIP, or
    /// the problems of every row that cannot be made and no ZIP at all: a batch from the web app is
    /// all or nothing, and nothing of it touches the disk.
    public func archive(
        csv: Data, name: String, form: FormDefinition, office: OfficeData, language: ProjectLanguages.Entry, acceptTransliterations: Bool,
        options: FormLayout.Options
    ) throws -> Result<Data, RowProblems> {
        let reader = try ClientDataReader.CSV(data: csv, path: name)
        let validator = validator(form, language: language.tag, acceptTransliterations: acceptTransliterations)
        try validator.checkHeader(reader.header, path: name)
        var problems: [RowProblem] = []
        var clients: [(row: Int, record: ClientRecord)] = []
        while problems.count < 200 {
            let raw: RawClient
            do {
                guard let next = try reader.next() else { break }
                raw = next
            } catch let e as KimError {
                problems.append(RowProblem(row: reader.rowNumber, field: nil, message: e.message))
                continue
            }
            guard reader.rowNumber <= Self.maxUploadRows else {
                throw KimError("\(name): more than \(Self.maxUploadRows) rows; split the file and upload the parts one by one.")
            }
            switch validator.check(raw) {
            case .success(let record): clients.append((reader.rowNumber, record))
            case .failure(let p): problems += p.list.map { RowProblem(row: reader.rowNumber, field: $0.field, message: $0.message) }
            }
        }
        guard problems.isEmpty else { return .failure(RowProblems(list: problems)) }
        guard !clients.isEmpty else { throw KimError("\(name): no rows below the header; one row per client.") }
        let catalog = try project.catalog(language.tag)
        let results = Mutex<[Int: Result<Data, any Error>]>([:])
        let list = clients
        DispatchQueue.concurrentPerform(iterations: list.count) { i in
            let outcome = Result { try pdf(form, office: office, language: language, client: list[i].record, catalog: catalog, options: options).data }
            results.withLock { $0[i] = outcome }
        }
        let made = results.withLock { $0 }
        var archive = ZIPArchive()
        for (i, client) in list.enumerated() {
            switch made[i] {
            case .success(let data)?:
                try archive.add(String(format: "%@-%@-%04d.pdf", form.id, language.tag.tag, client.row), data, modified: options.creationDate ?? Date())
            case .failure(let error)?:
                problems.append(RowProblem(row: client.row, field: nil, message: "\(error)"))
            case nil:
                problems.append(RowProblem(row: client.row, field: nil, message: "not made"))
            }
        }
        return problems.isEmpty ? .success(archive.data) : .failure(RowProblems(list: problems))
    }
}
