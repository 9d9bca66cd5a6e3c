import Foundation
import KimCatalog
import KimCore
import KimDoc
import KimLayout
import KimTestSupport
import Testing

/// Counts of `msgfmt --statistics`: translated, fuzzy, untranslated.
func msgfmtStatistics(_ url: URL) throws -> [Int] {
    let result = try runTool("msgfmt", ["--statistics", "-o", "/dev/null", url.path])
    let text = result.errorOutput
    func count(_ word: String) -> Int {
        guard let r = text.range(of: #"(\d+) "# + word, options: .regularExpression) else { return 0 }
        return Int(text[r].split(separator: " ")[0]) ?? 0
    }
    return [count("translated"), count("fuzzy"), count("untranslated")]
}

/// `msgfmt --check` on PO text: its exit status and what it said.
func msgfmtCheck(_ text: [UInt8], in dir: URL) throws -> ToolResult {
    let url = dir.appendingPathComponent("check.po")
    try Data(text).write(to: url)
    return try runTool("msgfmt", ["--check", "-o", "/dev/null", url.path])
}

let realWorld = fixtures.appendingPathComponent("real-world")

/// A template (.pot) with the given units (id, German).
func template(_ units: [(String, String)]) throws -> POFile {
    var pot = try parse("msgid \"\"\nmsgstr \"\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n")
    for (id, german) in units {
        var f = POEntry.Fields()
        f.context = id
        f.id = german
        pot.entries.append(POEntry(f))
    }
    return pot
}

/// Every translation an entry holds, as (context, msgid, msgstr…) for comparing files.
func translations(_ file: POFile) -> [String] {
    file.entries.filter { !$0.isHeader && $0.isTranslatedAtAll }.map {
        ([$0.fields.context ?? "-", $0.fields.id] + $0.fields.strings).joined(separator: "|")
    }
}

@Suite("Catalog integrity: update loses nothing")
struct CatalogMergeTests {
    @Test("real-world PO files are read and written back byte for byte", arguments: ["gettextpo-1.de.po", "poedit-1.5.7-zh_CN.po"])
    func realWorldRoundTrip(_ name: String) throws {
        let bytes = try Array(Data(contentsOf: realWorld.appendingPathComponent(name)))
        let file = try POFile.parse(bytes, path: name)
        #expect(Array(file.serialized().utf8) == bytes)
        // msgfmt accepts the file as shipped, and kimdoc reads every message it counts.
        let counts = try msgfmtStatistics(realWorld.appendingPathComponent(name))
        let active = file.entries.filter { !$0.isHeader && !$0.fields.isObsolete }
        #expect(counts.reduce(0, +) == active.count)
        #expect(counts[1] == active.filter { $0.isFuzzy && $0.isTranslatedAtAll }.count)
    }

    @Test("an update keeps every translation of a real-world catalog: units stay, the rest becomes obsolete, msgfmt's counts add up",
        arguments: ["gettextpo-1.de.po", "poedit-1.5.7-zh_CN.po"])
    func realWorldUpdate(_ name: String) throws {
        let url = realWorld.appendingPathComponent(name)
        let original = try POFile.read(from: url)
        // kimdoc's template has a new unit, and one unit this catalog has (by context and msgid)
        // where the catalog has an entry with a context (kimdoc's units always have one).
        let kept = original.entries.first { !$0.isHeader && !$0.fields.isObsolete && $0.isTranslated && !$0.isFuzzy && !$0.isPlural && $0.fields.context != nil }
        let pot = try template((kept.map { [($0.fields.context ?? "", $0.fields.id)] } ?? []) + [("kimdoc.new", "Neu")])
        let merged = CatalogUpdate.merge(original, with: pot)
        try withTemporaryFolder { dir in
            let out = dir.appendingPathComponent(name)
            try merged.write(to: out)
            #expect(try runTool("msgfmt", ["--check", "-o", "/dev/null", out.path]).status == 0)
            // Every translation is still there, the plural forms included.
            #expect(Set(translations(original)).isSubset(of: Set(translations(merged))))
            // msgfmt counts: what was translated or fuzzy in the file (active and obsolete) is
            // translated or fuzzy again once the obsolete entries are made active.
            let all = dir.appendingPathComponent("all.po")
            let originalAll = dir.appendingPathComponent("original-all.po")
            #expect(try runTool("msgattrib", ["--clear-obsolete", "-o", all.path, out.path]).status == 0)
            #expect(try runTool("msgattrib", ["--clear-obsolete", "-o", originalAll.path, url.path]).status == 0)
            let before = try msgfmtStatistics(originalAll), after = try msgfmtStatistics(all)
            #expect(before[0] + before[1] == after[0] + after[1])
            // Active: the kept unit (translated) and the new one (untranslated), nothing else.
            let active = dir.appendingPathComponent("active.po")
            #expect(try runTool("msgattrib", ["--no-obsolete", "-o", active.path, out.path]).status == 0)
            #expect(try msgfmtStatistics(active) == [kept == nil ? 0 : 1, 0, 1])
            if let kept {
                let activeFile = try POFile.read(from: active)
                #expect(activeFile.entries.contains { $0.fields.context == kept.fields.context && $0.fields.id == kept.fields.id && $0.fields.strings == kept.fields.strings })
            }
        }
    }

    @Test("entries without msgctxt, with a shared msgctxt and another msgid, obsolete and plural ones all survive an update")
    func identity() throws {
        let po = try parse(
            header + """

                msgid "Ohne Kontext"
                msgstr "Without context"

                msgid "Noch einer ohne"
                msgstr "Another without"

                msgctxt "flyer.title"
                msgid "Alter Titel"
                msgstr "Old title"

                msgctxt "flyer.title"
                msgid "Titel"
                msgstr "Title"

                msgctxt "files"
                msgid "Datei"
                msgid_plural "Dateien"
                msgstr[0] "file"
                msgstr[1] "files"

                # kept for later
                #~ msgctxt "flyer.title"
                #~ msgid "Sehr alter Titel"
                #~ msgstr "Very old title"

                """)
        let merged = CatalogUpdate.merge(po, with: try template([("flyer.title", "Titel"), ("files", "Datei")]))
        // The unit takes the entry made for its German; the other "flyer.title" stays, obsolete.
        let active = merged.entries.filter { !$0.isHeader && !$0.fields.isObsolete }
        #expect(active.map { "\($0.fields.context ?? "-")|\($0.fields.id)|\($0.fields.strings.joined(separator: "/"))|\($0.isFuzzy)" } == [
            "flyer.title|Titel|Title|false",
            // A plural entry for a unit that is one text: msgstr[0], fuzzy, the other form in a comment.
            "files|Datei|file|true",
        ])
        #expect(active[1].fields.translatorComments == ["msgstr[1] before kimdoc catalog update: files"])
        let obsolete = merged.entries.filter { $0.fields.isObsolete }.map { "\($0.fields.context ?? "-")|\($0.fields.id)|\($0.fields.strings.joined(separator: "/"))" }
        #expect(obsolete == ["-|Ohne Kontext|Without context", "-|Noch einer ohne|Another without", "flyer.title|Alter Titel|Old title", "flyer.title|Sehr alter Titel|Very old title"])
        try withTemporaryFolder { dir in
            let result = try msgfmtCheck(Array(merged.serialized().utf8), in: dir)
            #expect(result.status == 0, "\(result.errorOutput)")
        }
        // Running it again changes nothing.
        let again = CatalogUpdate.merge(try POFile.parse(Array(merged.serialized().utf8), path: "x.po"), with: try template([("flyer.title", "Titel"), ("files", "Datei")]))
        #expect(again.serialized() == merged.serialized())
    }

    /// A random catalog that msgfmt accepts: units of a small template and foreign entries, with
    /// and without context, plural entries, fuzzy ones, multi-line strings, obsolete entries.
    func randomCatalog(_ rng: inout SplitMix, units: [(String, String)]) -> POFile {
        let words = ["Haus", "Amt", "Sprache", "Kurs", "Termin", "Antrag\nzweite Zeile", "sehr langer Text, der über die Breite von neunundsiebzig Zeichen hinausgeht und umbrochen wird"]
        var file = POFile(entries: [], lineEnding: Bool.random(using: &rng) ? .lf : .crlf)
        var header = POEntry.Fields()
        header.strings = ["Language: de\nContent-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"]
        file.entries.append(POEntry(header))
        var keys = Set<String>()
        for _ in 0..<Int.random(in: 3...14, using: &rng) {
            var f = POEntry.Fields()
            let unit = units.randomElement(using: &rng) ?? ("x", "x")
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: (f.context, f.id) = unit
            case 1: (f.context, f.id) = (unit.0, words.randomElement(using: &rng) ?? "")
            case 2: (f.context, f.id) = (nil, words.randomElement(using: &rng) ?? "")
            default: (f.context, f.id) = ("fremd.\(Int.random(in: 0..<4, using: &rng))", words.randomElement(using: &rng) ?? "")
            }
            let plural = Int.random(in: 0..<4, using: &rng) == 0
            if plural { f.idPlural = f.id + " (Mehrzahl)" }
            let translated = Int.random(in: 0..<4, using: &rng) != 0
            f.strings = (0..<(plural ? 2 : 1)).map { n in translated ? "übersetzt \(n) \(words.randomElement(using: &rng) ?? "")" : "" }
            if translated, Bool.random(using: &rng) { f.flags = ["fuzzy"] }
            if Bool.random(using: &rng) { f.translatorComments = ["Anmerkung"] }
            f.isObsolete = translated && Int.random(in: 0..<5, using: &rng) == 0
            let key = (f.context ?? "") + "\u{4}" + f.id
            guard keys.insert(key).inserted else { continue }
            file.entries.append(POEntry(f))
        }
        return file
    }

    @Test("property: for random catalogs msgfmt accepts, an update loses no translation and msgfmt's counts add up")
    func property() throws {
        let units = [("a", "Haus"), ("b", "Amt"), ("c", "Sprache"), ("d", "Kurs")]
        let pot = try template(units)
        var rng = SplitMix(seed: 20261207)
        try withTemporaryFolder { dir in
            for round in 0..<25 {
                let po = randomCatalog(&rng, units: units)
                let input = dir.appendingPathComponent("in-\(round).po")
                try Data(po.serialized().utf8).write(to: input)
                #expect(try runTool("msgfmt", ["--check", "-o", "/dev/null", input.path]).status == 0, "round \(round): the generator made a file msgfmt rejects")
                let merged = CatalogUpdate.merge(try POFile.read(from: input), with: pot)
                let output = dir.appendingPathComponent("out-\(round).po")
                try merged.write(to: output)
                #expect(try runTool("msgfmt", ["--check", "-o", "/dev/null", output.path]).status == 0, "round \(round)")
                // No bare LF in a CRLF file, none the other way round.
                let text = try String(contentsOf: output, encoding: .utf8)
                if po.lineEnding == .crlf { #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "round \(round)") }
                // Active translations that match a unit (context and msgid) keep their text.
                let active = dir.appendingPathComponent("active-\(round).po")
                #expect(try runTool("msgattrib", ["--no-obsolete", "-o", active.path, output.path]).status == 0)
                let activeEntries = try POFile.read(from: active).entries
                for e in po.entries where !e.isHeader && !e.fields.isObsolete && !e.isPlural && e.isTranslated && !e.isFuzzy
                    && units.contains(where: { $0.0 == e.fields.context && $0.1 == e.fields.id })
                {
                    #expect(activeEntries.contains { $0.fields.context == e.fields.context && $0.fields.id == e.fields.id && $0.fields.strings == e.fields.strings && !$0.isFuzzy }, "round \(round): \(e.fields.context ?? "")")
                }
                // Translated or fuzzy before (active and obsolete) = translated or fuzzy after.
                let allIn = dir.appendingPathComponent("all-in-\(round).po"), allOut = dir.appendingPathComponent("all-out-\(round).po")
                #expect(try runTool("msgattrib", ["--clear-obsolete", "-o", allIn.path, input.path]).status == 0)
                #expect(try runTool("msgattrib", ["--clear-obsolete", "-o", allOut.path, output.path]).status == 0)
                let before = try msgfmtStatistics(allIn), after = try msgfmtStatistics(allOut)
                #expect(before[0] + before[1] == after[0] + after[1], "round \(round): \(before) → \(after)")
                // Every unit is active exactly once.
                let mergedActive = merged.entries.filter { !$0.isHeader && !$0.fields.isObsolete }
                #expect(mergedActive.map { $0.fields.context ?? "" } == units.map(\.0), "round \(round)")
            }
        }
    }

    @Test("a CRLF catalog stays CRLF through an update; changed entries are written in gettext's form, the rest byte for byte")
    func lineEndsAndWrapping() throws {
        try withTemporaryFolder { dir in
            // A catalog rewrapped by another tool (msgcat at 40 columns), as Poedit or msgcat leave it.
            let source = try catalog(
                """

                msgctxt "a"
                msgid "Ein ziemlich langer deutscher Satz, der umbrochen wird, wenn die Zeile schmal ist."
                msgstr "A rather long English sentence that gets wrapped when the line is narrow."

                msgctxt "b"
                msgid "Noch ein langer Satz, den das Update ändert, weil sich das Deutsche ändert."
                msgstr "Another long sentence that the update changes because the German changes."

                """, language: "en")
            let wide = dir.appendingPathComponent("wide.po"), narrow = dir.appendingPathComponent("narrow.po")
            try source.write(to: wide)
            #expect(try runTool("msgcat", ["--width=40", "-o", narrow.path, wide.path]).status == 0)
            let rewrapped = try POFile.read(from: narrow)
            let pot = try template([
                ("a", "Ein ziemlich langer deutscher Satz, der umbrochen wird, wenn die Zeile schmal ist."),
                ("b", "Noch ein langer Satz, den das Update ändert, weil sich das Deutsche geändert hat."),
            ])
            let merged = CatalogUpdate.merge(rewrapped, with: pot).serialized()
            // Entry a is untouched: exactly as msgcat wrapped it. Entry b is formatted as gettext
            // does at its default width, which msgcat reproduces.
            let a = try #require(rewrapped.entries.first { $0.fields.context == "a" })
            #expect(merged.contains(try #require(a.originalText)))
            let canonical = dir.appendingPathComponent("canonical.po")
            try Data(merged.utf8).write(to: canonical)
            let msgcat = try runTool("msgcat", [canonical.path]).output
            let bMsgcat = try #require(msgcat.range(of: "#, fuzzy\n#| msgid \"\""))
            #expect(merged.contains(String(msgcat[bMsgcat.lowerBound...]).trimmingCharacters(in: .newlines)))

            // CRLF: a file with CRLF line ends gets new and changed entries with CRLF too.
            let crlf = Array(source.serialized().replacingOccurrences(of: "\n", with: "\r\n").utf8)
            let file = try POFile.parse(crlf, path: "en.po")
            #expect(file.lineEnding == .crlf)
            let out = CatalogUpdate.merge(file, with: try template([("a", "Neu"), ("c", "Dritte")])).serialized()
            #expect(out.utf8.count > 0 && !out.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
            #expect(out.contains("msgctxt \"c\"\r\nmsgid \"Dritte\"\r\nmsgstr \"\"\r\n"))
        }
    }
}

