import Foundation
import KimCatalog
import KimCore
import KimDoc
import KimLayout
import KimRender
import KimTemplate
import KimUnicode
import KimTestSupport
import Testing

/// Builds every guide once (both offices × every language of languages.json) into a temporary
/// folder, shared by the tests below: strict (no German fallback) where the language's catalog
/// is meant to be complete, with fallbacks reported for the others.
final class BuiltGuides: Sendable {
    static let shared = BuiltGuides()
    let folder: URL
    let summary: Result<DocumentBuild.Summary, any Error>
    let build: Result<DocumentBuild, any Error>

    init() {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("kimdoc-guides-\(UUID().uuidString)")
        build = Result { try DocumentBuild(root: repositoryRoot) }
        var options = DocumentBuild.Options()
        options.templates = ["directory"]
        options.layout.creationDate = Date(timeIntervalSince1970: 1_767_225_600)
        let folder = folder
        summary = build.flatMap { b in
            Result {
                var total = DocumentBuild.Summary()
                for strict in [true, false] {
                    var o = options
                    o.languages = b.project.languages.tags.filter { catalogMeantComplete($0.tag) == strict }
                    o.layout.strict = strict
                    if o.languages.isEmpty { continue }
                    let s = try b.run(o, into: folder) { _ in }
                    total.documents += s.documents
                    total.fallbacks += s.fallbacks
                    total.overflows += s.overflows
                    total.failures += s.failures
                }
                return total
            }
        }
    }

    func pdf(_ office: String, _ lang: String) -> URL { folder.appendingPathComponent("directory/\(office)-\(lang).pdf") }
}

/// A guide's PDF as pdftotext reads it: whole pages, or one column of a page.
struct GuidePDF {
    let url: URL
    let rtl: Bool
    let template: DirectoryTemplate

    init(_ url: URL, rtl: Bool) throws {
        self.url = url
        self.rtl = rtl
        template = try DirectoryTemplate.load(
            repositoryRoot.appendingPathComponent("Templates/directory/kim-directory.yaml"), root: repositoryRoot)
    }

    var pageCount: Int {
        get throws {
            let info = try pdfTool("pdfinfo", [url.path])
            let line = info.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
            return Int(line.split(separator: " ").last ?? "") ?? 0
        }
    }

    func page(_ n: Int) throws -> String { try pdfTool("pdftotext", ["-f", "\(n)", "-l", "\(n)", url.path, "-"]) }

    /// The columns of a page in reading order (the right one first in Arabic and Persian), without
    /// running header and footer.
    func columns(_ n: Int) throws -> [String] {
        let width = template.columnWidth, m = template.margins
        let xs = (0..<template.columns).map { m + Double($0) * (width + template.gap) }
        let top = m, height = Units.points(mm: 297) - 2 * m
        return try (rtl ? xs.reversed() : xs).map { x in
            try pdfTool(
                "pdftotext",
                [
                    "-f", "\(n)", "-l", "\(n)", "-x", "\(Int(x - 2))", "-y", "\(Int(top))", "-W", "\(Int(width + 4))", "-H",
                    "\(Int(height))", url.path, "-",
                ])
        }
    }

    /// The text of pages `range`, column after column.
    func columns(_ range: ClosedRange<Int>) throws -> String { try range.flatMap { try columns($0) }.joined(separator: "\n") }
}

func pdfTool(_ tool: String, _ arguments: [String]) throws -> String {
    let r = try runTool(tool, arguments)
    try #require(r.status == 0, "\(tool) \(arguments.joined(separator: " ")) failed: \(r.errorOutput)")
    return r.output
}

/// Text compared as a reader sees it: without the directional marks poppler adds, joiners and
/// whitespace (names wrap; poppler drops the space after a left-to-right stretch in RTL lines).
func squeezed(_ s: String) -> String {
    String(
        String.UnicodeScalarView(
            s.unicodeScalars.filter {
                !$0.properties.isBidiControl && !$0.properties.isWhitespace && $0 != "\u{200C}" && $0 != "\u{200D}"
            }))
}

/// Lines without directional marks, trimmed, empty ones left out.
func lines(_ s: String) -> [String] {
    s.split(separator: "\n").map { line in
        String(String.UnicodeScalarView(line.unicodeScalars.filter { !$0.properties.isBidiControl })).trimmingCharacters(
            in: .whitespaces)
    }.filter { !$0.isEmpty }
}

