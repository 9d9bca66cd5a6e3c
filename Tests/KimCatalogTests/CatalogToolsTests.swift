import Foundation
import KimCatalog
import KimCore
import KimDoc
import KimTemplate
import KimTestSupport
import Testing

/// The project's catalogs: Translations/kimdoc.pot and one .po per target language.
let projectCatalogs: [String] = {
    let folder = repositoryRoot.appendingPathComponent("Translations")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".po") || $0.hasSuffix(".pot") }.sorted()
}()

/// The project's languages (Translations/languages.json).
let projectLanguages = try? ProjectLanguages.load(from: repositoryRoot.appendingPathComponent("Translations/languages.json"))

/// A catalog parsed from text, for checks with known line numbers: the header has the
/// language's Plural-Forms from languages.json (lines 1–5), the body starts at line 6.
func catalog(_ body: String, language: String = "ar") throws -> POFile {
    let forms = projectLanguages?.entry(for: Language(language))?.pluralForms ?? "nplurals=2; plural=(n != 1);"
    let header = """
        msgid ""
        msgstr ""
        "Language: \(language)\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Plural-Forms: \(forms)\\n"

        """
    return try POFile.parse(Array((header + body).utf8), path: "\(language).po")
}

@Suite("The project's catalogs")
struct ProjectCatalogTests {
    @Test("there is a catalog for every target language and the template", arguments: targetLanguages())
    func exists(_ tag: String) throws {
        #expect(projectCatalogs.contains("\(tag).po"))
        #expect(projectCatalogs.contains("kimdoc.pot"))
        let file = try POFile.read(from: repositoryRoot.appendingPathComponent("Translations/\(tag).po"))
        #expect(file.headerField("Language") == tag)
        let languages = try ProjectLanguages.load(from: repositoryRoot.appendingPathComponent("Translations/languages.json"))
        #expect(file.headerField("Plural-Forms") == languages.entry(for: Language(tag))?.pluralForms)
        #expect(file.headerField("Content-Type") == "text/plain; charset=UTF-8")
    }

    @Test("every catalog is written back byte for byte", arguments: projectCatalogs)
    func roundTrip(_ name: String) throws {
        let url = repositoryRoot.appendingPathComponent("Translations/\(name)")
        let bytes = try Data(contentsOf: url)
        let file = try POFile.read(from: url)
        #expect(Data(file.serialized().utf8) == bytes)
    }

    @Test("msgfmt --check accepts every catalog", arguments: projectCatalogs)
    func msgfmtCheck(_ name: String) throws {
        let result = try runTool("msgfmt", ["--check", "-o", "/dev/null", repositoryRoot.appendingPathComponent("Translations/\(name)").path])
        #expect(result.status == 0, "\(result.errorOutput)")
    }

    @Test("status counts equal msgfmt --statistics", arguments: projectCatalogs.filter { $0.hasSuffix(".po") })
    func statusAgreesWithMsgfmt(_ name: String) throws {
        let url = repositoryRoot.appendingPathComponent("Translations/\(name)")
        let template = try POFile.read(from: repositoryRoot.appendingPathComponent("Translations/kimdoc.pot"))
        let status = CatalogStatus(language: Language(String(name.dropLast(3))), file: name, catalog: try POFile.read(from: url), template: template)
        #expect(try msgfmtCounts(url) == [status.translated, status.outdated, status.untranslated])
        #expect(status.total == status.translated + status.outdated + status.untranslated)
    }

