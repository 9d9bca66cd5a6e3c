import Foundation
import KimCatalog
import KimCore
import KimTemplate
import KimTestSupport
import Testing

/// The PDFs of issue 8's checks, made once through the command line: a flyer, a blank form and
/// a guide, in German and in Arabic, plus a filled Arabic form.
final class TaggedDocuments: Sendable {
    static let shared = TaggedDocuments()
    let folder: URL
    let made: Result<Void, any Error>

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kimdoc-tagged-\(getpid())")
        let folder = folder
        made = Result {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let date = ["--date", "2026-01-01T00:00:00Z"]
            let client = folder.appendingPathComponent("client.json")
            try Data(#"{"application": "first", "surname": "Haddad", "given_names": "Nour"}"#.utf8)
                .write(to: client)
            for lang in ["de", "ar"] {
                for args in [
                    ["flyer", "--template", "kim-flyer-a4", "--office", "musterstadt", "--lang", lang, "--out", "flyer-\(lang).pdf"],
                    ["form", "eat", "--lang", lang, "--blank", "--office", "musterstadt", "--out", "form-\(lang).pdf"],
                    ["directory", "--office", "musterstadt", "--lang", lang, "--out", "directory-\(lang).pdf"],
                ] {
                    let r = try runKimdoc(args.map { $0.hasSuffix(".pdf") ? folder.appendingPathComponent($0).path : $0 } + date)
                    guard r.status == 0 else { throw TestSupportError(description: "kimdoc \(args): \(r.errorOutput)") }
                }
            }
            let r = try runKimdoc(
                ["form", "eat", "--lang", "ar", "--data", client.path, "--office", "musterstadt", "--out", folder.appendingPathComponent("filled-ar.pdf").path]
                    + date)
            guard r.status == 0 else { throw TestSupportError(description: "kimdoc form --data: \(r.errorOutput)") }
        }
    }

    func report(_ name: String) throws -> TaggedPDFReport {
        try made.get()
        return try TaggedPDFReport(folder.appendingPathComponent("\(name).pdf"))
    }
}

let taggedKinds = ["flyer", "form", "directory"]

/// Elements whose language differs from the one they inherit, and elements that repeat it.
func languageMarks(_ node: StructureNode, inherited: String) -> (marked: [StructureNode], redundant: [StructureNode]) {
    var marked: [StructureNode] = [], redundant: [StructureNode] = []
    let own = node.language ?? inherited
    if let l = node.language { if l == inherited { redundant.append(node) } else { marked.append(node) } }
    for c in node.children {
        let r = languageMarks(c, inherited: own)
        marked += r.marked
        redundant += r.redundant
    }
    return (marked, redundant)
}

func isLatin(_ s: String) -> Bool { s.unicodeScalars.filter(\.properties.isAlphabetic).allSatisfy { $0.value < 0x250 } }
func isArabic(_ s: String) -> Bool { s.unicodeScalars.contains { (0x600...0x6FF).contains($0.value) } }

@Suite("Tagged PDF: structure, languages, title, alternative texts, links", .serialized)
struct TaggedPDFTests {
    @Test("qpdf --check passes; catalog /Lang, DisplayDocTitle, MarkInfo and the translated title", arguments: taggedKinds, ["de", "ar"])
    func catalog(_ kind: String, _ lang: String) throws {
        let r = try TaggedDocuments.shared.report("\(kind)-\(lang)")
        #expect(r.checkStatus == 0, "\(r.checkOutput)")
        #expect(r.checkOutput.contains("No syntax or stream encoding errors"))
        #expect(r.catalogLanguage == lang)
        #expect(r.displayDocTitle)
        #expect(r.marked)
        let doc = try #require(r.document)
        #expect(doc.role == "Document")
        #expect(doc.language == nil, "the document element inherits the catalog's language")
        switch (kind, lang) {
        case ("form", "de"): #expect(r.title == "Antrag auf Erteilung eines Aufenthaltstitels – Übersetzte Ausfüllhilfe")
        case ("form", "ar"): #expect(r.title.hasPrefix("Antrag auf Erteilung eines Aufenthaltstitels – ") && isArabic(r.title))
        case (_, "ar"): #expect(isArabic(r.title), "\(r.title)")
        default: #expect(!r.title.isEmpty && isLatin(r.title))
        }
    }

