import Foundation
import KimCatalog
import KimCore
import KimDoc
import KimForm
import KimLayout
import KimRender
import KimTemplate
import KimTestSupport
import Testing

/// Every language of Translations/languages.json.
let formLanguages = projectLanguages()

/// The project's forms, offices and catalogs, loaded once.
final class FormFixture: Sendable {
    static let shared = FormFixture()
    let build: Result<FormBuild, any Error>
    let catalogs: Result<CatalogSet, any Error>

    init() {
        build = Result { try FormBuild(root: repositoryRoot) }
        catalogs = build.flatMap { b in Result { b.project.catalogs() } }
    }

    var eat: FormDefinition { get throws { try build.get().form("eat") } }

    /// Strict (no German fallback) where the language's catalog is meant to be complete.
    func options(_ lang: String) -> FormLayout.Options {
        var o = FormLayout.Options()
        o.strict = catalogMeantComplete(lang)
        o.creationDate = Date(timeIntervalSince1970: 1_767_225_600)
        return o
    }

    /// A laid-out and rendered form, with its pdftotext.
    func render(_ lang: String, client: ClientRecord?) throws -> (doc: LaidOutDocument, text: String, pdf: Data) {
        let b = try build.get()
        let language = try b.language(lang)
        let (data, doc) = try b.pdf(try eat, office: try b.office("musterstadt"), language: language, client: client, catalog: try catalogs.get()[language.tag], options: options(lang))
        let text = try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("f.pdf")
            try data.write(to: url)
            let r = try runTool("pdftotext", [url.path, "-"])
            try #require(r.status == 0)
            return String(String.UnicodeScalarView(r.output.unicodeScalars.filter { !$0.properties.isBidiControl }))
        }
        return (doc, text, data)
    }

    /// The current translation of a unit (the tests compare the PDF with the catalog); for a
    /// language whose catalog is not meant to be complete yet, the German text where it has none.
    func translation(_ id: String, _ lang: String) throws -> String {
        let unit = try #require(try eat.texts.first { $0.id == id })
        if Language(lang) == (try projectLanguageList.get()).source { return unit.german }
        let catalog = try catalogs.get()[Language(lang)]
        if !catalogMeantComplete(lang), catalog == nil { return unit.german }
        guard case .translated(let t, _) = try #require(catalog, "no catalog for \(lang)").lookup(id: id, german: unit.german) else {
            if !catalogMeantComplete(lang) { return unit.german }
            Issue.record("\(id) is not translated in \(lang)")
            return ""
        }
        return t
    }

    func client(_ json: String, lang: String = "ar", transliterate: Bool = false) throws -> ClientRecord {
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("client.json")
            try Data(json.utf8).write(to: url)
            let raw = try ClientDataReader.json(url, path: "client.json")
            return try build.get().validator(try eat, language: Language(lang), acceptTransliterations: transliterate).validate(raw)
        }
    }
}

/// A fictional client (names from no real person).
let sampleClient = """
    {
      "surname": "Haddad", "given_names": "Samira Nour", "birth_name": "Khoury",
      "date_of_birth": "1988-03-14", "place_of_birth": "Aleppo", "country_of_birth": "Syrien",
      "nationality": "syrisch", "sex": "female", "marital_status": "married", "marital_status_since": "2010-06-01",
      "street": "Beispielweg 7", "postcode": "50999", "city": "Musterstadt",
      "phone": "+49 221 4710-777", "email": "s.haddad@example.org",
      "passport_number": "N01234567", "passport_valid_until": "2031-09-30",
      "entry_date": "2016-02-11", "purpose": "humanitarian",
      "means_of_support": ["employment", "family"],
      "children": [{"name": "Haddad, Lina", "date_of_birth": "2012-05-20", "nationality": "syrisch", "residence": "Musterstadt"}]
    }
    """

@Suite("eAT form")
struct FormTests {
    let f = FormFixture.shared