    @Test("status counts against the template; after an update they equal msgfmt's on a catalog with every kind of entry")
    func statusMixed() throws {
        let po = try catalog(
            """

            # draft: not yet reviewed by a person
            msgctxt "a"
            msgid "Eins"
            msgstr "One"

            msgctxt "b"
            msgid "Zwei"
            msgstr "Two"

            #, fuzzy
            #| msgid "Drei alt"
            msgctxt "c"
            msgid "Drei"
            msgstr "Three"

            msgctxt "d"
            msgid "Vier"
            msgstr ""

            msgctxt "e"
            msgid "Datei"
            msgid_plural "Dateien"
            msgstr[0] "file"
            msgstr[1] ""

            msgid "Fremd"
            msgstr "Foreign"

            #~ msgctxt "f"
            #~ msgid "Alt"
            #~ msgstr "Old"

            """, language: "en")
        // Units a–d and g; e (a plural entry) and "Fremd" are not units of the template.
        let template = try parse(
            header + ["a": "Eins", "b": "Zwei", "c": "Drei", "d": "Vier", "g": "Sieben"].sorted { $0.key < $1.key }
                .map { "\nmsgctxt \"\($0.key)\"\nmsgid \"\($0.value)\"\nmsgstr \"\"\n" }.joined())
        let status = CatalogStatus(language: Language("en"), file: "en.po", catalog: po, template: template)
        #expect(status.total == 5)
        #expect(status.translated == 2 && status.outdated == 1 && status.untranslated == 2)
        #expect(status.unreviewed == 1 && status.notInTemplate == 2)
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("en.po")
            try po.write(to: url)
            // msgfmt counts the file as it is: the plural entry with one form is translated for it.
            #expect(try msgfmtCounts(url) == [4, 1, 1])
            // Merged with the template, the file holds exactly the units, and msgfmt agrees.
            let merged = CatalogUpdate.merge(po, with: template)
            try merged.write(to: url)
            #expect(try msgfmtCounts(url) == [status.translated, status.outdated, status.untranslated])
            #expect(CatalogStatus(language: Language("en"), file: "en.po", catalog: merged, template: template) == {
                var s = status
                s.notInTemplate = 0
                return s
            }())
        }
    }

    /// translated, fuzzy, untranslated from `msgfmt --statistics`.
    func msgfmtCounts(_ url: URL) throws -> [Int] {
        let text = try runTool("msgfmt", ["--statistics", "-o", "/dev/null", url.path]).errorOutput
        func count(_ word: String) -> Int {
            guard let r = text.range(of: #"(\d+) "# + word, options: .regularExpression) else { return 0 }
            return Int(text[r].split(separator: " ")[0]) ?? 0
        }
        return [count("translated"), count("fuzzy"), count("untranslated")]
    }
}

@Suite("kimdoc catalog update")
struct CatalogUpdateTests {
    /// Gives every unit of every catalog a translation, as a translator would.
    func translateAll(_ project: TranslationProject) throws {
        for entry in project.targetLanguages {
            var file = try project.readCatalog(entry.tag)
            for i in file.entries.indices where !file.entries[i].isHeader {
                file.entries[i].fields.strings = ["[\(entry.tag)] " + file.entries[i].fields.id]
                file.entries[i].fields.flags.removeAll { $0 == "fuzzy" }
                file.entries[i].fields.previousID = nil
            }
            try file.write(to: project.catalogFile(entry.tag))
        }
    }

