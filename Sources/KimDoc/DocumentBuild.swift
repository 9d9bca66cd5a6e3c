public import Foundation
import KimCatalog
public import KimCore
public import KimForm
public import KimLayout
import KimRender
public import KimTemplate
import Synchronization

/// `kimdoc build`: every template, blank form and guide to local offers × office × language into
/// `output/<template>/<office>-<lang>.pdf` (guides only for offices with offers in `Templates/offers/`).
public struct DocumentBuild: Sendable {
    public let project: TranslationProject
    public let templates: [Template]
    public let forms: [FormDefinition]
    public let offices: [OfficeData]
    public let layout: DocumentLayout
    public let formLayout: FormLayout
    /// The templates of guides to local offers (`Templates/directory/`).
    public let directoryTemplates: [DirectoryTemplate]
    public let directoryLayout: DirectoryLayout
    /// The offers (`Templates/offers/`), read on first use: a build of flyers alone never reads them.
    private let offerLists: Lazy<[String: OfferList]>

    public init(root: URL) throws {
        project = try TranslationProject(root: root)
        templates = try Template.loadAll(in: root.appendingPathComponent("Templates"), root: root)
        forms = try FormDefinition.loadAll(in: root.appendingPathComponent("Templates/forms"), root: root)
        offices = try OfficeData.loadAll(in: root.appendingPathComponent("Templates/offices"), root: root)
        layout = DocumentLayout()
        formLayout = FormLayout(paragraphs: layout.paragraphs)
        let directoryTemplates = try DirectorySources.loadTemplates(root: root)
        self.directoryTemplates = directoryTemplates
        directoryLayout = DirectoryLayout(paragraphs: layout.paragraphs)
        let offices = offices
        offerLists = Lazy {
            let lists = try DirectorySources.loadOffers(root: root, templates: directoryTemplates)
            for list in lists.sorted(by: { $0.office < $1.office }) where !offices.contains(where: { $0.id == list.office }) {
                throw KimError("\(list.path): there is no office '\(list.office)' in Templates/offices/; name the offers file after an office.")
            }
            return Dictionary(uniqueKeysWithValues: lists.map { ($0.office, $0) })
        }
    }

    /// The offers of each office, by office id (read and checked against the offices on first use).
    public func offers() throws -> [String: OfferList] { try offerLists.value() }

    public struct Options: Sendable {
        public var layout = DocumentLayout.Options()
        public var templates: [String] = []
        public var offices: [String] = []
        public var languages: [Language] = []
        /// Also write each page as PNG (`<office>-<lang>-<page>.png`) at this resolution.
        public var pngDPI: Double?
        public init() {}
    }

    public struct Summary: Sendable {
        public var documents = 0
        public var pages = 0
        public var fallbacks: [Fallback] = []
        public var overflows: [Overflow] = []
        public var failures: [String] = []
        /// Languages whose documents were not made because their catalog cannot be read, with the
        /// located reason.
        public var skipped: [Language: String] = [:]
        public var drafts = 0
        public var seconds = 0.0
        public var files: [URL] = []
        public init() {}
    }

    public struct Job: Sendable {
        public enum Document: Sendable {
            case template(Template)
            /// A blank form.
            case form(FormDefinition)
            /// A guide to the office's local offers.
            case directory(DirectoryTemplate, OfferList)
        }

        public let document: Document
        public let office: OfficeData
        public let language: ProjectLanguages.Entry

        /// The template's or form's id.
        public var id: String {
            switch document {
            case .template(let t): return t.id
            case .form(let f): return f.id
            case .directory(let t, _): return t.id
            }
        }

        public var template: Template? { if case .template(let t) = document { t } else { nil } }
        var name: String { "\(id)/\(office.id)-\(language.tag)" }
    }

    public func jobs(_ options: Options) throws -> [Job] {
        func pick<T>(_ all: [T], _ wanted: [String], _ key: (T) -> String, _ what: String) throws -> [T] {
            for w in wanted where !all.contains(where: { key($0) == w }) {
                throw KimError("no \(what) '\(w)'; there are: \(all.map(key).joined(separator: ", ")).")
            }
            return wanted.isEmpty ? all : all.filter { wanted.contains(key($0)) }
        }
        // A guide is one document kind per template; which offices it is made for depends on their offers.
        enum Kind { case document(Job.Document), directory(DirectoryTemplate) }
        func id(_ k: Kind) -> String {
            switch k {
            case .document(.template(let t)): return t.id
            case .document(.form(let f)): return f.id
            case .document(.directory(let t, _)), .directory(let t): return t.id
            }
        }
        let kinds = templates.map { Kind.document(.template($0)) } + forms.map { Kind.document(.form($0)) } + directoryTemplates.map { Kind.directory($0) }
        let ks = try pick(kinds, options.templates, id, "template, form or guide")
        let os = try pick(offices, options.offices, \.id, "office")
        let ls = try pick(project.languages.languages, options.languages.map(\.tag), \.tag.tag, "language")
        return try ks.flatMap { k -> [Job] in
            switch k {
            case .document(let d):
                return os.flatMap { o in ls.map { Job(document: d, office: o, language: $0) } }
            case .directory(let t):
                let offers = try offers()
                let withOffers = os.compactMap { o in offers[o.id].map { (o, $0) } }
                // Asked for by name, a guide without any offers is an error; otherwise offices without offers have no guide.
                if withOffers.isEmpty, options.templates.contains(t.id) {
                    throw KimError("no offers for \(os.map(\.id).joined(separator: ", ")) in Templates/offers/; add <office>.yaml or <office>.csv.")
                }
                return withOffers.flatMap { o, offers in ls.map { Job(document: .directory(t, offers), office: o, language: $0) } }
            }
        }
    }