@Suite("Catalog integrity: check is as strict as msgfmt, located")
struct CatalogStrictnessTests {
    static let arabicForms = "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"

    static func file(_ language: String, _ forms: String, _ body: String) -> String {
        "msgid \"\"\nmsgstr \"\"\n\"Language: \(language)\\n\"\n\"Content-Type: text/plain; charset=UTF-8\\n\"\n\"Plural-Forms: \(forms)\\n\"\n\n" + body
    }

    static let plural2 = "msgid \"Datei\"\nmsgid_plural \"Dateien\"\nmsgstr[0] \"a\"\nmsgstr[1] \"b\"\n"

    /// Files msgfmt --check rejects, with the line kimdoc must name.
    static let broken: [(name: String, text: String, line: Int)] = [
        ("nplurals not a number", file("ar", "nplurals=six; plural=(n==0 ? 0 :;", ""), 5),
        ("plural expression cut off", file("de", "nplurals=2; plural=(n != ;", plural2), 5),
        ("division by zero", file("de", "nplurals=2; plural=(n/0);", ""), 5),
        ("expression beyond nplurals", file("de", "nplurals=2; plural=(n==1 ? 0 : 2);", plural2), 5),
        ("Arabic entry with two forms", file("ar", arabicForms, plural2), 9),
        ("Arabic entry with eight forms", file("ar", arabicForms, "msgid \"Datei\"\nmsgid_plural \"Dateien\"\n" + (0..<8).map { "msgstr[\($0)] \"x\"\n" }.joined()), 9),
        ("byte order mark", "\u{FEFF}" + file("de", "nplurals=2; plural=(n != 1);", ""), 1),
        ("duplicate entry", file("de", "nplurals=2; plural=(n != 1);", "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"y\"\n\nmsgctxt \"a\"\nmsgid \"x\"\nmsgstr \"z\"\n"), 11),
        ("duplicate obsolete entry", file("de", "nplurals=2; plural=(n != 1);", "msgctxt \"a\"\nmsgid \"x\"\nmsgstr \"y\"\n\n#~ msgctxt \"a\"\n#~ msgid \"x\"\n#~ msgstr \"z\"\n"), 11),
        ("plural entry with msgstr", file("de", "nplurals=2; plural=(n != 1);", "msgid \"x\"\nmsgid_plural \"xs\"\nmsgstr \"a\"\n"), 9),
        ("forms out of order", file("de", "nplurals=2; plural=(n != 1);", "msgid \"x\"\nmsgid_plural \"xs\"\nmsgstr[1] \"a\"\nmsgstr[0] \"b\"\n"), 9),
        ("msgid without msgstr", file("de", "nplurals=2; plural=(n != 1);", "msgid \"x\"\n\nmsgid \"y\"\nmsgstr \"\"\n"), 7),
        ("unterminated string", file("de", "nplurals=2; plural=(n != 1);", "msgid \"x\nmsgstr \"\"\n"), 7),
        ("unknown escape", file("de", "nplurals=2; plural=(n != 1);", "msgid \"x\"\nmsgstr \"\\q\"\n"), 8),
    ]

