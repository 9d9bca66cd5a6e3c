import KimCore
import KimText

/// One element of the structure tree as drawn, in document order (preorder), with what the PDF
/// says about it beyond its type: language, alternative text, logical text, link target.
struct StructureRecord: Equatable {
    var role: StructureTag.Role
    /// Its own language; nil: its parent's.
    var language: Language?
    var alternativeText: String?
    /// The element's text in logical order (`/ActualText`), where the content stream alone does
    /// not give it: see `StructureWriter.paragraph`.
    var actualText: String?
    /// A link's target.
    var uri: String?
}

/// Where drawing goes in the structure tree: marked content of an element, or an artifact
/// (page furniture, decoration: left out of what is read).
enum MarkTarget: Equatable {
    case artifact
    case element(Int)
}

/// Where a line-wide `/ActualText` span starts (with the line's logical text) and ends.
struct LineSpanMark {
    var open: String?
    var close = false
    /// The line has parts in several elements (the span holds their sequences).
    var crossing = false
}

/// A kid of a structure element: a child element, marked content on a page, or an annotation.
enum StructureKid {
    case element(Int)
    case content(page: Int, mcid: Int)
    case annotation(object: Int, page: Int)
}

/// Builds the structure tree from the `begin`/`end` items of a document's pages, and splits a
/// leaf's paragraph into `Span` and `Link` elements where parts of it are in another language or
/// are web or e-mail addresses. `target` tells the content writer which element what is drawn
/// now belongs to.
///
/// An element holds either text or child elements, never both: text beside child elements
/// (without a Span of its own) is a layout bug, as are an `end` without `begin` and elements left
/// open; they throw.
final class StructureWriter {
    private struct Open {
        let record: Int
        let role: StructureTag.Role
        var children = 0
        var paragraphs = 0
        /// Its paragraphs were split into Span/Link children.
        var split = false
    }

    private let name: String
    private(set) var records: [StructureRecord] = []
    /// Per record: its parent record (-1: the tree's root) and its kids in order.
    private(set) var parents: [Int] = []
    private(set) var kids: [[StructureKid]] = []
    private var stack: [Open] = []
    /// Depth of open `Artifact` elements (not written; their content is marked as artifact).
    private var artifacts = 0

    private let language: Language

    init(language: Language, name: String) {
        self.name = name
        self.language = language
    }

    /// Opens the document element.
    func start() {
        guard records.isEmpty else { return }
        push(StructureRecord(role: .document, language: language))
    }

    /// Where text drawn now belongs: the innermost open element, unless that is the document
    /// (page furniture outside any element) or inside an artifact.
    var textTarget: MarkTarget {
        guard artifacts == 0, let top = stack.last, top.role != .document else { return .artifact }
        return .element(top.record)
    }

    /// Where rules, boxes, images and QR codes drawn now belong: the innermost element if it is
    /// a leaf (a Figure's image, a Lbl's checkbox), else they are decoration (artifact).
    var graphicsTarget: MarkTarget {
        guard artifacts == 0, let top = stack.last, top.role != .document, isLeafRole(top.role) || top.split else { return .artifact }
        return .element(top.record)
    }

    /// Adds marked content (or an annotation) to an element.
    func add(_ kid: StructureKid, to record: Int) {
        kids[record].append(kid)
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
        if tag.role == .link && tag.uri == nil {
            throw RenderError("Structure of \(name): a link without a target.")
        }
        if tag.role == .figure && (tag.alternativeText ?? "").isEmpty {
            throw RenderError("Structure of \(name): a figure without alternative text.")
        }
        push(StructureRecord(role: tag.role, language: tag.language, alternativeText: tag.alternativeText, actualText: tag.actualText, uri: tag.uri))
    }

    func end() throws {
        if artifacts > 0 {
            artifacts -= 1
            return
        }
        guard stack.count > 1 else { throw RenderError("Structure of \(name): an end without a begin.") }
        stack.removeLast()
    }

    /// Closes the document element; throws if others are still open.
    func finish() throws -> [StructureRecord] {
        guard stack.count == 1, artifacts == 0 else {
            throw RenderError("Structure of \(name): \(stack.dropFirst().map(\.role.rawValue).joined(separator: ", ")) not closed.")
        }
        stack.removeAll()
        return records
    }

