internal import CCairo
import KimCore
import KimText

/// One element of the structure tree as drawn, in document order (preorder): what `TaggedPDF`
/// adds to the element Cairo wrote for it.
struct StructureRecord: Equatable {
    var role: StructureTag.Role
    /// Its own language; nil: its parent's.
    var language: Language?
    var alternativeText: String?
    /// The element's text in logical order (`/ActualText`), where the content stream alone does
    /// not give it: see `StructureWriter.paragraph`.
    var actualText: String?
}

/// Opens and closes Cairo's structure tags for the `begin`/`end` items of a document's pages, and
/// splits a leaf's paragraph into `Span` and `Link` elements where parts of it are in another
/// language or are web or e-mail addresses.
///
/// Cairo 1.16 marks content only in leaf elements; content directly in an element with children
/// stays unmarked. So a paragraph in an element that also has child elements would be silently
/// lost to screen readers: that, an `end` without `begin` and elements left open are layout bugs
/// and throw.
final class StructureWriter {
    private struct Open {
        let record: Int
        let role: StructureTag.Role
        var children = 0
        var paragraphs = 0
        /// Its paragraphs were split into Span/Link children.
        var split = false
    }

    private let cr: OpaquePointer
    private let name: String
    private(set) var records: [StructureRecord] = []
    private var stack: [Open] = []
    /// Depth of open `Artifact` elements (not written; their content stays unmarked).
    private var artifacts = 0

    private let language: Language

    init(cr: OpaquePointer, language: Language, name: String) {
        self.cr = cr
        self.name = name
        self.language = language
    }

    /// Opens the document element; call after the first page's size is set (Cairo drops tags
    /// begun before `cairo_pdf_surface_set_size` of the first page).
    func start() {
        guard records.isEmpty else { return }
        push(StructureRecord(role: .document, language: language), cairoName: "Document", attributes: nil)
    }

    func begin(_ tag: StructureTag) throws {
        if tag.role == .artifact || artifacts > 0 {
            if artifacts == 0, let top = stack.last, isLeafRole(top.role), !top.split {
                throw RenderError("Structure of \(name): an artifact inside the text element \(top.role.rawValue) would be read as its text.")
            }
            artifacts += 1
            return
        }
        guard var parent = stack.popLast() else { throw RenderError("Structure of \(name): element \(tag.role.rawValue) after the end.") }
        guard parent.paragraphs == 0 || parent.split else {
            throw RenderError("Structure of \(name): \(tag.role.rawValue) inside \(parent.role.rawValue), which already holds text directly.")
        }
        parent.children += 1
        stack.append(parent)
        var attributes: String? = nil
        if tag.role == .link {
            guard let uri = tag.uri else { throw RenderError("Structure of \(name): a link without a target.") }
            attributes = "uri='\(Self.escaped(uri))'"
        }
        if tag.role == .figure && (tag.alternativeText ?? "").isEmpty {
            throw RenderError("Structure of \(name): a figure without alternative text.")
        }
        push(StructureRecord(role: tag.role, language: tag.language, alternativeText: tag.alternativeText, actualText: tag.actualText),
             cairoName: tag.role == .link ? "Link" : tag.role.rawValue, attributes: attributes)
    }

    func end() throws {
        if artifacts > 0 {
            artifacts -= 1
            return
        }
        guard stack.count > 1, let top = stack.popLast() else { throw RenderError("Structure of \(name): an end without a begin.") }
        cairo_tag_end(cr, top.role == .link ? "Link" : top.role.rawValue)
    }

    /// Closes the document element; throws if others are still open.
    func finish() throws -> [StructureRecord] {
        guard stack.count == 1, artifacts == 0 else {
            throw RenderError("Structure of \(name): \(stack.dropFirst().map(\.role.rawValue).joined(separator: ", ")) not closed.")
        }
        cairo_tag_end(cr, "Document")
        stack.removeAll()
        return records
    }

