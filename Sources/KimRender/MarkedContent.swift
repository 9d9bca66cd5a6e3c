/// The marked content of one page's content stream: which structure element (MCID) or artifact
/// what is drawn now belongs to, and the `/ActualText` spans for text extraction.
///
/// An `/ActualText` span is never nested inside an element's MCID sequence: it is a marked-content
/// sequence of its own, `/Span <</MCID n /ActualText …>> BDC … EMC`, one more MCID of the same
/// element, and the element's next content opens a new MCID. poppler (22.12,
/// `MarkedContentOutputDev::beginMarkedContent`) pushes a nested sequence only if it has an MCID
/// but pops at every `EMC`, so an element's text in `pdfinfo -struct-text` ended at the first
/// nested span; the tag is `/Span` because poppler's `Gfx::opBeginMarkedContent` reads
/// `/ActualText` only there. A line-wide span over parts of several elements (a line with a
/// link) holds their MCID sequences inside it; inside an artifact spans are nested.
final class MarkedContent {
    private let structure: StructureWriter
    private let page: Int
    /// Per MCID of the page, its element.
    private(set) var mcids: [Int] = []
    /// The sequence open now (nil: none).
    private(set) var open: MarkTarget?
    /// Where what is drawn now belongs.
    private(set) var current: MarkTarget?

    private enum Span {
        /// A sequence of its own for the element (MCID and ActualText).
        case element(Int)
        /// Around the MCID sequences of several elements (a line-wide span).
        case outer
        /// Inside the open sequence (an artifact).
        case nested
    }
    private var line: Span?
    private var glyph: Span?

    init(structure: StructureWriter, page: Int) {
        self.structure = structure
        self.page = page
    }

    /// Inside a line-wide span (glyph spans are left out there).
    var inLine: Bool { line != nil }

    /// What is drawn next belongs to `target`: closes the open sequence and opens one for it.
    func mark(_ target: MarkTarget, into out: inout PDFBytes) {
        current = target
        if case .element(let e)? = line, target == .element(e) { return }
        guard open != target else { return }
        if open != nil { out.add("EMC\n") }
        switch target {
        case .artifact:
            out.add("/Artifact BMC\n")
        case .element(let e):
            out.name(structure.records[e].role.rawValue)
            out.add(" <</MCID ")
            out.int(newMCID(e))
            out.add(">> BDC\n")
        }
        open = target
    }

    /// Whether a sequence must be opened again before drawing (after a glyph's span).
    var needsOpen: Bool { line == nil && glyph == nil && open == nil && current != nil }

    func reopen(into out: inout PDFBytes) {
        if let current, needsOpen { mark(current, into: &out) }
    }

    /// Starts a line-wide span with `text` for the content of `target` that follows; `crossing`:
    /// the line has parts in several elements.
    func beginLine(_ text: some Collection<UInt16>, target: MarkTarget, crossing: Bool, into out: inout PDFBytes) {
        switch target {
        case .element(let e) where !crossing:
            if open != nil { out.add("EMC\n") }
            open = nil
            line = .element(e)
            span(text, mcid: newMCID(e), into: &out)
            current = target
        case .element:
            if open != nil { out.add("EMC\n") }
            open = nil
            line = .outer
            span(text, mcid: nil, into: &out)
        case .artifact:
            mark(target, into: &out)
            line = .nested
            span(text, mcid: nil, into: &out)
        }
    }

    func endLine(into out: inout PDFBytes) {
        guard let kind = line else { return }
        if case .outer = kind, open != nil {
            out.add("EMC\n")
            open = nil
        }
        out.add("EMC\n")
        line = nil
    }

    /// Starts a span for one glyph whose text for readers by position is `text`.
    func beginGlyph(_ text: some Collection<UInt16>, into out: inout PDFBytes) {
        if case .element(let e)? = current {
            if open != nil { out.add("EMC\n") }
            open = nil
            glyph = .element(e)
            span(text, mcid: newMCID(e), into: &out)
        } else {
            glyph = .nested
            span(text, mcid: nil, into: &out)
        }
    }

    func endGlyph(into out: inout PDFBytes) {
        guard glyph != nil else { return }
        out.add("EMC\n")
        glyph = nil
    }

    /// Closes what is open at the end of the page.
    func finish(into out: inout PDFBytes) {
        endLine(into: &out)
        if open != nil { out.add("EMC\n") }
        open = nil
    }

    private func span(_ text: some Collection<UInt16>, mcid: Int?, into out: inout PDFBytes) {
        out.add("/Span <<")
        if let mcid {
            out.add("/MCID ")
            out.int(mcid)
            out.space()
        }
        out.add("/ActualText ")
        out.utf16Hex(text)
        out.add(">> BDC ")
    }

    private func newMCID(_ element: Int) -> Int {
        let mcid = mcids.count
        mcids.append(element)
        structure.add(.content(page: page, mcid: mcid), to: element)
        return mcid
    }
}