    @Test("languages: every element in another language says so, none repeats its parent's", arguments: taggedKinds, ["de", "ar"])
    func languages(_ kind: String, _ lang: String) throws {
        let r = try TaggedDocuments.shared.report("\(kind)-\(lang)")
        let doc = try #require(r.document)
        let (marked, redundant) = languageMarks(doc, inherited: lang)
        #expect(redundant.isEmpty, "\(redundant.map(\.role))")
        // German parts in the Arabic documents: the office's address (flyer, guide), every German
        // label of the form. Offers named in another script (a Russian club in the guide) carry
        // that name's language. The text is in the marked language's script.
        for m in marked {
            let text = m.text
            switch m.language {
            case "de": #expect(isLatin(text), "\(m.role) [de]: \(text)")
            case "ru", "uk": #expect(text.unicodeScalars.contains { (0x400...0x4FF).contains($0.value) }, "\(m.role): \(text)")
            default: Issue.record("\(m.role) marked \(m.language ?? ""): \(text)")
            }
        }
        if lang == "ar" { #expect(marked.filter { $0.language == "de" }.count >= (kind == "form" ? 60 : 3)) }
        if lang == "de" { #expect(kind == "directory" ? marked.count >= 1 : marked.isEmpty) }
        // Text elements in the document's language (no /Lang of their own) in Arabic are Arabic,
        // or values (numbers, addresses, names as written).
        if lang == "ar" {
            let arabic = doc.all.filter { ["H1", "H2", "P"].contains($0.role) && $0.language == nil && $0.children.isEmpty && isArabic($0.text) }
            #expect(arabic.count >= 5)
        }
    }

    @Test("flyer: headings in the template's order, in logical order also in Arabic (from the structure)", arguments: ["de", "ar"])
    func flyerOrder(_ lang: String) throws {
        let r = try TaggedDocuments.shared.report("flyer-\(lang)")
        let doc = try #require(r.document)
        let template = try Template.load(repositoryRoot.appendingPathComponent("Templates/kim-flyer-a4.yaml"), root: repositoryRoot)
        var refs: [TextRef] = []
        func walk(_ blocks: [BlockSpec]) {
            for b in blocks {
                if case .heading(let t, let level) = b.block, level == 2 { refs.append(t) }
                if case .box(_, let inner) = b.block { walk(inner) }
            }
        }
        for flow in template.flows { walk(flow.blocks) }
        let catalog = try FormFixture.shared.catalogs.get()[Language(lang)]
        let expected = refs.map { ref -> String in
            guard let catalog, case .translated(let t, _) = catalog.lookup(id: ref.id, german: ref.german) else { return ref.german }
            return t
        }
        let h2 = doc.elements("H2").map(\.text)
        #expect(h2 == expected)
        if lang == "ar" {
            // poppler reads Arabic with ligatures only up to the first ActualText span (a bug in its
            // marked-content reader); the element's own ActualText has the whole logical text.
            #expect(doc.elements("H2").allSatisfy { $0.actualText != nil })
        }
        // The first element is the H1, lists are L > LI > (Lbl, LBody), tables TR > (TH, TD).
        #expect(doc.children.first(where: { $0.role != "Note" })?.role == "H1")
        let items = doc.elements("LI")
        #expect(items.count >= 6)
        #expect(items.allSatisfy { $0.children.map(\.role) == ["Lbl", "LBody"] })
        let rows = doc.elements("TR")
        #expect(rows.count >= 8, "contact and opening hours")
        #expect(rows.allSatisfy { $0.children.map(\.role) == ["TH", "TD"] })
        // Page furniture is not read.
        #expect(!r.structText.contains("Seite 1"))
    }

    @Test("flyer: every figure has alternative text; the QR code's says where it leads", arguments: ["de", "ar"])
    func figures(_ lang: String) throws {
        let doc = try #require(try TaggedDocuments.shared.report("flyer-\(lang)").document)
        let figures = doc.elements("Figure")
        #expect(!figures.isEmpty)
        for f in figures { #expect(!(f.alternativeText ?? "").isEmpty) }
        #expect(figures.contains { ($0.alternativeText ?? "").contains("musterstadt.example/kim") })
        if lang == "ar" { #expect(figures.allSatisfy { isArabic($0.alternativeText ?? "") }) }
    }

    @Test("links: web and e-mail addresses are clickable and lead to the office", arguments: ["flyer", "directory"], ["de", "ar"])
    func links(_ kind: String, _ lang: String) throws {
        let r = try TaggedDocuments.shared.report("\(kind)-\(lang)")
        let doc = try #require(r.document)
        let uris = Set(r.links.map(\.uri))
        #expect(uris.contains("https://www.musterstadt.example/kim") || kind == "directory")
        #expect(uris.contains("mailto:kim@musterstadt.example") || kind == "directory")
        if kind == "directory" { #expect(uris.contains { $0.hasPrefix("mailto:") } && uris.contains { $0.hasPrefix("https://") }) }
        // One Link element per annotation, each referring to it, its text the address.
        let elements = doc.elements("Link")
        #expect(elements.count == r.links.count)
        #expect(elements.allSatisfy { $0.objectReferences == 1 })
        for l in r.links { #expect(l.contents == l.uri) }
        for e in elements {
            let shown = e.text.trimmingCharacters(in: .whitespaces)
            #expect(uris.contains("mailto:" + shown) || uris.contains("https://" + shown), "\(shown)")
        }
    }

    @Test("form: sections are H2 (German span, then the translation); each field a row TH (labels) then TD (answer)", arguments: ["de", "ar"])
    func formRows(_ lang: String) throws {
        let r = try TaggedDocuments.shared.report("form-\(lang)")
        let doc = try #require(r.document)
        let form = try FormFixture.shared.eat
        let h2 = doc.elements("H2")
        #expect(h2.count == form.sections.count)
        for (h, section) in zip(h2, form.sections) {
            let first = try #require(h.children.first)
            #expect(first.role == "Span")
            #expect(first.text.hasSuffix(section.title.german), "\(first.text)")
            #expect(first.language == (lang == "de" ? nil : "de"))
            if lang == "ar" {
                #expect(h.children.count == 2 && h.children[1].language == nil && isArabic(h.children[1].text))
            }
        }
        let rows = doc.elements("TR").filter { $0.children.first?.role == "TH" && $0.children.count == 2 }
        #expect(rows.count >= 40, "one row per field")
        for row in rows {
            #expect(row.children.map(\.role) == ["TH", "TD"])
            let labels = row.children[0].children
            #expect(labels.first?.role == "P")
            #expect(labels.first.map { isLatin($0.text) } ?? false, "the German label first: \(labels.first?.text ?? "")")
            if lang == "ar" {
                #expect(labels.count == 2, "\(labels.map(\.text))")
                #expect(labels.first?.language == "de")
                #expect(labels.last?.language == nil && isArabic(labels.last?.text ?? ""))
            } else {
                #expect(labels.count == 1 && labels[0].language == nil)
            }
        }
        // Title and notice once; the header and "Seite X von Y" on the other pages are artifacts.
        #expect(doc.elements("H1").count == 1)
        #expect(!r.structText.contains("Seite 1 von"))
        #expect(doc.elements("Note").count >= 1)
        // The draft line (the translations are drafts) leads, its German half marked German.
        if lang == "ar" {
            let note = try #require(doc.children.first)
            #expect(note.role == "Note")
            #expect(note.elements("Span").contains { $0.language == "de" && $0.text.hasPrefix("Entwurf") }, "\(note.outline())")
        }
    }

    @Test("form: options are lists whose label reads the box: ☐ blank, ☒ where the client chose")
    func checkboxes() throws {
        let blank = try #require(try TaggedDocuments.shared.report("form-ar").document)
        let boxes = blank.elements("Lbl")
        #expect(boxes.count >= 20)
        #expect(boxes.allSatisfy { $0.actualText == "☐" })
        let filled = try #require(try TaggedDocuments.shared.report("filled-ar").document)
        let chosen = filled.elements("LI").filter { $0.children.first?.actualText == "☒" }
        #expect(chosen.count == 1)
        #expect(chosen.first?.children.last?.text.contains("die erstmalige Erteilung") ?? false)
        // The client's name is read in the answer cell after its labels.
        let row = try #require(filled.elements("TR").first { $0.children.first?.text.contains("Familienname") ?? false })
        #expect(row.children.last?.text == "Haddad")
    }

    @Test("guide: title, contents (TOC > TOCI), a Sect per category with its H2, offers as Sect > H3, then the index", arguments: ["de", "ar"])
    func guide(_ lang: String) throws {
        let r = try TaggedDocuments.shared.report("directory-\(lang)")
        let doc = try #require(r.document)
        let top = doc.children.map(\.role).filter { $0 != "Note" }
        #expect(top.first == "H1")
        let toc = try #require(doc.elements("TOC").first)
        let categories = doc.children.filter { $0.role == "Sect" }
        #expect(categories.count == 7)
        #expect(toc.children.count == categories.count + 1)
        #expect(toc.children.allSatisfy { $0.role == "TOCI" })
        // The categories in the same (logical) order as the contents lists them.
        for (entry, category) in zip(toc.children, categories) {
            let heading = try #require(category.children.first)
            #expect(heading.role == "H2")
            #expect(entry.text.hasPrefix(heading.text), "\(entry.text) / \(heading.text)")
            #expect(category.children.dropFirst().allSatisfy { $0.role == "Sect" && $0.children.first?.role == "H3" })
        }
        let index = try #require(doc.elements("Index").first)
        #expect(index.children.filter { $0.role == "P" }.count == 52, "every offer in the index")
        #expect(top.last == "Index")
        // Running header and page numbers are not read.
        #expect(!r.structText.contains(lang == "de" ? "Seite 2 von" : "2 من"))
    }
}
