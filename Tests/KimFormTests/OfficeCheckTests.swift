import Foundation
import KimTemplate
import KimTestSupport
import Testing

/// Issue 19, item 6: office data is checked like client data. A right-to-left override in the
/// e-mail was printed reversed (and put in the mailto link), two files with one id were both
/// accepted, and `logo: ../../../../outside.png` reached outside the project.
@Suite("Office data is checked like client data")
struct OfficeCheckTests {
    /// The musterstadt office file with `old` replaced, checked as `OfficeData.load(text:)` does.
    func check(_ root: URL, _ old: String, _ new: String) throws -> TemplateError? {
        let url = root.appendingPathComponent("Templates/offices/musterstadt.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        try #require(text.contains(old))
        do {
            _ = try OfficeData.load(text: text.replacingOccurrences(of: old, with: new), url: url, root: root)
            return nil
        } catch let e as TemplateError {
            return e
        }
    }

    static let invisible: [(field: String, old: String, new: String, line: Int, message: String)] = [
        ("e-mail", "email: kim@musterstadt.example", "email: kim@muster\u{202E}stadt.example", 11,
         "the e-mail address holds an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE) that would change how it is printed or linked; remove it"),
        ("name", "name: Kommunales", "name: Kommu\u{200B}nales", 4, "'name' holds an invisible character (U+200B ZERO WIDTH SPACE)"),
        ("phone", "phone: +49 221 4710-123", "phone: +49 221 \u{2066}4710-123", 10, "the phone number holds an invisible character (U+2066 LEFT-TO-RIGHT ISOLATE)"),
        ("website", "website: https://www.musterstadt.example/kim", "website: https://www.muster\u{00AD}stadt.example/kim", 12, "the website holds an invisible character (U+00AD SOFT HYPHEN)"),
        ("street", "street: Beispielweg 12", "street: Beispiel\u{202B}weg 12", 7, "the street holds an invisible character (U+202B RIGHT-TO-LEFT EMBEDDING)"),
        ("imprint", "  - \"Stand: 2026\"", "  - \"Stand:\\u0007 2026\"", 26, "an imprint line holds an invisible character (U+0007"),
        ("authority e-mail", "email: auslaenderbehoerde@", "email: \u{202E}auslaenderbehoerde@", 31, "the authority's e-mail address holds an invisible character (U+202E"),
    ]

    @Test("no bidi control or other invisible character in a contact field, named at its line", arguments: 0..<invisible.count)
    func invisibleCharacters(_ i: Int) throws {
        let c = Self.invisible[i]
        try withProjectCopy { root in
            let e = try #require(try check(root, c.old, c.new), "\(c.field) accepted")
            #expect(e.location.file == "Templates/offices/musterstadt.yaml" && e.location.line == c.line, "\(e)")
            #expect(e.message.contains(c.message), "\(e)")
        }
    }

    /// Found by scripts/fuzz (office target, seed Fuzz/corpus/office/document-start-only.yaml):
    /// libyaml ends a text without a final line break with one of its own and put an error there
    /// on the line after the last (`---` alone: line 2 of a one-line text); the web app's office
    /// editor shows the error at the field of its line.
    static let atTheEnd: [(text: String, line: Int, column: Int, message: String)] = [
        ("---", 1, 4, "expected a mapping (key: value lines)"),
        ("office: x\nname: [a", 2, 9, "YAML syntax: did not find expected ',' or ']'"),
        ("office: x\r\nname:", 2, 6, "'name' is empty; give the office's full name"),
        ("office: x\nname: \"a", 2, 9, "YAML syntax: found unexpected end of stream"),
    ]

    @Test("an error at the end of a text without a final line break is on its last line", arguments: 0..<atTheEnd.count)
    func errorAtTheEnd(_ i: Int) throws {
        let c = Self.atTheEnd[i]
        try withTemporaryFolder { root in
            let url = root.appendingPathComponent("Templates/offices/x.yaml")
            let e = try #require(throws: TemplateError.self) { try OfficeData.load(text: c.text, url: url, root: root) }
            #expect(e.location == SourceLocation(file: "Templates/offices/x.yaml", line: c.line, column: c.column), "\(e)")
            #expect(e.message == c.message, "\(e)")
        }
    }

    @Test("a logo path is resolved and must stay inside Templates/", arguments: ["../../../../outside.png", "../../outside.png", "/etc/outside.png", "link.png"])
    func logoConfined(_ path: String) throws {
        try withProjectCopy { root in
            let outside = root.appendingPathComponent("outside.png")
            try FileManager.default.copyItem(at: root.appendingPathComponent("Templates/offices/musterstadt-logo.png"), to: outside)
            try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("Templates/offices/link.png"), withDestinationURL: outside)
            let e = try #require(try check(root, "logo: musterstadt-logo.png", "logo: \(path)"))
            #expect(e.location.line == 21)
            #expect(e.message == "the logo \(path) lies outside the project's Templates folder; put the file next to this one and name it without '..' or '/' at the start")
            // The file as it is stays fine.
            #expect(try check(root, "logo: musterstadt-logo.png", "logo: musterstadt-logo.png") == nil)
        }
    }

    @Test("a template image is confined to Templates/ too")
    func templateImageConfined() throws {
        try withProjectCopy { root in
            let url = root.appendingPathComponent("Templates/kim-flyer-trifold.yaml")
            let text = try String(contentsOf: url, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "file: \"{logo}\"", with: "file: \"../../outside.png\"").utf8).write(to: url)
            let r = try runProgram(try kimdocExecutable(), ["flyer", "--template", "kim-flyer-trifold", "--office", "musterstadt", "--lang", "de", "--out", root.appendingPathComponent("x.pdf").path],
                                   environment: ["KIMDOC_ROOT": root.path, "KIMDOC_CACHE_DIR": root.appendingPathComponent("cache").path])
            #expect(r.status == 1)
            #expect(r.errorOutput.contains("Templates/kim-flyer-trifold.yaml:32:"), "\(r.errorOutput)")
            #expect(r.errorOutput.contains("the image ../../outside.png lies outside the project's Templates folder"), "\(r.errorOutput)")
        }
    }

    @Test("two office files with the same id: an error naming both, at the second file's id")
    func duplicateIDs() throws {
        try withProjectCopy { root in
            let offices = root.appendingPathComponent("Templates/offices")
            try FileManager.default.copyItem(at: offices.appendingPathComponent("musterstadt.yaml"), to: offices.appendingPathComponent("zweitstadt.yaml"))
            let r = try runProgram(try kimdocExecutable(), ["flyer", "--template", "kim-flyer-a4", "--office", "musterstadt", "--lang", "de", "--out", root.appendingPathComponent("x.pdf").path],
                                   environment: ["KIMDOC_ROOT": root.path, "KIMDOC_CACHE_DIR": root.appendingPathComponent("cache").path])
            #expect(r.status == 1)
            #expect(r.errorOutput.contains("Templates/offices/zweitstadt.yaml:3:9: error: the office id 'musterstadt' is already used by Templates/offices/musterstadt.yaml; give each office its own id"), "\(r.errorOutput)")
            #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("x.pdf").path))
        }
    }
}
