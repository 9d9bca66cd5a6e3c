public import Foundation
public import KimCatalog
public import KimCore
public import KimForm
public import KimLayout
public import KimRender
public import KimTemplate
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

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
        /// Every row that was not made, with its reason (naming file, row and field, never a value).
        public var refused: [RowProblem] = []
        /// Transliterations accepted, to be checked by a person.
        public var notes: [String] = []
        /// Why reading stopped before the end of the file (it could not be read on), if it did.
        public var stopped: String?
        /// Rows read: every one is either written or refused.
        public var rows: Int { written + refused.count }
    }

    /// The names a batch of `form` in `language` gives its files: `<form>-<lang>-NNNN.pdf`.
    public static func batchFileName(form: String, language: String, row: Int) -> String {
        String(format: "%@-%@-%04d.pdf", form, language, row)
    }

    /// Whether `name` is one of the files a batch of `form` in `language` writes.
    static func isBatchFile(_ name: String, form: String, language: String) -> Bool {
        let prefix = "\(form)-\(language)-"
        guard name.hasPrefix(prefix), name.hasSuffix(".pdf") else { return false }
        let number = name.dropFirst(prefix.count).dropLast(4)
        return number.count >= 4 && number.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Makes `folder` ready for a batch: created if missing; an existing one must be empty, or
    /// with `replace` hold nothing but an earlier batch's `<form>-<lang>-NNNN.pdf` files, which
    /// are removed. A PDF of another client must never stay next to the new ones, where it
    /// would be taken for one of them.
    func prepareBatchFolder(_ folder: URL, form: String, language: String, replace: Bool) throws {
        let shown = project.display(folder)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else {
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw KimError("\(shown): cannot create the folder (no permission, or a file in the way); give a folder you may write to with --out.")
            }
            return
        }
        guard isFolder.boolValue else {
            throw KimError("\(shown) is a file, not a folder; a batch writes one PDF per row into a folder, so give a new or empty folder with --out.")
        }
        guard access(folder.path, W_OK | X_OK) == 0 else {
            throw KimError("\(shown): the folder is not writable for you; give a folder you may write to with --out, or change its permissions.")
        }
        AtomicFile.removeStaleTemporaries(in: folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else {
            throw KimError("\(shown): cannot list the folder; give a folder you may read and write with --out.")
        }
        guard !names.isEmpty else { return }
        let pattern = "\(form)-\(language)-NNNN.pdf"
        guard replace else {
            throw KimError("\(shown) is not empty (\(names.count) files); a batch writes into a new or empty folder so that no other client's PDF stays next to its own: give another folder, or --replace to remove an earlier batch's \(pattern) files first.")
        }
        let others = names.filter { !Self.isBatchFile($0, form: form, language: language) }
        guard others.isEmpty else {
            throw KimError("\(shown) holds \(others.count) files that are not \(pattern) files of an earlier batch; --replace removes only those, so move the others away or give another folder.")
        }
        for name in names {
            let url = folder.appendingPathComponent(name)
            guard unlink(url.path) == 0 || errno == ENOENT else {
                throw KimError("\(shown)/\(name): cannot remove the earlier batch's file; remove it by hand or give another folder.")
            }
        }
    }

    /// One PDF per CSV row into `folder`, named `<form>-<lang>-<row>.pdf` (the row number, not
    /// the client's name: file names end up in listings and logs). Rows are read as they are
    /// rendered, a few at a time on every core.
    ///
    /// Every row gets exactly one outcome: written, or refused with its reason. A row that
    /// cannot be read (a structural CSV error), checked or laid out is refused on its own and the
    /// batch goes on with the next. The folder must be new or empty (`replace`: see
    /// `prepareBatchFolder`); it is touched only after the header has been checked.
    public func batch(
        csv: URL, form: FormDefinition, office: OfficeData, language: ProjectLanguages.Entry, into folder: URL, replace: Bool = false,
        acceptTransliterations: Bool, options: FormLayout.Options, progress: @Sendable (String) -> Void
    ) throws -> BatchSummary {
        let reader = try ClientDataReader.CSV(url: csv, path: project.display(csv))
        let validator = validator(form, language: language.tag, acceptTransliterations: acceptTransliterations)
        try validator.checkHeader(reader.header, path: project.display(csv))
        let catalog = try project.catalog(language.tag)
        try prepareBatchFolder(folder, form: form.id, language: language.tag.tag, replace: replace)
        var summary = BatchSummary()
        let chunk = max(2, ProcessInfo.processInfo.activeProcessorCount * 4)
        /// A row as read: a client, or the reason it could not be read.
        typealias Read = (number: Int, client: Result<RawClient, KimError>)
        var finished = false
        while !finished {
            var batch: [Read] = []
            while batch.count < chunk {
                let before = reader.rowNumber
                do {
                    guard let raw = try reader.next() else { finished = true; break }
                    batch.append((reader.rowNumber, .success(raw)))
                } catch let error as KimError {
                    // A refused row counts as read; an error that is no row's (the file could
                    // not be read on) ends the batch after the rows read so far.
                    guard reader.rowNumber > before else { summary.stopped = error.message; finished = true; break }
                    batch.append((reader.rowNumber, .failure(error)))
                }
            }
            if batch.isEmpty { break }
            let rows = batch
            let results = Mutex<[Int: Result<(URL, [String]), RowProblem>]>([:])
            DispatchQueue.concurrentPerform(iterations: rows.count) { i in
                let number = rows[i].number
                let outcome: Result<(URL, [String]), RowProblem>
                switch rows[i].client {
                case .failure(let error):
                    outcome = .failure(RowProblem(row: number, field: nil, message: error.message))
                case .success(let raw):
                    switch validator.check(raw) {
                    case .failure(let problems):
                        // One entry per row: its problems joined, each naming its field.
                        let message = problems.list.map { "\(raw.source): \($0.message)" }.joined(separator: "\n")
                        outcome = .failure(RowProblem(row: number, field: problems.list.first?.field, message: message))
                    case .success(let client):
                        do {
                            let url = folder.appendingPathComponent(Self.batchFileName(form: form.id, language: language.tag.tag, row: number))
                            let (data, _) = try pdf(form, office: office, language: language, client: client, catalog: catalog, options: options)
                            try AtomicFile.write(data, to: url, access: .private)
                            outcome = .success((url, client.notes))
                        } catch {
                            outcome = .failure(RowProblem(row: number, field: nil, message: "\(raw.source): \(KimError.describe(error))"))
                        }
                    }
                }
                results.withLock { $0[i] = outcome }
            }
            let all = results.withLock { $0 }
            for i in rows.indices {
                let done = summary.rows + 1
                switch all[i] ?? .failure(RowProblem(row: rows[i].number, field: nil, message: "row \(rows[i].number): not made (an internal error); run the batch again")) {
                case .success(let (url, notes)):
                    summary.written += 1
                    summary.notes += notes
                    progress("[\(done)] \(project.display(url))")
                case .failure(let problem):
                    summary.refused.append(problem)
                    progress("[\(done)] row \(problem.row): refused")
                }
            }
        }
        return summary
    }

    /// A row of an uploaded batch that cannot be made: its number, the field if the problem is one
    /// field's, and what is wrong (never a value).
    public struct RowProblem: Error, Sendable, Equatable {
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
                try archive.add(Self.batchFileName(form: form.id, language: language.tag.tag, row: client.row), data, modified: options.creationDate ?? Date())
            case .failure(let error)?:
                problems.append(RowProblem(row: client.row, field: nil, message: "\(error)"))
            case nil:
                problems.append(RowProblem(row: client.row, field: nil, message: "not made"))
            }
        }
        return problems.isEmpty ? .success(archive.data) : .failure(RowProblems(list: problems))
    }
}