    func editTemplate(_ root: URL, _ old: String, _ new: String) throws {
        let url = root.appendingPathComponent("Templates/kim-flyer-trifold.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
        // The A4 template shares the unit; keep both the same.
        let a4 = root.appendingPathComponent("Templates/kim-flyer-a4.yaml")
        let t2 = try String(contentsOf: a4, encoding: .utf8)
        try t2.replacingOccurrences(of: old, with: new).write(to: a4, atomically: true, encoding: .utf8)
    }

    func snapshot(_ root: URL) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let folder = root.appendingPathComponent("Translations")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasSuffix(".po") || name.hasSuffix(".pot") {
            out[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return out
    }

    @Test("running the update on the project changes nothing, and twice changes nothing")
    func idempotent() throws {
        try withProjectCopy { root in
            let project = try TranslationProject(root: root)
            let before = try snapshot(root)
            let first = try project.update(date: Date(timeIntervalSince1970: 0))
            #expect(first.written.isEmpty, "the committed catalogs are not up to date with the templates: run kimdoc catalog update")
            let second = try project.update(date: Date(timeIntervalSince1970: 86400))
            #expect(second.written.isEmpty)
            #expect(try snapshot(root) == before)
        }
    }

    @Test("a German edit outdates exactly that unit in every language and keeps the previous German")
    func germanEdit() throws {
        try withProjectCopy { root in
            let project = try TranslationProject(root: root)
            try translateAll(project)
            try editTemplate(root, "de: \"Was wir für Sie tun\"", "de: \"Was wir für Sie tun können\"")
            let report = try project.update(date: Date(timeIntervalSince1970: 0))
            for entry in project.targetLanguages {
                #expect(report.outdated[entry.tag] == ["flyer.offer.heading"])
                let file = try project.readCatalog(entry.tag)
                let fuzzy = file.entries.filter(\.isFuzzy)
                #expect(fuzzy.map(\.fields.context) == ["flyer.offer.heading"])
                let e = try #require(fuzzy.first)
                #expect(e.fields.id == "Was wir für Sie tun können")
                #expect(e.fields.previousID == "Was wir für Sie tun")
                #expect(e.fields.strings == ["[\(entry.tag)] Was wir für Sie tun"])
                let lookup = Catalog(language: entry.tag, file: file, path: "x").lookup(id: "flyer.offer.heading", german: "Was wir für Sie tun können")
                #expect(lookup == .fallback(.outdated))
            }
            // The .pot carries the new German.
            let pot = try POFile.read(from: project.templateFile)
            #expect(pot.entries.contains { $0.fields.context == "flyer.offer.heading" && $0.fields.id == "Was wir für Sie tun können" })
            // Changing the German back makes the translations current again.
            try editTemplate(root, "de: \"Was wir für Sie tun können\"", "de: \"Was wir für Sie tun\"")
            _ = try project.update(date: Date(timeIntervalSince1970: 0))
            for entry in project.targetLanguages {
                #expect(try project.readCatalog(entry.tag).entries.filter(\.isFuzzy).isEmpty)
            }
        }
    }

    @Test("a whitespace-only edit does not outdate the translation")
    func whitespaceEdit() throws {
        try withProjectCopy { root in
            let project = try TranslationProject(root: root)
            try translateAll(project)
            try editTemplate(root, "de: \"Was wir für Sie tun\"", "de: \"Was wir  für Sie tun \"")
            let report = try project.update(date: Date(timeIntervalSince1970: 0))
            for entry in project.targetLanguages {
                #expect(report.outdated[entry.tag] == [])
                let file = try project.readCatalog(entry.tag)
                #expect(file.entries.filter(\.isFuzzy).isEmpty)
                let e = try #require(file.entries.first { $0.fields.context == "flyer.offer.heading" })
                #expect(e.fields.id == "Was wir  für Sie tun ")
                let lookup = Catalog(language: entry.tag, file: file, path: "x").lookup(id: "flyer.offer.heading", german: "Was wir  für Sie tun ")
                guard case .translated(let text, _) = lookup else { Issue.record("not translated: \(lookup)"); continue }
                #expect(text == "[\(entry.tag)] Was wir für Sie tun")
            }
        }
    }

    @Test("a removed unit is kept as obsolete with its translation and revived when it returns")
    func obsolete() throws {
        try withProjectCopy { root in
            let project = try TranslationProject(root: root)
            try translateAll(project)
            let unit = "      - paragraph:\n          id: flyer.flap.children\n          de: Sie können Ihre Kinder zum Termin mitbringen.\n"
            let url = root.appendingPathComponent("Templates/kim-flyer-trifold.yaml")
            let original = try String(contentsOf: url, encoding: .utf8)
            try #require(original.contains(unit))
            try original.replacingOccurrences(of: unit, with: "").write(to: url, atomically: true, encoding: .utf8)
            _ = try project.update(date: Date(timeIntervalSince1970: 0))
            var file = try project.readCatalog(Language("ar"))
            let gone = try #require(file.entries.first { $0.fields.context == "flyer.flap.children" })
            #expect(gone.fields.isObsolete)
            #expect(gone.fields.strings == ["[ar] Sie können Ihre Kinder zum Termin mitbringen."])
            #expect(try POFile.read(from: project.templateFile).entries.allSatisfy { $0.fields.context != "flyer.flap.children" })
            try original.write(to: url, atomically: true, encoding: .utf8)
            _ = try project.update(date: Date(timeIntervalSince1970: 0))
            file = try project.readCatalog(Language("ar"))
            let back = try #require(file.entries.first { $0.fields.context == "flyer.flap.children" })
            #expect(!back.fields.isObsolete && !back.isFuzzy)
            #expect(file.entries.filter { $0.fields.context == "flyer.flap.children" }.count == 1)
        }
    }

    @Test("units carry notes: where, placeholders, box size")
    func notes() throws {
        let pot = try POFile.read(from: repositoryRoot.appendingPathComponent("Translations/kimdoc.pot"))
        let team = try #require(pot.entries.first { $0.fields.context == "flyer.team.text" })
        let notes = team.fields.extractedComments.joined(separator: "\n")
        #expect(notes.contains("{case_managers}: how many case managers work in the office"))
        #expect(notes.contains("{languages}: the languages spoken in the office"))
        #expect(notes.contains("Box: "))
        #expect(team.fields.references.contains { $0.hasPrefix("Templates/kim-flyer-trifold.yaml:") })
    }
}

@Suite("kimdoc catalog check")
struct CatalogCheckTests {
    func check(_ body: String, language: String = "ar", glossary: Glossary? = nil) throws -> [CatalogDiagnostic] {
        try CatalogCheck(language: Language(language), glossary: glossary).check(try catalog(body, language: language), file: "\(language).po")
    }

    @Test("placeholders: missing, extra and renamed are errors; matching passes")
    func placeholders() throws {
        let missing = try check("\nmsgctxt \"a\"\nmsgid \"Rufen Sie {phone} an.\"\nmsgstr \"اتصلوا بنا.\"\n")
        #expect(missing.map(\.description) == ["ar.po:9: error: a: placeholder {phone} is missing; the German text has it, keep it in the translation"])
        let extra = try check("\nmsgctxt \"a\"\nmsgid \"Hallo\"\nmsgstr \"مرحبا {name}\"\n")
        #expect(extra.map(\.description) == ["ar.po:9: error: a: placeholder {name} is not in the German text; placeholders are not translated"])
        let renamed = try check("\nmsgctxt \"a\"\nmsgid \"Rufen Sie {phone} an.\"\nmsgstr \"اتصلوا على {telefon}.\"\n")
        #expect(renamed.map(\.message) == ["a: placeholder {phone} was renamed to {telefon}; placeholder names stay as in the German text"])
        #expect(try check("\nmsgctxt \"a\"\nmsgid \"Rufen Sie {phone} an.\"\nmsgstr \"اتصلوا على {phone}.\"\n").isEmpty)
    }

    @Test("plural categories: Arabic needs all six; a complete plural passes")
    func plurals() throws {
        let german = "{n, plural, one {# Fallmanager} other {# Fallmanager}}"
        let short = try check("\nmsgctxt \"a\"\nmsgid \"\(german)\"\nmsgstr \"{n, plural, one {مدير} other {# مديرين}}\"\n")
        #expect(short.map(\.message) == ["a: the plural {n} lacks the forms zero, two, few, many; ar needs zero, one, two, few, many, other"])
        let full = "{n, plural, zero {لا أحد} one {مدير واحد} two {مديران} few {# مديرين} many {# مديرًا} other {# مدير}}"
        #expect(try check("\nmsgctxt \"a\"\nmsgid \"\(german)\"\nmsgstr \"\(full)\"\n").filter { $0.severity == .error }.isEmpty)
        let ru = try check("\nmsgctxt \"a\"\nmsgid \"\(german)\"\nmsgstr \"{n, plural, one {# менеджер} few {# менеджера} many {# менеджеров} other {# менеджера}}\"\n", language: "ru")
        #expect(ru.filter { $0.severity == .error }.isEmpty)
        let ruShort = try check("\nmsgctxt \"a\"\nmsgid \"\(german)\"\nmsgstr \"{n, plural, one {# менеджер} other {# менеджеров}}\"\n", language: "ru")
        #expect(ruShort.map(\.message) == ["a: the plural {n} lacks the forms few, many; ru needs one, few, many, other"])
    }

    @Test("MessageFormat syntax errors are located to line and column in the PO file")
    func syntax() throws {
        let d = try check("\nmsgctxt \"a\"\nmsgid \"Hallo {name}\"\nmsgstr \"\"\n\"مرحبا \"\n\"{name\"\n")
        #expect(d.count == 1)
        #expect(d.first?.line == 11)
        #expect(d.first?.column == 2)  // at the unclosed brace
        #expect(d.first?.severity == .error)
        #expect(d.first?.message.hasPrefix("a: MessageFormat syntax: ") == true)
        #expect(try check("\nmsgctxt \"a\"\nmsgid \"Hallo {name}\"\nmsgstr \"\"\n\"مرحبا \"\n\"{name}\"\n").isEmpty)
    }

    @Test("hand-typed bidi controls are errors; ZWNJ in Persian is fine")
    func bidiControls() throws {
        let d = try check("\nmsgctxt \"a\"\nmsgid \"Telefon\"\nmsgstr \"\u{202B}هاتف\u{202C}\"\n")
        #expect(d.map(\.message).first == "a: remove the hand-typed U+202B RIGHT-TO-LEFT EMBEDDING; kimdoc isolates values and sets the direction itself")
        #expect(d.first?.column == 9)
        #expect(try check("\nmsgctxt \"a\"\nmsgid \"Sie können\"\nmsgstr \"می\u{200C}توانید\"\n", language: "fa").isEmpty)
    }

    @Test("whitespace at the ends must match the German")
    func whitespace() throws {
        let d = try check("\nmsgctxt \"a\"\nmsgid \"Telefon: \"\nmsgstr \"هاتف:\"\n")
        #expect(d.map(\.severity) == [.warning])
        #expect(d.first?.message == "a: the translation does not end with whitespace (nothing) but the German text ends with ' '; make them match")
        #expect(try check("\nmsgctxt \"a\"\nmsgid \"Telefon: \"\nmsgstr \"هاتف: \"\n").isEmpty)
    }

    @Test("glossary terms must use the approved rendering")
    func glossary() throws {
        let g = try Glossary.parse("de,en,ar\n# terms\nAusländerbehörde,immigration office,دائرة الأجانب|الأجانب\n", path: "Translations/glossary.csv")
        let bad = try check("\nmsgctxt \"a\"\nmsgid \"Fragen an die Ausländerbehörde\"\nmsgstr \"أسئلة إلى مكتب الهجرة\"\n", glossary: g)
        #expect(bad.map(\.description) == ["ar.po:9: warning: a: 'Ausländerbehörde' is rendered 'دائرة الأجانب' in the glossary (Translations/glossary.csv:3); use it or update the glossary"])
        #expect(try check("\nmsgctxt \"a\"\nmsgid \"Fragen an die Ausländerbehörde\"\nmsgstr \"أسئلة إلى دائرة الأجانب\"\n", glossary: g).isEmpty)
    }

    @Test("a much longer translation gets a length warning")
    func length() throws {
        let long = String(repeating: "كلمة ", count: 12) + "طويلة"
        let d = try check("\nmsgctxt \"a\"\nmsgid \"Kurzer Text hier\"\nmsgstr \"\(long)\"\n")
        #expect(d.map(\.severity) == [.warning])
        #expect(d.first?.message.contains("characters against 16 in German") == true)
        #expect(try check("\nmsgctxt \"a\"\nmsgid \"Kurzer Text hier\"\nmsgstr \"نص قصير هنا\"\n").isEmpty)
    }

    @Test("the header's language must match the file")
    func header() throws {
        // An Arabic catalog given as the Persian one: its Language and its Plural-Forms are wrong,
        // each reported at its own header line.
        let c = try CatalogCheck(language: Language("fa"), glossary: nil, expectedPluralForms: "nplurals=2; plural=(n > 1);")
            .check(try catalog("", language: "ar"), file: "fa.po")
        #expect(c.map(\.description) == [
            "fa.po:3: error: the header's Language is 'ar' but the file is for 'fa'; set \"Language: fa\\n\"",
            "fa.po:5: error: Plural-Forms: nplurals=6, but fa has 2 plural forms for whole numbers in CLDR (one, other); use \"Plural-Forms: nplurals=2; plural=(n > 1);\\n\" (Translations/languages.json)",
        ])
    }
}

