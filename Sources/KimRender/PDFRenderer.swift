public import Foundation
public import KimCore
import KimText

/// Writes pages as a tagged PDF, with kimdoc's own PDF writer.
///
/// Text is drawn as HarfBuzz's glyphs at our positions, in fonts embedded as subsets; each glyph
/// carries the text it stands for (ToUnicode, or `/ActualText` where that differs), so viewers and
/// `pdftotext` give back the logical text, Arabic ligatures included. The pages' `begin`/`end`
/// items become the structure tree, with languages, alternative texts, logical texts of
/// right-to-left and broken lines, and link annotations; the catalog has the document's language
/// and asks viewers to show the translated title.
///
/// Why not Cairo's PDF surface (kimdoc used it up to issue 7): Cairo records every page, replays
/// it twice and prints every number through its own formatter, and cannot give an element a
/// language or alternative text, which took a second pass through qpdf. Together they were 85 %
/// of the time of a batch of forms. Writing the few operators kimdoc draws with (text, lines,
/// rectangles, images) directly is simpler and several times faster; Cairo still draws PNG pages.
public struct PDFRenderer: Sendable {
    /// Whether fonts are prepared for subsetting once per process (`PDFFonts.preparesFonts`):
    /// faster subsets for a long-running server, about 2 MiB more per font. Off by default.
    package static var preparesFontsForSubsetting: Bool {
        get { PDFFonts.preparesFonts }
        set { PDFFonts.preparesFonts = newValue }
    }

    public init() {}

    /// Writes `pages` as one PDF, atomically (no half-written file on failure). The PDF is made
    /// in memory, so no temporary file with its content is ever left behind (see `AtomicFile`).
    public func writePDF(_ pages: [Page], info: DocumentInfo, to url: URL, access: AtomicFile.Access = .shared) throws {
        let data = try pdf(pages, info: info, name: url.path)
        try AtomicFile.write(data, to: url, access: access)
    }

    /// The PDF of `pages`, in memory; `name` is how errors name it.
    public func pdf(_ pages: [Page], info: DocumentInfo, name: String = "the PDF") throws -> Data {
        guard !pages.isEmpty else { throw KimError("Nothing to write to \(name): no pages.") }
        let writer = PDFDocumentWriter(info: info, name: name)
        for page in pages { try writer.add(page) }
        return Data(try writer.finish())
    }

    /// PDF date string of a date: `D:YYYYMMDDHHmmSSZ`, in UTC.
    static func pdfDate(_ date: Date) -> String {
        let t = UTCTime(date)
        return "D:" + t.date.filter(\.isNumber) + t.time.filter(\.isNumber) + "Z"
    }
}

/// A glyph of a paragraph, the same in a run and in the pieces it is split into.
struct GlyphKey: Hashable {
    let id: UInt32
    let cluster: Int
    let x: Double
    let y: Double
    init(_ g: PlacedGlyph) {
        id = g.id
        cluster = g.cluster
        x = g.x
        y = g.y
    }
}

/// One PDF being written: its objects, fonts, images, structure tree and pages.
final class PDFDocumentWriter {
    private let file = PDFFile()
    private let fonts = PDFFonts()
    private let structure: StructureWriter
    private let info: DocumentInfo
    private let name: String
    private let pagesObject: Int
    private let resourcesObject: Int
    private var pageObjects: [Int] = []
    /// Per page: the element of each MCID.
    private var parentTree: [[Int]] = []
    /// The element of each link annotation, in order; its key in the parent tree is the number
    /// of pages plus its index.
    private var annotationParents: [Int] = []
    private var annotationsToWrite: [(object: Int, page: Int, rect: (Double, Double, Double, Double), uri: String)] = []
    private var images: [ObjectIdentifier: (resource: String, object: Int)] = [:]

    init(info: DocumentInfo, name: String) {
        self.info = info
        self.name = name
        structure = StructureWriter(language: info.language, name: name)
        pagesObject = file.reserve()
        resourcesObject = file.reserve()
    }