/// The names that do not occur in `text` in this order (each searched after the one found
/// before it); empty when all are there, in order.
func outOfOrder(_ names: [String], in text: String) -> [String] {
    let hay = Array(squeezed(text))
    var missing: [String] = []
    var from = 0
    for name in names {
        let needle = Array(squeezed(name))
        var found: Int?
        if !needle.isEmpty, needle.count <= hay.count, from <= hay.count - needle.count {
            for i in from...(hay.count - needle.count) where Array(hay[i..<(i + needle.count)]) == needle {
                found = i
                break
            }
        }
        if let found { from = found + needle.count } else { missing.append(name) }
    }
    return missing
}

/// A text of the guide as it shows it in `lang`: the catalog's translation, or the German text
/// where there is none (for a language added as data, with no strings written out here).
func guideText(_ ref: TextRef, _ lang: String) throws -> String {
    let catalog = try BuiltGuides.shared.build.get().project.catalog(Language(lang))
    if let catalog, case .translated(let t, _) = catalog.lookup(id: ref.id, german: ref.german) { return t }
    return ref.german
}

/// The heading of the table of contents, per language (what pdftotext must show on page 1);
/// languages not listed take it from their catalog (`guideText`).
let contentsHeading = [
    "de": "Inhalt", "en": "Contents", "ar": "المحتويات", "fa": "فهرست مطالب", "tr": "İçindekiler", "uk": "Зміст",
    "ru": "Содержание", "ku": "Naverok",
    "ti": "ትሕዝቶ",
]

/// "Page X of Y" per language, written out by hand (Persian digits in Persian); nil for a
/// language not written out here (then only its digits are checked).
func pageFooter(_ lang: String, _ page: Int, _ pages: Int) -> String? {
    func fa(_ n: Int) -> String {
        String(String(n).map { c in Character(Unicode.Scalar(0x06F0 + UInt32(c.wholeNumberValue ?? 0)) ?? "0") })
    }
    switch lang {
    case "de": return "Seite \(page) von \(pages)"
    case "en": return "Page \(page) of \(pages)"
    case "ar": return "الصفحة \(page) من \(pages)"
    case "fa": return "صفحهٔ \(fa(page)) از \(fa(pages))"
    case "tr": return "Sayfa \(page) / \(pages)"
    case "uk": return "Сторінка \(page) з \(pages)"
    case "ru": return "Страница \(page) из \(pages)"
    case "ku": return "Rûpel \(page) ji \(pages)"
    case "ti": return "ገጽ \(page) ካብ \(pages)"
    default: return nil
    }
}

/// A number written with any script's decimal digits (Persian ۱۲), nil if the text is not one.
func number(_ s: String) -> Int? {
    guard !s.isEmpty, s.allSatisfy({ $0.wholeNumberValue != nil }) else { return nil }
    return s.reduce(0) { $0 * 10 + ($1.wholeNumberValue ?? 0) }
}

/// The table of contents on page 1: (name, page) in order.
func contents(_ pdf: GuidePDF, _ lang: String) throws -> [(name: String, page: Int)] {
    let all = lines(try pdf.page(1))
    let heading = try contentsHeading[lang] ?? guideText(pdf.template.texts.contents, lang)
    let start = try #require(all.firstIndex(of: heading), "\(lang): no '\(heading)' on page 1")
    let pages = try pdf.pageCount
    let footer = pageFooter(lang, 1, pages).map(squeezed)
    var out: [(String, Int)] = []
    var name: [String] = []
    // pdftotext reads a page that is mostly left to right from the left, also in a right-to-left
    // guide (a catalog not finished leaves the names German): then each page number comes before
    // its name.
    let numberFirst = all[(start + 1)...].first.map { number($0) != nil } ?? false
    var pending: Int?
    for line in all[(start + 1)...] {
        if let n = number(line) {
            if !numberFirst {
                out.append((name.joined(separator: " "), n))
            } else if let p = pending {
                out.append((name.joined(separator: " "), p))
            }
            pending = n
            name = []
        } else if let footer, squeezed(line) == footer {
            break
        } else if footer == nil, line.split(whereSeparator: { $0.wholeNumberValue == nil }).compactMap({ number(String($0)) }).sorted() == [1, pages].sorted() {
            break  // the footer of a language not written out here: its page numbers
        } else {
            name.append(line)
        }
    }
    if numberFirst, let p = pending { out.append((name.joined(separator: " "), p)) }
    return out
}

