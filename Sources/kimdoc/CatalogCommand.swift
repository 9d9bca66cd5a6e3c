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
        subcommands: [Update.self, Status.self, Check.self]
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
        @Argument(help: "Languages to check (default: all).") var languages: [String] = []
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            var errors = 0
            try reportingErrors {
                let project = try TranslationProject(root: try ProjectRoot.locate())
                let diagnostics = try project.check(languages.map(Language.init))
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

extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