    func add(_ page: Page) throws {
        structure.start()
        let pageIndex = pageObjects.count
        let pageObject = file.reserve()
        pageObjects.append(pageObject)
        var content = PDFPageContent(height: page.height)

        // Marked content: opened lazily for what is drawn, closed when the target changes.
        let marks = MarkedContent(structure: structure, page: pageIndex)
        var linkBoxes: [(element: Int, box: (Double, Double, Double, Double))] = []
        func mark(_ target: MarkTarget) { marks.mark(target, into: &content.out) }
        func extend(_ box: (Double, Double, Double, Double)) {
            guard case .element(let e)? = marks.current, structure.records[e].uri != nil else { return }
            if let k = linkBoxes.firstIndex(where: { $0.element == e }) {
                let b = linkBoxes[k].box
                linkBoxes[k].box = (min(b.0, box.0), min(b.1, box.1), max(b.2, box.2), max(b.3, box.3))
            } else {
                linkBoxes.append((e, box))
            }
        }
        var marked: [GlyphKey: [UInt16]] = [:]
        func text(_ run: GlyphRun, x: Double, y: Double, color: Color, line: LineSpanMark) throws {
            guard !run.glyphs.isEmpty else { return }
            if let open = line.open, !marks.inLine {
                marks.beginLine(Self.popplerLineText(open).utf16, target: structure.textTarget, crossing: line.crossing, into: &content.out)
            }
            mark(structure.textTarget)
            let entry = fonts.entry(run.font, in: file)
            let byPosition = marked
            let box = content.text(run, x: x, y: y, color: color, font: entry, marks: marks) { glyph in
                byPosition.isEmpty ? nil : byPosition[GlyphKey(glyph)]
            }
            if let box { extend(box) }
            if line.close { marks.endLine(into: &content.out) }
        }
        let lineSpans = Self.popplerReadsLeftToRight(page)

        for item in page.items {
            switch item {
            case let .paragraph(p, x, y, color):
                marked = lineSpans ? [:] : Self.popplerMarks(p)
                try structure.paragraph(p, lineSpans: lineSpans) { run, line in try text(run, x: x, y: y, color: color, line: line) }
            case .begin(let tag):
                try structure.begin(tag)
            case .end:
                try structure.end()
            case let .rule(x1, y1, x2, y2, width, gray):
                mark(structure.graphicsTarget)
                content.rule(x1: x1, y1: y1, x2: x2, y2: y2, width: width, color: Color(red: gray, green: gray, blue: gray))
            case let .rect(x, y, width, height, fill, stroke, lineWidth):
                mark(structure.graphicsTarget)
                content.rect(x: x, y: y, width: width, height: height, fill: fill, stroke: lineWidth > 0 ? stroke : nil, lineWidth: lineWidth)
            case let .image(image, x, y, width, height):
                mark(structure.graphicsTarget)
                let resource = try imageResource(image)
                content.image(resource, x: x, y: y, width: width, height: height)
            case let .qrCode(code, x, y, size, color):
                mark(structure.graphicsTarget)
                content.qrCode(code, x: x, y: y, size: size, color: color)
            }
        }
        marks.finish(into: &content.out)

        // Link annotations, one per link element on this page, over what it drew; written at the
        // end, when their keys in the parent tree (after the pages') are known.
        var annotations: [Int] = []
        for (element, box) in linkBoxes {
            guard let uri = structure.records[element].uri else { continue }
            let object = file.reserve()
            let rect = (box.0, page.height - box.3, box.2, page.height - box.1)
            annotationsToWrite.append((object, pageObject, rect, uri))
            annotationParents.append(element)
            structure.add(.annotation(object: object, page: pageIndex), to: element)
            annotations.append(object)
        }

        let contents = try file.addCompressedStream(data: content.out.bytes)
        var p = PDFBytes(capacity: 200)
        p.add("<< /Type /Page /Parent ")
        p.ref(pagesObject)
        p.add(" /MediaBox [0 0 ")
        p.number(page.width)
        p.space()
        p.number(page.height)
        p.add("] /Resources ")
        p.ref(resourcesObject)
        p.add(" /Contents ")
        p.ref(contents)
        p.add(" /StructParents ")
        p.int(pageIndex)
        if !annotations.isEmpty {
            p.add(" /Tabs /S /Annots [")
            for a in annotations {
                p.ref(a)
                p.space()
            }
            p.add("]")
        }
        p.add(" >>")
        file.set(pageObject, p)
        parentTree.append(marks.mcids)
    }