    /// Draws `p` with `draw(run, line)` for each run piece, in logical order, inside the right
    /// elements. With `lineSpans`, each right-to-left line that poppler would give back
    /// reordered comes with its text for a line-wide `/ActualText` span (`line.open` on its first
    /// piece, `line.close` on its last; see `PDFDocumentWriter.popplerLineText`).
    func paragraph(_ p: LaidOutParagraph, lineSpans: Bool = false, draw: (GlyphRun, LineSpanMark) throws -> Void) throws {
        let lineTexts = lineSpans && p.direction == .rightToLeft ? p.lineTexts.map { PDFDocumentWriter.popplerReordersLine($0) ? $0 : nil } : []
        /// The line-span marks of pieces (line, run, segment) in drawing order: a line's span
        /// opens at its first piece and closes at its last; it is crossing if its pieces belong
        /// to several segments (elements).
        func lineMarks(_ pieces: [(line: Int, segment: Int)]) -> [LineSpanMark] {
            pieces.indices.map { k in
                var mark = LineSpanMark()
                let line = pieces[k].line
                guard line < lineTexts.count, let text = lineTexts[line] else { return mark }
                if k == 0 || pieces[k - 1].line != line { mark.open = text }
                mark.close = k == pieces.count - 1 || pieces[k + 1].line != line
                mark.crossing = Set(pieces.filter { $0.line == line }.map(\.segment)).count > 1
                return mark
            }
        }
        func drawPieces(_ pieces: [(line: Int, run: GlyphRun)]) throws {
            let marks = lineMarks(pieces.map { ($0.line, 0) })
            for (k, piece) in pieces.enumerated() { try draw(piece.run, marks[k]) }
        }
        guard artifacts == 0, let last = stack.indices.last, stack[last].role != .document else {
            // Outside any element: page furniture (running header, page number), an artifact.
            try drawPieces(p.runsInLogicalOrder)
            return
        }
        let marks = Self.marks(p)
        let split = !marks.isEmpty || stack[last].split
        // Text beside child elements would be read without an element of its own, unless all of it
        // is split into spans.
        if !stack[last].split && (stack[last].children > 0 || split && stack[last].paragraphs > 0) {
            throw RenderError("Structure of \(name): text directly in \(stack[last].role.rawValue), which also has child elements.")
        }
        stack[last].paragraphs += 1
        let record = stack[last].record
        if records[record].language == nil { records[record].language = p.language }
        // The glyph-to-text map is made for extraction by position (see `TextClusters`): in
        // right-to-left runs a ligature's characters are listed last first, and the spaces where
        // lines break are not drawn. Readers that follow the content stream through the structure
        // tree (screen readers) get the logical text from the element's ActualText instead.
        let needsText = p.lines.count > 1 || p.lines.contains { $0.runs.contains(where: \.isRightToLeft) }
        func logical(_ range: Range<Int>) -> String {
            String(decoding: p.units[range].filter { !isBidiControl(unit: $0) }, as: UTF16.self)
        }
        guard split else {
            try drawPieces(p.runsInLogicalOrder)
            if needsText {
                let text = logical(0..<p.units.count)
                records[record].actualText = records[record].actualText.map { $0 + " " + text } ?? text
            }
            return
        }
        stack[last].split = true
        // Segments of the paragraph buffer between mark boundaries, each a Span or a Link.
        var cuts = Set([0, p.units.count])
        for m in marks { cuts.formUnion([m.range.lowerBound, m.range.upperBound]) }
        let bounds = cuts.sorted()
        let runs = p.runsInLogicalOrder
        var pieces: [(line: Int, segment: Int, run: GlyphRun)] = []
        for k in 0..<(bounds.count - 1) {
            let segment = bounds[k]..<bounds[k + 1]
            pieces += runs.flatMap { r in r.run.split(at: [segment.lowerBound, segment.upperBound]).map { (line: r.line, segment: k, run: $0) } }
                .filter { segment.contains($0.run.range.lowerBound) }
        }
        let lineSpanMarks = lineMarks(pieces.map { ($0.line, $0.segment) })
        for (i, piece) in pieces.enumerated() {
            if i == 0 || pieces[i - 1].segment != piece.segment {
                if i > 0 { stack.removeLast() }
                let segment = bounds[piece.segment]..<bounds[piece.segment + 1]
                let mark = marks.first { $0.range.contains(segment.lowerBound) }
                stack[last].children += 1
                if let uri = mark?.uri {
                    push(StructureRecord(role: .link, language: mark?.language, uri: uri))
                } else {
                    push(StructureRecord(role: .span, language: mark?.language))
                }
                if needsText { records[records.count - 1].actualText = logical(segment) }
            }
            try draw(piece.run, lineSpanMarks[i])
        }
        if !pieces.isEmpty { stack.removeLast() }
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

    private func isLeafRole(_ role: StructureTag.Role) -> Bool {
        switch role {
        case .paragraph, .heading1, .heading2, .heading3, .label, .caption, .span, .link, .tableHeader, .tableCell, .note, .figure:
            return true
        default:
            return false
        }
    }

    private func push(_ record: StructureRecord) {
        parents.append(stack.last?.record ?? -1)
        if let parent = stack.last { kids[parent.record].append(.element(records.count)) }
        records.append(record)
        kids.append([])
        stack.append(Open(record: records.count - 1, role: record.role))
    }
}