    @Test("kimdoc rejects what msgfmt --check rejects, naming the line", arguments: broken.indices)
    func differential(_ index: Int) throws {
        let c = Self.broken[index]
        let bytes = Array(c.text.utf8)
        try withTemporaryFolder { dir in
            let msgfmt = try msgfmtCheck(bytes, in: dir)
            #expect(msgfmt.status != 0, "\(c.name): msgfmt accepted it")
        }
        let language = c.text.contains("Language: ar") ? "ar" : "de"
        do {
            let file = try POFile.parse(bytes, path: "x.po")
            let errors = try CatalogCheck(language: Language(language), glossary: nil).check(file, file: "x.po").filter { $0.severity == .error }
            #expect(!errors.isEmpty, "\(c.name): kimdoc found no error")
            #expect(errors.first?.line == c.line, "\(c.name): \(errors.map(\.description))")
        } catch let e as POError {
            #expect(e.line == c.line, "\(c.name): \(e)")
        }
    }

    @Test("stricter than msgfmt: Plural-Forms must agree with CLDR for 0 to 200")
    func cldr() throws {
        func errors(_ language: String, _ forms: String) throws -> [String] {
            let file = try POFile.parse(Array(Self.file(language, forms, "").utf8), path: "\(language).po")
            return try CatalogCheck(language: Language(language), glossary: nil).check(file, file: "\(language).po").map(\.message)
        }
        // msgfmt accepts each of these; kimdoc does not.
        try withTemporaryFolder { dir in
            let result = try msgfmtCheck(Array(Self.file("ar", "nplurals=2; plural=(n != 1);", "").utf8), in: dir)
            #expect(result.status == 0)
        }
        #expect(try errors("ar", "nplurals=2; plural=(n != 1);") == [
            "Plural-Forms: nplurals=2, but ar has 6 plural forms for whole numbers in CLDR (zero, one, two, few, many, other); copy it from Translations/languages.json"
        ])
        #expect(try errors("de", "nplurals=2; plural=(n > 1);") == [
            "Plural-Forms: the plural expression puts 0 and 1 in form 0, but CLDR has 0 in 'other' and 1 in 'one'; copy it from Translations/languages.json"
        ])
        #expect(try errors("ru", "nplurals=3; plural=(n%10==1 ? 0 : n%10>=2 && n%10<=4 ? 1 : 2);") == [
            "Plural-Forms: the plural expression puts 1 and 11 in form 0, but CLDR has 1 in 'one' and 11 in 'many'; copy it from Translations/languages.json"
        ])
        // Every language's Plural-Forms in languages.json agrees with CLDR.
        for entry in try #require(projectLanguages).languages {
            #expect(try errors(entry.tag.tag, try #require(entry.pluralForms)) == [], "\(entry.tag)")
        }
    }

    @Test("a finding names the line of the offending msgstr, not of the entry's first comment")
    func msgstrLine() throws {
        let file = try catalog(
            """

            # draft: not yet reviewed by a person
            #. Where: a box.
            #. {phone}: the office's phone number.
            #: Templates/x.yaml:3
            msgctxt "a"
            msgid "Rufen Sie {phone} an."
            msgstr "اتصلوا بنا."

            #. A plural entry
            msgctxt "b"
            msgid "Datei"
            msgid_plural "Dateien"
            msgstr[0] "ملف"
            msgstr[1] "ملفان"

            """)
        let pot = try template([("a", "Rufen Sie {phone} an.")])
        let found = try CatalogCheck(language: Language("ar"), glossary: nil).check(file, file: "ar.po", template: pot)
        #expect(found.map(\.description) == [
            "ar.po:19: error: b: has 2 plural forms (msgstr[0]…msgstr[1]) but the header's Plural-Forms says nplurals=6; give exactly 6",
            "ar.po:13: error: a: placeholder {phone} is missing; the German text has it, keep it in the translation",
            "ar.po:15: warning: 1 entry stands for no unit of Translations/kimdoc.pot (the first here: b); `kimdoc catalog update` keeps it as obsolete #~ entries with its translation",
        ])
    }

    @Test("a byte order mark is an error with the fix")
    func byteOrderMark() throws {
        let error = #expect(throws: POError.self) { _ = try POFile.parse([0xEF, 0xBB, 0xBF] + Array("msgid \"\"\nmsgstr \"\"\n".utf8), path: "ar.po") }
        #expect(error?.description == "ar.po:1:1: error: the file starts with a byte order mark (BOM, U+FEFF), which gettext's msgfmt rejects; save it as UTF-8 without BOM (Poedit does; in an editor choose \"UTF-8\", not \"UTF-8 with BOM\")")
    }
}

