import Foundation
import KimCatalog
import KimCore
import KimDoc
import KimLayout
import KimTestSupport
import KimUnicode
import Testing

/// Pashto as languages.json would have it: right to left, Arabic script, gettext's Plural-Forms
/// for CLDR's whole-number categories of ps (one: n = 1; other), BGN's transliteration.
let pashtoEntry: [String: String] = [
    "tag": "ps", "name": "پښتو", "englishName": "Pashto", "pluralForms": "nplurals=2; plural=(n != 1);",
    "transliteration": "Pashto-Latin/BGN",
]

/// A handful of Pashto translations (drafts), with the letters Pashto adds to the Arabic
/// alphabet: ټ ډ ړ ښ ږ ګ ڼ ۍ ې ځ څ.
let pashtoUnits: [(id: String, text: String)] = [
    ("flyer.cover.title", "د ښاروالۍ د ادغام مدیریت"),
    ("flyer.cover.subtitle", "موږ د رارسېدو پر مهال ګام په ګام ستاسې ملګرتیا کوو."),
    ("eat.title", "د اوسېدو د اجازې د ورکړې غوښتنلیک"),
    ("eat.applicant.surname", "کورنۍ نوم"),
    ("eat.applicant.date_of_birth", "د زېږېدو نېټه"),
    ("eat.address.phone", "ټیلیفون"),
    ("eat.passport.passport_number", "ګڼه"),
    ("directory.title", "لارښود: د کډوالو لپاره خدمتونه"),
    ("directory.contents", "منځپانګه"),
    ("directory.index", "ټول خدمتونه له الف څخه تر ي پورې"),
]

