import ArgumentParser
import Foundation
import KimCatalog
import KimCore
import KimDoc
import KimRender

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Translation catalogs: extract and merge, show progress, check translations.",
        subcommands: [Update.self, Status.self, Check.self, Export.self, Merge.self]
    )

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Extract every text from Templates/ into Translations/kimdoc.pot and merge it into each language's catalog.")

        func run() throws {
            try reportingErrors {
                let project = try TranslationProject(root: try ProjectRoot.locate())
                let report = try project.update(date: DocumentInfo.sourceDateEpoch() ?? Date())
                print("\(report.units) units from the templates")
                for (language, ids) in report.outdated.sorted(by: { $0.key < $1.key }) where !ids.isEmpty {
                    print("\(language): \(ids.count) now outdated (German changed): \(ids.joined(separator: ", "))")
                }
                for (language, ids) in report.obsoleted.sorted(by: { $0.key < $1.key }) where !ids.isEmpty {
                    print("\(language): \(ids.count) kept as obsolete #~ entries with their translations (no unit of the templates): \(ids.joined(separator: ", "))")
                }
                print(report.written.isEmpty ? "nothing changed" : "written: \(report.written.joined(separator: ", "))")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Per language: total, translated, outdated, untranslated and unreviewed units.")
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            try reportingErrors {
                let project = try TranslationProject(root: try ProjectRoot.locate())
                let status = try project.status()
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(status), as: UTF8.self))
                    return
                }
                print("language  total  translated  outdated  untranslated  unreviewed  not in template")
                for s in status {
                    print(
                        s.language.tag.padding(toLength: 8, withPad: " ", startingAt: 0)
                            + [s.total, s.translated, s.outdated, s.untranslated, s.unreviewed, s.notInTemplate].enumerated().map { i, n in
                                String(n).leftPadded([7, 12, 10, 14, 12, 17][i])
                            }.joined())
                }
                print("Counted against Translations/kimdoc.pot. Entries not in the template become obsolete (#~, translation kept) at the next `kimdoc catalog update`.")
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check translations: placeholders, plural forms, syntax, bidi controls, whitespace, glossary, length.")
        @Argument(help: "Languages to check (default: all), or one PO file (with --lang), e.g. a file a translation agency sent back.") var languages: [String] = []
        @Option(help: "The language of a PO file given as argument.") var lang: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            var errors = 0
            try reportingErrors {
                let project = try TranslationProject(root: try ProjectRoot.locate())
                let diagnostics: [CatalogDiagnostic]
                if languages.count == 1, languages[0].hasSuffix(".po") || languages[0].hasSuffix(".pot") {
                    guard let lang else { throw ValidationError("give the file's language with --lang, e.g. --lang ar.") }
                    diagnostics = try project.check(file: URL(fileURLWithPath: languages[0]), language: Language(lang))
                } else {
                    diagnostics = try project.check(languages.map(Language.init))
                }
                errors = diagnostics.filter { $0.severity == .error }.count
                if json {
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
                    print(String(decoding: try encoder.encode(diagnostics), as: UTF8.self))
                } else {
                    for d in diagnostics { print(d) }
                    let warnings = diagnostics.count - errors
                    FileHandle.standardError.write(Data("\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n".utf8))
                }
            }
            if errors > 0 { throw ExitCode(1) }
        }
    }
}

extension CatalogCommand {
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a language's catalog for a translation agency, each unit marked with the version sent (for catalog merge).")
        @Option(help: "The language, e.g. ar.") var lang: String
        @Flag(help: "Only units that need work: untranslated, outdated, drafts.") var needsWork = false
        @Option(help: "The file to write.") var out: String

        func run() throws {
            try reportingErrors {
                let project = try TranslationProject(root: try ProjectRoot.locate())
                try AtomicFile.write(Data(try project.export(Language(lang), onlyNeedingWork: needsWork).utf8), to: URL(fileURLWithPath: out))
                print("written: \(out)")
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "merge",
            abstract: "Take the translations of a returned PO file (a translation agency's) into a language's catalog, unit by unit, after checking the file.")
        @Argument(help: "The returned PO file.") var file: String
        @Option(help: "Its language, e.g. ar.") var lang: String
        @Flag(help: "Only report what would change.") var dryRun = false
        @Flag(help: "Take the file's text also where the catalog has another current translation.") var overwrite = false
        @Option(name: .customLong("unit"), help: "Take only this unit from the file (repeat for more); a conflict named here takes the file's text. Every conflict must then be named by --unit or --keep.")
        var units: [String] = []
        @Option(name: .customLong("keep"), help: "A conflict to decide for the catalog's text (repeat for more); without --unit, every other change is taken.") var keep: [String] = []

        func run() throws {
            var failed = false
            try reportingErrors {
                let project = try TranslationProject(root: try ProjectRoot.locate())
                // --keep alone: every change is taken, the conflicts named are kept.
                let choice = units.isEmpty && keep.isEmpty ? nil : TranslationProject.MergeChoice(take: Set(units), keep: Set(keep), everyChange: units.isEmpty)
                let report = try project.merge(file: URL(fileURLWithPath: file), language: Language(lang), dryRun: dryRun, overwrite: overwrite, choice: choice)
                for d in report.findings { print(d) }
                if report.findings.contains(where: { $0.severity == .error }) {
                    failed = true
                    print("nothing merged: the file has errors; mend them (or ask the agency to) and merge again")
                    return
                }
                if report.refused {
                    failed = true
                    if !report.notOffered.isEmpty {
                        print("nothing merged: the file does not change \(report.notOffered.joined(separator: ", ")); name only units it changes")
                    }
                    if !report.undecided.isEmpty {
                        print("nothing merged: \(report.undecided.count) conflict\(report.undecided.count == 1 ? "" : "s") without a decision; name each with --unit (take the file's text) or --keep (keep the catalog's):")
                        for c in report.conflicts where report.undecided.contains(c.unit) { print("  \(c.unit)\n    here: \(c.here)\n    file: \(c.file)") }
                    }
                    return
                }
                print("\(report.changed.count) unit\(report.changed.count == 1 ? "" : "s") \(dryRun ? "would be" : report.changed.count == 1 ? "was" : "were") taken from the file, \(report.unchanged) unchanged")
                for id in report.changed { print("  \(id)") }
                if !report.skipped.isEmpty { print("\(report.skipped.count) changed unit\(report.skipped.count == 1 ? "" : "s") not chosen, left as \(report.skipped.count == 1 ? "it is" : "they are"): \(report.skipped.joined(separator: ", "))") }
                if !report.kept.isEmpty { print("conflicts kept as the catalog has them: \(report.kept.joined(separator: ", "))") }
                if choice == nil && !report.conflicts.isEmpty {
                    failed = true
                    print("\(report.conflicts.count) conflict\(report.conflicts.count == 1 ? "" : "s"): translated differently here; not taken (decide each with --unit ID or --keep ID, or use --overwrite):")
                    for c in report.conflicts { print("  \(c.unit)\n    here: \(c.here)\n    file: \(c.file)") }
                }
                if !report.notInCatalog.isEmpty { print("not in the catalog yet (run `kimdoc catalog update` first): \(report.notInCatalog.joined(separator: ", "))") }
            }
            if failed { throw ExitCode(1) }
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