@Suite("Catalog integrity: status, check and build agree")
struct CatalogAgreementTests {
    /// The Musterstadt A4 flyer in some languages.
    func a4(_ languages: String...) -> DocumentBuild.Options {
        var options = DocumentBuild.Options()
        options.templates = ["kim-flyer-a4"]
        options.offices = ["musterstadt"]
        options.languages = languages.map(Language.init)
        return options
    }

    /// Replaces text in a project file.
    func edit(_ url: URL, _ old: String, _ new: String) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        #expect(text.contains(old))
        try text.replacingOccurrences(of: old, with: new).write(to: url, atomically: true, encoding: .utf8)
    }

    @Test("a placeholder renamed in both msgid and msgstr is outdated for status, check and build alike")
    func outdatedEverywhere() throws {
        try withProjectCopy { root in
            let project = try TranslationProject(root: root)
            try edit(project.catalogFile(Language("ar")), "\"Für alle Zugewanderten in {district}, ", "\"Für alle Zugewanderten in {distrct}, ")
            try edit(project.catalogFile(Language("ar")), "\"لجميع المهاجرين في {district}، ", "\"لجميع المهاجرين في {distrct}، ")
            let status = try #require(try project.status().first { $0.language == Language("ar") })
            #expect(status.outdated == 1 && status.translated == status.total - 1)
            let found = try project.check([Language("ar")])
            #expect(found.map(\.description) == [
                "Translations/ar.po:127: warning: flyer.audience.text: the translation was made for another German text than Translations/kimdoc.pot has now, so kimdoc build prints it in German; run `kimdoc catalog update`, then review it"
            ])
            let build = try DocumentBuild(root: root)
            let summary = try withTemporaryFolder { out in try build.run(a4("ar"), into: out) { _ in } }
            #expect(summary.fallbacks.map(\.summary) == ["flyer.audience.text (outdated, Translations/ar.po:127)"])
        }
    }

    @Test("an unknown placeholder in a translation names the catalog's line and the unit")
    func unknownPlaceholder() throws {
        try withProjectCopy { root in
            let project = try TranslationProject(root: root)
            // Only the translation changes: the msgid still matches, so the translation is used.
            try edit(project.catalogFile(Language("ar")), "\"لجميع المهاجرين في {district}، ", "\"لجميع المهاجرين في {distrct}، ")
            let build = try DocumentBuild(root: root)
            let summary = try withTemporaryFolder { out in try build.run(a4("ar"), into: out) { _ in } }
            #expect(summary.failures.count == 1)
            #expect(summary.failures.first?.hasPrefix("kim-flyer-a4/musterstadt-ar: Translations/ar.po:127: the translation of flyer.audience.text uses {distrct}, which is not a value of this document (") == true, "\(summary.failures)")
            #expect(summary.failures.first?.hasSuffix("); placeholders stay as in the German text. Run `kimdoc catalog check ar`.") == true)
            // check says the same, at the same line.
            #expect(try project.check([Language("ar")]).map(\.description).contains(
                "Translations/ar.po:127: error: flyer.audience.text: placeholder {district} was renamed to {distrct}; placeholder names stay as in the German text"))
        }
    }

    @Test("a broken catalog stops only its own language's documents, with the located error")
    func brokenCatalog() throws {
        try withProjectCopy { root in
            let project = try TranslationProject(root: root)
            try edit(project.catalogFile(Language("tr")), "msgctxt \"flyer.title\"", "msgctxt \"flyer.title\"\nmsgstr[7] \"?\"")
            let build = try DocumentBuild(root: root)
            try withTemporaryFolder { out in
                let summary = try build.run(a4("ar", "tr"), into: out) { _ in }
                #expect(summary.documents == 1 && summary.failures.isEmpty)
                #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("kim-flyer-a4/musterstadt-ar.pdf").path))
                #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("kim-flyer-a4/musterstadt-tr.pdf").path))
                #expect(summary.skipped.keys.map(\.tag) == ["tr"])
                #expect(summary.skipped[Language("tr")]?.hasPrefix("Translations/tr.po:22:1: error: ") == true, "\(summary.skipped)")
            }
            // check reports it among the findings and still checks the other languages; update
            // refuses to write anything.
            let found = try project.check()
            #expect(found.filter { $0.severity == .error }.map(\.file) == ["Translations/tr.po"])
            let before = try Data(contentsOf: project.templateFile)
            #expect(throws: KimError.self) { try project.update() }
            #expect(try Data(contentsOf: project.templateFile) == before)
        }
    }

    @Test("status counts a foreign catalog against the template, not against what the file holds")
    func foreignCatalog() throws {
        try withProjectCopy { root in
            let project = try TranslationProject(root: root)
            try FileManager.default.removeItem(at: project.catalogFile(Language("en")))
            var foreign = try POFile.read(from: realWorld.appendingPathComponent("gettextpo-1.de.po"))
            var header = try #require(foreign.header).fields
            header.strings = ["Language: en\nContent-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"]
            foreign.entries[0] = POEntry(header)
            try foreign.write(to: project.catalogFile(Language("en")))
            let status = try #require(try project.status().first { $0.language == Language("en") })
            let units = try project.readTemplate().entries.filter { !$0.isHeader }.count
            #expect(status.total == units && status.translated == 0 && status.untranslated == units && status.notInTemplate == 4)
            // The update keeps all four as obsolete entries and adds every unit.
            _ = try project.update(date: Date(timeIntervalSince1970: 0))
            let merged = try project.readCatalog(Language("en"))
            #expect(merged.entries.filter { $0.fields.isObsolete }.count == 5)
            #expect(Set(translations(foreign)).isSubset(of: Set(translations(merged))))
        }
    }
}

