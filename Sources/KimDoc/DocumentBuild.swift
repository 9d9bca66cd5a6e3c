public import Foundation
public import KimCatalog
public import KimCore
public import KimForm
public import KimLayout
import KimRender
import KimText
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
    /// Fingerprints of the files under `Templates/`, read before they are parsed (incremental
    /// builds, the web app's cache keys).
    public let inputFiles: InputFingerprints
    /// Fingerprint of every file under `Templates/` (paths and contents) when this build was made.
    let templatesFingerprint: String
    /// The font index's stamp, taken once (the web app asks for every document).
    private let fontStamp: Lazy<String>
    /// For each unit of the flyers and forms, the first template (then form) that shows it and
    /// its German, made on first use: a preview looks its unit up without extracting every unit.
    let unitSources: Lazy<[String: UnitSource]>

    struct UnitSource: Sendable {
        let document: String
        let german: String
    }

    /// Reads the project under `root`. With `only` (template ids, as `Options.templates`) naming
    /// flyer templates alone, the forms and guide templates are not read (a build of one flyer
    /// spent 58M of its 770M instructions on them); their lists are then empty.
    /// `project`: the project under `root` if the caller has read it already.
    public init(root: URL, only: [String] = [], project: TranslationProject? = nil) throws {
        let files = InputFingerprints()
        templatesFingerprint = files.readAll(under: root.appendingPathComponent("Templates"), root: root)
        inputFiles = files
        self.project = try project ?? TranslationProject(root: root)
        // The templates, forms, offices and guide templates are read on every core at once (a
        // short build spent 15 ms on them, one file after the other). A failure is reported as
        // one read alone would report it: the first in this order.
        typealias Loads = (templates: Result<[Template], any Error>?, forms: Result<[FormDefinition], any Error>?,
            offices: Result<[OfficeData], any Error>?, directory: Result<[DirectoryTemplate], any Error>?)
        let loads = Mutex<Loads>((nil, nil, nil, nil))
        func read(_ parts: [Int]) {
            DispatchQueue.concurrentPerform(iterations: parts.count) { k in
                switch parts[k] {
                case 0:
                    let r = Result { try Template.loadAll(in: root.appendingPathComponent("Templates"), root: root) }
                    loads.withLock { $0.templates = r }
                case 1:
                    let r = Result { try FormDefinition.loadAll(in: root.appendingPathComponent("Templates/forms"), root: root) }
                    loads.withLock { $0.forms = r }
                case 2:
                    let r = Result { try OfficeData.loadAll(in: root.appendingPathComponent("Templates/offices"), root: root) }
                    loads.withLock { $0.offices = r }
                default:
                    let r = Result { try DirectorySources.loadTemplates(root: root) }
                    loads.withLock { $0.directory = r }
                }
            }
        }
        if only.isEmpty {
            read([0, 1, 2, 3])
        } else {
            read([0, 2])
            let flyers = loads.withLock { (try? $0.templates?.get())?.map(\.id) } ?? []
            if only.allSatisfy(flyers.contains) {
                loads.withLock {
                    $0.forms = .success([])
                    $0.directory = .success([])
                }
            } else {
                read([1, 3])
            }
        }
        let loaded = loads.withLock { $0 }
        guard let t = loaded.templates, let f = loaded.forms, let o = loaded.offices, let d = loaded.directory else {
            throw KimError("internal error: a part of the project was not read")
        }
        templates = try t.get()
        forms = try f.get()
        let (someTemplates, someForms) = (templates, forms)
        unitSources = Lazy {
            var out: [String: UnitSource] = [:]
            for t in someTemplates { for u in t.sourceUnits() where out[u.id] == nil { out[u.id] = UnitSource(document: t.id, german: u.german) } }
            for f in someForms { for u in f.sourceUnits() where out[u.id] == nil { out[u.id] = UnitSource(document: f.id, german: u.german) } }
            return out
        }
        offices = try o.get()
        let layout = DocumentLayout()
        self.layout = layout
        fontStamp = Lazy { layout.paragraphs.fonts.index.stamp() }
        formLayout = FormLayout(paragraphs: layout.paragraphs)
        let directoryTemplates = try d.get()
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
        /// Keep a manifest in the output folder and skip documents whose inputs and output did
        /// not change (`kimdoc build`); off, everything is made and no manifest is kept.
        public var incremental = false
        /// With `incremental`: make everything anyway, and record it (`--force`).
        public var force = false
        /// The process ends after this build (the command line): what the build read (catalogs,
        /// templates, the manifest) is left for the operating system to take back at exit
        /// instead of being freed object by object, which took 10 ms of a 120 ms flyer set.
        /// Never for a server.
        public var processEndsAfter = false
        public init() {}
    }

    /// `kimdoc build`: nothing when nothing changed (see `upToDate`), else the documents to
    /// make. The hyphenation patterns of the languages start loading on other threads first,
    /// while the templates and catalogs are read.
    public static func make(project: TranslationProject, options: Options, into folder: URL, progress: @Sendable (String) -> Void) throws -> Summary {
        if let done = upToDate(root: project.root, folder: folder, options: options, project: project) { return done }
        Hyphenator.startLoading(options.languages.isEmpty ? project.languages.tags : options.languages)
        let build = try DocumentBuild(root: project.root, only: options.templates, project: project)
        let summary = try build.run(options, into: folder, progress: progress)
        if options.processEndsAfter { keepUntilExit(build) }
        return summary
    }

    /// Values kept for the rest of the process (`Options.processEndsAfter`).
    private static let keptUntilExit = Mutex<[any Sendable]>([])
    static func keepUntilExit(_ value: any Sendable) { keptUntilExit.withLock { $0.append(value) } }

    public struct Summary: Sendable {
        /// Documents made (written).
        public var documents = 0
        /// Documents skipped because nothing they are made from changed (incremental builds).
        public var upToDate = 0
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
        public var name: String { "\(id)/\(office.id)-\(language.tag)" }
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

    /// Builds the documents into `folder`, in parallel; `progress` gets one line per document made.
    /// With `options.incremental`, documents whose inputs and output file did not change since the
    /// last build into `folder` are skipped (see `BuildManifest`).
    public func run(_ options: Options, into folder: URL, progress: @Sendable (String) -> Void) throws -> Summary {
        let start = Date()
        // The output folder first: one clear message instead of a failure per document.
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw KimError(KimError.describe(error))
        }
        var summary = Summary()
        let incremental = options.incremental, skipping = options.incremental && !options.force
        var manifest = skipping ? BuildManifest.read(in: folder) : BuildManifest()
        var manifestChanged = incremental && options.force
        let files = inputFiles
        let fonts = incremental ? (try? fontStamp.value()) ?? "" : ""
        let plan = Self.planKey(templates: templatesFingerprint, project: project, options: options)
        // While no file under Templates/ changed, the last build's list of documents stands (each
        // with its record): the offers are then parsed only if a guide is to be made.
        let planned = skipping ? manifest.plans[plan].flatMap { names in names.allSatisfy { manifest.documents[$0] != nil } ? names : nil } : nil
        let listed: [Job]? = planned == nil ? try jobs(options) : nil
        let names = planned ?? listed?.map(\.name) ?? []
        let languageOf = Dictionary(uniqueKeysWithValues: listed?.map { ($0.name, $0.language.tag) } ?? names.map { ($0, Language(manifest.documents[$0]?.language ?? "")) })
        // Catalogs are read now, before they are parsed (templates were read by `init`).
        let catalogFiles = Dictionary(uniqueKeysWithValues: Set(languageOf.values).map { ($0, Fingerprint.ofFile(project.catalogFile($0).path)) })

        // First what needs no catalog parsed: settings, fonts, input files, outputs.
        enum Decision { case upToDate, checkUnits, make }
        var decisions = [String: Decision](uniqueKeysWithValues: names.map { ($0, .make) })
        if skipping {
            let candidates = names.filter { name in
                guard let r = manifest.documents[name], let entry = project.languages.entry(for: Language(r.language)) else { return false }
                // The recorded inputs suffice: a document takes new inputs only through a changed one (its template, its office file).
                return r.settings == Self.settings(entry, options) && r.fonts == fonts
                    && r.inputs.allSatisfy { files.of($0.key.hasPrefix("/") ? $0.key : project.root.appendingPathComponent($0.key).path) == $0.value }
            }
            // Outputs are read (to compare fingerprints) on every core.
            let outputsOK = Mutex<Set<String>>([])
            let records = manifest.documents
            DispatchQueue.concurrentPerform(iterations: candidates.count) { k in
                guard let r = records[candidates[k]], r.outputs.allSatisfy({ Self.intact($0, in: folder) }) else { return }
                outputsOK.withLock { _ = $0.insert(candidates[k]) }
            }
            for name in outputsOK.withLock({ $0 }) {
                let language = languageOf[name] ?? Language("")
                decisions[name] = language == project.languages.source || manifest.documents[name]?.catalog == catalogFiles[language] ?? nil ? .upToDate : .checkUnits
            }
        }
        // Catalogs are parsed only for languages with units to compare or documents to make.
        var catalogSet = project.catalogs(only: Set(names.filter { decisions[$0] == .checkUnits }.compactMap { languageOf[$0] }))
        for name in names where decisions[name] == .checkUnits {
            let language = languageOf[name] ?? Language("")
            guard var r = manifest.documents[name], let catalog = catalogSet[language], let set = r.unitSet, let ids = manifest.unitSets[set],
                catalog.fingerprint(units: ids) == r.units
            else {
                decisions[name] = .make
                continue
            }
            // The units are as they were; only lines may have moved.
            r.catalog = catalogFiles[language] ?? nil
            r.fallbacks = r.fallbacks.map { f in
                var f = f
                if let german = f.german { f.location = catalog.location(id: f.unit, german: german) }
                return f
            }
            manifest.documents[name] = r
            manifestChanged = true
            decisions[name] = .upToDate
        }
        for name in names where decisions[name] == .upToDate {
            guard let r = manifest.documents[name] else { continue }
            summary.upToDate += 1
            summary.fallbacks += r.fallbacks.map { Fallback(language: Language(r.language), unit: $0.unit, reason: $0.reason, location: $0.location, german: $0.german) }
            if r.drafts { summary.drafts += 1 }
        }

        // The jobs to make: from the list, or only those, from their templates, offices and languages.
        let makeNames = Set(names.filter { decisions[$0] == .make })
        let toMake: [Job]
        if let listed {
            toMake = listed.filter { makeNames.contains($0.name) }
        } else if makeNames.isEmpty {
            toMake = []
        } else {
            var o = options
            var ids = Set<String>(), offices = Set<String>()
            for name in makeNames {
                let language = languageOf[name]?.tag ?? ""
                guard let slash = name.firstIndex(of: "/") else { continue }
                ids.insert(String(name[..<slash]))
                offices.insert(String(name[name.index(after: slash)...].dropLast(language.count + 1)))
            }
            o.templates = ids.sorted()
            o.offices = offices.sorted()
            o.languages = Set(makeNames.compactMap { languageOf[$0] }).sorted { $0.tag < $1.tag }
            toMake = try jobs(o).filter { makeNames.contains($0.name) }
        }
        let more = Set(toMake.map(\.language.tag)).subtracting(catalogSet.catalogs.keys).subtracting(catalogSet.failures.keys)
        let parsed = project.catalogs(only: more)
        catalogSet.catalogs.merge(parsed.catalogs) { a, _ in a }
        catalogSet.failures.merge(parsed.failures) { a, _ in a }

        let catalogs = catalogSet

        // A broken catalog stops only its own language's documents.
        let jobs = toMake.filter { catalogs.failures[$0.language.tag] == nil }
        for job in toMake where catalogs.failures[job.language.tag] != nil {
            summary.skipped[job.language.tag] = catalogs.failures[job.language.tag]
            if manifest.documents.removeValue(forKey: job.name) != nil { manifestChanged = true }
        }
        let results = Mutex<[Int: Result<(LaidOutDocument, [URL], [BuildManifest.Output]), any Error>]>([:])
        let done = Atomic<Int>(0)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { i in
            let job = jobs[i]
            let outcome = Result { () throws -> (LaidOutDocument, [URL], [BuildManifest.Output]) in
                let doc = try layOut(job, catalogs: catalogs, options: options.layout)
                let url = outputFile(job, in: folder)
                // A document that does not fit is not written; an older copy would mislead.
                guard doc.overflows.isEmpty else {
                    try? FileManager.default.removeItem(at: url)
                    return (doc, [], [])
                }
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                var written: [(URL, Data)] = [(url, try PDFRenderer().pdf(doc.pages, info: doc.info, name: url.path))]
                if let dpi = options.pngDPI {
                    let renderer = CairoRenderer()
                    for (n, page) in doc.pages.enumerated() {
                        let file = url.deletingLastPathComponent().appendingPathComponent("\(url.deletingPathExtension().lastPathComponent)-\(n + 1).png")
                        written.append((file, try renderer.png(page, dpi: dpi, name: file.path)))
                    }
                }
                var outputs: [BuildManifest.Output] = []
                for (file, data) in written {
                    try AtomicFile.write(data, to: file)
                    if incremental {
                        outputs.append(BuildManifest.Output(file: String(file.path.dropFirst(folder.path.count + 1)), size: data.count, fingerprint: Fingerprint.of(data)))
                    }
                }
                return (doc, written.map(\.0), outputs)
            }
            results.withLock { $0[i] = outcome }
            let n = done.add(1, ordering: .relaxed).newValue
            let name = job.name
            switch outcome {
            case .success(let (doc, _, _)):
                var note = doc.overflows.isEmpty ? "" : "  OVERFLOW"
                if !doc.fallbacks.isEmpty { note += "  \(doc.fallbacks.count) in German" }
                if doc.scale < 1 { note += "  text at \(Int((doc.scale * 100).rounded())) %" }
                progress("[\(n)/\(jobs.count)] \(name)\(note)")
            case .failure:
                progress("[\(n)/\(jobs.count)] \(name)  FAILED")
            }
        }
        let outcomes = results.withLock { $0 }
        for (i, job) in jobs.enumerated() {
            switch outcomes[i] {
            case .success(let (doc, written, outputs))?:
                summary.fallbacks += doc.fallbacks
                summary.overflows += doc.overflows
                if doc.usedDrafts { summary.drafts += 1 }
                if doc.overflows.isEmpty {
                    summary.documents += 1
                    summary.pages += doc.pages.count
                    summary.files += written
                }
                guard incremental else { continue }
                manifestChanged = true
                // An overflowing document has no record, so the next build reports it again.
                guard doc.overflows.isEmpty else {
                    manifest.documents[job.name] = nil
                    continue
                }
                let catalog = catalogs[job.language.tag]
                manifest.documents[job.name] = BuildManifest.Record(
                    language: job.language.tag.tag, inputs: inputs(job, files), settings: settings(job, options), fonts: fonts,
                    catalog: catalog == nil ? nil : catalogFiles[job.language.tag] ?? nil,
                    unitSet: catalog == nil ? nil : manifest.addUnitSet(doc.units),
                    units: catalog?.fingerprint(units: doc.units),
                    outputs: outputs, pages: doc.pages.count, drafts: doc.usedDrafts,
                    fallbacks: doc.fallbacks.map { .init(unit: $0.unit, reason: $0.reason, location: $0.location, german: $0.german) })
            case .failure(let error)?:
                summary.failures.append("\(job.name): \(KimError.describe(error))")
                if incremental, manifest.documents.removeValue(forKey: job.name) != nil { manifestChanged = true }
            case nil:
                break
            }
        }
        if incremental {
            // What this selection of documents is, while no file under Templates/ changes: lets the
            // next build see that nothing changed without parsing a template.
            if listed != nil, manifest.plans[plan] != names {
                manifest.plans[plan] = names
                manifestChanged = true
            }
        }
        if manifestChanged { try manifest.write(in: folder) }
        if options.processEndsAfter { Self.keepUntilExit((catalogs, manifest, outcomes)) }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    /// The files a job's document is made from, with their fingerprints (nil: cannot be read).
    func inputs(_ job: Job, _ files: InputFingerprints) -> [String: String] {
        var paths = [job.office.path]
        switch job.document {
        case .template(let t):
            paths.append(t.path)
            func images(_ blocks: [BlockSpec]) {
                for b in blocks {
                    switch b.block {
                    case .image(let file, _, _):
                        if file == "{logo}" {
                            if let logo = job.office.logo { paths.append(logo.path) }
                        } else {
                            paths.append(t.folder.appendingPathComponent(file).path)
                        }
                    case .box(_, let inner): images(inner)
                    default: break
                    }
                }
            }
            for flow in t.flows { images(flow.blocks) }
        case .form(let f): paths.append(f.path)
        case .directory(let t, let offers): paths += [t.path, offers.path]
        }
        var out: [String: String] = [:]
        for p in paths {
            let full = p.hasPrefix("/") ? p : project.root.appendingPathComponent(p).path
            out[project.display(URL(fileURLWithPath: full))] = files.of(full) ?? "unreadable"
        }
        return out
    }

    /// One key for everything a document's content is made from, given the catalog units it looks
    /// up (`LaidOutDocument.units`): the web app caches rendered documents by it, so an edit
    /// elsewhere in the project does not make it render them again.
    public func contentKey(_ job: Job, catalog: Catalog?, units: [String], options: Options, files: InputFingerprints) -> String {
        var f = Fingerprint()
        f.add(job.name)
        f.add(settings(job, options))
        f.add((try? fontStamp.value()) ?? "")
        for (path, hash) in inputs(job, files).sorted(by: { $0.key < $1.key }) {
            f.add(path)
            f.add(hash)
        }
        f.add(catalog?.fingerprint(units: units) ?? "-")
        return f.hex
    }

    /// Everything besides files that decides a document: layout options, the language's entry
    /// in languages.json, PNG resolution and the kimdoc binary. The creation date counts only when
    /// fixed (`--date`, `SOURCE_DATE_EPOCH`): otherwise an unchanged document keeps its date.
    func settings(_ job: Job, _ options: Options) -> String { Self.settings(job.language, options) }

    static func settings(_ language: ProjectLanguages.Entry, _ options: Options) -> String {
        let l = options.layout
        var f = Fingerprint()
        f.add(BuildManifest.program)
        f.add("strict=\(l.strict) draftNotice=\(l.draftNotice) printShop=\(l.printShop)")
        f.add("date=\(l.creationDate.map { String($0.timeIntervalSince1970) } ?? "-") png=\(options.pngDPI.map { String($0) } ?? "-")")
        f.add("lang=\(language.tag.tag) numbers=\(language.numbers ?? "-")")
        return f.hex
    }
}