    /// Whether poppler's `pdftotext` reads the page as mostly left to right: `TextPage::coalesce`
    /// counts the page's characters of class L (+1) and R (−1) and sets `primaryLR = lrCount >= 0`
    /// (here letters by block: Hebrew and Arabic blocks right to left, other letters left to right).
    /// On such a page poppler's `reorderText` keeps the sections of every line (runs of
    /// left-to-right characters, digits and the punctuation it counts as numbers: `.`, `,`, `:`,
    /// U+060C) in left-to-right order and only reverses each right-to-left section, so a
    /// right-to-left line with a number, a Latin word or a full stop comes back with its pieces
    /// swapped. Such lines get a line-wide `/ActualText` (`popplerLineText`).
    static func popplerReadsLeftToRight(_ page: Page) -> Bool {
        var count = 0
        for item in page.items {
            guard case .paragraph(let p, _, _, _) = item else { continue }
            for line in p.lines {
                let range = line.span.content.clamped(to: 0..<p.units.count)
                for unit in p.units[range] {
                    // A surrogate (a character beyond the BMP) is no letter poppler counts here.
                    guard let s = Unicode.Scalar(UInt32(unit)) else { continue }
                    count += PopplerTable.properties(of: s).letterCount
                }
            }
        }
        return count >= 0
    }

