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
        var open: MarkTarget? = nil
        var mcids: [Int] = []
        var linkBoxes: [(element: Int, box: (Double, Double, Double, Double))] = []
        func mark(_ target: MarkTarget) {
            guard open != target else { return }
            if open != nil { content.out.add("EMC\n") }
            switch target {
            case .artifact:
                content.out.add("/Artifact BMC\n")
            case .element(let e):
                let mcid = mcids.count
                mcids.append(e)
                structure.add(.content(page: pageIndex, mcid: mcid), to: e)
                content.out.name(structure.records[e].role.rawValue)
                content.out.add(" <</MCID ")
                content.out.int(mcid)
                content.out.add(">> BDC\n")
            }
            open = target
        }
        func extend(_ box: (Double, Double, Double, Double)) {
            guard case .element(let e)? = open, structure.records[e].uri != nil else { return }
            if let k = linkBoxes.firstIndex(where: { $0.element == e }) {
                let b = linkBoxes[k].box
                linkBoxes[k].box = (min(b.0, box.0), min(b.1, box.1), max(b.2, box.2), max(b.3, box.3))
            } else {
                linkBoxes.append((e, box))
            }
        }
        func text(_ run: GlyphRun, x: Double, y: Double, color: Color) throws {
            guard !run.glyphs.isEmpty else { return }
            mark(structure.textTarget)
            let entry = fonts.entry(run.font, in: file)
            if let box = content.text(run, x: x, y: y, color: color, font: entry) { extend(box) }
        }

        for item in page.items {
            switch item {
            case let .paragraph(p, x, y, color):
                try structure.paragraph(p) { run in try text(run, x: x, y: y, color: color) }
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
        if open != nil { content.out.add("EMC\n") }

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
        parentTree.append(mcids)
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
