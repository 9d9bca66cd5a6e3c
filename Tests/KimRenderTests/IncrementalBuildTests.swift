import Foundation
import KimCore
import KimDoc
import KimTestSupport
import Testing

/// `kimdoc build` remakes exactly the documents whose inputs changed (issue 20).
@Suite("Incremental builds")
struct IncrementalBuildTests {
    static let languages = [Language("de"), Language("ar"), Language("fa")]

    /// Builds every template for both offices in German, Arabic and Persian into `out`; the names
    /// (`template/office-lang`) of the documents made.
    static func build(_ root: URL, _ out: URL, force: Bool = false, png: Double? = nil) throws -> (made: Set<String>, summary: DocumentBuild.Summary) {
        let build = try DocumentBuild(root: root)
        var o = DocumentBuild.Options()
        o.languages = languages
        o.incremental = true
        o.force = force
        o.pngDPI = png
        let s = try build.run(o, into: out) { _ in }
        let made = s.files.filter { $0.pathExtension == "pdf" }.map {
            String($0.deletingPathExtension().path.dropFirst(out.path.count + 1))
        }
        return (Set(made), s)
    }

    /// Replaces the first `old` after `after` in a file.
    static func edit(_ url: URL, after: String = "", _ old: String, _ new: String) throws {
        var text = try String(contentsOf: url, encoding: .utf8)
        let from = after.isEmpty ? text.startIndex : try #require(text.range(of: after)).upperBound
        let r = try #require(text.range(of: old, range: from..<text.endIndex), "\(old) not in \(url.lastPathComponent)")
        text.replaceSubrange(r, with: new)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    static func append(_ url: URL, _ line: String) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        try (text + line).write(to: url, atomically: true, encoding: .utf8)
    }

    static func names(_ templates: [String], _ offices: [String], _ languages: [String]) -> Set<String> {
        Set(templates.flatMap { t in offices.flatMap { o in languages.map { "\(t)/\(o)-\($0)" } } })
    }

    @Test("each kind of change remakes exactly the documents it affects; no change remakes none; --force all")
    func whatIsRemade() throws {
        try withProjectCopy { root in
            let out = root.appendingPathComponent("output")
            let templates = ["kim-flyer-a4", "kim-flyer-trifold", "eat", "directory"]
            let offices = ["beispielkreis", "musterstadt"]
            let everything = Self.names(templates, offices, ["de", "ar", "fa"])
            let first = try Self.build(root, out)
            #expect(first.made == everything && first.summary.upToDate == 0)
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(".kimdoc-manifest.json").path))

            // Nothing changed: nothing made, and the summary still reports drafts and fallbacks.
            let again = try Self.build(root, out)
            #expect(again.made.isEmpty && again.summary.upToDate == everything.count && again.summary.documents == 0)
            #expect(again.summary.drafts == first.summary.drafts)
            #expect(Set(again.summary.fallbacks) == Set(first.summary.fallbacks))

            // A template: its documents in every office and language.
            try Self.append(root.appendingPathComponent("Templates/kim-flyer-a4.yaml"), "\n# changed\n")
            #expect(try Self.build(root, out).made == Self.names(["kim-flyer-a4"], offices, ["de", "ar", "fa"]))

            // An office file: every document of that office.
            try Self.append(root.appendingPathComponent("Templates/offices/musterstadt.yaml"), "\n# changed\n")
            #expect(try Self.build(root, out).made == Self.names(templates, ["musterstadt"], ["de", "ar", "fa"]))

            // An offers file: that office's guides.
            try Self.append(root.appendingPathComponent("Templates/offers/musterstadt.yaml"), "\n# changed\n")
            #expect(try Self.build(root, out).made == Self.names(["directory"], ["musterstadt"], ["de", "ar", "fa"]))

            // One Arabic unit's translation: the Arabic documents that use it (both flyers).
            let ar = root.appendingPathComponent("Translations/ar.po")
            try Self.edit(ar, after: "msgctxt \"flyer.audience.text\"", "msgstr \"", "msgstr \"\u{0627}")
            #expect(try Self.build(root, out).made == Self.names(["kim-flyer-a4", "kim-flyer-trifold"], offices, ["ar"]))

            // Only the draft state of a Persian unit.
            let fa = root.appendingPathComponent("Translations/fa.po")
            var text = try String(contentsOf: fa, encoding: .utf8)
            let entry = try #require(text.range(of: "msgctxt \"flyer.audience.text\""))
            let mark = try #require(text.range(of: "# draft: not yet reviewed by a person; delete this line once reviewed\n", options: .backwards, range: text.startIndex..<entry.lowerBound))
            #expect(!text[mark.upperBound..<entry.lowerBound].contains("msgstr"), "the draft line belongs to the unit")
            text.removeSubrange(mark)
            try text.write(to: fa, atomically: true, encoding: .utf8)
            #expect(try Self.build(root, out).made == Self.names(["kim-flyer-a4", "kim-flyer-trifold"], offices, ["fa"]))