    static func isRightToLeftBlock(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF, 0x10800...0x10FFF, 0x1E800...0x1EFFF: return true
        default: return false
        }
    }

    /// poppler's classes of characters (`UnicodeTypeTable.cc`): right to left, left to right,
    /// number (digits and the separators it counts with them), neutral.
    enum PopplerClass { case r, l, number, neutral }

    static func popplerClass(_ s: Unicode.Scalar) -> PopplerClass { PopplerTable.properties(of: s).popplerClass }

    /// `popplerClass` from Unicode's properties (what `PopplerTable` keeps for the common blocks).
    static func popplerClassFromProperties(_ s: Unicode.Scalar) -> PopplerClass {
        let p = s.properties
        if s == "\u{200F}" { return .r }
        if s == "\u{200E}" { return .l }
        if p.generalCategory == .nonspacingMark { return .neutral }
        if p.isAlphabetic { return isRightToLeftBlock(s) ? .r : .l }
        switch s.value {
        case 0x0600...0x0603, 0x060D, 0x061B...0x061F, 0x066D, 0x06D4, 0x06DD, 0x06FD, 0x06FE: return .r
        default: break
        }
        if p.numericType != nil || "#$%+,-./:\u{060C}\u{066B}\u{066C}\u{2212}\u{00A0}".unicodeScalars.contains(s) { return .number }
        return .neutral
    }

    /// On a page poppler reads as mostly right to left, its `reorderText` reads each line from
    /// the right: a section of right-to-left characters and neutrals, reversed, up to a letter
    /// read left to right or a number; then a section of those with neutrals and numbers, kept,
    /// up to the next right-to-left character. So a full stop or comma of the right-to-left text
    /// next to a Latin value or number joins the value's section (and comes back on its other
    /// side), and a neutral at the end of a left-to-right stretch (a closing bracket) joins the
    /// right-to-left section beside it. A RIGHT-TO-LEFT MARK around such a character of a
    /// right-to-left run, and a LEFT-TO-RIGHT MARK after such a neutral of a left-to-right run,
    /// in the text poppler reads for the glyph (an `/ActualText` span; ToUnicode keeps the
    /// plain text), end the sections where the text's direction changes. Returns those texts by
    /// glyph; glyphs that need none are not listed.
    static func popplerMarks(_ p: LaidOutParagraph) -> [GlyphKey: [UInt16]] {
        var out: [GlyphKey: [UInt16]] = [:]
        for line in p.lines {
            // The line's glyphs with text, left to right.
            var items: [(key: GlyphKey, text: [Unicode.Scalar], odd: Bool)] = []
            for run in line.runs {
                let clusters = TextClusters(run)
                for (g, glyph) in run.glyphs.enumerated() {
                    let units = clusters.text(ofGlyph: g)
                    guard !units.isEmpty else { continue }
                    items.append((GlyphKey(glyph), Self.scalars(units), run.isRightToLeft))
                }
            }
            for (k, item) in items.enumerated() {
                guard let last = item.text.last else { continue }
                let right = k + 1 < items.count ? items[k + 1].text.first.map(popplerClass) : nil
                let rightStrongLR = right == .l || right == .number
                var text = item.text
                if item.odd {
                    if item.text.contains(where: { popplerClass($0) == .l || popplerClass($0) == .number }) {
                        text = ["\u{200F}"] + text + ["\u{200F}"]
                    } else if popplerClass(last) == .neutral && rightStrongLR {
                        text.append("\u{200F}")
                    }
                } else if popplerClass(last) == .neutral && !rightStrongLR {
                    text.append("\u{200E}")
                }
                if text != item.text {
                    out[item.key] = Array(String(String.UnicodeScalarView(text)).utf16)
                }
            }
        }
        return out
    }

    /// The characters of UTF-16 text (an unpaired surrogate as U+FFFD), without making a String.
    static func scalars(_ units: ArraySlice<UInt16>) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(units.count)
        var i = units.startIndex
        while i < units.endIndex {
            let u = units[i]
            if UTF16.isLeadSurrogate(u), i + 1 < units.endIndex, UTF16.isTrailSurrogate(units[i + 1]) {
                out.append(Unicode.Scalar(0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(units[i + 1]) - 0xDC00)) ?? "\u{FFFD}")
                i += 2
            } else {
                out.append(Unicode.Scalar(UInt32(u)) ?? "\u{FFFD}")
                i += 1
            }
        }
        return out
    }

    /// Whether poppler, reading a page as mostly left to right, gives a right-to-left line back
    /// with its pieces swapped: it has a character poppler reads left to right or as a number (a
    /// Latin letter, a digit, `.`, `,`, `:`, `/`, `-`, U+060C …), or ends in a neutral one (`!`,
    /// `)`, which poppler puts first). A line of right-to-left letters, marks and spaces alone
    /// comes back right.
    static func popplerReordersLine(_ text: String) -> Bool {
        var last: PopplerTable.Properties?
        var hasLeftToRight = false
        for s in text.unicodeScalars {
            let p = PopplerTable.properties(of: s)
            if p.isWhitespace || p.isBidiControl { continue }
            last = p
            if p.popplerClass == .l || p.popplerClass == .number { hasLeftToRight = true }
        }
        guard let last else { return false }
        if last.popplerClass != .r && !last.isNonspacingMark { return true }
        return hasLeftToRight
    }

    /// A right-to-left line's logical text for a line-wide `/ActualText` on a page poppler reads
    /// as mostly left to right: poppler spreads the span's text over the line's box left to right
    /// and then reverses each section that starts with a right-to-left character; a LEFT-TO-RIGHT
    /// MARK (U+200E, class L) after every right-to-left character makes each such section one
    /// character long, so nothing is reversed and the text comes back as written. The marks are
    /// invisible formatting characters: in a right-to-left paragraph they change nothing of how
    /// the text is shown, and readers that follow the span (screen readers, MuPDF from 1.24)
    /// get the logical text.
    static func popplerLineText(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            out.append(s)
            if popplerClass(s) == .r { out.append("\u{200E}") }
        }
        return String(out)
    }

    private func imageResource(_ image: PNGImage) throws -> String {
        if let known = images[ObjectIdentifier(image)] { return known.resource }
        let data = try image.pdfImage.value()
        var d = PDFBytes()
        d.add("/Type /XObject /Subtype /Image /Width ")
        d.int(data.width)
        d.add(" /Height ")
        d.int(data.height)
        d.add(" /BitsPerComponent 8 /Filter /FlateDecode")
        var mask: Int? = nil
        if let alpha = data.alpha {
            let m = file.reserve()
            var md = d
            md.add(" /ColorSpace /DeviceGray")
            file.setStream(m, dictionary: md, data: alpha)
            mask = m
        }
        d.add(" /ColorSpace /DeviceRGB")
        if let mask {
            d.add(" /SMask ")
            d.ref(mask)
        }
        let object = file.reserve()
        file.setStream(object, dictionary: d, data: data.rgb)
        let resource = "Im\(images.count)"
        images[ObjectIdentifier(image)] = (resource, object)
        return resource
    }

    func finish() throws -> [UInt8] {
        let records = try structure.finish()
        try fonts.write(into: file, name: name)

        // Resources shared by all pages.
        var r = PDFBytes(capacity: 200)
        r.add("<< /ProcSet [/PDF /Text /ImageC] /Font <<")
        for e in fonts.entries {
            r.space()
            r.name(e.resource)
            r.space()
            r.ref(e.object)
            for (k, object) in e.aliasObjects.enumerated() {
                r.space()
                r.name(e.resource(alias: k + 1))
                r.space()
                r.ref(object)
            }
        }
        r.add(" >>")
        if !images.isEmpty {
            r.add(" /XObject <<")
            for (resource, object) in images.values.sorted(by: { $0.resource < $1.resource }) {
                r.space()
                r.name(resource)
                r.space()
                r.ref(object)
            }
            r.add(" >>")
        }
        r.add(" >>")
        file.set(resourcesObject, r)

        var pages = PDFBytes(capacity: 64 + pageObjects.count * 8)
        pages.add("<< /Type /Pages /Kids [")
        for p in pageObjects {
            pages.ref(p)
            pages.space()
        }
        pages.add("] /Count ")
        pages.int(pageObjects.count)
        pages.add(" >>")
        file.set(pagesObject, pages)

        for (index, annotation) in annotationsToWrite.enumerated() {
            var a = PDFBytes(capacity: 200)
            a.add("<< /Type /Annot /Subtype /Link /Rect [")
            a.number(annotation.rect.0)
            a.space()
            a.number(annotation.rect.1)
            a.space()
            a.number(annotation.rect.2)
            a.space()
            a.number(annotation.rect.3)
            a.add("] /Border [0 0 0] /F 4 /P ")
            a.ref(annotation.page)
            a.add(" /A << /Type /Action /S /URI /URI ")
            a.literal(annotation.uri.utf8)
            a.add(" >> /Contents ")
            a.text(annotation.uri)
            a.add(" /StructParent ")
            a.int(pageObjects.count + index)
            a.add(" >>")
            file.set(annotation.object, a)
        }

        // Structure elements: one object each, numbered before they are written.
        let treeRoot = file.reserve()
        let elementObjects = records.indices.map { _ in file.reserve() }
        for (i, record) in records.enumerated() {
            var e = PDFBytes(capacity: 128)
            e.add("<< /Type /StructElem /S ")
            e.name(record.role.rawValue)
            e.add(" /P ")
            let parent = structure.parents[i]
            e.ref(parent < 0 ? treeRoot : elementObjects[parent])
            // The language where it differs from the parent's (the document's for the root).
            let parentLanguage = parent < 0 ? info.language : effectiveLanguage(parent, records)
            if let language = record.language, language != parentLanguage {
                e.add(" /Lang ")
                e.text(language.tag)
            }
            if let alt = record.alternativeText {
                e.add(" /Alt ")
                e.text(alt)
            }
            if let text = record.actualText {
                e.add(" /ActualText ")
                e.text(text)
            }
            e.add(" /K [")
            for kid in structure.kids[i] {
                switch kid {
                case .element(let k):
                    e.ref(elementObjects[k])
                case let .content(page, mcid):
                    e.add("<< /Type /MCR /Pg ")
                    e.ref(pageObjects[page])
                    e.add(" /MCID ")
                    e.int(mcid)
                    e.add(" >>")
                case let .annotation(object, page):
                    e.add("<< /Type /OBJR /Pg ")
                    e.ref(pageObjects[page])
                    e.add(" /Obj ")
                    e.ref(object)
                    e.add(" >>")
                }
                e.space()
            }
            e.add("] >>")
            file.set(elementObjects[i], e)
        }

        var tree = PDFBytes(capacity: 256)
        tree.add("<< /Type /StructTreeRoot /K ")
        if let first = elementObjects.first { tree.ref(first) } else { tree.add("[]") }
        tree.add(" /ParentTree << /Nums [")
        for (page, mcids) in parentTree.enumerated() {
            tree.int(page)
            tree.add(" [")
            for element in mcids {
                tree.ref(elementObjects[element])
                tree.space()
            }
            tree.add("] ")
        }
        for (index, element) in annotationParents.enumerated() {
            tree.int(pageObjects.count + index)
            tree.space()
            tree.ref(elementObjects[element])
            tree.space()
        }
        tree.add("] >> /ParentTreeNextKey ")
        tree.int(pageObjects.count + annotationParents.count)
        tree.add(" >>")
        file.set(treeRoot, tree)

        var catalog = PDFBytes(capacity: 200)
        catalog.add("<< /Type /Catalog /Pages ")
        catalog.ref(pagesObject)
        catalog.add(" /StructTreeRoot ")
        catalog.ref(treeRoot)
        catalog.add(" /MarkInfo << /Marked true >> /Lang ")
        catalog.text(info.language.tag)
        catalog.add(" /ViewerPreferences << /DisplayDocTitle true >> >>")
        let root = file.add(catalog)

        let date = PDFRenderer.pdfDate(info.creationDate ?? Date())
        var d = PDFBytes(capacity: 200)
        d.add("<< /Title ")
        d.text(info.title)
        d.add(" /Creator ")
        d.text(info.creator)
        d.add(" /Producer (kimdoc) /CreationDate ")
        d.literal(date.utf8)
        d.add(" /ModDate ")
        d.literal(date.utf8)
        d.add(" >>")
        let infoObject = file.add(d)
        return try file.write(root: root, info: infoObject)
    }

    /// The language an element's content is in: its own, or its nearest ancestor's.
    private func effectiveLanguage(_ record: Int, _ records: [StructureRecord]) -> Language? {
        var i = record
        while i >= 0 {
            if let l = records[i].language { return l }
            i = structure.parents[i]
        }
        return nil
    }
}

