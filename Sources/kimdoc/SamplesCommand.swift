import ArgumentParser
import Foundation
import KimCore
import KimDoc

struct SamplesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "samples",
        abstract: "Write a sample page per language (PDF and PNG) into output/samples/."
    )

    @Option(help: "Output folder; default output/samples in the project.")
    var out: String?

    @Option(help: "Only this language.")
    var lang: String?

    @Option(help: "PDF creation date (ISO 8601); default SOURCE_DATE_EPOCH or now.")
    var date: String?

    func run() throws {
        try reportingErrors {
            let root = try ProjectRoot.locate()
            let project = try ProjectLanguages.load(from: root.appendingPathComponent("Translations/languages.json"))
            let languages = lang.map { [Language($0)] } ?? project.tags
            let folder = out.map { URL(fileURLWithPath: $0) } ?? root.appendingPathComponent("output/samples")
            let samples = SamplePages(root: root)
            let start = Date()
            let when = try creationDate(date)
            var written = 0
            for (i, language) in languages.enumerated() {
                FileHandle.standardError.write(Data("\r[\(i + 1)/\(languages.count)] \(language.tag) ".utf8))
                written += try samples.write(language, to: folder, date: when).count
            }
            let seconds = Date().timeIntervalSince(start)
            FileHandle.standardError.write(Data("\r".utf8))
            print("\(languages.count) languages, \(written) files in \(folder.path) (\(String(format: "%.2f", seconds)) s)")
        }
    }
}