            // A comment that is not the draft mark, and lines moving, change nothing printed.
            try Self.edit(fa, "#. Where: paragraph in column-1, column-2 (kim-flyer-a4).", "# a translator's note\n#. Where: paragraph in column-1, column-2 (kim-flyer-a4).")
            let moved = try Self.build(root, out)
            #expect(moved.made.isEmpty && moved.summary.upToDate == everything.count)

            // The fonts (their stamp as recorded): everything.
            let manifestURL = out.appendingPathComponent(".kimdoc-manifest.json")
            var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
            var documents = try #require(manifest["documents"] as? [String: [String: Any]])
            for key in documents.keys { documents[key]?["fonts"] = "0000000000000000" }
            manifest["documents"] = documents
            try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
            #expect(try Self.build(root, out).made == everything)

            // An output deleted, or altered by hand (same size): that one.
            try FileManager.default.removeItem(at: out.appendingPathComponent("directory/musterstadt-ar.pdf"))
            let altered = out.appendingPathComponent("eat/beispielkreis-fa.pdf")
            var bytes = try Data(contentsOf: altered)
            bytes[bytes.count / 2] ^= 0x20
            try bytes.write(to: altered)
            #expect(try Self.build(root, out).made == ["directory/musterstadt-ar", "eat/beispielkreis-fa"])

            // A damaged manifest only means everything is made again.
            try Data("{".utf8).write(to: manifestURL)
            #expect(try Self.build(root, out).made == everything)

            // --force: everything.
            let forced = try Self.build(root, out, force: true)
            #expect(forced.made == everything && forced.summary.upToDate == 0)
        }
    }

    @Test("a document that overflows is removed and reported again on the next build; --png pages count as outputs")
    func overflowAndPNG() throws {
        try withProjectCopy { root in
            let out = root.appendingPathComponent("output")
            let build = try DocumentBuild(root: root)
            var o = DocumentBuild.Options()
            o.templates = ["kim-flyer-a4"]
            o.offices = ["musterstadt"]
            o.languages = [Language("ar")]
            o.incremental = true
            o.pngDPI = 20
            let pdf = out.appendingPathComponent("kim-flyer-a4/musterstadt-ar.pdf")
            let png = out.appendingPathComponent("kim-flyer-a4/musterstadt-ar-1.png")
            #expect(try build.run(o, into: out) { _ in }.documents == 1)
            try FileManager.default.removeItem(at: png)
            let again = try build.run(o, into: out) { _ in }
            #expect(again.documents == 1 && FileManager.default.fileExists(atPath: png.path))
            #expect(try build.run(o, into: out) { _ in }.upToDate == 1)

            // A translation far too long for its box.
            let ar = root.appendingPathComponent("Translations/ar.po")
            try Self.edit(ar, after: "msgctxt \"flyer.audience.text\"", "msgstr \"", "msgstr \"" + String(repeating: "\u{0646}\u{0635} \u{0637}\u{0648}\u{064A}\u{0644} \u{062C}\u{062F}\u{0627}\u{064B} ", count: 300))
            for _ in 0..<2 {
                let s = try DocumentBuild(root: root).run(o, into: out) { _ in }
                #expect(s.overflows.count == 1 && s.documents == 0 && s.upToDate == 0)
                #expect(!FileManager.default.fileExists(atPath: pdf.path))
            }
        }
    }

    @Test("kimdoc build prints how many documents were made and how many were up to date")
    func commandLine() throws {
        try withTemporaryFolder { out in
            let args = ["build", "--template", "kim-flyer-a4", "--office", "musterstadt", "--lang", "ar", "--lang", "de", "--out", out.path]
            let first = try runKimdoc(args)
            #expect(first.status == 0, "\(first.errorOutput)")
            #expect(first.output.contains("2 documents made (2 pages), 0 up to date"), "\(first.output)")
            let second = try runKimdoc(args)
            #expect(second.output.contains("0 documents made (0 pages), 2 up to date"), "\(second.output)")
            #expect(second.output.contains("documents use translations not yet reviewed"), "\(second.output)")
            let forced = try runKimdoc(args + ["--force"])
            #expect(forced.output.contains("2 documents made (2 pages), 0 up to date"), "\(forced.output)")
        }
    }
}
