import Foundation
import KimCatalog
import KimCore
import KimDoc
import KimLayout
import KimRender
import KimTemplate
import KimText
import KimUnicode
import Testing

/// Runs a build strictly (no German fallback) for the languages whose catalogs are meant to be
/// complete and without `--strict` for the others, into one folder, and adds up the summaries.
func buildStrictWhereComplete(_ build: DocumentBuild, _ options: DocumentBuild.Options, into folder: URL) throws -> DocumentBuild.Summary {
    let all = options.languages.isEmpty ? build.project.languages.tags : options.languages
    var total = DocumentBuild.Summary()
    for strict in [true, false] {
        var o = options
        o.languages = all.filter { catalogMeantComplete($0.tag) == strict }
        o.layout.strict = strict
        if o.languages.isEmpty { continue }
        let s = try build.run(o, into: folder) { _ in }
        total.documents += s.documents
        total.pages += s.pages
        total.fallbacks += s.fallbacks
        total.overflows += s.overflows
        total.failures += s.failures
        total.skipped.merge(s.skipped) { a, _ in a }
        total.drafts += s.drafts
        total.seconds += s.seconds
        total.files += s.files
    }
    return total
}

/// Builds every flyer once (all templates × offices × languages of languages.json) into a
/// temporary folder, shared by the tests below: strict (no German fallback) for the languages
/// whose catalogs are meant to be complete, with fallbacks reported for the others.
final class BuiltFlyers: Sendable {
    static let shared = BuiltFlyers()
    let folder: URL
    let summary: Result<DocumentBuild.Summary, any Error>
    let build: Result<DocumentBuild, any Error>

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kimdoc-flyers-\(UUID().uuidString)")
        build = Result { try DocumentBuild(root: repositoryRoot) }
        var options = DocumentBuild.Options()
        options.templates = flyerTemplates
        options.layout.creationDate = Date(timeIntervalSince1970: 1_767_225_600)
        let folder = folder
        summary = build.flatMap { b in Result { try buildStrictWhereComplete(b, options, into: folder) } }
    }

    func pdf(_ template: String, _ office: String, _ lang: String) -> URL {
        folder.appendingPathComponent("\(template)/\(office)-\(lang).pdf")
    }
}

/// Every language of Translations/languages.json.
let flyerLanguages = projectLanguages()
let flyerTemplates = ["kim-flyer-trifold", "kim-flyer-a4"]

@Suite("Flyers")
struct FlyerTests {
    @Test("every language × both layouts builds with no overflow and no tofu; no German fallback where the catalog is meant to be complete")
    func buildsEverything() throws {
        let s = try BuiltFlyers.shared.summary.get()
        #expect(s.failures == [])
        #expect(s.overflows == [])
        #expect(s.fallbacks.filter { catalogMeantComplete($0.language.tag) } == [])
        #expect(s.documents == flyerTemplates.count * 2 * flyerLanguages.count)
    }

    @Test("pdftotext gives back the office's phone, e-mail and URL verbatim", arguments: flyerTemplates, flyerLanguages)
    func contactVerbatim(_ template: String, _ lang: String) throws {
        _ = try BuiltFlyers.shared.summary.get()
        for (office, phone, email, site) in [
            ("musterstadt", "+49 221 4710-123", "kim@musterstadt.example", "www.musterstadt.example/kim"),
            ("beispielkreis", "+49 221 4710-456", "integration@kreis-beispielland.example", "kreis-beispielland.example/integration"),
        ] {
            let text = withoutDirectionalMarks(try run("pdftotext", [BuiltFlyers.shared.pdf(template, office, lang).path, "-"]))
            #expect(text.contains(phone), "\(office)-\(lang): phone")
            #expect(text.contains(email), "\(office)-\(lang): e-mail")
            #expect(text.contains(site), "\(office)-\(lang): website")
        }
    }

    @Test("page size and count from pdfinfo: tri-fold 2 landscape pages, A4 one portrait page")
    func pageSizes() throws {
        _ = try BuiltFlyers.shared.summary.get()
        let trifold = try run("pdfinfo", [BuiltFlyers.shared.pdf("kim-flyer-trifold", "musterstadt", "ar").path])
        #expect(trifold.contains("Pages:           2"))
        #expect(trifold.contains("Page size:       841.89 x 595.276 pts (A4)"))
        let a4 = try run("pdfinfo", [BuiltFlyers.shared.pdf("kim-flyer-a4", "beispielkreis", "ti").path])
        #expect(a4.contains("Pages:           1"))
        #expect(a4.contains("Page size:       595.276 x 841.89 pts (A4)"))
        #expect(a4.contains("Title:"))
    }

