public import Foundation
import KimCatalog
import KimCore

extension Template {
    /// Reads a template file. `root` is the project folder; paths in messages are relative to it.
    ///
    /// Errors name file, line and column: YAML syntax, unknown keys, missing ids, MessageFormat
    /// syntax in the German text, placeholders that are not office data fields.
    public static func load(_ url: URL, root: URL) throws -> Template {
        var (m, reader) = try TemplateReader.open(url, root: root)
        let display = reader.file
        let id = try m.templateID("the template's id, e.g. 'kim-flyer'")
        let title = try reader.text(try m.required("title", "the document title, a text with id and de"))
        var layout = PageLayout()
        if let l = m.optional("layout") { layout = try reader.layout(l) }
        var styles: [String: TextStyle] = [:]
        if let s = m.optional("styles") {
            for (name, node) in try s.pairs() { styles[name] = try reader.style(node) }
        }
        var fonts: [String: [String]] = [:]
        if let f = m.optional("fonts") {
            for (script, list) in try f.pairs() { fonts[script] = try list.items().map { try $0.string() } }
        }
        let frames = Set(layout.frameNames)
        var flows: [Flow] = []
        for node in try m.required("flows", "a list of flows, each with frames and blocks").items() {
            var fm = try YAMLMapping(node)
            let frameNodes = try fm.required("frames", "the frames this flow fills, e.g. [inside-left, inside-middle]").items()
            let names = try frameNodes.map { n in
                let name = try n.string()
                guard frames.contains(name) else {
                    throw n.fail("unknown frame '\(name)' for a \(layout.format.rawValue) layout; frames are: \(layout.frameNames.joined(separator: ", "))")
                }
                return name
            }
            let blocks = try reader.blocks(try fm.required("blocks", "the blocks of the flow"))
            var scale = 1.0
            if let s = fm.optional("shrink_to") {
                let text = try s.string().trimmingCharacters(in: .whitespaces)
                guard text.hasSuffix("%"), let v = Double(text.dropLast()), v > 0, v <= 100 else {
                    throw s.fail("shrink_to is a percentage such as 85%")
                }
                scale = v / 100
            }
            try fm.finish()
            flows.append(Flow(frames: names, blocks: blocks, minimumScale: scale, location: node.location))
        }
        let notice = try m.optional("draft_notice").map { try reader.text($0) }
        try m.finish()
        return Template(
            id: id, title: title, layout: layout, styles: styles, fonts: fonts, flows: flows, draftNotice: notice, path: display,
            folder: url.deletingLastPathComponent())
    }

    /// Every `*.yaml` template in a folder (not its subfolders), sorted by file name.
    public static func loadAll(in folder: URL, root: URL) throws -> [Template] {
        let files = (try? FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)) ?? []
        let templates = try files.filter { $0.pathExtension == "yaml" }.sorted { $0.lastPathComponent < $1.lastPathComponent }.map { try load($0, root: root) }
        var seen: [String: String] = [:]
        for t in templates {
            if let other = seen[t.id] { throw KimError("\(t.path): template id '\(t.id)' is already used by \(other); give each template its own id.") }
            seen[t.id] = t.path
        }
        return templates
    }
}

package func relativePath(_ url: URL, to root: URL) -> String {
    let p = url.standardizedFileURL.path, r = root.standardizedFileURL.path
    return p.hasPrefix(r + "/") ? String(p.dropFirst(r.count + 1)) : p
}

extension PageLayout {
    /// The frame names of this layout.
    public var frameNames: [String] {
        switch format {
        case .a4: return (header > 0 ? ["header"] : []) + (columns == 1 ? ["page"] : (1...columns).map { "column-\($0)" })
        case .trifold: return ["cover", "back", "flap", "inside-left", "inside-middle", "inside-right"]
        }
    }
}

