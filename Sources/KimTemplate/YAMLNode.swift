package import Foundation
import KimCore
package import Yams

/// A place in a source file: path and 1-based line and column.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
    /// `file:line`, the form of `#:` references in catalogs.
    public var reference: String { "\(file):\(line)" }
}

/// A problem in a template or data file, located to file, line and column, with what to do.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public let location: SourceLocation
    public let message: String

    public init(_ location: SourceLocation, _ message: String) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}

/// The last line of a text and the column after its last character, as libyaml counts them (line
/// breaks LF, CR, CRLF, NEL, LS, PS; columns in characters). libyaml ends a text that has no
/// final line break with one of its own, and reports a syntax error or an empty node at the end
/// on the line after the last (line 2 of `---`, found by scripts/fuzz): such a place is put at the
/// end of the last line, so that every location lies inside the file.
struct TextEnd: Sendable {
    let line: Int
    let column: Int

    init(_ text: String) {
        var lines = 1, length = 0, afterCR = false
        for u in text.unicodeScalars {
            switch u.value {
            case 0x0A where afterCR: afterCR = false
            case 0x0A, 0x85, 0x2028, 0x2029: lines += 1; length = 0; afterCR = false
            case 0x0D: lines += 1; length = 0; afterCR = true
            default: length += 1; afterCR = false
            }
        }
        line = lines
        column = length + 1
    }

    func location(file: String, line: Int, column: Int) -> SourceLocation {
        guard line <= self.line else { return SourceLocation(file: file, line: self.line, column: self.column) }
        return SourceLocation(file: file, line: max(line, 1), column: max(column, 1))
    }
}

/// A YAML node with the file it came from, for reading a template with located errors.
///
/// Every accessor throws a `TemplateError` naming file, line and column; mappings are checked for
/// keys the reader does not know (a typo such as `sise:` is an error, not silently ignored).
package struct YAMLNode {
    package let node: Node
    package let file: String
    /// The end of the text the node was read from, which its location never passes.
    let end: TextEnd

    package var location: SourceLocation {
        end.location(file: file, line: node.mark?.line ?? 1, column: node.mark?.column ?? 1)
    }

    package func fail(_ message: String) -> TemplateError { TemplateError(location, message) }

    /// Parses a YAML file; syntax errors are located.
    package static func load(_ url: URL, displayPath: String) throws -> YAMLNode {
        let text: String
        do {
            if let size = (try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int, size > SizeLimits.yamlFileBytes {
                throw TemplateError(
                    SourceLocation(file: displayPath, line: 1, column: 1),
                    "the file is larger than \(SizeLimits.yamlFileBytes / 1_000_000) MB; split it (one file per template, office or list of offers)")
            }
            let data = try Data(contentsOf: url)
            guard let s = String(data: data, encoding: .utf8) else {
                throw TemplateError(SourceLocation(file: displayPath, line: 1, column: 1), "the file is not valid UTF-8; save it as UTF-8")
            }
            text = s
        } catch let e as TemplateError { throw e } catch {
            throw KimError("\(displayPath): cannot read the file (\(error.localizedDescription)).")
        }
        return try parse(text, file: displayPath)
    }

    package static func parse(_ text: String, file: String) throws -> YAMLNode {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw TemplateError(SourceLocation(file: file, line: 1, column: 1), "the file is empty")
            }
            return YAMLNode(node: node, file: file, end: TextEnd(text))
        } catch let e as TemplateError {
            throw e
        } catch let e as YamlError {
            switch e {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                throw TemplateError(TextEnd(text).location(file: file, line: mark.line, column: mark.column), "YAML syntax: \(problem)")
            case .duplicatedKeysInMapping(let duplicates, _):
                throw TemplateError(SourceLocation(file: file, line: 1, column: 1), "duplicate key \(duplicates.joined(separator: ", ")) in one mapping; keep one")
            default:
                throw TemplateError(SourceLocation(file: file, line: 1, column: 1), "YAML: \(e)")
            }
        }
    }

    // MARK: Kinds

    package var isMapping: Bool { if case .mapping = node { return true } else { return false } }
    package var isSequence: Bool { if case .sequence = node { return true } else { return false } }
    package var isScalar: Bool { if case .scalar = node { return true } else { return false } }

    /// The pairs of a mapping, in file order.
    package func pairs() throws -> [(key: String, value: YAMLNode)] {
        guard case .mapping(let m) = node else { throw fail("expected a mapping (key: value lines)") }
        return m.map { (key: $0.key.string ?? "", value: YAMLNode(node: $0.value, file: file, end: end)) }
    }

    package func items() throws -> [YAMLNode] {
        guard case .sequence(let s) = node else { throw fail("expected a list (lines starting with '- ')") }
        return s.map { YAMLNode(node: $0, file: file, end: end) }
    }

    /// A scalar's text; one over `SizeLimits.textBytes` is refused here, before any layout.
    package func string() throws -> String {
        guard case .scalar(let s) = node else { throw fail("expected a text value") }
        guard s.string.utf8.count <= SizeLimits.textBytes else {
            throw fail("a text longer than \(SizeLimits.textBytes) bytes; shorten it or split it into several texts")
        }
        return s.string
    }

    /// A finite number of reasonable magnitude: `.nan`, `.inf` or `1e400` would reach layout and
    /// integer conversions as NaN or infinity.
    package func double() throws -> Double {
        guard let v = Double(try string()), v.isFinite, abs(v) <= 1_000_000 else {
            throw fail("expected a number between -1000000 and 1000000, found '\(try string())'")
        }
        return v
    }

    package func int() throws -> Int {
        guard let v = Int(try string()) else { throw fail("expected a whole number, found '\(try string())'") }
        return v
    }

    package func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw fail("expected true or false, found '\(try string())'")
        }
    }

    /// A length: a number with a unit (`12mm`, `3.5 mm`, `10pt`, `1cm`), in points.
    package func length() throws -> Double {
        let s = try string().trimmingCharacters(in: .whitespaces)
        for (unit, factor) in [("mm", Units.pointsPerMillimetre), ("cm", Units.pointsPerMillimetre * 10), ("pt", 1.0)] {
            if s.hasSuffix(unit), let v = Double(s.dropLast(unit.count).trimmingCharacters(in: .whitespaces)), v.isFinite, abs(v) <= 100_000 {
                return v * factor
            }
        }
        throw fail("expected a length with a unit such as 12mm, 1.5cm or 10pt, found '\(s)'")
    }
}