    @Test("the QR code decodes to the office URL", .enabled(if: FileManager.default.fileExists(atPath: "/usr/bin/zbarimg")))
    func qrCode() throws {
        _ = try BuiltFlyers.shared.summary.get()
        try withTemporaryFolder { dir in
            let prefix = dir.appendingPathComponent("p").path
            _ = try run("pdftoppm", ["-r", "200", "-png", "-f", "1", "-l", "1", BuiltFlyers.shared.pdf("kim-flyer-trifold", "beispielkreis", "fa").path, prefix])
            let png = try #require(try FileManager.default.contentsOfDirectory(atPath: dir.path).first { $0.hasSuffix(".png") })
            let decoded = try runTool("zbarimg", ["--quiet", "--raw", dir.appendingPathComponent(png).path])
            #expect(decoded.output.trimmingCharacters(in: .whitespacesAndNewlines) == "https://kreis-beispielland.example/integration")
        }
    }

    /// The first paragraph item laid out whose text starts with `prefix`, with its x.
    func paragraphs(_ doc: LaidOutDocument) -> [(text: String, x: Double, p: LaidOutParagraph)] {
        doc.pages.flatMap { page in
            page.items.compactMap { item -> (String, Double, LaidOutParagraph)? in
                if case .paragraph(let p, let x, _, _) = item { return (p.text, x, p) }
                return nil
            }
        }
    }

