public import Foundation

/// One element of a PDF's structure tree, as qpdf (attributes) and poppler (text) read it.
public struct StructureNode: Sendable {
    /// `P`, `H1`, `Link`, …
    public var role: String
    public var language: String?
    public var alternativeText: String?
    public var actualText: String?
    public var children: [StructureNode] = []
    /// The text poppler's `pdfinfo -struct-text` shows directly under the element.
    public var shownText: [String] = []
    /// Link annotations referenced by the element (`OBJR`).
    public var objectReferences = 0

    /// What a reader following the structure gets: the element's ActualText, else its own and
    /// its children's.
    public var text: String {
        actualText ?? (shownText + children.map(\.text)).joined(separator: " ")
    }

    /// The element and all below it, in document order.
    public var all: [StructureNode] { [self] + children.flatMap(\.all) }

    public func elements(_ role: String) -> [StructureNode] { all.filter { $0.role == role } }

    /// The tree as indented lines (`role [lang]`), for messages.
    public func outline(_ depth: Int = 0) -> String {
        let me = String(repeating: "  ", count: depth) + role + (language.map { " [\($0)]" } ?? "")
        return ([me] + children.map { $0.outline(depth + 1) }).joined(separator: "\n")
    }
}

/// A tagged PDF as the checks of issue 8 see it: `qpdf --check`, qpdf's JSON of the objects
/// (catalog, structure elements with /Lang, /Alt, /ActualText, link annotations) and poppler's
/// `pdfinfo -struct-text` for the text in each element.
public struct TaggedPDFReport: Sendable {
    public let checkStatus: Int32
    public let checkOutput: String
    public let catalogLanguage: String?
    public let displayDocTitle: Bool
    public let marked: Bool
    /// `/Title` as pdfinfo shows it.
    public let title: String
    /// The `Document` element (nil if the tree is missing).
    public let document: StructureNode?
    /// Link annotations: target and /Contents.
    public let links: [(uri: String, contents: String?)]
    public let structText: String

    public init(_ url: URL) throws {
        let check = try runTool("qpdf", ["--check", url.path])
        checkStatus = check.status
        checkOutput = check.output + check.errorOutput
        let json = try runTool("qpdf", ["--json=2", "--json-key=qpdf", url.path])
        guard json.status == 0, let top = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any],
            let parts = top["qpdf"] as? [Any], parts.count > 1, let objects = parts[1] as? [String: Any]
        else { throw TestSupportError(description: "qpdf --json failed for \(url.path): \(json.errorOutput)") }
        func value(_ ref: Any?) -> Any? {
            if let s = ref as? String, s.hasSuffix(" R") { return (objects["obj:\(s)"] as? [String: Any])?["value"] }
            return ref
        }
        func dict(_ ref: Any?) -> [String: Any]? { value(ref) as? [String: Any] }
        func string(_ v: Any?) -> String? {
            guard let s = value(v) as? String else { return nil }
            if s.hasPrefix("u:") { return String(s.dropFirst(2)) }
            if s.hasPrefix("b:") {
                // UTF-16BE with BOM, or bytes.
                var bytes: [UInt8] = []
                var hex = Substring(s.dropFirst(2))
                while hex.count >= 2 {
                    bytes.append(UInt8(hex.prefix(2), radix: 16) ?? 0)
                    hex = hex.dropFirst(2)
                }
                if bytes.starts(with: [0xFE, 0xFF]) {
                    let units = stride(from: 2, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
                    return String(decoding: units, as: UTF16.self)
                }
                return String(decoding: bytes, as: UTF8.self)
            }
            return s
        }
        let trailer = (objects["trailer"] as? [String: Any])?["value"] as? [String: Any]
        let catalog = dict(trailer?["/Root"]) ?? [:]
        catalogLanguage = string(catalog["/Lang"])
        displayDocTitle = (dict(catalog["/ViewerPreferences"])?["/DisplayDocTitle"] as? Bool) ?? false
        marked = (dict(catalog["/MarkInfo"])?["/Marked"] as? Bool) ?? false

        func node(_ d: [String: Any]) -> StructureNode {
            var n = StructureNode(
                role: String((d["/S"] as? String ?? "?").dropFirst()), language: string(d["/Lang"]),
                alternativeText: string(d["/Alt"]), actualText: string(d["/ActualText"]))
            func kids(_ k: Any?) {
                if let a = value(k) as? [Any] {
                    for x in a { kids(x) }
                } else if let e = dict(k) {
                    if e["/S"] != nil {
                        n.children.append(node(e))
                    } else if (e["/Type"] as? String) == "/OBJR" {
                        n.objectReferences += 1
                    }
                }
            }
            kids(d["/K"])
            return n
        }
        var doc: StructureNode?
        if let root = dict(catalog["/StructTreeRoot"]) {
            var top = StructureNode(role: "StructTreeRoot")
            if let a = value(root["/K"]) as? [Any] {
                top.children = a.compactMap { dict($0).map(node) }
            } else if let e = dict(root["/K"]) {
                top.children = [node(e)]
            }
            doc = top.children.count == 1 ? top.children[0] : top
        }

        var links: [(String, String?)] = []
        for (_, o) in objects {
            guard let v = (o as? [String: Any])?["value"] as? [String: Any], (v["/Subtype"] as? String) == "/Link",
                let uri = string(dict(v["/A"])?["/URI"])
            else { continue }
            links.append((uri, string(v["/Contents"])))
        }
        self.links = links

        let info = try runTool("pdfinfo", [url.path])
        title =
            info.output.split(separator: "\n").first { $0.hasPrefix("Title:") }.map {
                String($0.dropFirst("Title:".count)).trimmingCharacters(in: .whitespaces)
            } ?? ""
        structText = try runTool("pdfinfo", ["-struct-text", url.path]).output

        // poppler's text per element, matched to qpdf's elements by order (both in document order).
        if var d = doc {
            var shown: [(role: String, texts: [String])] = []
            for line in structText.split(separator: "\n", omittingEmptySubsequences: true) {
                let t = line.trimmingCharacters(in: .whitespaces)
                // By scalars: a text that starts with a combining mark (a tanween in a sequence of
                // its own) makes one character with the opening quote.
                if t.unicodeScalars.first == "\"" {
                    let inner = String(String.UnicodeScalarView(t.unicodeScalars.dropFirst().dropLast()))
                    if !shown.isEmpty { shown[shown.count - 1].texts.append(inner) }
                } else if !t.hasPrefix("Object ") {
                    shown.append((String(t.split(separator: " ").first ?? ""), []))
                }
            }
            var i = 0
            func fill(_ n: inout StructureNode) {
                if i < shown.count, shown[i].role == n.role { n.shownText = shown[i].texts.filter { !$0.isEmpty } }
                i += 1
                for k in n.children.indices { fill(&n.children[k]) }
            }
            fill(&d)
            doc = d
        }
        document = doc
    }
}
