import ArgumentParser
import Foundation
import KimCore
import KimDoc

struct FontsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fonts",
        abstract: "Show which font serves each language's script and whether it covers every exemplar character.",
        discussion: "Without --lang, checks every language in Translations/languages.json. Exits with 1 if a character has no font."
    )

    @Option(help: "Check only this language (BCP 47 tag).")
    var lang: String?

    func run() throws {
        try reportingErrors {
            let languages: [Language]
            if let lang { languages = [Language(lang)] } else {
                languages = try ProjectLanguages.load(from: ProjectRoot.locate().appendingPathComponent("Translations/languages.json")).tags
            }
            var incomplete = false
            for language in languages {
                let r = try FontReport.make(for: language)
                let fonts = r.fonts.map { "\($0.family) (\($0.file))" }.joined(separator: ", then ")
                let verdict = r.missing.isEmpty ? "all \(r.checked) exemplar characters covered" : "\(r.missing.count) of \(r.checked) exemplar characters have no font"
                print("\(language.tag)\t\(r.script), \(r.direction.rawValue)\t\(fonts.isEmpty ? "no configured font installed" : fonts)\t\(verdict)")
                for m in r.missing { print("\tmissing \(m.character) (\(m.set))") }
                if !r.missing.isEmpty || r.fonts.isEmpty { incomplete = true }
            }
            if incomplete { throw ExitCode(1) }
        }
    }
}