/// Whether a language is written right to left (ICU's locale data).
func isRightToLeft(_ lang: String) -> Bool { LocaleInfo.direction(of: Language(lang)) == .rightToLeft }

/// pdftotext reads the index pages of left-to-right languages in order; right-to-left ones are
/// checked in memory (see `indexPagesInMemory`).
let leftToRightDirectoryLanguages = directoryLanguages.filter { !isRightToLeft($0) }
let rightToLeftDirectoryLanguages = directoryLanguages.filter(isRightToLeft)

@Suite("Guides to local offers (PDF)", .serialized)
struct GuideTests {
    func guide(_ lang: String, office: String = "musterstadt") throws -> GuidePDF {
        _ = try BuiltGuides.shared.summary.get()
        return try GuidePDF(BuiltGuides.shared.pdf(office, lang), rtl: isRightToLeft(lang))
    }

    @Test("every guide builds in every language, with no overflow, no missing font, no German fallback where the catalog is meant to be complete")
    func buildsEverything() throws {
        let s = try BuiltGuides.shared.summary.get()
        #expect(s.failures == [])
        #expect(s.overflows == [])
        #expect(s.fallbacks.filter { catalogMeantComplete($0.language.tag) } == [])
        #expect(s.documents == 2 * directoryLanguages.count)
        for lang in directoryLanguages {
            let pages = try guide(lang).pageCount
            #expect(pages >= 6 && pages <= 16, "musterstadt-\(lang): \(pages) pages")
            #expect(try guide(lang, office: "beispielkreis").pageCount >= 3)
        }
    }

    @Test("the index lists the names in the language's CLDR order (pdftotext)", arguments: directoryLanguages)
    func indexOrder(_ lang: String) throws {
        let pdf = try guide(lang)
        let toc = try contents(pdf, lang)
        let indexPage = try #require(toc.last?.page)
        // Page numbers left out: pdftotext puts them before the last line of a wrapped name where
        // it reads a right-to-left page from the left (German names, catalog not finished).
        let text = lines(try pdf.columns(indexPage...(try pdf.pageCount))).filter { number($0) == nil }.joined(separator: "\n")
        let expected = try offerNames(lang)
        #expect(outOfOrder(expected, in: text) == [], "\(lang): missing or out of order in the index")
        // The check can fail: reversed, the list is out of order.
        #expect(outOfOrder(expected.reversed(), in: text).count == expected.count - 1)
    }