    @Test("the blank form builds in every language: no tofu, both titles in the text, no German fallback where the catalog is meant to be complete", arguments: formLanguages)
    func blank(_ lang: String) throws {
        let (doc, text, _) = try f.render(lang, client: nil)
        if catalogMeantComplete(lang) { #expect(doc.fallbacks.isEmpty) }
        #expect((3...8).contains(doc.pages.count))
        var glyphs = 0
        for page in doc.pages {
            for case .paragraph(let p, _, _, _) in page.items {
                for line in p.lines { for run in line.runs { for g in run.glyphs { glyphs += 1; #expect(g.id != 0, "tofu in \(lang): \(run.text)") } } }
            }
        }
        #expect(glyphs > 2000)
        #expect(text.contains("Antrag auf Erteilung eines Aufenthaltstitels"))
        #expect(text.contains("Seite 1 von \(doc.pages.count)"))
        if lang != "de" {
            #expect(text.contains(try f.translation("eat.title", lang)))
            #expect(text.contains(try f.translation("eat.applicant.surname", lang)))
        }
    }

    @Test("every page carries the notice that only the German form is binding, in both languages")
    func noticeOnEveryPage() throws {
        let (doc, text, _) = try f.render("fa", client: nil)
        let pages = text.split(separator: "\u{0C}").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        #expect(pages.count == doc.pages.count)
        let german = "Verbindlich ist allein das deutsche Formular"
        let translated = try f.translation("eat.notice", "fa").split(separator: " ").prefix(3).joined(separator: " ")
        for (i, page) in pages.enumerated() {
            let flat = page.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(flat.contains(german), "page \(i + 1)")
            #expect(flat.contains(translated), "page \(i + 1)")
        }
    }

    @Test("a filled form gives back German label, translated label and value", arguments: formLanguages)
    func filled(_ lang: String) throws {
        let client = try f.client(sampleClient, lang: lang)
        let (_, text, _) = try f.render(lang, client: client)
        let flat = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for (id, german, value) in [
            ("eat.applicant.surname", "Familienname", "Haddad"), ("eat.applicant.date_of_birth", "Geburtsdatum", "14.03.1988"),
            ("eat.address.phone", "Telefon", "+49 221 4710-777"), ("eat.passport.passport_valid_until", "Gültig bis", "30.09.2031"),
        ] {
            #expect(flat.contains(german), "\(lang): \(german)")
            #expect(flat.contains(try f.translation(id, lang)), "\(lang): \(id)")
            #expect(flat.contains(value), "\(lang): \(value)")
        }
        #expect(flat.contains("Haddad, Lina"))
    }

    @Test("chosen options are ticked: two strokes in the option's box")
    func ticks() throws {
        let client = try f.client(sampleClient)
        let (doc, _, _) = try f.render("de", client: client)
        let blank = try f.render("de", client: nil).doc
        func strokes(_ d: LaidOutDocument) -> Int {
            d.pages.flatMap(\.items).filter { if case .rule(_, _, _, _, let w, _) = $0 { w == 1.1 } else { false } }.count
        }
        #expect(strokes(blank) == 0)
        #expect(strokes(doc) == 2 * 5)  // sex, marital status, purpose, and two means of support
    }

    @Test("a right-to-left override in a value is removed and cannot reorder anything")
    func bidiOverride() throws {
        let client = try f.client(#"{"surname": "Haddad\u202E Nour", "given_names": "\u2067Samira\u2069\u200B"}"#)
        #expect(client.values["surname"] == .text("Haddad Nour"))
        #expect(client.values["given_names"] == .text("Samira"))
        let (doc, text, _) = try f.render("ar", client: client)
        #expect(text.contains("Haddad Nour"))
        // The value's glyphs are all left to right.
        var found = false
        for page in doc.pages {
            for case .paragraph(let p, _, _, _) in page.items where p.text == "Haddad Nour" {
                found = true
                #expect(p.levels.allSatisfy { $0 == 0 })
                #expect(p.lines.flatMap(\.runs).allSatisfy { !$0.isRightToLeft })
            }
        }
        #expect(found)
    }

    @Test("a multi-line field lays out LF, CRLF and CR as lines; a one-line field refuses a line break, naming the field only", arguments: ["de", "ar"])
    func lineBreaks(_ lang: String) throws {
        let client = try f.client(#"{"previous_stays": "2010–2012 Köln\r\n2014  Bonn\u0007", "law_details": "a\rb"}"#, lang: lang)
        #expect(client.values["previous_stays"] == .text("2010–2012 Köln\n2014 Bonn"))
        #expect(client.values["law_details"] == .text("a\nb"))
        let (doc, text, _) = try f.render(lang, client: client)
        #expect(text.contains("2010–2012 Köln\n2014 Bonn"))
        let lines = doc.pages.flatMap(\.items).compactMap { item -> Int? in
            guard case .paragraph(let p, _, _, _) = item, p.text.hasPrefix("2010") else { return nil }
            return p.lines.count
        }
        #expect(lines == [2])
        #expect(throws: KimError("client.json: field surname: a line break in a one-line field; put the value on one line")) {
            try f.client(#"{"surname": "Haddad\r\nNour"}"#, lang: lang)
        }
    }

    @Test("values are text, never template or message syntax")
    func noInterpretation() throws {
        let client = try f.client(#"{"surname": "{office} [[phone:1]]", "given_names": "'{'x"}"#)
        let (_, text, _) = try f.render("de", client: client)
        #expect(text.contains("{office} [[phone:1]]"))
        #expect(text.contains("'{'x"))
    }

    @Test("a Cyrillic name is rejected without repeating it (not even transliterated); --transliterate accepts ICU's transliteration")
    func cyrillic() throws {
        #expect(throws: KimError(
            "client.json: field given_names: must be in Latin letters, as the authority requires, not Cyrillic. Correct the data (as in the passport's Latin line), or run with --transliterate to accept ICU's transliteration and check it in the PDF."
        )) { try f.client(#"{"given_names": "Олександр"}"#, lang: "uk") }
        let accepted = try f.client(#"{"given_names": "Олександр", "surname": "Шевченко"}"#, lang: "uk", transliterate: true)
        #expect(accepted.values["given_names"] == .text("Oleksandr"))
        #expect(accepted.values["surname"] == .text("Shevchenko"))
        #expect(accepted.notes.count == 2)
        // Persian letters and digits: Persian's own transliterator (BGN), which writes no short vowels.
        let persian = try f.client(#"{"street": "خیابان ۱۲", "given_names": "پژمان"}"#, lang: "fa", transliterate: true)
        #expect(persian.values["street"] == .text("Khyaban 12"))
        #expect(persian.values["given_names"] == .text("Pzhman"))
    }

    @Test("bad data names the client and the field, all problems at once, without repeating the values")
    func errors() throws {
        #expect(throws: KimError(
            """
            client.json: field date_of_birth: impossible date (no such day in that month); write it YYYY-MM-DD
            client.json: field means_of_support: item 2 of 2 is not an option; expected a list of: employment, assets, family, scholarship, benefits, asylum_benefits
            client.json: field sex: not an option; expected one of: female, male, diverse, unspecified
            client.json: shoe_size is not a field of form eat; the eat form's fields are listed in Templates/README.md
            """
        )) {
            try f.client(#"{"date_of_birth": "1990-02-29", "shoe_size": "42", "sex": "w", "means_of_support": ["employment", "lottery"]}"#)
        }
        #expect(throws: KimError("client.json: field entry_date: not a date; write it YYYY-MM-DD, e.g. 1990-04-23")) {
            try f.client(#"{"entry_date": "11.02.2016"}"#)
        }
    }

    @Test("a value too long for its box shrinks, then wraps, then is an error naming the field")
    func tooLong() throws {
        let fits = try f.client(#"{"street": "Sehr lange Straßenbezeichnung mit Zusatz 123 a, Hinterhaus links"}"#)
        _ = try f.render("de", client: fits)
        let long = String(repeating: "Hinterhaus ", count: 20)
        let client = try f.client("{\"street\": \"\(long)\"}")
        #expect(throws: KimError("client.json: field street: the value is too long for its box (219 characters); shorten or abbreviate it")) {
            try f.render("de", client: client)
        }
    }

    @Test("the PDF's metadata names the form, never the client")
    func metadata() throws {
        let client = try f.client(sampleClient)
        let (doc, _, pdf) = try f.render("ar", client: client)
        #expect(doc.info.title == "Antrag auf Erteilung eines Aufenthaltstitels – " + (try f.translation("eat.subtitle", "ar")))
        let info = try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("f.pdf")
            try pdf.write(to: url)
            return try runTool("pdfinfo", [url.path]).output
        }
        #expect(!info.contains("Haddad") && !info.contains("Samira") && !info.contains("1988"))
    }
}