/// pdftotext's text as a reader compares it: without the directional marks poppler adds, white
/// space folded to single spaces.
func readerText(_ pdf: URL) throws -> String {
    let r = try runTool("pdftotext", [pdf.path, "-"])
    try #require(r.status == 0, "pdftotext \(pdf.lastPathComponent): \(r.errorOutput)")
    let flat = String(String.UnicodeScalarView(r.output.unicodeScalars.filter { !$0.properties.isBidiControl }))
    return flat.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

@Suite("A language added as data")
struct LanguageAsDataTests {
    @Test("CLDR's whole-number plural categories of Pashto match the Plural-Forms used for it")
    func pashtoPlurals() throws {
        let rules = try PluralRules(language: Language("ps"))
        #expect(rules.categories == [.one, .other])
        // gettext: plural=(n != 1) → form 0 for 1 only.
        for n in [0, 1, 2, 3, 11, 21, 100, 101] {
            #expect(try rules.category(for: Double(n)) == (n == 1 ? .one : .other), "\(n)")
        }
    }

    @Test("Pashto added to a copy of the project: catalog update, a few translations, build, check, PDFs")
    func pashto() throws {
        try withProjectCopy { root in
            // 1. The language list gets Pashto, as data.
            let list = root.appendingPathComponent("Translations/languages.json")
            var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: list)) as? [String: Any])
            var languages = try #require(json["languages"] as? [[String: Any]])
            // (Should the project one day publish Pashto itself, its entry and catalog are used.)
            let added = !languages.contains { $0["tag"] as? String == "ps" }
            if added { languages.append(pashtoEntry as [String: Any]) }
            json["languages"] = languages
            try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .withoutEscapingSlashes]).write(to: list)
            let ps = Language("ps")

            // 2. kimdoc catalog update makes Translations/ps.po.
            let project = try TranslationProject(root: root)
            let report = try project.update()
            if added { #expect(report.written.contains("Translations/ps.po"), "\(report.written)") }
            let catalogURL = project.catalogFile(ps)
            var po = try POFile.read(from: catalogURL)
            #expect(po.headerField("Language") == "ps")
            #expect(po.headerField("Plural-Forms") == "nplurals=2; plural=(n != 1);")
            let total = po.entries.filter { !$0.isHeader && !$0.fields.isObsolete }.count
            #expect(total > 100)

            // 3. A handful of units translated, each marked as a draft (Translations/README.md).
            let wanted = Dictionary(uniqueKeysWithValues: pashtoUnits.map { ($0.id, $0.text) })
            var done = Set<String>()
            for i in po.entries.indices {
                guard let id = po.entries[i].fields.context, let text = wanted[id], !po.entries[i].isPlural else { continue }
                po.entries[i].fields.strings = [text]
                po.entries[i].fields.translatorComments.append("draft: not yet reviewed by a person; delete this line once reviewed")
                done.insert(id)
            }
            #expect(done == Set(wanted.keys), "units not in ps.po: \(Set(wanted.keys).subtracting(done))")
            try po.write(to: catalogURL)
            // The edited catalog is one gettext accepts.
            let msgfmt = try runTool("msgfmt", ["--check", "-o", "/dev/null", catalogURL.path])
            #expect(msgfmt.status == 0, "\(msgfmt.errorOutput)")

            // 4. kimdoc catalog check ps: no errors (warnings, e.g. lengths, allowed).
            let diagnostics = try project.check([ps])
            #expect(diagnostics.filter { $0.severity == .error } == [], "\(diagnostics)")
            let status = try #require(try project.status().first { $0.language == ps })
            if added {
                #expect(status.translated == pashtoUnits.count)
                #expect(status.untranslated == total - pashtoUnits.count)
            }

            // 5. kimdoc build --lang ps: both flyers, the blank eAT form, the guide, for both offices.
            let build = try DocumentBuild(root: root)
            var options = DocumentBuild.Options()
            options.languages = [ps]
            options.layout.creationDate = Date(timeIntervalSince1970: 1_767_225_600)
            let jobs = try build.jobs(options)
            #expect(Set(jobs.map(\.id)).isSuperset(of: ["kim-flyer-trifold", "kim-flyer-a4", "eat", "directory"]), "\(jobs.map(\.id))")
            let out = root.appendingPathComponent("output")
            let summary = try build.run(options, into: out) { _ in }
            #expect(summary.failures == [])
            #expect(summary.overflows == [])
            #expect(summary.skipped.isEmpty)
            #expect(summary.documents == jobs.count && summary.documents >= 8)
            #expect(summary.drafts > 0)
            // German fallbacks are reported for the units left untranslated, none for those translated.
            let fallbackUnits = Set(summary.fallbacks.filter { $0.language == ps }.map(\.unit))
            #expect(fallbackUnits.isDisjoint(with: wanted.keys))
            let untranslated = Set(po.entries.filter { !$0.isHeader && !$0.fields.isObsolete && !$0.isTranslatedAtAll }.compactMap(\.fields.context))
            for unit in ["flyer.title", "eat.subtitle", "eat.applicant.given_names", "directory.intro", "directory.page-number"] where untranslated.contains(unit) {
                #expect(fallbackUnits.contains(unit), "\(unit) is not reported as printed in German")
            }
            #expect(fallbackUnits.isSubset(of: untranslated))
            #expect(fallbackUnits.count > 100)
            #expect(summary.fallbacks.allSatisfy { $0.reason == .untranslated })

            // 6. The PDFs: there, in Pashto (document language ps), the translations given back
            // by pdftotext in logical order.
            for (folder, ids) in [
                ("kim-flyer-trifold", ["flyer.cover.title", "flyer.cover.subtitle"]), ("kim-flyer-a4", ["flyer.cover.title"]),
                ("eat", ["eat.title", "eat.applicant.surname", "eat.applicant.date_of_birth", "eat.address.phone", "eat.passport.passport_number"]),
                ("directory", ["directory.title", "directory.contents", "directory.index"]),
            ] {
                for office in ["musterstadt", "beispielkreis"] {
                    let pdf = out.appendingPathComponent("\(folder)/\(office)-ps.pdf")
                    #expect(FileManager.default.fileExists(atPath: pdf.path), "\(folder)/\(office)-ps.pdf")
                    guard FileManager.default.fileExists(atPath: pdf.path) else { continue }
                    let text = try readerText(pdf)
                    for id in ids {
                        let expected = try #require(wanted[id])
                        // Every word is there, whatever the order.
                        let words = Set(text.split(separator: " ").flatMap { $0.split(whereSeparator: { $0.isPunctuation }) }.map(String.init))
                        for word in expected.split(separator: " ").flatMap({ $0.split(whereSeparator: { $0.isPunctuation }) }) {
                            #expect(words.contains(String(word)), "\(folder)/\(office)-ps.pdf: \(id): a word is missing")
                        }
                        #expect(text.contains(expected), "\(folder)/\(office)-ps.pdf: \(id) not given back in logical order")
                    }
                    // The German fallbacks are printed too (the form's German title is always there).
                    if folder == "eat" { #expect(text.contains("Antrag auf Erteilung eines Aufenthaltstitels")) }
                    let tagged = try TaggedPDFReport(pdf)
                    #expect(tagged.checkStatus == 0, "\(tagged.checkOutput)")
                    #expect(tagged.catalogLanguage == "ps", "\(folder)/\(office)-ps.pdf: /Lang")
                }
            }
        }
    }
}