    @Test("inside each category the offers follow the same order (pdftotext of the body pages)", arguments: directoryLanguages)
    func bodyOrder(_ lang: String) throws {
        let pdf = try guide(lang)
        let toc = try contents(pdf, lang)
        let body = try pdf.columns(2...(try #require(toc.last?.page) - 1))
        let offers = try #require(try DirectorySources.load(root: repositoryRoot).offers["musterstadt"]).offers
        let expected = try offerNames(lang)
        let byCategory = Dictionary(grouping: expected) { name in
            offers.first { $0.displayName(in: Language(lang)) == name }?.category ?? "?"
        }
        var checked = 0
        for (category, names) in byCategory where names.count > 1 {
            #expect(outOfOrder(names, in: body) == [], "\(lang) \(category): missing or out of order")
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test("the table of contents gives the page each category and the index start on", arguments: directoryLanguages)
    func tableOfContents(_ lang: String) throws {
        let pdf = try guide(lang)
        let toc = try contents(pdf, lang)
        let pages = try pdf.pageCount
        #expect(toc.count == 8, "\(lang): 7 categories and the index, found \(toc.map(\.name))")
        #expect(toc.map(\.page) == toc.map(\.page).sorted(), "\(lang): pages rise")
        #expect(toc.first?.page == 2 && (toc.last?.page ?? 0) <= pages)
        // A heading is a line (or two, wrapped) of its own in its column; it must be on the page given and on no page before.
        func isHeading(_ name: String, on page: Int) throws -> Bool {
            let ls = lines(try pdf.columns(page...page))
            let target = squeezed(name)
            return ls.indices.contains { i in
                squeezed(ls[i]) == target || (i + 1 < ls.count && squeezed(ls[i] + ls[i + 1]) == target)
            }
        }
        for (name, page) in toc {
            #expect(try isHeading(name, on: page), "\(lang): '\(name)' is not a heading on page \(page)")
            for earlier in 2..<page {
                #expect(try !isHeading(name, on: earlier), "\(lang): '\(name)' is already on page \(earlier)")
            }
        }
    }

    @Test("categories stand in the language's order of their names", arguments: ["de", "tr", "fa"])
    func categoryOrder(_ lang: String) throws {
        let expected = [
            "de": [
                "Arbeit und Ausbildung", "Beratung", "Deutsch lernen", "Gesundheit", "Schule, Kita und Lernen",
                "Vereine und Begegnung", "Wohnen",
            ],
            // Turkish: Almanca < Danışmanlık < Dernekler (a < e) < İş (ı/i after h) < Konut < Okul < Sağlık.
            "tr": [
                "Almanca öğrenmek", "Danışmanlık", "Dernekler ve buluşma yerleri", "İş ve meslek eğitimi", "Konut",
                "Okul, kreş ve öğrenme", "Sağlık",
            ],
            // Persian: ا < س < ک < م (مد < مس < مش) < ی.
            "fa": [
                "انجمن‌ها و مکان‌های دیدار", "سلامت", "کار و آموزش حرفه‌ای", "مدرسه، مهدکودک و یادگیری", "مسکن", "مشاوره",
                "یادگیری زبان آلمانی",
            ],
        ]
        let toc = try contents(try guide(lang), lang).dropLast().map { squeezed($0.name) }
        #expect(toc == expected[lang]?.map(squeezed))
    }

    @Test(
        "index section letters are the language's own, in its order, other scripts' letters after them",
        arguments: directoryLanguages)
    func indexLetters(_ lang: String) throws {
        let pdf = try guide(lang)
        let toc = try contents(pdf, lang)
        let text = try pdf.columns(try #require(toc.last?.page)...(try pdf.pageCount))
        let headings = lines(text).filter { $0.count == 1 && ($0.first?.isLetter ?? false) }
        let latin = "ABCDEFGHIJKLMNOPQRSTUVWXYZ".map(String.init)
        let cyrillic = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЫЭЮЯ".map(String.init)
        let own = try indexLettersOf(lang)
        let allowed: [String]
        switch try LocaleInfo.likelyScript(of: Language(lang)).isoCode {
        case "Cyrl": allowed = own + latin
        case "Latn": allowed = own + cyrillic
        default: allowed = own + latin + cyrillic
        }
        // In order: each heading after the one before, within the allowed sequence.
        var at = 0
        for h in headings {
            let next = allowed[at...].firstIndex(of: h)
            #expect(next != nil, "\(lang): index letter \(h) is not one of the language's letters or out of order (\(headings))")
            at = (next ?? at) + 1
        }
        let required = [
            "de": ["A", "O", "U", "Р"], "en": ["A", "C", "J", "Р"], "ar": ["ا", "و", "A", "C", "J", "Р"],
            "fa": ["آ", "پ", "چ", "ژ", "گ", "A", "Р"],
            "tr": ["Ç", "I", "İ", "Ö", "Ş", "Ü"], "uk": ["Ґ", "Є", "І", "Ї", "A", "J"], "ru": ["Е", "Ж", "Р", "A"],
            "ku": ["Ç", "Î", "Ş", "Р"],
            "ti": ["ሀ", "ሐ", "መ", "በ", "አ", "ከ", "A", "Р"],
        ]
        for r in required[lang] ?? [] { #expect(headings.contains(r), "\(lang): no index letter \(r) in \(headings)") }
        // Ä, Ö, Ü, Ё are not letters of their own in German and Russian indexes.
        if lang == "de" || lang == "ru" { #expect(!headings.contains { ["Ä", "Ö", "Ü", "Ё"].contains($0) }) }
    }

    // pdftotext reads a page whose text is mostly left to right as such, and then gives the page
    // numbers of right-to-left lines before the names; Arabic and Persian are checked in memory below.
    @Test("the index gives the page each offer is on (pdftotext)", arguments: leftToRightDirectoryLanguages)
    func indexPages(_ lang: String) throws {
        let pdf = try guide(lang)
        let toc = try contents(pdf, lang)
        let indexStart = try #require(toc.last?.page)
        let index = lines(try pdf.columns(indexStart...(try pdf.pageCount)))
        for name in try offerNames(lang) {
            // The page number follows the name's last line.
            let target = squeezed(name)
            guard
                let i = index.indices.first(where: { i in
                    (1...3).contains { k in i + k <= index.count && squeezed(index[i..<(i + k)].joined()) == target }
                })
            else {
                Issue.record("\(lang): \(name) not found in the index")
                continue
            }
            let page = try #require(index[(i + 1)...].lazy.compactMap(number).first, "\(lang): no page number after \(name)")
            #expect(squeezed(try pdf.columns(page...page)).contains(target), "\(lang): \(name) is not on page \(page)")
        }
    }

    @Test("the index gives the page each offer is on (right-to-left languages, in memory)", arguments: rightToLeftDirectoryLanguages)
    func indexPagesInMemory(_ lang: String) throws {
        let build = try BuiltGuides.shared.build.get()
        var o = DocumentBuild.Options()
        o.templates = ["directory"]
        o.offices = ["musterstadt"]
        o.languages = [Language(lang)]
        let job = try #require(try build.jobs(o).first)
        let doc = try build.layOut(job, catalogs: build.project.catalogs(), options: DocumentLayout.Options())
        let texts = doc.pages.map { page in
            page.items.compactMap { item -> String? in if case .paragraph(let p, _, _, _) = item { p.text } else { nil } }
        }
        let names = Set(try offerNames(lang))
        var checked = 0
        // Index entries are a name paragraph followed by its page number; they are on the last pages.
        for (i, page) in texts.enumerated() where i >= 2 {
            for (k, text) in page.enumerated() where names.contains(text) && k + 1 < page.count {
                guard let n = number(page[k + 1]), n - 1 != i else { continue }
                #expect(texts[n - 1].contains(text), "\(lang): \(text) is not on page \(n)")
                checked += 1
            }
        }
        #expect(checked == names.count)
    }

    @Test("every page says 'page X of Y' in the language, in its digits", arguments: directoryLanguages)
    func pageNumbers(_ lang: String) throws {
        let pdf = try guide(lang)
        let count = try pdf.pageCount
        let margin = Int(pdf.template.margins)
        for p in 1...count {
            let foot = try pdfTool(
                "pdftotext",
                ["-f", "\(p)", "-l", "\(p)", "-y", "\(842 - margin)", "-H", "\(margin)", "-W", "596", pdf.url.path, "-"])
            let digitRuns = foot.split { $0.wholeNumberValue == nil }.map(String.init)
            guard let expected = pageFooter(lang, p, count) else {
                // A language not written out here: both numbers, in the language's digits (ICU),
                // or in German ones where the line is printed in German (not translated yet).
                #expect(digitRuns.compactMap(number).sorted() == [p, count].sorted(), "\(lang): page \(p): \(foot)")
                let translated = try guideText(pdf.template.texts.pageNumber, lang) != pdf.template.texts.pageNumber.german
                let numbers = translated ? try projectLanguageList.get().entry(for: Language(lang))?.numbers : nil
                let digits = try LocaleFormatter(language: Language(translated ? lang : "de"), numberingSystem: numbers).format(number: Double(count))
                #expect(digitRuns.contains(digits), "\(lang): page \(p): digits of the language")
                continue
            }
            if squeezed(foot).contains(squeezed(expected)) { continue }
            // A page of mostly Latin names makes poppler read a Persian line in visual order:
            // then the numbers and words must be there, in the language's digits.
            #expect(digitRuns.compactMap(number).sorted() == [p, count].sorted(), "\(lang): page \(p): \(foot)")
            #expect(digitRuns.allSatisfy { run in expected.contains(run) }, "\(lang): page \(p): digits of the language")
            for word in expected.split(separator: " ") where number(String(word)) == nil {
                let base = String(
                    String.UnicodeScalarView(word.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }))
                #expect(
                    foot.unicodeScalars.filter { $0.properties.generalCategory != .nonspacingMark }.map(Character.init).map(
                        String.init
                    ).joined().contains(base), "\(lang): page \(p): \(word)")
            }
        }
    }

    @Test(
        "phone numbers, e-mail addresses and websites come back verbatim, also from Arabic and Persian",
        arguments: directoryLanguages)
    func contactVerbatim(_ lang: String) throws {
        let text = lines(try pdfTool("pdftotext", [try guide(lang).url.path, "-"])).joined(separator: "\n")
        for value in [
            "+49 221 4710-204", "recht@fluechtlingshilfe-musterstadt.example", "www.vhs-musterstadt.example",
            "Am Markt 7, 50993 Musterstadt",
        ] {
            #expect(text.contains(value), "\(lang): \(value)")
        }
    }

    @Test("right to left: the first column and the labels stand on the right, names on the start side")
    func rightToLeft() throws {
        let build = try BuiltGuides.shared.build.get()
        var o = DocumentBuild.Options()
        o.templates = ["directory"]
        o.offices = ["musterstadt"]
        for lang in ["fa", "de"] {
            o.languages = [Language(lang)]
            let job = try #require(try build.jobs(o).first)
            let doc = try build.layOut(job, catalogs: build.project.catalogs(), options: DocumentLayout.Options())
            let middle = doc.pages[1].width / 2
            // The first paragraph below the running header on page 2 is the first category heading.
            let first = try #require(
                doc.pages[1].items.compactMap { item -> (x: Double, y: Double)? in
                    if case .paragraph(_, let x, let y, _) = item, y > Units.points(mm: 16) - 1, y < Units.points(mm: 297 - 16) {
                        return (x, y)
                    }
                    return nil
                }.min { $0.y < $1.y || ($0.y == $1.y && (lang == "fa" ? $0.x > $1.x : $0.x < $1.x)) })
            #expect(lang == "fa" ? first.x > middle : first.x < middle, "\(lang)")
        }
    }

    @Test("German phone-book order when the template says collation: phonebook")
    func phonebook() throws {
        try withProjectCopy { root in
            let file = root.appendingPathComponent("Templates/directory/kim-directory.yaml")
            let yaml = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(
                of: "collation: standard", with: "collation: phonebook")
            try yaml.write(to: file, atomically: true, encoding: .utf8)
            let build = try DocumentBuild(root: root)
            var o = DocumentBuild.Options()
            o.templates = ["directory"]
            o.offices = ["musterstadt"]
            o.languages = [Language("de")]
            o.layout.strict = true
            let out = root.appendingPathComponent("out")
            let s = try build.run(o, into: out) { _ in }
            #expect(s.documents == 1 && s.failures.isEmpty)
            let pdf = try GuidePDF(out.appendingPathComponent("directory/musterstadt-de.pdf"), rtl: false)
            let toc = try contents(pdf, "de")
            let index = try pdf.columns(try #require(toc.last?.page)...(try pdf.pageCount))
            #expect(outOfOrder(expectedPhonebookOrder, in: index) == [], "phone-book order")
            // The standard guide has them the other way round.
            let standard = try guide("de")
            let standardIndex = try standard.columns(
                try #require(try contents(standard, "de").last?.page)...(try standard.pageCount))
            #expect(outOfOrder(["Afrikanisches Kulturzentrum", "Ärztlicher Notdienst"], in: standardIndex) == [])
            #expect(
                outOfOrder(["Ärztlicher Notdienst", "Afrikanisches Kulturzentrum"], in: standardIndex) == [
                    "Afrikanisches Kulturzentrum"
                ])
            #expect(outOfOrder(["Ärztlicher Notdienst", "Afrikanisches Kulturzentrum"], in: index) == [])
        }
    }

    @Test("kimdoc directory writes one guide; a missing offers file is a clear error")
    func command() throws {
        try withTemporaryFolder { dir in
            let out = dir.appendingPathComponent("guide.pdf")
            let ok = try runKimdoc(
                ["directory", "--office", "beispielkreis", "--lang", "ku", "--strict", "--out", out.path])
            #expect(ok.status == 0, "\(ok.errorOutput)")
            #expect(ok.output.hasSuffix("guide.pdf: \(try GuidePDF(out, rtl: false).pageCount) pages\n"))
            #expect(
                squeezed(try pdfTool("pdftotext", [out.path, "-"])).contains(squeezed("Daîreya Biyaniyan a Navçeya Beispielland"))
            )
            let bad = try runKimdoc(["directory", "--office", "nirgendwo", "--lang", "de", "--out", out.path])
            #expect(bad.status == 1 && bad.errorOutput.contains("no office 'nirgendwo'; there are: beispielkreis, musterstadt."))
        }
        try withProjectCopy { root in
            try FileManager.default.removeItem(at: root.appendingPathComponent("Templates/offers/beispielkreis.csv"))
            var o = DocumentBuild.Options()
            o.templates = ["directory"]
            o.offices = ["beispielkreis"]
            #expect(throws: KimError("no offers for beispielkreis in Templates/offers/; add <office>.yaml or <office>.csv.")) {
                _ = try DocumentBuild(root: root).jobs(o)
            }
            // Without asking for the guide, an office without offers simply has none.
            o.templates = []
            #expect(try DocumentBuild(root: root).jobs(o).allSatisfy { $0.id != "directory" })
        }
    }
}

