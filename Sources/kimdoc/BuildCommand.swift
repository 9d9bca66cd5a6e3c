import ArgumentParser
import Foundation
import KimCore
import KimDoc
import KimLayout
import KimRender

/// Options shared by `build` and `flyer`.
struct LayoutOptions: ParsableArguments {
    @Flag(help: "A missing or outdated translation is an error instead of falling back to German.") var strict = false
    @Flag(help: "Leave out the line that marks documents using translations not yet reviewed.") var noDraftNotice = false
    @Flag(help: "3 mm bleed and crop marks, for print shops.") var printShop = false
    @Option(help: "Creation date for reproducible files (ISO 8601); default SOURCE_DATE_EPOCH or now.") var date: String?

    func layout() throws -> DocumentLayout.Options {
        var o = DocumentLayout.Options()
        o.strict = strict
        o.draftNotice = !noDraftNotice
        o.printShop = printShop
        o.creationDate = try creationDate(date)
        return o
    }
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build every template × office × language into output/<template>/<office>-<lang>.pdf.",
        discussion: "Documents whose inputs (template, office data, offers, the catalog units they use, fonts, options, kimdoc itself) and output file did not change since the last build are left as they are (output/.kimdoc-manifest.json); --force makes all.")

    @OptionGroup var options: LayoutOptions
    @Option(name: .customLong("template"), help: "Only this template (repeatable).") var templates: [String] = []
    @Option(name: .customLong("office"), help: "Only this office (repeatable).") var offices: [String] = []
    @Option(name: .customLong("lang"), help: "Only this language (repeatable).") var languages: [String] = []
    @Option(help: "Also write every page as PNG at this resolution (e.g. 50).") var png: Double?
    @Option(help: "Output folder.") var out = "output"
    @Flag(help: "List every unit that fell back to German.") var verbose = false
    @Flag(help: "Make every document, even those whose inputs did not change since the last build.") var force = false

    func run() throws {
        var failed = false
        try reportingErrors {
            if let png { try checkDPI(png, flag: "--png") }
            let root = try ProjectRoot.locate()
            var o = DocumentBuild.Options()
            o.layout = try options.layout()
            o.templates = templates
            o.offices = offices
            o.languages = languages.map(Language.init)
            o.pngDPI = png
            o.incremental = true
            o.force = force
            let folder = out.hasPrefix("/") ? URL(fileURLWithPath: out) : root.appendingPathComponent(out)
            o.processEndsAfter = true
            let project = try TranslationProject(root: root)
            // Nothing to make is found out without parsing a template; else the build decides per document.
            let s = try DocumentBuild.make(project: project, options: o, into: folder) { print($0) }
            print("")
            print("\(s.documents) documents made (\(s.pages) pages), \(s.upToDate) up to date, in \(String(format: "%.2f", s.seconds)) s → \(project.display(folder))/")
            let byLanguage = Dictionary(grouping: Set(s.fallbacks), by: \.language)
            if byLanguage.isEmpty {
                print("fallbacks to German: none")
            } else {
                print("fallbacks to German (\(Set(s.fallbacks.map { "\($0.language)/\($0.unit)" }).count) units):")
                for (language, list) in byLanguage.sorted(by: { $0.key < $1.key }) {
                    let units = list.sorted { $0.unit < $1.unit }.map(\.summary)
                    let shown = verbose || units.count <= 5 ? units : Array(units.prefix(5)) + ["… \(units.count - 5) more (--verbose lists all)"]
                    print("  \(language): \(units.count): " + shown.joined(separator: ", "))
                }
            }
            if s.drafts > 0 { print("\(s.drafts) documents use translations not yet reviewed (marked as drafts)") }
            print("overflows: \(s.overflows.isEmpty ? "none" : String(s.overflows.count))")
            for o in s.overflows { print("  \(o)") }
            // Failures (an image that cannot be read, a folder that cannot be written) go to
            // standard error, where scripts and people look for them.
            for f in s.failures { FileHandle.standardError.write(Data("kimdoc: failed: \(f)\n".utf8)) }
            for (language, reason) in s.skipped.sorted(by: { $0.key < $1.key }) {
                FileHandle.standardError.write(Data("kimdoc: skipped: every \(language) document, because its catalog cannot be read:\n  \(reason)\n".utf8))
            }
            failed = !s.overflows.isEmpty || !s.failures.isEmpty || !s.skipped.isEmpty
        }
        if failed { throw ExitCode(1) }
    }
}

struct FlyerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flyer", abstract: "One document: a template for one office in one language, as PDF or PNG (first page… all pages numbered).")

    @OptionGroup var options: LayoutOptions
    @Option(help: "Template id, e.g. kim-flyer-trifold.") var template: String
    @Option(help: "Office id, e.g. musterstadt.") var office: String
    @Option(help: "Language tag, e.g. ar.") var lang: String
    @Option(help: "Output file, .pdf or .png (one PNG per page: name-1.png, name-2.png).") var out: String
    @Option(help: "PNG resolution.") var dpi: Double = 100

    func run() throws {
        try reportingErrors {
            try checkDPI(dpi)
            let root = try ProjectRoot.locate()
            let build = try DocumentBuild(root: root)
            var o = DocumentBuild.Options()
            o.templates = [template]
            o.offices = [office]
            o.languages = [Language(lang)]
            guard let job = try build.jobs(o).first else { return }
            let doc = try build.layOut(job, catalogs: build.project.catalogs(), options: try options.layout())
            for f in Set(doc.fallbacks) { FileHandle.standardError.write(Data("kimdoc: printed in German (\(f.language)): \(f.summary)\n".utf8)) }
            guard doc.overflows.isEmpty else {
                throw KimError(doc.overflows.map(\.description).joined(separator: "\n") + "\nShorten the text, allow shrinking (shrink_to) or enlarge the frame.")
            }
            try writeDocument(doc, to: URL(fileURLWithPath: out), dpi: dpi)
        }
    }
}

/// Writes a laid-out document as PDF, or as PNG pages (`name.png` for one page, else `name-N.png`);
/// `.private` (client documents): mode 0600, and stale kimdoc temporaries in the folder removed.
func writeDocument(_ doc: LaidOutDocument, to url: URL, dpi: Double, access: AtomicFile.Access = .shared) throws {
    let renderer = CairoRenderer()
    if access == .private { AtomicFile.removeStaleTemporaries(in: url.deletingLastPathComponent()) }
    switch url.pathExtension.lowercased() {
    case "pdf":
        try PDFRenderer().writePDF(doc.pages, info: doc.info, to: url, access: access)
    case "png":
        for (n, page) in doc.pages.enumerated() {
            let file = doc.pages.count == 1 ? url : url.deletingLastPathComponent().appendingPathComponent("\(url.deletingPathExtension().lastPathComponent)-\(n + 1).png")
            try renderer.writePNG(page, dpi: dpi, to: file, access: access)
        }
    default:
        throw ValidationError("--out \(url.path): give a .pdf or .png file name.")
    }
}