/// Reads the parts of a template, keeping ids unique.
package struct TemplateReader {
    /// The file as messages name it (relative to the project folder).
    package let file: String
    var ids: [String: SourceLocation] = [:]
    var blockCount = 0
    /// The template's folder and the project folder, for the files a template names (images).
    var folder: URL?
    var root: URL?

    package init(file: String) { self.file = file }

    /// A template file's top-level mapping and a reader for its texts, both naming the file
    /// relative to `root`: the common start of every template, form and guide loader.
    package static func open(_ url: URL, root: URL) throws -> (mapping: YAMLMapping, reader: TemplateReader) {
        let display = relativePath(url, to: root)
        var reader = TemplateReader(file: display)
        reader.folder = url.deletingLastPathComponent()
        reader.root = root
        return (try YAMLMapping(try YAMLNode.load(url, displayPath: display)), reader)
    }

    /// A translatable text: `{id: flyer.intro, de: "…", note: "…"}`. With a `derivedID` (forms
    /// derive ids from field ids) the id may be left out, and a plain string is the German text.
    /// `placeholders` are allowed besides the office data fields (e.g. `page` in a footer).
    package mutating func text(_ node: YAMLNode, derivedID: String? = nil, placeholders: [String] = []) throws -> TextRef {
        let id: String, german: String, note: String?
        let idLocation: SourceLocation
        let deNode: YAMLNode
        if let derivedID, node.isScalar {
            id = derivedID
            idLocation = node.location
            deNode = node
            german = try node.string()
            note = nil
        } else {
            guard node.isMapping else {
                throw node.fail("a translatable text is a mapping with 'id' (stable, e.g. flyer.intro) and 'de' (the German text)")
            }
            var m = try YAMLMapping(node)
            if let derivedID, m.optional("id") == nil {
                id = derivedID
                idLocation = node.location
            } else {
                let idNode = try m.required("id", "a stable id such as flyer.intro; it links the German text to its translations")
                id = try idNode.string()
                idLocation = idNode.location
                guard id.range(of: #"^[a-z0-9][a-z0-9_.-]*$"#, options: .regularExpression) != nil else {
                    throw idNode.fail("the id '\(id)' may use only a–z, 0–9, '.', '_' and '-'")
                }
            }
            deNode = try m.required("de", "the German text")
            german = try deNode.string()
            note = try m.optional("note")?.string()
            try m.finish()
        }
        if let first = ids[id] {
            throw TemplateError(idLocation, "the id '\(id)' is already used at line \(first.line); ids must be unique")
        }
        ids[id] = idLocation
        let message: MessageFormat
        do { message = try MessageFormat.parse(german) } catch let e as MessageFormatError {
            throw deNode.fail("MessageFormat syntax at character \(e.offset + 1) of the German text: \(e.message)")
        }
        for name in message.argumentNames.sorted() where OfficeData.field(name) == nil && !placeholders.contains(name) {
            let known = placeholders + OfficeData.fields.map(\.name)
            throw deNode.fail("unknown placeholder {\(name)}; known here: \(known.joined(separator: ", "))")
        }
        return TextRef(id: id, german: german, message: message, note: note, location: idLocation)
    }

    func layout(_ node: YAMLNode) throws -> PageLayout {
        var m = try YAMLMapping(node)
        var l = PageLayout()
        if let f = m.optional("format") {
            guard let v = PageLayout.Format(rawValue: try f.string()) else { throw f.fail("format is a4 or trifold") }
            l.format = v
        }
        if let v = m.optional("margins") { l.margins = try v.length() }
        if let v = m.optional("columns") {
            l.columns = try v.int()
            guard (1...4).contains(l.columns), l.format == .a4 else { throw v.fail("columns is 1 to 4, for the a4 format") }
        }
        if let v = m.optional("gap") { l.gap = try v.length() }
        if let v = m.optional("bleed") { l.bleed = try v.length() }
        if let v = m.optional("crop_marks") { l.cropMarks = try v.bool() }
        if let v = m.optional("header") { l.header = try v.length() }
        try m.finish()
        return l
    }

    func style(_ node: YAMLNode) throws -> TextStyle {
        var m = try YAMLMapping(node)
        var s = TextStyle()
        if let v = m.optional("size") { s.size = try v.double() }
        if let v = m.optional("weight") {
            guard let w = TextStyle.Weight(rawValue: try v.string()) else { throw v.fail("weight is regular or bold") }
            s.weight = w
        }
        if let v = m.optional("color") {
            let c = try v.string()
            guard c.range(of: #"^#[0-9a-fA-F]{6}$"#, options: .regularExpression) != nil else { throw v.fail("a colour is written #rrggbb, e.g. #1d4e89") }
            s.color = c
        }
        if let v = m.optional("line_spacing") { s.lineSpacing = try v.double() }
        if let v = m.optional("space_before") { s.spaceBefore = try v.length() }
        if let v = m.optional("space_after") { s.spaceAfter = try v.length() }
        if let v = m.optional("align") {
            guard let a = TextStyle.Align(rawValue: try v.string()) else { throw v.fail("align is start, end, center or justify") }
            s.align = a
        }
        if let v = m.optional("hyphenate") { s.hyphenate = try v.bool() }
        if let v = m.optional("scripts") {
            for (script, o) in try v.pairs() {
                guard script.count == 4 else { throw o.fail("scripts are keyed by ISO 15924 code, e.g. Arab, Ethi, Cyrl") }
                var om = try YAMLMapping(o)
                var override = TextStyle.ScriptOverride()
                if let x = om.optional("size") { override.size = try x.double() }
                if let x = om.optional("line_spacing") { override.lineSpacing = try x.double() }
                try om.finish()
                s.scripts[script] = override
            }
        }
        try m.finish()
        return s
    }

    static let blockKinds = ["heading", "paragraph", "list", "table", "hours", "contact", "image", "qr", "rule", "spacer", "box", "imprint", "next_frame"]

    mutating func blocks(_ node: YAMLNode) throws -> [BlockSpec] {
        try node.items().map { try block($0) }
    }

    mutating func block(_ node: YAMLNode) throws -> BlockSpec {
        var m = try YAMLMapping(node)
        let kinds = m.keys.filter { Self.blockKinds.contains($0) }
        guard kinds.count == 1, let kind = kinds.first else {
            throw node.fail("a block has exactly one of: \(Self.blockKinds.joined(separator: ", "))")
        }
        blockCount += 1
        let v = try m.required(kind, "")
        let block: Block
        var firstID: String?
        switch kind {
        case "heading":
            let t = try text(v)
            firstID = t.id
            let level = try m.optional("level")?.int() ?? 1
            guard (1...3).contains(level) else { throw node.fail("level is 1, 2 or 3") }
            block = .heading(t, level: level)
        case "paragraph":
            let t = try text(v)
            firstID = t.id
            block = .paragraph(t)
        case "list":
            let items = try v.items().map { try text($0) }
            firstID = items.first?.id
            block = .list(items)
        case "table":
            let rows = try v.items().map { row -> (key: TextRef, value: TextRef) in
                var rm = try YAMLMapping(row)
                let k = try text(try rm.required("key", "the row's label"))
                let val = try text(try rm.required("value", "the row's value"))
                try rm.finish()
                return (k, val)
            }
            firstID = rows.first?.key.id
            block = .table(rows)
        case "hours":
            var hm = try YAMLMapping(v)
            let t = try hm.optional("title").map { try text($0) }
            try hm.finish()
            firstID = t?.id
            block = .hours(title: t)
        case "contact":
            var cm = try YAMLMapping(v)
            let p = try text(try cm.required("phone_label", "the label before the phone number"))
            let e = try text(try cm.required("email_label", "the label before the e-mail address"))
            let w = try text(try cm.required("website_label", "the label before the website"))
            try cm.finish()
            firstID = p.id
            block = .contact(phone: p, email: e, website: w)
        case "image":
            var im = try YAMLMapping(v)
            let fileNode = try im.required("file", "a PNG file next to the template, or {logo} for the office's logo")
            let file = try fileNode.string()
            if file != "{logo}", let folder, let root {
                let url = try fileNode.fileInsideTemplates(relativeTo: folder, root: root, what: "the image")
                if case .failure(let problem)? = PNGHeader.read(fileAt: url) { throw fileNode.fail("the image \(file) \(problem.phrase)") }
            }
            let width = try im.required("width", "the printed width, e.g. 30mm").length()
            let alt = try text(try im.required("alt", "a text saying what the image shows, for screen readers"))
            try im.finish()
            firstID = alt.id
            block = .image(file: file, width: width, alt: alt)
        case "qr":
            var qm = try YAMLMapping(v)
            let data = try qm.required("data", "what the code holds, e.g. {website}").string()
            let size = try qm.required("size", "the printed size, e.g. 25mm").length()
            let caption = try qm.optional("caption").map { try text($0) }
            let alt = try text(try qm.required("alt", "where the code leads, for screen readers"))
            try qm.finish()
            for name in placeholders(in: data) where OfficeData.field(name) == nil {
                throw v.fail("unknown placeholder {\(name)} in the QR code data")
            }
            firstID = alt.id
            block = .qrCode(data: data, size: size, caption: caption, alt: alt)
        case "rule":
            block = .rule
        case "spacer":
            block = .spacer(try v.length())
        case "imprint":
            block = .imprint
        case "next_frame":
            block = .frameBreak
        default:  // box
            var bm = try YAMLMapping(v)
            let fill = try bm.optional("fill")?.string() ?? "#eef3f8"
            let inner = try blocks(try bm.required("blocks", "the blocks inside the box"))
            try bm.finish()
            firstID = inner.first?.id
            block = .box(fill: fill, blocks: inner)
        }
        let id = try m.optional("id")?.string() ?? firstID ?? "\(kind)-\(blockCount)"
        let style = try m.optional("style")?.string()
        let bottom = try m.optional("bottom")?.bool() ?? false
        try m.finish()
        return BlockSpec(id: id, block: block, style: style, bottom: bottom, location: node.location)
    }
}

/// `{name}` placeholders in a plain data string such as a QR code's content.
func placeholders(in s: String) -> [String] {
    var out: [String] = []
    var rest = Substring(s)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
        out.append(String(rest[rest.index(after: open)..<close]))
        rest = rest[rest.index(after: close)...]
    }
    return out
}
