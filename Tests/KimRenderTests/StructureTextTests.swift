import Foundation
import KimCore
import KimDoc
import KimRender
import Testing

/// The leaf elements of a PDF's structure tree as pdfminer.six reads them
/// (Tests/tools/structure_text.py): role, /ActualText, text of the marked content (ToUnicode).
struct StructureLeaf: Decodable {
    let role: String
    let actual: String?
    let content: String
}

func structureLeaves(_ pdf: URL) throws -> [StructureLeaf] {
    let r = try runProgram(
        repositoryRoot.appendingPathComponent(".venv/bin/python"),
        [repositoryRoot.appendingPathComponent("Tests/tools/structure_text.py").path, pdf.path])
    try #require(r.status == 0, "structure_text.py \(pdf.lastPathComponent): \(r.errorOutput)")
    return try r.output.split(separator: "\n").map { try JSONDecoder().decode(StructureLeaf.self, from: Data($0.utf8)) }
}

/// The logical texts of the paragraphs drawn inside structure elements (not artifacts), in
/// drawing order: what the structure tree should hold.
func taggedTexts(_ pages: [Page]) -> [String] {
    var out: [String] = []
    var stack: [Bool] = []  // per open begin: is it an artifact
    for page in pages {
        for item in page.items {
            switch item {
            case .begin(let tag): stack.append(tag.role == .artifact || stack.last == true)
            case .end: _ = stack.popLast()
            case .paragraph(let p, _, _, _) where !stack.isEmpty && stack.last == false: out.append(p.text)
            default: break
            }
        }
    }
    return out
}

@Suite("The structure tree's text, read by an independent reader (pdfminer.six)")
struct StructureTextTests {
    @Test("Each element's text is its whole logical text: ActualText and marked content agree, nothing is cut",
        arguments: ["ar", "fa", "ti"])
    func elementTexts(language: String) throws {
        let build = try DocumentBuild(root: repositoryRoot)
        var options = DocumentBuild.Options()
        options.languages = [Language(language)]
        options.offices = ["musterstadt"]
        options.templates = ["kim-flyer-a4", "kim-flyer-trifold", "eat"]
        options.layout.creationDate = Date(timeIntervalSince1970: 1_767_225_600)
        let catalogs = build.project.catalogs(only: [Language(language)])
        let jobs = try build.jobs(options)
        #expect(jobs.count == 3, "\(jobs.map(\.name))")
        try withTemporaryFolder { dir in
            for job in jobs {
                let document = try build.layOut(job, catalogs: catalogs, options: options.layout)
                let pdf = dir.appendingPathComponent("\(job.id).pdf")
                try PDFRenderer().pdf(document.pages, info: document.info).write(to: pdf)
                let leaves = try structureLeaves(pdf)
                #expect(!leaves.isEmpty)
                for leaf in leaves {
                    #expect(!leaf.content.contains("(cid:") && !leaf.content.contains("\u{FFFD}"), "\(job.name) \(leaf.role): \(leaf.content)")
                    if let actual = leaf.actual, !leaf.content.isEmpty {
                        // The marked content alone (as poppler's struct-text and pdfminer.six read
                        // it) gives the same text as the element's /ActualText, but for the hyphens
                        // drawn where a line is hyphenated. (An element with no text drawn, a
                        // checkbox, has only its ActualText.)
                        #expect(
                            extractionKey(leaf.content).replacingOccurrences(of: "-", with: "")
                                == extractionKey(actual).replacingOccurrences(of: "-", with: ""),
                            "\(job.name) \(leaf.role): \(leaf.content) ≠ \(actual)")
                    }
                }
                // In tree order the elements hold every tagged paragraph's text, whole and in order.
                // (Leaves with no text drawn, checkboxes, are left out.)
                let read = extractionKey(leaves.map { $0.content.isEmpty ? "" : $0.actual ?? $0.content }.joined())
                let expected = extractionKey(taggedTexts(document.pages).joined())
                #expect(read == expected, "\(job.name): the structure tree's text differs from the paragraphs'")
            }
        }
    }

    @Test("poppler's pdfinfo -struct-text gives an Arabic heading whole (no ActualText span nested in its marked content)")
    func popplerStructText() throws {
        let build = try DocumentBuild(root: repositoryRoot)
        var options = DocumentBuild.Options()
        options.languages = [Language("ar")]
        options.offices = ["musterstadt"]
        options.templates = ["kim-flyer-a4"]
        options.layout.creationDate = Date(timeIntervalSince1970: 1_767_225_600)
        let job = try #require(try build.jobs(options).first)
        let document = try build.layOut(job, catalogs: build.project.catalogs(only: [Language("ar")]), options: options.layout)
        try withTemporaryFolder { dir in
            let pdf = dir.appendingPathComponent("ar.pdf")
            try PDFRenderer().pdf(document.pages, info: document.info).write(to: pdf)
            let out = try run("pdfinfo", ["-struct-text", pdf.path])
            // An element's text comes in pieces, one per marked-content sequence ("…" lines).
            let lines = out.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let h1 = lines.firstIndex(of: "H1 (block)") else {
                Issue.record("no H1 in \(out.prefix(400))")
                return
            }
            let pieces = lines[(h1 + 1)...].prefix { $0.hasPrefix("\"") }.map { String($0.dropFirst().dropLast()) }
            let title = try #require(try structureLeaves(pdf).first { $0.role == "H1" }?.actual)
            #expect(title.contains("الاندماج"))
            #expect(extractionKey(pieces.joined()) == extractionKey(title), "\(pieces)")
        }
    }
}
