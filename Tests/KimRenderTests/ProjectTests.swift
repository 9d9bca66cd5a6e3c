import Foundation
import KimCore
import KimDoc
import KimLayout
import KimRender
import KimTemplate
import Testing

@Suite("Project data and files")
struct ProjectTests {
    @Test("The language list reads, German first as the source, each tag once; the tests run for every language in it")
    func languages() throws {
        let p = try projectLanguageList.get()
        #expect(p.source == Language("de"))
        #expect(p.tags.first == p.source)
        #expect(Set(p.tags).count == p.tags.count)
        #expect(p.tags.count >= 2)
        #expect(p.tags.map(\.tag) == allLanguages)
        for entry in p.languages {
            #expect(!entry.name.isEmpty && !entry.englishName.isEmpty, "\(entry.tag)")
            #expect(entry.pluralForms?.hasPrefix("nplurals=") == true, "\(entry.tag): Plural-Forms")
        }
        // The catalogs the tests hold to be complete are languages of the list.
        #expect(completeCatalogs.subtracting(allLanguages) == [])
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

@Suite struct PaginatorTests {
    func box(_ id: String, _ h: Double, keep: Bool = false) -> BlockBox {
        BlockBox(id: id, height: h, spaceBefore: 5, spaceAfter: 5, keepWithNext: keep, items: [.rule(x1: 0, y1: 0, x2: 10, y2: 0, width: 1, gray: 0)])
    }

    func tops(_ page: [Page.Item]) -> [Double] {
        page.compactMap { if case .rule(_, let y, _, _, _, _) = $0 { y } else { nil } }
    }

    @Test func boxesFillPagesAndHeadingsMoveWithTheirBlock() {
        let p = Paginator(content: Rect(x: 10, y: 20, width: 100, height: 100))
        // 40 + 5 + 40 = 85 on page 1; the heading (10) plus its paragraph (40) do not fit the 15 left.
        let r = p.paginate([box("a", 40), box("b", 40), box("h", 10, keep: true), box("c", 40), .pageBreak(), box("d", 150)])
        #expect(r.pages.count == 3)
        #expect(tops(r.pages[0]) == [20, 65])
        #expect(tops(r.pages[1]) == [20, 35])
        #expect(r.pageOfBox["h"] == 1 && r.pageOfBox["d"] == 2)
        #expect(r.tooTall.map(\.id) == ["d"] && r.tooTall[0].excess == 50)
    }
}