@Suite("Lookup with fallback and review state")
struct CatalogLookupTests {
    @Test("current, draft, untranslated, outdated and missing units")
    func lookup() throws {
        let po = try catalog(
            """

            msgctxt "ok"
            msgid "Telefon"
            msgstr "هاتف"

            # draft: not yet reviewed by a person
            msgctxt "draft"
            msgid "Internet"
            msgstr "الإنترنت"

            msgctxt "empty"
            msgid "E-Mail"
            msgstr ""

            #, fuzzy
            #| msgid "Sprechzeit"
            msgctxt "fuzzy"
            msgid "Sprechzeiten"
            msgstr "ساعة العمل"

            """)
        let c = Catalog(language: Language("ar"), file: po, path: "ar.po")
        #expect(c.lookup(id: "ok", german: "Telefon") == .translated("هاتف", draft: false))
        #expect(c.lookup(id: "draft", german: "Internet") == .translated("الإنترنت", draft: true))
        #expect(c.lookup(id: "empty", german: "E-Mail") == .fallback(.untranslated))
        #expect(c.lookup(id: "fuzzy", german: "Sprechzeiten") == .fallback(.outdated))
        #expect(c.lookup(id: "ok", german: "Telefonnummer") == .fallback(.outdated))
        #expect(c.lookup(id: "nowhere", german: "X") == .fallback(.missing))

        // One entry replaced in memory (the preview): that unit changes, nothing else, and the
        // catalog it came from stays as it was.
        let fuzzy = try #require(c.entry(id: "fuzzy", german: "Sprechzeiten"))
        var f = fuzzy.fields
        f.strings = ["ساعات العمل"]
        f.flags.removeAll { $0 == "fuzzy" }
        let typed = try #require(c.replacing(fuzzy, with: f))
        #expect(typed.lookup(id: "fuzzy", german: "Sprechzeiten") == .translated("ساعات العمل", draft: false))
        #expect(typed.lookup(id: "ok", german: "Telefon") == .translated("هاتف", draft: false))
        #expect(typed.lookup(id: "draft", german: "Internet") == .translated("الإنترنت", draft: true))
        #expect(c.lookup(id: "fuzzy", german: "Sprechzeiten") == .fallback(.outdated))
        #expect(typed.file.entries.count == c.file.entries.count)
        let rebuilt = Catalog(language: Language("ar"), file: typed.file, path: "ar.po")
        for id in ["ok", "draft", "empty", "fuzzy"] {
            let german = try #require(c.entry(id: id, german: "")?.fields.id)
            #expect(typed.lookup(id: id, german: german) == rebuilt.lookup(id: id, german: german))
        }
    }
}

