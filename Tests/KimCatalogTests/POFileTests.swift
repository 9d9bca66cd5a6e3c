import Foundation
import KimCatalog
import KimCore
import KimTestSupport
import Testing

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

func parse(_ text: String, requireHeader: Bool = true) throws -> POFile {
    try POFile.parse(Array(text.utf8), path: "test.po", requireHeader: requireHeader)
}

let header = """
    msgid ""
    msgstr ""
    "Language: de\\n"
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

    """

/// A catalog with the German header and one entry.
func catalog(context: String, id: String, translation: String = "") throws -> POFile {
    var f = POEntry.Fields()
    f.context = context
    f.id = id
    f.strings = [translation]
    var file = try parse(header)
    file.entries.append(POEntry(f))
    return file
}

@Suite("PO files")
struct POFileTests {
    @Test("Byte-exact round trip of hand-made edge cases", arguments: ["edge-cases.po", "crlf-no-final-newline.po"])
    func roundTrip(name: String) throws {
        let bytes = try Array(Data(contentsOf: fixtures.appendingPathComponent(name)))
        let file = try POFile.parse(bytes, path: name)
        #expect(Array(file.serialized().utf8) == bytes)
    }

    @Test("Every part of an entry is read")
    func fields() throws {
        let file = try POFile.read(from: fixtures.appendingPathComponent("edge-cases.po"))
        #expect(file.headerField("Language") == "ar")
        #expect(file.headerField("plural-forms")?.hasPrefix("nplurals=6;") == true)
        let e = try #require(file.entries.first { $0.fields.context == "flyer.managers" }).fields
        #expect(e.translatorComments == ["Translator: checked with the office."])
        #expect(e.extractedComments == ["{count}: number of case managers."])
        #expect(e.references == ["Templates/flyer.yaml:30 Templates/flyer.yaml:31", "Templates/form.yaml:4"])
        #expect(e.flags == ["fuzzy", "icu-format"])
        #expect(e.previousContext == "flyer.managers")
        #expect(e.previousID == "Es gibt {count} Fallmanager.")
        #expect(e.id == "{count, plural, one {Eine Fallmanagerin} other {# Fallmanagerinnen und Fallmanager}} beraten Sie.")
        let escapes = try #require(file.entries.first { $0.fields.context == "escapes" }).fields
        #expect(escapes.id == "Tab\there, quote \"x\", backslash \\ and\nnew line")
        let plural = try #require(file.entries.first { $0.fields.context == "plural.gettext" })
        #expect(plural.isPlural && plural.fields.strings.count == 6 && plural.fields.strings[2] == "ملفان")
        let obsolete = file.entries.filter { $0.fields.isObsolete }
        #expect(obsolete.map { $0.fields.context } == ["old.unit", "old.fuzzy"])
        #expect(obsolete[1].fields.previousID == "Sehr alt" && obsolete[1].isFuzzy)
        #expect(!(try #require(file.entries.first { $0.fields.context == "untranslated" })).isTranslated)
    }

    @Test("A changed entry is formatted as gettext does; the rest stays byte for byte")
    func editedEntry() throws {
        let url = fixtures.appendingPathComponent("edge-cases.po")
        let original = try String(contentsOf: url, encoding: .utf8)
        var file = try POFile.read(from: url)
        let i = try #require(file.entries.firstIndex { $0.fields.context == "untranslated" })
        file.entries[i].fields.strings = ["ساعات العمل"]
        file.entries[i].fields.flags = ["fuzzy"]
        let expected = original.replacingOccurrences(
            of: "msgctxt \"untranslated\"\nmsgid \"Sprechzeiten\"\nmsgstr \"\"\n",
            with: "#, fuzzy\nmsgctxt \"untranslated\"\nmsgid \"Sprechzeiten\"\nmsgstr \"ساعات العمل\"\n")
        #expect(file.serialized() == expected)
    }