    /// The output file of a job.
    public func outputFile(_ job: Job, in folder: URL) -> URL {
        folder.appendingPathComponent(job.id).appendingPathComponent("\(job.office.id)-\(job.language.tag.tag).pdf")
    }

    /// Lays out one job.
    public func layOut(_ job: Job, catalogs: CatalogSet, options: DocumentLayout.Options) throws -> LaidOutDocument {
        let catalog = try catalogs.catalog(for: job.language.tag)
        switch job.document {
        case .template(let t):
            return try layout.layout(
                t, office: job.office, language: job.language.tag, numberingSystem: job.language.numbers, catalog: catalog,
                options: options)
        case .form(let f):
            var o = FormLayout.Options()
            o.strict = options.strict
            o.draftNotice = options.draftNotice
            o.creationDate = options.creationDate
            return try formLayout.layout(
                f, office: job.office, language: job.language.tag, numberingSystem: job.language.numbers, catalog: catalog,
                client: nil, options: o)
        case .directory(let t, let offers):
            return try directoryLayout.layout(
                t, offers: offers, office: job.office, language: job.language.tag, numberingSystem: job.language.numbers,
                catalog: catalog, options: options)
        }
    }

    /// Builds the documents into `folder`, in parallel; `progress` gets one line per document.
    public func run(_ options: Options, into folder: URL, progress: @Sendable (String) -> Void) throws -> Summary {
        let start = Date()
        let all = try jobs(options)
        let catalogs = project.catalogs()
        // A broken catalog stops only its own language's documents.
        let jobs = all.filter { catalogs.failures[$0.language.tag] == nil }
        var summary = Summary()
        for job in all where catalogs.failures[job.language.tag] != nil {
            summary.skipped[job.language.tag] = catalogs.failures[job.language.tag]
        }
        let results = Mutex<[Int: Result<(LaidOutDocument, [URL]), any Error>]>([:])
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let job = jobs[i]
            let outcome = Result { () throws -> (LaidOutDocument, [URL]) in
                let doc = try layOut(job, catalogs: catalogs, options: options.layout)
                let url = outputFile(job, in: folder)
                // A document that does not fit is not written; an older copy would mislead.
                guard doc.overflows.isEmpty else {
                    try? FileManager.default.removeItem(at: url)
                    return (doc, [])
                }
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                let renderer = CairoRenderer()
                try PDFRenderer().writePDF(doc.pages, info: doc.info, to: url)
                var files = [url]
                if let dpi = options.pngDPI {
                    for (n, page) in doc.pages.enumerated() {
                        let file = url.deletingLastPathComponent().appendingPathComponent("\(url.deletingPathExtension().lastPathComponent)-\(n + 1).png")
                        try renderer.writePNG(page, dpi: dpi, to: file)
                        files.append(file)
                    }
                }
                return (doc, files)
            }
            results.withLock { $0[i] = outcome }
            let n = done.add(1, ordering: .relaxed).newValue
            let name = job.name
            switch outcome {
            case .success(let (doc, _)):
                var note = doc.overflows.isEmpty ? "" : "  OVERFLOW"
                if !doc.fallbacks.isEmpty { note += "  \(doc.fallbacks.count) in German" }
                if doc.scale < 1 { note += "  text at \(Int((doc.scale * 100).rounded())) %" }
                progress("[\(n)/\(jobs.count)] \(name)\(note)")
            case .failure:
                progress("[\(n)/\(jobs.count)] \(name)  FAILED")
            }
        }
        let outcomes = results.withLock { $0 }
        for i in jobs.indices {
            switch outcomes[i] {
            case .success(let (doc, files))?:
                summary.fallbacks += doc.fallbacks
                summary.overflows += doc.overflows
                if doc.usedDrafts { summary.drafts += 1 }
                if doc.overflows.isEmpty {
                    summary.documents += 1
                    summary.pages += doc.pages.count
                    summary.files += files
                }
            case .failure(let error)?:
                summary.failures.append("\(jobs[i].name): \(KimError.describe(error))")
            case nil:
                break
            }
        }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }
}