@Suite("Template errors")
struct TemplateErrorTests {
    func load(_ yaml: String) throws -> Template {
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("t.yaml")
            try yaml.write(to: url, atomically: true, encoding: .utf8)
            return try Template.load(url, root: dir)
        }
    }

    func error(_ yaml: String) -> String {
        do {
            _ = try load(yaml)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    let head = "template: t\ntitle: {id: t.title, de: Titel}\n"

    @Test("located errors with what to do")
    func errors() {
        #expect(error(head + "flows:\n  - frames: [page]\n    blocks:\n      - paragraph: {de: Hallo}\n")
            == "t.yaml:6:20: error: missing 'id': a stable id such as flyer.intro; it links the German text to its translations")
        #expect(error(head + "flows:\n  - frames: [page]\n    blocks:\n      - paragraph: {id: a, de: Hallo}\n        sytle: body\n")
            == "t.yaml:7:9: error: unknown key 'sytle'; allowed here: bottom, id, paragraph, style")
        #expect(error(head + "flows:\n  - frames: [page]\n    blocks:\n      - paragraph: {id: a, de: \"Hallo {name\"}\n")
            == "t.yaml:6:32: error: MessageFormat syntax at character 7 of the German text: unclosed '{'; add '}'")
        #expect(error(head + "flows:\n  - frames: [page]\n    blocks:\n      - paragraph: {id: a, de: \"Hallo {kunde}\"}\n")
            .hasPrefix("t.yaml:6:32: error: unknown placeholder {kunde}; known here: office, district"))
        #expect(error(head + "flows:\n  - frames: [cover]\n    blocks: []\n")
            == "t.yaml:4:14: error: unknown frame 'cover' for a a4 layout; frames are: page")
        #expect(error(head + "flows:\n  - frames: [page]\n    blocks:\n      - paragraph: {id: a, de: x}\n      - paragraph: {id: a, de: y}\n")
            == "t.yaml:7:25: error: the id 'a' is already used at line 6; ids must be unique")
        #expect(error("template: t\ntitle: {id: t.title, de: Titel\n").hasPrefix("t.yaml:"))
        // The id names the output folder: no path separators, nothing to climb out of output/.
        #expect(error("template: ../flyer\ntitle: {id: t.title, de: Titel}\nflows: []\n")
            == "t.yaml:1:11: error: the template id may use only a–z, 0–9 and '-' (it names the output folder)")
    }
}