    @Test("Long strings wrap at 79 columns and after \\n, and read back the same")
    func wrapping() throws {
        let id = "Das Kommunale Integrationsmanagement berät Sie kostenlos und vertraulich zu Aufenthaltsrecht, Sprachkursen und Arbeit.\nZweite Zeile."
        let text = try catalog(context: "long", id: id).serialized()
        for line in text.split(separator: "\n") { #expect(line.count <= 79) }
        #expect(text.contains("msgid \"\"\n\"Das Kommunale"))
        let back = try parse(text)
        #expect(back.entries[1].fields.id == id)
        #expect(back.serialized() == text)
    }

    @Test("Entries formatted from scratch are exactly what gettext's msgcat writes")
    func sameFormattingAsGettext() throws {
        try withTemporaryFolder { dir in
            let normalized = dir.appendingPathComponent("msgcat.po")
            let msgcat = try runTool("msgcat", [fixtures.appendingPathComponent("edge-cases.po").path, "-o", normalized.path])
            try #require(msgcat.status == 0)
            let gettext = try String(contentsOf: normalized, encoding: .utf8)
            let parsed = try POFile.read(from: normalized)
            let fresh = POFile(entries: parsed.entries.map { POEntry($0.fields) })
            #expect(fresh.serialized() == gettext)
        }
    }

    @Test("Written catalogs pass msgfmt --check")
    func msgfmtAcceptsOutput() throws {
        let file = try catalog(context: "x", id: "Termin am {date}", translation: "Appointment on {date}")
        try withTemporaryFolder { dir in
            let url = dir.appendingPathComponent("de.po")
            try file.write(to: url)
            #expect(try runTool("msgfmt", ["--check", "-o", "/dev/null", url.path]).status == 0)
        }
    }

    struct BadInput: CustomTestStringConvertible, Sendable {
        let name: String
        let text: String
        let error: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "unterminated string", text: header + "msgid \"Hallo\nmsgstr \"\"\n",
                 error: "test.po:6:7: error: unterminated string; close it with \" on the same line"),
        BadInput(name: "bad escape", text: header + "msgid \"a\\qb\"\nmsgstr \"\"\n",
                 error: "test.po:6:9: error: unknown escape \\q; write \\\\ for a backslash, \\n for a new line, \\\" for a quote"),
        BadInput(name: "duplicate id", text: header + "msgctxt \"a\"\nmsgid \"X\"\nmsgstr \"\"\n\nmsgctxt \"a\"\nmsgid \"X\"\nmsgstr \"\"\n",
                 error: "test.po:10:1: error: duplicate entry msgctxt \"a\" msgid \"X\" (first at line 6); remove one of them"),
        BadInput(name: "missing header", text: "msgid \"X\"\nmsgstr \"\"\n",
                 error: "test.po:1:1: error: missing header: a catalog starts with msgid \"\" and a msgstr holding Content-Type (charset=UTF-8), Language and Plural-Forms; add one (msginit writes it)"),
        BadInput(name: "unknown keyword", text: header + "msgid \"X\"\nmsgtsr \"\"\n",
                 error: "test.po:7:1: error: unknown keyword \"msgtsr\"; expected msgctxt, msgid, msgid_plural, msgstr or msgstr[N]"),
        BadInput(name: "no msgstr", text: header + "msgid \"X\"\n\nmsgid \"Y\"\nmsgstr \"\"\n",
                 error: "test.po:6:1: error: entry without msgstr; add msgstr \"\" after its msgid"),
        BadInput(name: "text after the string", text: header + "msgid \"X\" oops\nmsgstr \"\"\n",
                 error: "test.po:6:11: error: unexpected text after the closing quote; put each string on its own line"),
    ]

    @Test("Bad input gives file:line:column and what to do", arguments: badInputs)
    func badInput(_ c: BadInput) throws {
        let error = #expect(throws: POError.self) { _ = try parse(c.text) }
        #expect(error?.description == c.error)
    }

    @Test("Invalid UTF-8 is located")
    func invalidUTF8() throws {
        var bytes = Array((header + "msgid \"Gr").utf8)
        bytes += [0xFC]  // Latin-1 ü
        bytes += Array("n\"\nmsgstr \"\"\n".utf8)
        let error = #expect(throws: POError.self) { _ = try POFile.parse(bytes, path: "test.po") }
        #expect(error?.description == "test.po:6:10: error: invalid UTF-8; save the file as UTF-8")
    }

    @Test("A failed write leaves the old catalog intact and no temporary file")
    func killedWrite() throws {
        try withTemporaryFolder { dir in try killedWrite(in: dir) }
    }

    private func killedWrite(in dir: URL) throws {
        let url = dir.appendingPathComponent("ar.po")
        let file = try POFile.read(from: fixtures.appendingPathComponent("edge-cases.po"))
        try file.write(to: url)
        let before = try Data(contentsOf: url)
        // Make the folder read-only: the temporary file cannot be created, the write fails.
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path) }
        var changed = file
        changed.entries.removeLast()
        if getuid() != 0 {  // root ignores permissions; the interrupted write below covers it
            #expect(throws: (any Error).self) { try changed.write(to: url) }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        // An interrupted write (error half-way through) keeps the old file as well.
        #expect(throws: KimError.self) {
            try AtomicFile.write(to: url) { temp in
                try Data(changed.serialized().utf8.prefix(100)).write(to: temp)
                throw KimError("killed")
            }
        }
        #expect(try Data(contentsOf: url) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["ar.po"])
    }
}