/// The Unicode properties poppler's reading order depends on, per character, looked up in a
/// table for U+0000–U+13FF (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, Syriac, Thaana, NKo,
/// Indic scripts, Georgian, Ethiopic …) and U+2000–U+206F (spaces, dashes, marks and isolates),
/// made once per process from Unicode's properties (some 5,000 lookups, about a millisecond);
/// other characters are looked up each time. Every glyph of every PDF asks several of these.
enum PopplerTable {
    struct Properties {
        let bits: UInt8
        var popplerClass: PDFDocumentWriter.PopplerClass {
            switch bits & 3 {
            case 0: .r
            case 1: .l
            case 2: .number
            default: .neutral
            }
        }
        /// What the character adds to poppler's page count (`TextPage::coalesce`): +1 for a
        /// letter read left to right, −1 for one of a right-to-left block, 0 for the rest.
        var letterCount: Int { bits & 4 != 0 ? 1 : bits & 8 != 0 ? -1 : 0 }
        var isWhitespace: Bool { bits & 16 != 0 }
        var isBidiControl: Bool { bits & 32 != 0 }
        var isNonspacingMark: Bool { bits & 64 != 0 }

        init(bits: UInt8) { self.bits = bits }

        init(_ s: Unicode.Scalar) {
            let p = s.properties
            var b: UInt8
            switch PDFDocumentWriter.popplerClassFromProperties(s) {
            case .r: b = 0
            case .l: b = 1
            case .number: b = 2
            case .neutral: b = 3
            }
            let mark = p.generalCategory == .nonspacingMark
            if p.isAlphabetic && !mark { b |= PDFDocumentWriter.isRightToLeftBlock(s) ? 8 : 4 }
            if p.isWhitespace { b |= 16 }
            if p.isBidiControl { b |= 32 }
            if mark { b |= 64 }
            bits = b
        }
    }

    private static let low: [UInt8] = (0..<0x1400).map { v in Unicode.Scalar(UInt32(v)).map { Properties($0).bits } ?? 3 }
    private static let punctuation: [UInt8] = (0x2000..<0x2070).map { v in Unicode.Scalar(UInt32(v)).map { Properties($0).bits } ?? 3 }

    @inline(__always)
    static func properties(of s: Unicode.Scalar) -> Properties {
        let v = Int(s.value)
        if v < 0x1400 { return Properties(bits: low[v]) }
        if v >= 0x2000 && v < 0x2070 { return Properties(bits: punctuation[v - 0x2000]) }
        return Properties(s)
    }
}