/// A mapping being read: looks keys up and, at the end, rejects keys nobody asked for.
package struct YAMLMapping {
    package let node: YAMLNode
    private let entries: [(key: String, keyLocation: SourceLocation, value: YAMLNode)]
    private var used: Set<String> = []

    package init(_ node: YAMLNode) throws {
        self.node = node
        guard case .mapping(let m) = node.node else { throw node.fail("expected a mapping (key: value lines)") }
        entries = m.map { pair in
            let k = YAMLNode(node: pair.key, file: node.file, end: node.end)
            return (key: pair.key.string ?? "", keyLocation: k.location, value: YAMLNode(node: pair.value, file: node.file, end: node.end))
        }
        var seen = Set<String>()
        for e in entries where !seen.insert(e.key).inserted {
            throw TemplateError(e.keyLocation, "the key '\(e.key)' appears twice in this mapping; keep one")
        }
    }

    package var keys: [String] { entries.map(\.key) }

    package mutating func optional(_ key: String) -> YAMLNode? {
        used.insert(key)
        return entries.first { $0.key == key }?.value
    }

    /// The `template` key of a flyer or guide template: its id, which names its output folder.
    package mutating func templateID(_ what: String) throws -> String {
        let node = try required("template", what)
        let id = try node.string()
        guard SimpleID.isValid(id) else {
            throw node.fail("the template id may use only a–z, 0–9 and '-' (it names the output folder)")
        }
        return id
    }

    package mutating func required(_ key: String, _ what: String) throws -> YAMLNode {
        guard let v = optional(key) else { throw node.fail("missing '\(key)': \(what)") }
        return v
    }

    /// Throws for a key that was never looked up, listing the keys that are allowed.
    package func finish(allowed: [String]? = nil) throws {
        for e in entries where !used.contains(e.key) {
            let list = (allowed ?? Array(used)).sorted().joined(separator: ", ")
            throw TemplateError(e.keyLocation, "unknown key '\(e.key)'; allowed here: \(list)")
        }
    }
}

extension YAMLNode {
    /// The file this scalar names, relative to `folder`, resolved (`..`, symbolic links) and
    /// required to lie inside the project's `Templates/` folder: a path in a template or office
    /// file may not reach anything else on the machine (`../../../../outside.png`, issue 19).
    package func fileInsideTemplates(relativeTo folder: URL, root: URL, what: String) throws -> URL {
        let name = try string()
        let file = folder.appendingPathComponent(name).standardizedFileURL.resolvingSymlinksInPath()
        let templates = root.appendingPathComponent("Templates").standardizedFileURL.resolvingSymlinksInPath().path
        guard !name.hasPrefix("/"), file.path.hasPrefix(templates + "/") else {
            throw fail("\(what) \(name) lies outside the project's Templates folder; put the file next to this one and name it without '..' or '/' at the start")
        }
        return file
    }

    /// The scalar's text, refused if it holds an invisible format character (bidi controls such
    /// as U+202E, zero-width characters, soft hyphens), a control character or a line or
    /// paragraph separator: in contact details such a character reorders or hides what is printed
    /// (an e-mail address printed backwards) and breaks links.
    package func plainText(_ what: String) throws -> String {
        let s = try string()
        if let u = s.unicodeScalars.first(where: {
            [.format, .control, .lineSeparator, .paragraphSeparator].contains($0.properties.generalCategory)
        }) {
            let code = "U+" + String(u.value, radix: 16, uppercase: true).leftPadded(to: 4)
            let name = u.properties.name.map { " \($0)" } ?? ""
            throw fail("\(what) holds an invisible character (\(code)\(name)) that would change how it is printed or linked; remove it")
        }
        return s
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
