import ArgumentParser
import Foundation
import KimCore
import KimDoc
import KimForm

struct FormCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "form",
        abstract: "A bilingual form (German with the translation): blank, filled from a client's JSON, or one PDF per CSV row.",
        discussion: """
            Examples:
              kimdoc form eat --lang ar --blank --out eat-ar.pdf
              kimdoc form eat --lang uk --data client.json --out client-uk.pdf
              kimdoc form eat --lang fa --csv clients.csv --out letters/
            Client data stays in the PDFs you ask for: messages name clients by file and row only.
            Field ids are listed in Templates/README.md.
            """)

    @Argument(help: "Form id, e.g. eat.") var form: String
    @Option(help: "Language tag, e.g. ar.") var lang: String
    @Flag(help: "A blank form for handwriting.") var blank = false
    @Option(help: "One client's data as a JSON object.") var data: String?
    @Option(help: "Clients as CSV, one per row: one PDF each into the --out folder.") var csv: String?
    @Option(help: "Output: a .pdf (or .png) file; a folder for --csv.") var out: String
    @Flag(help: "With --csv: remove an earlier batch's <form>-<lang>-NNNN.pdf files from the --out folder first (a batch otherwise needs a new or empty folder).") var replace = false
    @Option(help: "Office whose foreigners authority the form names (default: the first office).") var office: String?
    @Flag(help: "Accept ICU's Latin transliteration for values written in another script.") var transliterate = false
    @Flag(help: "A missing or outdated translation is an error instead of falling back to German.") var strict = false
    @Flag(help: "Leave out the line that marks forms using translations not yet reviewed.") var noDraftNotice = false
    @Option(help: "Creation date for reproducible files (ISO 8601); default SOURCE_DATE_EPOCH or now.") var date: String?
    @Option(help: "PNG resolution, for a .png --out.") var dpi: Double = 100

    func validate() throws {
        let modes = [blank, data != nil, csv != nil].filter { $0 }.count
        guard modes == 1 else { throw ValidationError("give exactly one of --blank, --data FILE.json or --csv FILE.csv.") }
        guard !replace || csv != nil else { throw ValidationError("--replace is for --csv batches only: it removes an earlier batch's PDFs from the --out folder.") }
    }

    func run() throws {
        var failed = false
        try reportingErrors {
            try checkDPI(dpi)
            let root = try ProjectRoot.locate()
            let build = try FormBuild(root: root)
            let definition = try build.form(form)
            let office = try build.office(office)
            let language = try build.language(lang)
            var options = FormLayout.Options()
            options.strict = strict
            options.draftNotice = !noDraftNotice
            options.creationDate = try creationDate(date)
            let outURL = URL(fileURLWithPath: out)
            if let csv {
                let s = try build.batch(
                    csv: URL(fileURLWithPath: csv), form: definition, office: office, language: language, into: outURL, replace: replace,
                    acceptTransliterations: transliterate, options: options) { print($0) }
                print("\n\(s.rows) rows: \(s.written) forms written to \(build.project.display(outURL))/, \(s.refused.count) refused")
                for n in s.notes { print("check: \(n)") }
                var report = ""
                if !s.refused.isEmpty {
                    report += "kimdoc: \(s.refused.count) of \(s.rows) rows refused, no PDF made for them (row, field, reason):\n"
                    for p in s.refused { report += p.message.split(separator: "\n").map { "kimdoc: \($0)\n" }.joined() }
                }
                if let stopped = s.stopped { report += "kimdoc: \(stopped)\n" }
                FileHandle.standardError.write(Data(report.utf8))
                failed = !s.refused.isEmpty || s.stopped != nil
                return
            }
            var client: ClientRecord?
            if let data {
                let raw = try ClientDataReader.json(URL(fileURLWithPath: data), path: data)
                let record = try build.validator(definition, language: language.tag, acceptTransliterations: transliterate).validate(raw)
                for n in record.notes { print("check: \(n)") }
                client = record
            }
            let catalog = try build.project.catalog(language.tag)
            let doc = try build.layout.layout(
                definition, office: office, language: language.tag, numberingSystem: language.numbers, catalog: catalog, client: client, options: options)
            if !doc.fallbacks.isEmpty {
                let units = doc.fallbacks.map(\.unit).sorted()
                let shown = units.prefix(5).joined(separator: ", ") + (units.count > 5 ? ", … \(units.count - 5) more" : "")
                FileHandle.standardError.write(Data("kimdoc: \(units.count) labels printed in German only (no current \(language.tag) translation): \(shown); `kimdoc catalog status` lists them\n".utf8))
            }
            // A blank form holds no client data; a filled one is private.
            try writeDocument(doc, to: outURL, dpi: dpi, access: client == nil ? .shared : .private)
            print("\(doc.pages.count) pages → \(out)")
        }
        if failed { throw ExitCode(1) }
    }
}