    @Test("right to left: bullets right of the item text, labels right of values, text aligned right", arguments: flyerLanguages)
    func rightToLeft(_ lang: String) throws {
        let build = try BuiltFlyers.shared.build.get()
        var o = DocumentBuild.Options()
        o.templates = ["kim-flyer-trifold"]
        o.offices = ["musterstadt"]
        let rtl = LocaleInfo.direction(of: Language(lang)) == .rightToLeft
        do {
            o.languages = [Language(lang)]
            let job = try #require(try build.jobs(o).first)
            let doc = try build.layOut(job, catalogs: build.project.catalogs(), options: DocumentLayout.Options())
            let items = paragraphs(doc)
            let bullets = items.filter { $0.text == "•" }
            #expect(!bullets.isEmpty)
            // The list item after each bullet: the bullet is on its start side.
            for b in bullets {
                guard let i = items.firstIndex(where: { $0.x == b.x && $0.text == "•" }), i + 1 < items.count else { continue }
                let item = items[i + 1]
                if rtl { #expect(b.x > item.x + (item.p.lines.first?.x ?? 0)) } else { #expect(b.x < item.x) }
            }
            // Body lines of the RTL flyer end at the right edge of their box.
            // (A language whose catalog is not finished may have no translated paragraph that long.)
            if rtl {
                let body = items.first { $0.p.direction == .rightToLeft && $0.p.lines.count > 2 }
                if catalogMeantComplete(lang) { #expect(body != nil, "\(lang): no right-to-left body paragraph") }
                if let body, let line = body.p.lines.last {
                    #expect(abs(line.x + line.width - body.p.width) < 0.5)
                }
            }
        }
    }

    @Test("every paragraph stays inside its frame, also in the narrower folding panel", arguments: flyerLanguages)
    func withinFrames(_ lang: String) throws {
        let build = try BuiltFlyers.shared.build.get()
        var o = DocumentBuild.Options()
        o.templates = ["kim-flyer-trifold"]
        o.offices = ["beispielkreis"]
        o.languages = [Language(lang)]
        let job = try #require(try build.jobs(o).first)
        let doc = try build.layOut(job, catalogs: build.project.catalogs(), options: DocumentLayout.Options())
        let geometry = PageGeometry(try #require(job.template).layout)
        var inRight = 0
        for (side, page) in zip(geometry.sides, doc.pages) {
            for case .paragraph(let p, let x, let y, _) in page.items where p.lines.count > 0 {
                let frame = side.frames.first { x >= $0.rect.x - 0.01 && x < $0.rect.maxX && y >= $0.rect.y - 0.01 && y < $0.rect.maxY }
                guard let frame else { continue }  // the draft line sits in the bottom margin
                if frame.name == "inside-right" { inRight += 1 }
                #expect(x + p.width <= frame.rect.maxX + 0.01, "\(lang) \(frame.name): \(p.text.prefix(30)) is \(p.width) pt wide")
            }
        }
        #expect(inRight > 0)
    }

    @Test("an overflow is reported with template, block, language and millimetres")
    func overflow() throws {
        try withTemporaryFolder { dir in
            let yaml = """
                template: tiny
                title: {id: tiny.title, de: Klein}
                layout: {format: a4, margins: 95mm}
                flows:
                  - frames: [page]
                    blocks:
                      - heading: {id: tiny.heading, de: Überschrift}
                      - paragraph:
                          id: tiny.text
                          de: >-
                            Dieser Absatz ist viel zu lang für den winzigen Rahmen, der nach den riesigen Rändern übrig bleibt.
                            Dieser Absatz ist viel zu lang für den winzigen Rahmen, der nach den riesigen Rändern übrig bleibt.
                            Dieser Absatz ist viel zu lang für den winzigen Rahmen, der nach den riesigen Rändern übrig bleibt.
                            Dieser Absatz ist viel zu lang für den winzigen Rahmen, der nach den riesigen Rändern übrig bleibt.
                """
            let url = dir.appendingPathComponent("tiny.yaml")
            try yaml.write(to: url, atomically: true, encoding: .utf8)
            let template = try Template.load(url, root: dir)
            let office = try OfficeData.load(repositoryRoot.appendingPathComponent("Templates/offices/musterstadt.yaml"), root: repositoryRoot)
            let doc = try DocumentLayout().layout(template, office: office, language: Language("de"), numberingSystem: nil, catalog: nil)
            let overflow = try #require(doc.overflows.first)
            #expect(overflow.template == "tiny" && overflow.block == "tiny.text" && overflow.language == "de")
            #expect(overflow.millimetres > 1)
            #expect(overflow.description.hasPrefix("tiny: block tiny.text does not fit in de: "))
            #expect(overflow.description.hasSuffix(" mm too much"))
        }
    }
}

@Suite("Template fonts")
struct TemplateFontTests {
    @Test("a template's font list for a script replaces kimdoc's default (Naskh → Noto Sans Arabic)")
    func fontOverride() throws {
        try withTemporaryFolder { dir in
            func families(_ fonts: String) throws -> Set<String> {
                let yaml = "template: f\ntitle: {id: f.title, de: Titel}\n\(fonts)flows:\n  - frames: [page]\n    blocks:\n      - paragraph: {id: f.text, de: \"Rufen Sie {phone} an.\"}\n"
                let url = dir.appendingPathComponent("f.yaml")
                try yaml.write(to: url, atomically: true, encoding: .utf8)
                let template = try Template.load(url, root: dir)
                let office = try OfficeData.load(repositoryRoot.appendingPathComponent("Templates/offices/musterstadt.yaml"), root: repositoryRoot)
                let po = try POFile.parse(Array("msgid \"\"\nmsgstr \"Language: ar\\n\"\n\nmsgctxt \"f.text\"\nmsgid \"Rufen Sie {phone} an.\"\nmsgstr \"اتصلوا بنا على {phone}.\"\n".utf8), path: "ar.po")
                let doc = try DocumentLayout().layout(
                    template, office: office, language: Language("ar"), numberingSystem: nil, catalog: Catalog(language: Language("ar"), file: po, path: "ar.po"))
                var out = Set<String>()
                for page in doc.pages {
                    for case .paragraph(let p, _, _, _) in page.items {
                        for line in p.lines { for run in line.runs where run.script.isoCode == "Arab" { out.insert(run.font.family) } }
                    }
                }
                return out
            }
            let standard = try families("")
            let overridden = try families("fonts:\n  Arab: [Noto Sans Arabic]\n")
            // (Digits and punctuation in Arabic runs may come from the fallback Noto Sans.)
            #expect(standard.contains("Noto Naskh Arabic") && !standard.contains("Noto Sans Arabic"))
            #expect(overridden.contains("Noto Sans Arabic") && !overridden.contains("Noto Naskh Arabic"))
        }
    }
}

@Suite("Hyphenation of long German compounds")
struct CompoundHyphenationTests {
    @Test("Aufenthaltstitel, Einbürgerungsbehörde, Integrationskursträger break at syllable points")
    func compounds() throws {
        let h = try #require(try Hyphenator.shared(for: Language("de")))
        func split(_ w: String) throws -> String {
            let points = try h.points(in: w)
            var out = ""
            for (i, u) in Array(w.utf16).enumerated() {
                if points.contains(i) { out += "-" }
                out += String(decoding: [u], as: UTF16.self)
            }
            return out
        }
        #expect(try split("Aufenthaltstitel") == "Auf-ent-halts-ti-tel")
        #expect(try split("Einbürgerungsbehörde") == "Ein-bür-ge-rungs-be-hörde")
        #expect(try split("Integrationskursträger") == "In-te-gra-ti-ons-kurs-trä-ger")
    }
}