@Suite("Catalog integrity: a returned PO file is checked, then merged unit by unit")
struct AgencyRoundTripTests {
    func edit(_ text: inout String, _ old: String, _ new: String) {
        #expect(text.contains(old))
        text = text.replacingOccurrences(of: old, with: new)
    }

    @Test("check names the file's problems; merge takes changed units, lists conflicts, and merges nothing from a file with errors")
    func roundTrip() throws {
        try withProjectCopy { root in
            let project = try TranslationProject(root: root)
            let catalog = project.catalogFile(Language("ar"))
            // What goes to the agency: every unit with the version it was sent in.
            let sent = try project.export(Language("ar"), onlyNeedingWork: false)
            #expect(sent.contains("# kimdoc-sent: "))
            let original = try String(contentsOf: catalog, encoding: .utf8)
            // The agency changed two units; here, one of them was changed meanwhile too.
            var returned = sent
            edit(&returned, "msgstr \"إدارة الاندماج البلدية – استشارة ومرافقة\"", "msgstr \"إدارة الاندماج البلدية – استشارة ومرافقة للجميع\"")
            let heading = try #require(try project.unit("flyer.offer.heading", language: Language("ar"))?.translation)
            edit(&returned, "msgstr \"\(heading)\"", "msgstr \"ما نقدمه لكم\"")
            var here = original
            edit(&here, "msgstr \"\(heading)\"", "msgstr \"خدماتنا\"")
            try here.write(to: catalog, atomically: true, encoding: .utf8)
            let file = root.appendingPathComponent("agentur-ar.po")
            try returned.write(to: file, atomically: true, encoding: .utf8)
            #expect(try project.check(file: file, language: Language("ar")).filter { $0.severity == .error }.isEmpty)

            let dry = try project.merge(file: file, language: Language("ar"), dryRun: true)
            #expect(dry.changed == ["flyer.title"])
            #expect(dry.conflicts.map(\.unit) == ["flyer.offer.heading"])
            #expect(try String(contentsOf: catalog, encoding: .utf8) == here)

            let done = try project.merge(file: file, language: Language("ar"), dryRun: false)
            #expect(done.changed == ["flyer.title"])
            #expect(try project.unit("flyer.title", language: Language("ar"))?.translation == "إدارة الاندماج البلدية – استشارة ومرافقة للجميع")
            #expect(try project.unit("flyer.offer.heading", language: Language("ar"))?.translation == "خدماتنا")
            #expect(try runTool("msgfmt", ["--check", "-o", "/dev/null", catalog.path]).status == 0)
            #expect(!(try String(contentsOf: catalog, encoding: .utf8)).contains("kimdoc-sent"))

            // A file with a wrong Plural-Forms: the error at its line, nothing merged.
            var broken = returned
            edit(&broken, "\"Plural-Forms: nplurals=6;", "\"Plural-Forms: nplurals=2; plural=(n != 1);\\n\"\n\"X-Old: nplurals=6;")
            try broken.write(to: file, atomically: true, encoding: .utf8)
            let before = try Data(contentsOf: catalog)
            let refused = try project.merge(file: file, language: Language("ar"), dryRun: false, overwrite: true)
            #expect(refused.findings.contains { $0.severity == .error && $0.message.hasPrefix("Plural-Forms: nplurals=2, but ar has 6 plural forms") && $0.line == 14 })
            let after = try Data(contentsOf: catalog)
            #expect(refused.changed.isEmpty && after == before)
        }
    }

