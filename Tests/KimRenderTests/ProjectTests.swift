import Foundation
import KimCore
import KimDoc
import Testing

@Suite("Project data and files")
struct ProjectTests {
    @Test("The language list names the nine languages, German first as the source")
    func languages() throws {
        let p = try ProjectLanguages.load(from: repositoryRoot.appendingPathComponent("Translations/languages.json"))
        #expect(p.source == Language("de"))
        #expect(p.tags.map(\.tag) == allLanguages)
    }

    @Test("A broken language list is an error naming the file")
    func brokenLanguageList() throws {
        try withTemporaryFolder { dir in
            let file = dir.appendingPathComponent("languages.json")
            try Data("{\"source\": \"de\", \"languages\": [".utf8).write(to: file)
            let error = #expect(throws: KimError.self) { _ = try ProjectLanguages.load(from: file) }
            #expect(error?.message.hasPrefix("\(file.path): not valid JSON") == true)
        }
    }

    @Test("Every language's fonts cover all its exemplar characters", arguments: allLanguages)
    func fontCoverage(language: String) throws {
        let report = try FontReport.make(for: Language(language))
        #expect(report.checked > 20)
        #expect(report.missing.isEmpty, "\(report.missing.map(\.character))")
        #expect(!report.fonts.isEmpty)
    }

    @Test("Fonts per script follow the priority list")
    func fontChoice() throws {
        #expect(try FontReport.make(for: Language("fa")).fonts.first?.family == "Noto Naskh Arabic")
        #expect(try FontReport.make(for: Language("ti")).fonts.first?.family == "Noto Sans Ethiopic")
        #expect(try FontReport.make(for: Language("uk")).fonts.first?.family == "Noto Sans")
        #expect(try FontReport.make(for: Language("ar")).direction == .rightToLeft)
    }

    @Test("Atomic writes: a failed write leaves the old file and no temporary file")
    func atomicWrite() throws {
        try withTemporaryFolder { dir in
            let file = dir.appendingPathComponent("catalog.po")
            try AtomicFile.write(Data("old".utf8), to: file)
            #expect(throws: KimError.self) {
                try AtomicFile.write(to: file) { temp in
                    try Data("half".utf8).write(to: temp)
                    throw KimError("crash")
                }
            }
            #expect(try String(contentsOf: file, encoding: .utf8) == "old")
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["catalog.po"])
        }
    }

    @Test("Sample pages for every language, PDF and PNG")
    func samples() throws {
        try withTemporaryFolder { dir in
            for language in allLanguages {
                let files = try SamplePages(root: repositoryRoot).write(Language(language), to: dir, date: nil)
                #expect(files.map(\.lastPathComponent) == ["sample-\(language).pdf", "sample-\(language).png"])
            }
        }
    }
}