    /// Draws `p` with `draw(run)` for each run piece, in logical order, inside the right elements.
    func paragraph(_ p: LaidOutParagraph, draw: (GlyphRun) throws -> Void) throws {
        guard artifacts == 0, var top = stack.popLast() else {
            for (_, run) in p.runsInLogicalOrder { try draw(run) }
            return
        }
        defer { stack.append(top) }
        if top.role == .document {
            // Outside any element: page furniture (running header, page number), left unmarked.
            for (_, run) in p.runsInLogicalOrder { try draw(run) }
            return
        }
        let marks = Self.marks(p)
        let split = !marks.isEmpty || top.split
        // Text beside child elements would go unmarked, unless all of it is split into spans.
        if !top.split && (top.children > 0 || split && top.paragraphs > 0) {
            throw RenderError("Structure of \(name): text directly in \(top.role.rawValue), which also has child elements.")
        }
        top.paragraphs += 1
        if records[top.record].language == nil { records[top.record].language = p.language }
        // The glyph-to-text map is made for extraction by position (see `TextClusters`): in
        // right-to-left runs a ligature's characters are listed last first, and the spaces where
        // lines break are not drawn. Readers that follow the content stream through the structure
        // tree (screen readers) get the logical text from the element's ActualText instead.
        let needsText = p.lines.count > 1 || p.lines.contains { $0.runs.contains(where: \.isRightToLeft) }
        func logical(_ range: Range<Int>) -> String {
            String(decoding: p.units[range].filter { !(Unicode.Scalar(UInt32($0))?.properties.isBidiControl ?? false) }, as: UTF16.self)
        }
        guard split else {
            for (_, run) in p.runsInLogicalOrder { try draw(run) }
            if needsText {
                let text = logical(0..<p.units.count)
                records[top.record].actualText = records[top.record].actualText.map { $0 + " " + text } ?? text
            }
            return
        }
        top.split = true
        // Segments of the paragraph buffer between mark boundaries, each a Span or a Link.
        var cuts = Set([0, p.units.count])
        for m in marks { cuts.formUnion([m.range.lowerBound, m.range.upperBound]) }
        let bounds = cuts.sorted()
        let runs = p.runsInLogicalOrder
        for k in 0..<(bounds.count - 1) {
            let segment = bounds[k]..<bounds[k + 1]
            let pieces = runs.flatMap { $0.run.split(at: [segment.lowerBound, segment.upperBound]) }
                .filter { segment.contains($0.range.lowerBound) }
            guard !pieces.isEmpty else { continue }
            let mark = marks.first { $0.range.contains(segment.lowerBound) }
            top.children += 1
            if let uri = mark?.uri {
                push(StructureRecord(role: .link, language: mark?.language), cairoName: "Link", attributes: "uri='\(Self.escaped(uri))'")
            } else {
                push(StructureRecord(role: .span, language: mark?.language), cairoName: "Span", attributes: nil)
            }
            if needsText { records[records.count - 1].actualText = logical(segment) }
            for piece in pieces { try draw(piece) }
            let element = stack.removeLast()
            cairo_tag_end(cr, element.role == .link ? "Link" : "Span")
        }
    }

    /// Parts of a paragraph that get their own element: web and e-mail addresses (links) and
    /// spans in another language.
    static func marks(_ p: LaidOutParagraph) -> [(range: Range<Int>, uri: String?, language: Language?)] {
        var out: [(range: Range<Int>, uri: String?, language: Language?)] = []
        for v in p.values where v.kind == .url || v.kind == .email {
            let text = String(decoding: p.units[v.range], as: UTF16.self)
            let language = p.languages.first { $0.range.overlaps(v.range) && $0.language != p.language }?.language
            out.append((v.range, uri(for: text, kind: v.kind), language))
        }
        for l in p.languages where l.language != p.language && !out.contains(where: { $0.range.overlaps(l.range) }) {
            out.append((l.range, nil, l.language))
        }
        return out.sorted { $0.range.lowerBound < $1.range.lowerBound }
    }

    /// `https://` added to a bare web address, `mailto:` to an e-mail address.
    static func uri(for text: String, kind: ValueKind) -> String {
        let t = text.trimmingCharacters(in: .whitespaces)
        if kind == .email { return t.hasPrefix("mailto:") ? t : "mailto:" + t }
        return t.contains("://") ? t : "https://" + t
    }

    /// Cairo's attribute strings quote with ' and escape with \.
    static func escaped(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'")
    }

    private func isLeafRole(_ role: StructureTag.Role) -> Bool {
        switch role {
        case .paragraph, .heading1, .heading2, .heading3, .label, .caption, .span, .link, .tableHeader, .tableCell, .note, .figure:
            return true
        default:
            return false
        }
    }

    private func push(_ record: StructureRecord, cairoName: String, attributes: String?) {
        records.append(record)
        stack.append(Open(record: records.count - 1, role: record.role))
        cairo_tag_begin(cr, cairoName, attributes)
    }
}
