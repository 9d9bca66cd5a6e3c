import ArgumentParser
import Foundation
import KimCore
import KimDoc
import KimLayout

struct DirectoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "directory",
        abstract: "A guide to an office's local offers in one language, as PDF or PNG pages.",
        discussion: """
            Offers come from Templates/offers/<office>.yaml or .csv, headings and labels from
            Templates/directory/. Categories and offers are in the language's alphabetical order,
            the index under its own letters. kimdoc build makes every guide into output/directory/.
            Example:
              kimdoc directory --office musterstadt --lang fa --out wegweiser-fa.pdf
            """)

    @Option(help: "Office id, e.g. musterstadt.") var office: String
    @Option(help: "Language tag, e.g. fa.") var lang: String
    @Option(help: "Output file, .pdf or .png (one PNG per page: name-1.png, name-2.png, …).") var out: String
    @Option(help: "Guide template id (default: the only one, directory).") var template: String?
    @Flag(help: "A missing or outdated translation is an error instead of falling back to German.") var strict = false
    @Flag(help: "Leave out the line that marks documents using translations not yet reviewed.") var noDraftNotice = false
    @Option(help: "Creation date for reproducible files (ISO 8601); default SOURCE_DATE_EPOCH or now.") var date: String?
    @Option(help: "PNG resolution.") var dpi: Double = 100

    func run() throws {
        try reportingErrors {
            try checkDPI(dpi)
            let root = try ProjectRoot.locate()
            let build = try DocumentBuild(root: root)
            guard let id = template ?? build.directoryTemplates.first?.id else {
                throw KimError("no guide template in Templates/directory/.")
            }
            guard build.directoryTemplates.contains(where: { $0.id == id }) else {
                throw KimError(
                    "no guide template '\(id)'; there are: \(build.directoryTemplates.map(\.id).joined(separator: ", ")).")
            }
            var o = DocumentBuild.Options()
            o.templates = [id]
            o.offices = [office]
            o.languages = [Language(lang)]
            guard let job = try build.jobs(o).first else { return }
            var layout = DocumentLayout.Options()
            layout.strict = strict
            layout.draftNotice = !noDraftNotice
            layout.creationDate = try creationDate(date)
            let doc = try build.layOut(job, catalogs: build.project.catalogs(), options: layout)
            for f in Set(doc.fallbacks) {
                FileHandle.standardError.write(
                    Data("kimdoc: printed in German (\(f.language)): \(f.summary)\n".utf8))
            }
            guard doc.overflows.isEmpty else {
                throw KimError(
                    doc.overflows.map(\.description).joined(separator: "\n")
                        + "\nShorten the text or make the column wider (layout: margins, columns).")
            }
            try writeDocument(doc, to: URL(fileURLWithPath: out), dpi: dpi)
            print("\(out): \(doc.pages.count) pages")
        }
    }
}