    @Test("catalog merge --unit takes only the named units; a conflict named by neither --unit nor --keep merges nothing; decided, the others stay byte for byte")
    func unitByUnit() throws {
        try withProjectCopy { root in
            let project = try TranslationProject(root: root)
            let catalog = project.catalogFile(Language("ar"))
            let sent = try project.export(Language("ar"), onlyNeedingWork: false)
            // The agency changed three units; here, one of them was changed meanwhile too.
            var returned = sent
            edit(&returned, "msgstr \"إدارة الاندماج البلدية – استشارة ومرافقة\"", "msgstr \"إدارة الاندماج البلدية – استشارة ومرافقة للجميع\"")
            let heading = try #require(try project.unit("flyer.offer.heading", language: Language("ar"))?.translation)
            edit(&returned, "msgstr \"\(heading)\"", "msgstr \"ما نقدمه لكم\"")
            // (a msgstr of several lines: replaced with its continuation lines)
            var lines = returned.components(separatedBy: "\n")
            let start = try #require(lines.firstIndex(of: "msgctxt \"flyer.audience.text\""))
            let msgstr = try #require(lines[start...].firstIndex { $0.hasPrefix("msgstr ") })
            lines[msgstr] = "msgstr \"للجميع في {district}.\""
            while msgstr + 1 < lines.count, lines[msgstr + 1].hasPrefix("\"") { lines.remove(at: msgstr + 1) }
            returned = lines.joined(separator: "\n")
            var here = try String(contentsOf: catalog, encoding: .utf8)
            edit(&here, "msgstr \"\(heading)\"", "msgstr \"خدماتنا\"")
            try here.write(to: catalog, atomically: true, encoding: .utf8)
            let file = root.appendingPathComponent("agentur-ar.po")
            try returned.write(to: file, atomically: true, encoding: .utf8)
            func kimdoc(_ arguments: [String]) throws -> ToolResult {
                try runProgram(try kimdocExecutable(), ["catalog", "merge", file.path, "--lang", "ar"] + arguments, environment: ["KIMDOC_ROOT": root.path])
            }
            let dry = try project.merge(file: file, language: Language("ar"), dryRun: true)
            #expect(dry.offered.map(\.unit) == ["flyer.title", "flyer.offer.heading", "flyer.audience.text"])
            #expect(dry.offered.map(\.conflict) == [false, true, false])

            // The conflict is named by neither: nothing merged, the reason and the unit named.
            let undecided = try kimdoc(["--unit", "flyer.title"])
            #expect(undecided.status == 1)
            #expect(undecided.output.contains("nothing merged: 1 conflict without a decision; name each with --unit (take the file's text) or --keep (keep the catalog's):\n  flyer.offer.heading\n    here: خدماتنا\n    file: ما نقدمه لكم"))
            #expect(try String(contentsOf: catalog, encoding: .utf8) == here)
            // A unit the file does not change: nothing merged.
            let unknown = try kimdoc(["--unit", "flyer.nothing", "--keep", "flyer.offer.heading"])
            #expect(unknown.status == 1 && unknown.output.contains("nothing merged: the file does not change flyer.nothing; name only units it changes"))
            #expect(try String(contentsOf: catalog, encoding: .utf8) == here)

            // --keep alone: every other change would be taken (a dry run writes nothing).
            let keepOnly = try kimdoc(["--keep", "flyer.offer.heading", "--dry-run"])
            #expect(keepOnly.status == 0, "\(keepOnly.output)")
            #expect(keepOnly.output.contains(" would be taken from the file, ") && keepOnly.output.contains("\n  flyer.title\n  flyer.audience.text\n"), "\(keepOnly.output)")
            #expect(keepOnly.output.hasPrefix("2 units would be taken"), "\(keepOnly.output)")
            #expect(try String(contentsOf: catalog, encoding: .utf8) == here)

            // Decided: only flyer.title taken; flyer.audience.text not chosen, its entry byte for byte as before.
            let block = { (text: String, unit: String) in text.components(separatedBy: "\n\n").first { $0.contains("msgctxt \"\(unit)\"\n") } }
            let done = try kimdoc(["--unit", "flyer.title", "--keep", "flyer.offer.heading"])
            #expect(done.status == 0, "\(done.output)")
            #expect(done.output.hasPrefix("1 unit was taken from the file, ") && done.output.contains(" unchanged\n  flyer.title\n"))
            #expect(done.output.contains("1 changed unit not chosen, left as it is: flyer.audience.text"))
            #expect(done.output.contains("conflicts kept as the catalog has them: flyer.offer.heading"))
            let after = try String(contentsOf: catalog, encoding: .utf8)
            #expect(block(after, "flyer.audience.text") == block(here, "flyer.audience.text"))
            #expect(try project.unit("flyer.title", language: Language("ar"))?.translation == "إدارة الاندماج البلدية – استشارة ومرافقة للجميع")
            #expect(try project.unit("flyer.offer.heading", language: Language("ar"))?.translation == "خدماتنا")
            // The conflict decided for the file's text with --unit: taken.
            let taken = try kimdoc(["--unit", "flyer.offer.heading"])
            #expect(taken.status == 0, "\(taken.output)")
            #expect(try project.unit("flyer.offer.heading", language: Language("ar"))?.translation == "ما نقدمه لكم")
            #expect(try runTool("msgfmt", ["--check", "-o", "/dev/null", catalog.path]).status == 0)
        }
    }
}
